package dev.tensorj.autograd;

import dev.tensorj.tensor.Tensor;

/**
 * Anomaly detection: while enabled, every graph node remembers where it was created, and the first
 * NaN or Inf produced by an op's forward or backward raises an error naming the op and that place.
 * It costs a stack trace per op and a scan per result, so enable it only to hunt a NaN:
 * {@code try (var a = Anomaly.enable()) { ... }}.
 */
public final class Anomaly {
    private static volatile boolean enabled;

    private Anomaly() {
    }

    /** Whether anomaly detection is on (global, for all threads). */
    public static boolean isEnabled() {
        return enabled;
    }

    /** Turns detection on until the returned scope closes, then restores what it was. */
    public static Grad.Scope enable() {
        boolean previous = enabled;
        enabled = true;
        return () -> enabled = previous;
    }

    /** True when some element is NaN or infinite: x - x is 0 exactly for finite x, NaN otherwise. */
    static boolean hasNonFinite(Tensor t) {
        if (t.numel() == 0 || !t.dtype().isFloatingPoint()) return false;
        double s = t.sub(t).abs().sum().item();
        return s != 0 || Double.isNaN(s);
    }

    /** The creation place of a node: the first frames outside the autograd package. */
    static String creationTrace() {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            if (e.getClassName().startsWith("dev.tensorj.autograd.")) continue;
            sb.append("\n    at ").append(e);
            if (++shown == 6) break;
        }
        return sb.toString();
    }
}
