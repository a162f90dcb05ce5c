package dev.tensorj.tensor;

/** Found with {@link java.util.ServiceLoader}: makes the backend of a non-CPU device (e.g. CUDA). */
public interface BackendProvider {
    /** The device kind this provider makes backends for; {@link Backends} tries the providers of a device's kind in ServiceLoader order. */
    Device.Kind kind();

    /** Creates the backend, or throws with the reason (no driver, no GPU, ...). */
    Backend create(Device device);
}
