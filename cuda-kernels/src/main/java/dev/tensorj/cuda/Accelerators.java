package dev.tensorj.cuda;

import dev.tensorj.cuda.vendor.ConvDescriptors;
import dev.tensorj.cuda.vendor.ConvPlan;
import dev.tensorj.cuda.vendor.Cublas;
import dev.tensorj.cuda.vendor.Cudnn;
import dev.tensorj.cuda.vendor.GemmMapping;
import dev.tensorj.cuda.vendor.Loaded;
import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.Tensor;
import jcuda.driver.CUdeviceptr;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * cuBLAS and cuDNN behind one {@link CudaBackend}: the libraries are probed once per JVM (their absence is a
 * reason, logged), the handles are made on the backend's primary context and bound to the stream our kernels
 * use (the legacy default stream, so their work and ours stay in order), and {@link GpuPath} says which path
 * each family takes. Workspaces come from the backend's caching allocator; reusing a released workspace is
 * safe because everything runs on that one stream, in order.
 *
 * <p>{@code -Dtensorj.cuda.tf32=true} lets cuBLAS and cuDNN use TF32 tensor cores (faster, about 3 decimal
 * digits); by default both compute in FP32 like our kernels (cuBLAS default math, cuDNN FMA math).
 */
final class Accelerators {
    private static final Logger LOG = Logger.getLogger(Accelerators.class.getName());
    private static final boolean TF32 = Boolean.getBoolean("tensorj.cuda.tf32");
    /**
     * The epsilon passed to cuDNN's batch-norm backward: our SPI gives the backward none, and with the saved
     * invStd given (which holds the forward's eps) cuDNN reads that instead; the value only has to be valid.
     */
    static final double BACKWARD_EPS = 1e-5;
    /** The largest cuDNN workspace an algorithm may ask for (256 MiB). */
    static final long WORKSPACE_LIMIT = 256L << 20;

    private static volatile Loaded<Cublas> cublasLibrary;
    private static volatile Loaded<Cudnn> cudnnLibrary;

    private final CudaRuntime runtime;
    private final CachingAllocator<CUdeviceptr> allocator;
    private final Cublas cublas;
    private final Cudnn cudnn;
    private final MemorySegment cublasHandle, cudnnHandle;
    private final String cublasMissing, cudnnMissing;
    private final GpuPath.Choice choice;
    private final Map<ConvDescriptors, ConvPlan> plans = new ConcurrentHashMap<>();
    private final Map<String, Set<GpuPath>> used = new ConcurrentHashMap<>();
    private final Set<String> declined = ConcurrentHashMap.newKeySet();
    private final Map<ConvDescriptors.Tensor4d, MemorySegment> descriptors = new ConcurrentHashMap<>();

    /** cuBLAS, loaded and bound once per JVM (needs no GPU), or why not. */
    static Loaded<Cublas> cublasLibrary() {
        if (cublasLibrary == null) {
            synchronized (Accelerators.class) {
                if (cublasLibrary == null) cublasLibrary = Cublas.load();
            }
        }
        return cublasLibrary;
    }

    /** cuDNN, loaded and bound once per JVM (needs no GPU), or why not. */
    static Loaded<Cudnn> cudnnLibrary() {
        if (cudnnLibrary == null) {
            synchronized (Accelerators.class) {
                if (cudnnLibrary == null) cudnnLibrary = Cudnn.load();
            }
        }
        return cudnnLibrary;
    }

