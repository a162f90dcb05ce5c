package dev.tensorj.cuda.vendor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * cuDNN 9 ({@code libcudnn.so.9}) through the Foreign Function &amp; Memory API: the legacy convolution calls
 * (descriptors, the v7 algorithm heuristics, forward, backward data, backward filter) that cuDNN 9 still
 * ships. Constants and the perf-struct layout are those of {@code cudnn_graph.h} / {@code cudnn_cnn.h},
 * checked against the headers by a test. {@link ConvPlan} holds the descriptors of one problem.
 */
public final class Cudnn {
    /** The library file and the folder of the {@code nvidia-cudnn-cu13} wheel that holds it. */
    public static final String LIBRARY = "libcudnn.so.9", WHEEL_FOLDER = "nvidia/cudnn/lib";

    /** cudnnStatus_t success; cudnnDataType_t float; cudnnTensorFormat_t NCHW; cudnnConvolutionMode_t cross-correlation (what we compute). */
    public static final int STATUS_SUCCESS = 0, DATA_FLOAT = 0, TENSOR_NCHW = 0, CROSS_CORRELATION = 1;
    /** cudnnMathType_t: FMA keeps FP32 exact-ish (no TF32), tensor-op math allows TF32. */
    public static final int DEFAULT_MATH = 0, TENSOR_OP_MATH = 1, FMA_MATH = 3;
    /** cudnnBatchNormMode_t: statistics per channel over N and the spatial axes (ours). */
    public static final int BATCHNORM_SPATIAL = 1;

