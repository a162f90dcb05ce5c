package dev.tensorj.cuda;

import dev.tensorj.tensor.BackendProvider;
import dev.tensorj.tensor.Backends;
import dev.tensorj.tensor.Device;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** On a machine without a usable GPU (CI), the provider is found, says why there is no GPU, and the CPU goes on. */
class CudaProviderWithoutGpuTest {

    @BeforeEach
    void noGpuHere() {
        assumeFalse(CudaRuntime.probe(0).available(), "this machine has a GPU: see CudaBackendConformanceTest");
    }

    @Test
    void theProviderIsFoundThroughTheServiceLoader() {
        boolean found = false;
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class)) {
            if (provider instanceof CudaBackendProvider) found = provider.kind() == Device.Kind.CUDA;
        }
        assertTrue(found, "META-INF/services names CudaBackendProvider for CUDA");
    }

    @Test
    void noGpuIsReportedWithItsReasonAndCached() {
        CudaRuntime.Probe probe = CudaRuntime.probe(0);
        assertTrue(probe.reason() != null && !probe.reason().isBlank(), "a reason");
        assertSame(probe, CudaRuntime.probe(0), "probed once");
        assertFalse(Backends.isAvailable(Device.cuda(0)));
        var e = assertThrows(UnsupportedOperationException.class, () -> Backends.forDevice(Device.cuda(0)));
        assertTrue(e.getMessage().contains("no GPU for cuda:0") && e.getMessage().contains(probe.reason()), e.getMessage());
    }

    @Test
    void movingATensorToTheGpuFailsClearlyAndTheCpuGoesOn() {
        Tensor x = Tensor.of(1, 2, 3);
        var e = assertThrows(UnsupportedOperationException.class, () -> x.to(Device.cuda(0)));
        assertTrue(e.getMessage().contains("cuda:0"), e.getMessage());
        assertTrue(x.add(x).sum().item() == 12.0, "CPU tensors still work");
    }
}
