package dev.tensorj.autograd;

/**
 * Whether operations record a graph (per thread). Inside {@code try (var g = Grad.disabled()) {...}}
 * results never require grad: inference and optimiser updates run there.
 */
public final class Grad {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private Grad() {
    }

    /** Whether ops on this thread record a graph now (true unless inside {@link #disabled()}). */
    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /** Turns recording off until the scope closes (then restores what it was). */
    public static Scope disabled() {
        return set(false);
    }

    /** Turns recording on until the scope closes (used by backward with createGraph). */
    public static Scope enabled() {
        return set(true);
    }

    private static Scope set(boolean on) {
        boolean previous = ENABLED.get();
        ENABLED.set(on);
        return () -> ENABLED.set(previous);
    }

    /** A try-with-resources scope that closes without a checked exception. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