    /**
     * cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t (all three alike): algo, status, time (ms), 4 bytes of
     * padding, memory (size_t), determinism, mathType, reserved[3], 4 bytes of padding: 48 bytes.
     */
    public static final StructLayout ALGO_PERF = MemoryLayout.structLayout(
            JAVA_INT.withName("algo"), JAVA_INT.withName("status"), JAVA_FLOAT.withName("time"), MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("memory"), JAVA_INT.withName("determinism"), JAVA_INT.withName("mathType"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("reserved"), MemoryLayout.paddingLayout(4));

    static final NativeFunction GET_VERSION = NativeFunction.of("cudnnGetVersion", JAVA_LONG);
    static final NativeFunction GET_ERROR_STRING = NativeFunction.of("cudnnGetErrorString", ADDRESS, JAVA_INT);
    static final NativeFunction CREATE = NativeFunction.of("cudnnCreate", JAVA_INT, ADDRESS);
    static final NativeFunction DESTROY = NativeFunction.of("cudnnDestroy", JAVA_INT, ADDRESS);
    static final NativeFunction SET_STREAM = NativeFunction.of("cudnnSetStream", JAVA_INT, ADDRESS, ADDRESS);
    static final NativeFunction CREATE_TENSOR = NativeFunction.of("cudnnCreateTensorDescriptor", JAVA_INT, ADDRESS);
    static final NativeFunction SET_TENSOR_4D_EX = NativeFunction.of("cudnnSetTensor4dDescriptorEx", JAVA_INT, ADDRESS, JAVA_INT,
            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    static final NativeFunction DESTROY_TENSOR = NativeFunction.of("cudnnDestroyTensorDescriptor", JAVA_INT, ADDRESS);
    static final NativeFunction CREATE_FILTER = NativeFunction.of("cudnnCreateFilterDescriptor", JAVA_INT, ADDRESS);
    static final NativeFunction SET_FILTER_4D = NativeFunction.of("cudnnSetFilter4dDescriptor", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    static final NativeFunction DESTROY_FILTER = NativeFunction.of("cudnnDestroyFilterDescriptor", JAVA_INT, ADDRESS);
    static final NativeFunction CREATE_CONV = NativeFunction.of("cudnnCreateConvolutionDescriptor", JAVA_INT, ADDRESS);
    static final NativeFunction SET_CONV_2D = NativeFunction.of("cudnnSetConvolution2dDescriptor", JAVA_INT, ADDRESS,
            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    static final NativeFunction SET_CONV_MATH = NativeFunction.of("cudnnSetConvolutionMathType", JAVA_INT, ADDRESS, JAVA_INT);
    static final NativeFunction GET_CONV_2D_OUTPUT_DIM = NativeFunction.of("cudnnGetConvolution2dForwardOutputDim", JAVA_INT,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    static final NativeFunction DESTROY_CONV = NativeFunction.of("cudnnDestroyConvolutionDescriptor", JAVA_INT, ADDRESS);
    /** The three v7 heuristics: (handle, desc, desc, conv, desc, requested, *returned, *perf). */
    static final NativeFunction FORWARD_ALGO = heuristic("cudnnGetConvolutionForwardAlgorithm_v7");
    static final NativeFunction BACKWARD_DATA_ALGO = heuristic("cudnnGetConvolutionBackwardDataAlgorithm_v7");
    static final NativeFunction BACKWARD_FILTER_ALGO = heuristic("cudnnGetConvolutionBackwardFilterAlgorithm_v7");
    /** The three passes: (handle, *alpha, desc, in1, desc, in2, conv, algo, workspace, workspaceBytes, *beta, desc, out). */
    static final NativeFunction FORWARD = pass("cudnnConvolutionForward");
    static final NativeFunction BACKWARD_DATA = pass("cudnnConvolutionBackwardData");
    static final NativeFunction BACKWARD_FILTER = pass("cudnnConvolutionBackwardFilter");
    /** (handle, mode, *alpha, *beta, xDesc, x, yDesc, y, bnDesc, scale, bias, factor, runningMean, runningVar, eps, saveMean, saveInvVar). */
    static final NativeFunction BATCHNORM_FORWARD_TRAINING = NativeFunction.of("cudnnBatchNormalizationForwardTraining", JAVA_INT,
            ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS, ADDRESS,
            JAVA_DOUBLE, ADDRESS, ADDRESS);
    /** (handle, mode, *alphaData, *betaData, *alphaParam, *betaParam, xDesc, x, dyDesc, dy, dxDesc, dx, bnDesc, scale, dScale, dBias, eps, savedMean, savedInvVar). */
    static final NativeFunction BATCHNORM_BACKWARD = NativeFunction.of("cudnnBatchNormalizationBackward", JAVA_INT,
            ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
            ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS, ADDRESS);

    /** Every function bound, for the symbol-lookup test. */
    public static final List<NativeFunction> FUNCTIONS = List.of(GET_VERSION, GET_ERROR_STRING, CREATE, DESTROY, SET_STREAM,
            CREATE_TENSOR, SET_TENSOR_4D_EX, DESTROY_TENSOR, CREATE_FILTER, SET_FILTER_4D, DESTROY_FILTER, CREATE_CONV, SET_CONV_2D,
            SET_CONV_MATH, GET_CONV_2D_OUTPUT_DIM, DESTROY_CONV, FORWARD_ALGO, BACKWARD_DATA_ALGO, BACKWARD_FILTER_ALGO,
            FORWARD, BACKWARD_DATA, BACKWARD_FILTER, BATCHNORM_FORWARD_TRAINING, BATCHNORM_BACKWARD);

    private static NativeFunction heuristic(String name) {
        return NativeFunction.of(name, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
    }

    private static NativeFunction pass(String name) {
        return NativeFunction.of(name, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT,
                ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS);
    }

    private final String location;
    private final java.util.Map<NativeFunction, MethodHandle> handles = new java.util.HashMap<>();
    private final MethodHandle forward, backwardData, backwardFilter;

    private Cudnn(SymbolLookup library, String location) {
        this.location = location;
        for (NativeFunction function : FUNCTIONS) handles.put(function, function.bind(library));
        this.forward = handles.get(FORWARD);
        this.backwardData = handles.get(BACKWARD_DATA);
        this.backwardFilter = handles.get(BACKWARD_FILTER);
    }

    /**
     * Loads and binds cuDNN, or says why not; never throws. cuBLAS is loaded first (when present) so that
     * cuDNN's engines find {@code libcublasLt.so.13} already loaded. Needs no GPU.
     */
    public static Loaded<Cudnn> load() {
        Cublas.load();
        NativeLibraries.Found found = NativeLibraries.load(LIBRARY, WHEEL_FOLDER);
        if (!found.loaded()) return Loaded.missing(found.reason());
        try {
            return Loaded.of(new Cudnn(found.lookup(), found.location()));
        } catch (Throwable t) {
            return Loaded.missing(LIBRARY + " at " + found.location() + ": " + NativeLibraries.firstLine(t));
        }
    }

    public String location() {
        return location;
    }

    /** cudnnGetVersion(): e.g. 92400 for 9.24.0 (needs no GPU). */
    public long version() {
        return (long) invoke(GET_VERSION);
    }

    /** cuDNN's message for a status code (needs no GPU). */
    public String errorString(int status) {
        MemorySegment text = (MemorySegment) invoke(GET_ERROR_STRING, status);
        return text.equals(MemorySegment.NULL) ? "cudnnStatus_t " + status : text.reinterpret(256).getString(0) + " (" + status + ")";
    }

    /** A handle on the context current on this thread, bound to {@code stream} (0: the legacy default stream). */
    public MemorySegment createHandle(long stream) {
        MemorySegment handle = create(CREATE);
        check(SET_STREAM, handle, MemorySegment.ofAddress(stream));
        return handle;
    }

    public void destroyHandle(MemorySegment handle) {
        check(DESTROY, handle);
    }

    /** The descriptors of one problem, made from a {@link ConvDescriptors} (destroy with {@link ConvPlan#close}). */
    public ConvPlan plan(MemorySegment handle, ConvDescriptors problem, int mathType, long workspaceLimit) {
        // Algorithms are chosen per pass on first use (ConvPlan): a plan may only ever run forward.
        MemorySegment x = tensor(problem.input()), y = tensor(problem.output());
        MemorySegment w = create(CREATE_FILTER);
        int[] f = problem.filter();
        check(SET_FILTER_4D, w, DATA_FLOAT, TENSOR_NCHW, f[0], f[1], f[2], f[3]);
        MemorySegment conv = create(CREATE_CONV);
        int[] c = problem.convolution();
        check(SET_CONV_2D, conv, c[0], c[1], c[2], c[3], c[4], c[5], CROSS_CORRELATION, DATA_FLOAT);
        check(SET_CONV_MATH, conv, mathType);
        int[] dims = outputDims(conv, x, w);
        if (dims[2] != problem.output().dims()[2] || dims[3] != problem.output().dims()[3]) {
            throw new IllegalStateException("cuDNN computes a " + java.util.Arrays.toString(dims) + " output for " + problem + ", we expect "
                    + java.util.Arrays.toString(problem.output().dims()));
        }
        return new ConvPlan(this, handle, problem, x, w, y, conv, workspaceLimit);
    }

    /** An algorithm the heuristics chose and the workspace it needs. */
    public record Algo(int algo, long workspaceBytes) {
    }

    private int[] outputDims(MemorySegment conv, MemorySegment x, MemorySegment w) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT, 4);
            check(GET_CONV_2D_OUTPUT_DIM, conv, x, w, out, out.asSlice(4), out.asSlice(8), out.asSlice(12));
            return out.toArray(JAVA_INT);
        }
    }

    /** The heuristics' first successful algorithm whose workspace fits {@code workspaceLimit}. */
    Algo choose(int pass, MemorySegment handle, MemorySegment x, MemorySegment w, MemorySegment conv, MemorySegment y, long workspaceLimit) {
        return switch (pass) {
            case 0 -> choose(FORWARD_ALGO, handle, x, w, conv, y, workspaceLimit);
            case 1 -> choose(BACKWARD_DATA_ALGO, handle, w, y, conv, x, workspaceLimit);
            default -> choose(BACKWARD_FILTER_ALGO, handle, x, y, conv, w, workspaceLimit);
        };
    }

    private Algo choose(NativeFunction heuristic, MemorySegment handle, MemorySegment a, MemorySegment b, MemorySegment conv,
                        MemorySegment c, long workspaceLimit) {
        int requested = 8;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment returned = arena.allocate(JAVA_INT);
            MemorySegment perf = arena.allocate(ALGO_PERF, requested);
            check(heuristic, handle, a, b, conv, c, requested, returned, perf);
            int count = returned.get(JAVA_INT, 0);
            for (int i = 0; i < count; i++) {
                MemorySegment one = perf.asSlice(i * ALGO_PERF.byteSize(), ALGO_PERF.byteSize());
                int status = one.get(JAVA_INT, ALGO_PERF.byteOffset(MemoryLayout.PathElement.groupElement("status")));
                long memory = one.get(JAVA_LONG, ALGO_PERF.byteOffset(MemoryLayout.PathElement.groupElement("memory")));
                if (status == STATUS_SUCCESS && memory <= workspaceLimit) {
                    return new Algo(one.get(JAVA_INT, 0), memory);
                }
            }
        }
        throw new IllegalStateException(heuristic.name() + ": no algorithm within a workspace of " + workspaceLimit + " bytes");
    }

    /**
     * Training-mode batch norm, statistics per channel (spatial mode): y = (x - mean) invStd gamma + beta, and
     * mean, invStd = 1 / sqrt(biased var + eps) saved (no running averages: ours are kept by the layer).
     * {@code bn} describes the 1xCx1x1 parameters; addresses are device addresses.
     */
    public void batchNormForwardTraining(MemorySegment handle, MemorySegment xDesc, long x, MemorySegment yDesc, long y, MemorySegment bn,
                                         long gamma, long beta, double eps, long mean, long invStd) {
        try (Arena arena = Arena.ofConfined()) {
            check(BATCHNORM_FORWARD_TRAINING, handle, BATCHNORM_SPATIAL, arena.allocateFrom(JAVA_FLOAT, 1f), arena.allocateFrom(JAVA_FLOAT, 0f),
                    xDesc, MemorySegment.ofAddress(x), yDesc, MemorySegment.ofAddress(y), bn, MemorySegment.ofAddress(gamma), MemorySegment.ofAddress(beta),
                    1.0, MemorySegment.NULL, MemorySegment.NULL, eps, MemorySegment.ofAddress(mean), MemorySegment.ofAddress(invStd));
        }
    }

    /** Its backward: dx, dgamma and dbeta overwritten (our backend's contract), from the saved mean and invStd. */
    public void batchNormBackward(MemorySegment handle, MemorySegment xDesc, long x, MemorySegment dyDesc, long dy, MemorySegment dxDesc, long dx,
                                  MemorySegment bn, long gamma, long dGamma, long dBeta, double eps, long mean, long invStd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocateFrom(JAVA_FLOAT, 1f), zero = arena.allocateFrom(JAVA_FLOAT, 0f);
            check(BATCHNORM_BACKWARD, handle, BATCHNORM_SPATIAL, one, zero, one, zero, xDesc, MemorySegment.ofAddress(x), dyDesc, MemorySegment.ofAddress(dy),
                    dxDesc, MemorySegment.ofAddress(dx), bn, MemorySegment.ofAddress(gamma), MemorySegment.ofAddress(dGamma), MemorySegment.ofAddress(dBeta),
                    eps, MemorySegment.ofAddress(mean), MemorySegment.ofAddress(invStd));
        }
    }

    /** A tensor descriptor (FLOAT, 4-D with strides); the caller keeps it for the life of the handle. */
    public MemorySegment tensorDescriptor(ConvDescriptors.Tensor4d t) {
        return tensor(t);
    }

    private MemorySegment tensor(ConvDescriptors.Tensor4d t) {
        MemorySegment descriptor = create(CREATE_TENSOR);
        int[] d = t.dims(), s = t.strides();
        check(SET_TENSOR_4D_EX, descriptor, DATA_FLOAT, d[0], d[1], d[2], d[3], s[0], s[1], s[2], s[3]);
        return descriptor;
    }

    void destroy(MemorySegment x, MemorySegment w, MemorySegment y, MemorySegment conv) {
        check(DESTROY_TENSOR, x);
        check(DESTROY_TENSOR, y);
        check(DESTROY_FILTER, w);
        check(DESTROY_CONV, conv);
    }

    /** One of the three passes, {@code out = alpha op(in1, in2) + beta out}, queued on the handle's stream. */
    void run(int pass, MemorySegment handle, float alpha, MemorySegment desc1, long in1, MemorySegment desc2, long in2, MemorySegment conv,
             Algo algo, long workspace, float beta, MemorySegment outDesc, long out) {
        MethodHandle function = pass == 0 ? forward : pass == 1 ? backwardData : backwardFilter;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocateFrom(JAVA_FLOAT, alpha), b = arena.allocateFrom(JAVA_FLOAT, beta);
            int status = (int) function.invokeExact(handle, a, desc1, MemorySegment.ofAddress(in1), desc2, MemorySegment.ofAddress(in2), conv,
                    algo.algo(), MemorySegment.ofAddress(workspace), algo.workspaceBytes(), b, outDesc, MemorySegment.ofAddress(out));
            if (status != STATUS_SUCCESS) {
                throw new IllegalStateException(List.of(FORWARD, BACKWARD_DATA, BACKWARD_FILTER).get(pass).name() + " (algorithm " + algo.algo()
                        + ") failed: " + errorString(status));
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cuDNN convolution: " + t, t);
        }
    }

    private MemorySegment create(NativeFunction constructor) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = arena.allocate(ADDRESS);
            check(constructor, slot);
            return slot.get(ADDRESS, 0);
        }
    }

    private void check(NativeFunction function, Object... arguments) {
        int status = (int) invoke(function, arguments);
        if (status != STATUS_SUCCESS) throw new IllegalStateException(function.name() + " failed: " + errorString(status));
    }

    private Object invoke(NativeFunction function, Object... arguments) {
        try {
            return handles.get(function).invokeWithArguments(arguments);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(function.name() + ": " + t, t);
        }
    }
}