    /** Probes both libraries, makes their handles, chooses the paths; throws only for a forced path that cannot run. */
    Accelerators(CudaRuntime runtime, CachingAllocator<CUdeviceptr> allocator) {
        this.runtime = runtime;
        this.allocator = allocator;
        runtime.makeCurrent();
        Loaded<Cublas> blas = cublasLibrary();
        Cublas cublasBound = blas.library();
        MemorySegment blasHandle = null;
        String blasMissing = blas.reason();
        if (blas.available()) {
            try {
                blasHandle = cublasBound.createHandle(0, TF32 ? Cublas.TF32_TENSOR_OP_MATH : Cublas.DEFAULT_MATH);
            } catch (Throwable t) {
                blasMissing = "cuBLAS " + cublasBound.location() + ": " + t.getMessage();
            }
        }
        Loaded<Cudnn> dnn = cudnnLibrary();
        Cudnn cudnnBound = dnn.library();
        MemorySegment dnnHandle = null;
        String dnnMissing = dnn.reason();
        if (dnn.available()) {
            try {
                dnnHandle = cudnnBound.createHandle(0);
            } catch (Throwable t) {
                dnnMissing = "cuDNN " + cudnnBound.location() + ": " + t.getMessage();
            }
        }
        this.cublas = blasHandle == null ? null : cublasBound;
        this.cudnn = dnnHandle == null ? null : cudnnBound;
        this.cublasHandle = blasHandle;
        this.cudnnHandle = dnnHandle;
        this.cublasMissing = blasMissing;
        this.cudnnMissing = dnnMissing;
        this.choice = GpuPath.choose(System::getProperty, blasMissing, dnnMissing);
        LOG.info(() -> "tensorj: cuda:" + runtime.index() +  " matmul on " + choice.gemm().label() + ", convolutions on " + choice.conv().label()
                + ", batch norm on " + choice.norm().label()
                + (cublas != null ? "; cuBLAS " + cublas.version() + " from " + cublas.location() : "; no cuBLAS (" + cublasMissing + ")")
                + (cudnn != null ? "; cuDNN " + cudnn.version() + " from " + cudnn.location() : "; no cuDNN (" + cudnnMissing + ")"));
    }

    GpuPath.Choice choice() {
        return choice;
    }

    /** Why cuBLAS / cuDNN is not in use (null when it is loaded and has a handle). */
    String cublasMissing() {
        return cublasMissing;
    }

    String cudnnMissing() {
        return cudnnMissing;
    }

    /** Notes that {@code family} ran on {@code path} (for the run's summary). */
    void used(String family, GpuPath path) {
        used.computeIfAbsent(family, k -> ConcurrentHashMap.newKeySet()).add(path);
    }

    /** Each op family that ran and the path(s) it took, e.g. {@code matmul -> cuBLAS}. */
    Map<String, String> usage() {
        Map<String, String> summary = new LinkedHashMap<>();
        new TreeMap<>(used).forEach((family, paths) -> summary.put(family,
                String.join(" + ", paths.stream().sorted().map(GpuPath::label).toList())));
        return summary;
    }

    /**
     * {@code C = A B + beta C} through cuBLAS (operands as base pointer + {@link GemmMapping.Operand}); false when
     * the layouts have no cuBLAS call, and the caller runs our kernel.
     */
    boolean sgemm(CUdeviceptr a, GemmMapping.Operand ao, CUdeviceptr b, GemmMapping.Operand bo, CUdeviceptr c, GemmMapping.Operand co,
                  int m, int n, int k, int batches, float beta) {
        if (cublas == null) return false;
        GemmMapping.Call call = GemmMapping.map(m, n, k, batches, 1f, ao, bo, beta, co);
        if (call == null) return false;
        runtime.makeCurrent();
        synchronized (this) {
            cublas.sgemmStridedBatched(cublasHandle, call, DevicePointers.address(a), DevicePointers.address(b), DevicePointers.address(c));
        }
        return true;
    }

    /**
     * One convolution pass through cuDNN, or false when its descriptors cannot describe these tensors.
     * {@code image} is x (forward, backward filter) or dx (backward data), {@code weight} w or dw, {@code map}
     * y or dy; the weight must be contiguous.
     */
    boolean convolution(int pass, Tensor image, Tensor weight, ConvGeometry g, Tensor map) {
        if (cudnn == null || !weight.isContiguous()) return false;
        ConvDescriptors problem = ConvDescriptors.of(image.dims(), image.strides(), weight.dims(), g, map.dims(), map.strides());
        if (problem == null) return false;
        runtime.makeCurrent();
        synchronized (this) {
            ConvPlan plan;
            long bytes;
            try { // describing the problem or choosing an algorithm can fail (a layout cuDNN rejects): our path runs it
                plan = plans.computeIfAbsent(problem, p -> cudnn.plan(cudnnHandle, p, TF32 ? Cudnn.TENSOR_OP_MATH : Cudnn.FMA_MATH, WORKSPACE_LIMIT));
                bytes = plan.algo(pass).workspaceBytes();
            } catch (IllegalStateException e) {
                if (declined.add(problem + " pass " + pass)) LOG.warning(() -> "tensorj: cuDNN declined " + problem + " (" + e.getMessage() + "); our kernels run it");
                return false;
            }
            CachingAllocator.Block<CUdeviceptr> workspace = bytes > 0 ? allocator.allocate(bytes) : null;
            try {
                long ws = workspace == null ? 0 : DevicePointers.address(workspace.handle());
                long x = address(image), w = address(weight), y = address(map);
                switch (pass) {
                    case ConvPlan.FORWARD -> plan.run(pass, x, w, y, ws);
                    case ConvPlan.BACKWARD_DATA -> plan.run(pass, w, y, x, ws);
                    default -> plan.run(pass, x, y, w, ws);
                }
            } finally {
                if (workspace != null) allocator.release(workspace); // reused only by work queued after this pass
            }
        }
        return true;
    }

