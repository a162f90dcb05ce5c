package dev.tensorj.cpu;

import dev.tensorj.tensor.Backend;
import dev.tensorj.tensor.BackendProvider;
import dev.tensorj.tensor.Device;

/**
 * Registers {@link CpuBackend} with {@link java.util.ServiceLoader} (see
 * {@code META-INF/services/dev.tensorj.tensor.BackendProvider}): with this module on the class path, CPU
 * tensors run on the fast kernels; without it, on the reference loops.
 */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public Device.Kind kind() {
        return Device.Kind.CPU;
    }

    @Override
    public Backend create(Device device) {
        if (device.kind() != Device.Kind.CPU) throw new IllegalArgumentException("CpuBackendProvider: cannot serve " + device);
        return CpuBackend.INSTANCE;
    }
}
