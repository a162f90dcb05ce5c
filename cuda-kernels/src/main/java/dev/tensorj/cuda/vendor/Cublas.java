package dev.tensorj.cuda.vendor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * cuBLAS 13 ({@code libcublas.so.13}) through the Foreign Function &amp; Memory API: the handful of calls the
 * engine needs, with the constants of {@code cublas_api.h} (checked against the header by a test). cuBLAS is
 * column-major; {@link GemmMapping} turns our row-major products into its arguments.
 */
public final class Cublas {
    /** The library file and the folder of the {@code nvidia-cublas} wheel that holds it. */
    public static final String LIBRARY = "libcublas.so.13", WHEEL_FOLDER = "nvidia/cu13/lib";

    /** cublasOperation_t. */
    public static final int OP_N = 0, OP_T = 1;
    /** cublasMath_t: FP32 as written (the default), or TF32 tensor cores allowed. */
    public static final int DEFAULT_MATH = 0, PEDANTIC_MATH = 2, TF32_TENSOR_OP_MATH = 3;
    /** libraryPropertyType (library_types.h). */
    public static final int MAJOR_VERSION = 0, MINOR_VERSION = 1, PATCH_LEVEL = 2;
    /** cublasStatus_t. */
    public static final int STATUS_SUCCESS = 0;
    static final Map<Integer, String> STATUS_NAMES = Map.of(0, "CUBLAS_STATUS_SUCCESS", 1, "CUBLAS_STATUS_NOT_INITIALIZED",
            3, "CUBLAS_STATUS_ALLOC_FAILED", 7, "CUBLAS_STATUS_INVALID_VALUE", 8, "CUBLAS_STATUS_ARCH_MISMATCH",
            11, "CUBLAS_STATUS_MAPPING_ERROR", 13, "CUBLAS_STATUS_EXECUTION_FAILED", 14, "CUBLAS_STATUS_INTERNAL_ERROR",
            15, "CUBLAS_STATUS_NOT_SUPPORTED", 16, "CUBLAS_STATUS_LICENSE_ERROR");

    static final NativeFunction CREATE = NativeFunction.of("cublasCreate_v2", JAVA_INT, ADDRESS);
    static final NativeFunction DESTROY = NativeFunction.of("cublasDestroy_v2", JAVA_INT, ADDRESS);
    static final NativeFunction SET_STREAM = NativeFunction.of("cublasSetStream_v2", JAVA_INT, ADDRESS, ADDRESS);
    static final NativeFunction SET_MATH_MODE = NativeFunction.of("cublasSetMathMode", JAVA_INT, ADDRESS, JAVA_INT);
    static final NativeFunction GET_PROPERTY = NativeFunction.of("cublasGetProperty", JAVA_INT, JAVA_INT, ADDRESS);
    /** {@code cublasSgemmStridedBatched(handle, transa, transb, m, n, k, *alpha, A, lda, strideA, B, ldb, strideB, *beta, C, ldc, strideC, batchCount)}. */
    static final NativeFunction SGEMM_STRIDED_BATCHED = NativeFunction.of("cublasSgemmStridedBatched", JAVA_INT,
            ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG,
            ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT);

    /** Every function bound, for the symbol-lookup test. */
    public static final List<NativeFunction> FUNCTIONS = List.of(CREATE, DESTROY, SET_STREAM, SET_MATH_MODE, GET_PROPERTY, SGEMM_STRIDED_BATCHED);

    private final String location;
    private final MethodHandle create, destroy, setStream, setMathMode, getProperty, sgemmStridedBatched;

    private Cublas(SymbolLookup library, String location) {
        this.location = location;
        this.create = CREATE.bind(library);
        this.destroy = DESTROY.bind(library);
        this.setStream = SET_STREAM.bind(library);
        this.setMathMode = SET_MATH_MODE.bind(library);
        this.getProperty = GET_PROPERTY.bind(library);
        this.sgemmStridedBatched = SGEMM_STRIDED_BATCHED.bind(library);
    }

    /** Loads and binds cuBLAS, or says why not; never throws. Needs no GPU (nothing is initialised). */
    public static Loaded<Cublas> load() {
        NativeLibraries.Found found = NativeLibraries.load(LIBRARY, WHEEL_FOLDER);
        if (!found.loaded()) return Loaded.missing(found.reason());
        try {
            return Loaded.of(new Cublas(found.lookup(), found.location()));
        } catch (Throwable t) {
            return Loaded.missing(LIBRARY + " at " + found.location() + ": " + NativeLibraries.firstLine(t));
        }
    }

    /** Where the library was loaded from. */
    public String location() {
        return location;
    }

    /** The library's version as major.minor.patch (cublasGetProperty: needs no GPU). */
    public String version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            int[] parts = new int[3];
            for (int property = MAJOR_VERSION; property <= PATCH_LEVEL; property++) {
                check((int) getProperty.invokeExact(property, value), "cublasGetProperty");
                parts[property] = value.get(JAVA_INT, 0);
            }
            return parts[0] + "." + parts[1] + "." + parts[2];
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cublasGetProperty: " + t, t);
        }
    }

    /**
     * A handle on the context current on this thread (the caller makes our primary context current first),
     * bound to {@code stream} (address 0: the legacy default stream our kernels use), with {@code mathMode}.
     */
    public MemorySegment createHandle(long stream, int mathMode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = arena.allocate(ADDRESS);
            check((int) create.invokeExact(slot), "cublasCreate");
            MemorySegment handle = slot.get(ADDRESS, 0);
            check((int) setStream.invokeExact(handle, MemorySegment.ofAddress(stream)), "cublasSetStream");
            check((int) setMathMode.invokeExact(handle, mathMode), "cublasSetMathMode");
            return handle;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cublasCreate: " + t, t);
        }
    }

    public void destroyHandle(MemorySegment handle) {
        try {
            check((int) destroy.invokeExact(handle), "cublasDestroy");
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cublasDestroy: " + t, t);
        }
    }

    /** Runs one {@link GemmMapping.Call} (queued on the handle's stream) on the device base addresses of our A, B and C. */
    public void sgemmStridedBatched(MemorySegment handle, GemmMapping.Call call, long ourA, long ourB, long c) {
        long a = call.swapped() ? ourB : ourA, b = call.swapped() ? ourA : ourB;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment alpha = arena.allocateFrom(JAVA_FLOAT, call.alpha());
            MemorySegment beta = arena.allocateFrom(JAVA_FLOAT, call.beta());
            int status = (int) sgemmStridedBatched.invokeExact(handle, call.transA(), call.transB(), call.m(), call.n(), call.k(),
                    alpha, MemorySegment.ofAddress(a + 4L * call.offsetA()), call.lda(), call.strideA(),
                    MemorySegment.ofAddress(b + 4L * call.offsetB()), call.ldb(), call.strideB(),
                    beta, MemorySegment.ofAddress(c + 4L * call.offsetC()), call.ldc(), call.strideC(), call.batches());
            if (status != STATUS_SUCCESS) throw new IllegalStateException("cublasSgemmStridedBatched(" + call + ") failed: " + statusName(status));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cublasSgemmStridedBatched: " + t, t);
        }
    }

    static void check(int status, String call) {
        if (status != STATUS_SUCCESS) throw new IllegalStateException(call + " failed: " + statusName(status));
    }

    /** The header's name of a status code, e.g. {@code CUBLAS_STATUS_INVALID_VALUE (7)}. */
    public static String statusName(int status) {
        return STATUS_NAMES.getOrDefault(status, "cublasStatus_t") + " (" + status + ")";
    }
}