    /** x [N, C, ...] as cuDNN's [N, C, S, 1] with the spatial axes merged into S, or null when their strides do not merge. */
    static ConvDescriptors.Tensor4d channels(Tensor t) {
        int spatial = 1, stride = 1;
        for (int a = t.rank() - 1; a >= 2; a--) {
            if (t.size(a) == 1) continue;
            if (spatial == 1) stride = t.stride(a);
            else if (t.stride(a) != stride * spatial) return null;
            spatial *= t.size(a);
        }
        return ConvDescriptors.tensor(new int[] {t.size(0), t.size(1), spatial, 1}, new int[] {t.stride(0), t.stride(1), stride, 1});
    }

    /** The per-channel parameters and statistics cuDNN reads and writes: contiguous vectors of C. */
    private static boolean channelVectors(int channels, Tensor... vectors) {
        for (Tensor v : vectors) if (v.rank() != 1 || v.size(0) != channels || !v.isContiguous()) return false;
        return true;
    }

    /** Training-mode batch norm forward on cuDNN, or false when its descriptors cannot describe these tensors. */
    boolean batchNormForward(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out, Tensor mean, Tensor invStd) {
        int c = x.size(1);
        ConvDescriptors.Tensor4d xd = channels(x), yd = channels(out);
        if (cudnn == null || xd == null || yd == null || x.numel() / c < 2 || !channelVectors(c, gamma, beta, mean, invStd)) return false;
        return onCudnn("batch norm " + xd, () -> cudnn.batchNormForwardTraining(cudnnHandle, descriptor(xd), address(x), descriptor(yd), address(out),
                descriptor(parameters(c)), address(gamma), address(beta), eps, address(mean), address(invStd)));
    }

    /** Its backward on cuDNN (dx, dgamma, dbeta overwritten), or false. */
    boolean batchNormBackward(Tensor gradOut, Tensor x, Tensor gamma, Tensor mean, Tensor invStd, Tensor gradInput, Tensor gradGamma, Tensor gradBeta) {
        int c = x.size(1);
        ConvDescriptors.Tensor4d xd = channels(x), dyd = channels(gradOut), dxd = channels(gradInput);
        if (cudnn == null || xd == null || dyd == null || dxd == null || x.numel() / c < 2
                || !channelVectors(c, gamma, mean, invStd, gradGamma, gradBeta)) return false;
        return onCudnn("batch norm backward " + xd, () -> cudnn.batchNormBackward(cudnnHandle, descriptor(xd), address(x), descriptor(dyd), address(gradOut),
                descriptor(dxd), address(gradInput), descriptor(parameters(c)), address(gamma), address(gradGamma), address(gradBeta),
                BACKWARD_EPS, address(mean), address(invStd)));
    }

    private static ConvDescriptors.Tensor4d parameters(int channels) {
        return ConvDescriptors.tensor(new int[] {1, channels, 1, 1}, new int[] {channels, 1, 1, 1});
    }

    /** A cached tensor descriptor (made once per dims and strides, kept for the life of the handle). */
    private MemorySegment descriptor(ConvDescriptors.Tensor4d t) {
        return descriptors.computeIfAbsent(t, cudnn::tensorDescriptor);
    }

    /** Runs a cuDNN call; a status it rejects (a bad parameter) declines, with one warning, and our kernel runs the op. */
    private boolean onCudnn(String what, Runnable call) {
        runtime.makeCurrent();
        synchronized (this) {
            try {
                call.run();
                return true;
            } catch (IllegalStateException e) {
                if (declined.add(what)) LOG.warning(() -> "tensorj: cuDNN declined " + what + " (" + e.getMessage() + "); our kernels run it");
                return false;
            }
        }
    }

    private static long address(Tensor t) {
        return DevicePointers.address(((CudaStorage) t.storage()).at(t.offset()));
    }
}
