package dev.tensorj.bench.gpu;

import dev.tensorj.cuda.CudaBackend;
import dev.tensorj.cuda.CudaRuntime;
import dev.tensorj.cuda.GpuPath;
import dev.tensorj.tensor.Backends;
import dev.tensorj.tensor.Device;

/**
 * What the GPU benchmarks share: opening cuda:0 with one path forced. JMH forks one JVM per parameter
 * combination (keep {@code -f 1} or more), and the path property must be set before the backend exists, so
 * each trial sets it first and checks the backend took it.
 */
final class GpuBench {
    static final Device GPU = Device.cuda(0);

    private GpuBench() {
    }

    /** Why there is no GPU here, or null when there is one. */
    static String noGpuReason() {
        CudaRuntime.Probe probe = CudaRuntime.probe(0);
        return probe.available() ? null : probe.reason();
    }

    /** The backend of cuda:0 with {@code path} (ours, cublas, cudnn or auto) for every family; throws when it cannot. */
    static CudaBackend open(String path) {
        if (!path.equals("auto")) System.setProperty(GpuPath.PROPERTY, path);
        String reason = noGpuReason();
        if (reason != null) throw new IllegalStateException("GPU benchmark without a GPU: " + reason + " (run it through GpuBenchMain, which skips)");
        CudaBackend backend = (CudaBackend) Backends.forDevice(GPU);
        GpuPath.Choice choice = backend.paths();
        boolean took = switch (path) {
            case "ours" -> choice.gemm() == GpuPath.OURS && choice.conv() == GpuPath.OURS;
            case "cublas" -> choice.gemm() == GpuPath.CUBLAS && choice.conv() == GpuPath.CUBLAS;
            case "cudnn" -> choice.conv() == GpuPath.CUDNN;
            default -> true;
        };
        if (!took) throw new IllegalStateException("path " + path + " asked, the backend runs " + choice + ": one path per JVM (JMH -f 1)");
        return backend;
    }
}
