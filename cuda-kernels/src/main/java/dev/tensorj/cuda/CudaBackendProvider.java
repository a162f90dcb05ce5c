package dev.tensorj.cuda;

import dev.tensorj.tensor.Backend;
import dev.tensorj.tensor.BackendProvider;
import dev.tensorj.tensor.Device;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes {@link CudaBackend}s for {@code cuda:N} devices; found by {@code Backends} through
 * {@link java.util.ServiceLoader} (META-INF/services). Without a usable GPU, {@link #create} throws an
 * {@link UnsupportedOperationException} with the reason the probe found, and the engine stays on the CPU.
 */
public final class CudaBackendProvider implements BackendProvider {
    private static final Map<Device, CudaBackend> BACKENDS = new ConcurrentHashMap<>();

    @Override
    public Device.Kind kind() {
        return Device.Kind.CUDA;
    }

    @Override
    public Backend create(Device device) {
        CudaRuntime.Probe probe = CudaRuntime.probe(device.index());
        if (!probe.available()) throw new UnsupportedOperationException("no GPU for " + device + ": " + probe.reason());
        return BACKENDS.computeIfAbsent(device, d -> new CudaBackend(d, probe.runtime()));
    }
}
