package dev.tensorj.tensor;

import dev.tensorj.tensor.cpu.CpuBackend;
import dev.tensorj.tensor.reference.ReferenceBackend;

import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Which backend runs the ops of each device. CPU tensors use {@link CpuBackend} by default (or the
 * {@link ReferenceBackend} with {@code -Dtensorj.backend=reference}, or inside {@link #useCpu}); other
 * devices are served by {@link BackendProvider}s found with {@link ServiceLoader}.
 */
public final class Backends {
    private static final Logger LOG = Logger.getLogger(Backends.class.getName());
    private static volatile Backend cpu = initialCpuBackend();
    private static final ConcurrentHashMap<Device, Backend> OTHERS = new ConcurrentHashMap<>();

    private Backends() {
    }

    private static Backend initialCpuBackend() {
        String chosen = System.getProperty("tensorj.backend", "cpu").toLowerCase(Locale.ROOT);
        return chosen.equals("reference") ? ReferenceBackend.INSTANCE : CpuBackend.INSTANCE;
    }

    /** The backend that runs ops on tensors of {@code device}. */
    public static Backend forDevice(Device device) {
        if (device.kind() == Device.Kind.CPU) return cpu;
        return OTHERS.computeIfAbsent(device, Backends::loadProvider);
    }

    /** The backend CPU tensors use now. */
    public static Backend cpu() {
        return cpu;
    }

    /** Whether a backend for this device can be had (e.g. a CUDA GPU with its runtime). */
    public static boolean isAvailable(Device device) {
        if (device.kind() == Device.Kind.CPU) return true;
        try {
            forDevice(device);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Runs CPU ops on {@code backend} until the returned scope is closed:
     * {@code try (var scope = Backends.useCpu(ReferenceBackend.INSTANCE)) { ... }}.
     */
    public static Scope useCpu(Backend backend) {
        if (backend.device().kind() != Device.Kind.CPU) {
            throw new IllegalArgumentException("Backends.useCpu: " + backend.name() + " runs on " + backend.device() + ", not cpu");
        }
        Backend previous = cpu;
        cpu = backend;
        return () -> cpu = previous;
    }

    /** Closes without a checked exception. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static Backend loadProvider(Device device) {
        StringBuilder reasons = new StringBuilder();
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            if (provider.kind() != device.kind()) continue;
            try {
                Backend backend = provider.create(device);
                LOG.info(() -> "tensorj: " + device + " runs on " + backend.name());
                return backend;
            } catch (RuntimeException | LinkageError e) {
                reasons.append(' ').append(provider.getClass().getSimpleName()).append(": ").append(e.getMessage()).append('.');
            }
        }
        throw new UnsupportedOperationException("no backend for " + device + " is available."
                + (reasons.isEmpty() ? " No provider for " + device.kind() + " is on the class path (add tensorj-cuda-kernels)." : reasons));
    }

    /**
     * Limits the CPU kernels to {@code threads} worker threads (the calling thread included), e.g. one
     * per core a scheduler gave this task; applies to the whole JVM.
     */
    public static void setCpuThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("Backends.setCpuThreads: threads must be at least 1, got " + threads);
        dev.tensorj.tensor.cpu.Parallel.setThreads(threads);
    }

    /** The number of worker threads the CPU kernels use. */
    public static int cpuThreads() {
        return dev.tensorj.tensor.cpu.Parallel.threads();
    }
}
