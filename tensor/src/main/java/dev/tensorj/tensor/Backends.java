package dev.tensorj.tensor;

import dev.tensorj.tensor.reference.ReferenceBackend;

import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Which backend runs the ops of each device. Every backend but the {@link ReferenceBackend} is found with
 * {@link ServiceLoader} through a {@link BackendProvider}: the fast CPU kernels ({@code tensorj-cpu-kernels})
 * and CUDA ({@code tensorj-cuda-kernels}) alike, so this module never names them. CPU tensors run on the
 * first CPU provider on the class path, or on the reference loops when there is none, with
 * {@code -Dtensorj.backend=reference}, or inside {@link #useCpu}. {@code -Dtensorj.trace=kernels} wraps every
 * backend in a {@link KernelTrace} that prints each kernel call, its route and its time. Providers are looked
 * up in the class loader that loaded this class, so that two builds loaded side by side (a same-JVM A/B
 * benchmark, a Spark executor's user class loader) each find their own.
 */
public final class Backends {
    private static final Logger LOG = Logger.getLogger(Backends.class.getName());
    private static volatile Backend cpu = initialCpuBackend();
    private static final ConcurrentHashMap<Device, Backend> OTHERS = new ConcurrentHashMap<>();

    private Backends() {
    }

    private static Backend initialCpuBackend() {
        String chosen = System.getProperty("tensorj.backend", "cpu").toLowerCase(Locale.ROOT);
        Backend backend = ReferenceBackend.INSTANCE;
        if (!chosen.equals("reference")) {
            for (BackendProvider provider : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
                if (provider.kind() != Device.Kind.CPU) continue;
                try {
                    backend = provider.create(Device.CPU);
                    break;
                } catch (RuntimeException | LinkageError e) {
                    LOG.warning("tensorj: " + provider.getClass().getSimpleName() + " is unusable (" + e + "); CPU ops run on the reference backend");
                }
            }
        }
        return KernelTrace.wrapIfEnabled(backend);
    }

    /** Limits the CPU kernels to {@code threads} worker threads (e.g. one Spark task's share of the cores). */
    public static void setCpuThreads(int threads) {
        cpu.setThreads(threads);
    }

    /** The worker threads the CPU kernels use now. */
    public static int cpuThreads() {
        return cpu.threads();
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
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            if (provider.kind() != device.kind()) continue;
            try {
                Backend backend = KernelTrace.wrapIfEnabled(provider.create(device));
                LOG.info(() -> "tensorj: " + device + " runs on " + backend.name());
                return backend;
            } catch (RuntimeException | LinkageError e) {
                reasons.append(' ').append(provider.getClass().getSimpleName()).append(": ").append(e.getMessage()).append('.');
            }
        }
        throw new UnsupportedOperationException("no backend for " + device + " is available."
                + (reasons.isEmpty() ? " No provider for " + device.kind() + " is on the class path (add tensorj-cuda-kernels)." : reasons));
    }
}
