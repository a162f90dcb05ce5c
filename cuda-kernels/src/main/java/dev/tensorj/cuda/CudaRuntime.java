package dev.tensorj.cuda;

import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * One GPU through the JCuda driver API: its primary context (shared with cuBLAS/cuDNN, should they be used),
 * our kernels loaded from the embedded fatbins, launches, and raw memory. Keeps to the core driver calls
 * (init, device, primary context, module/function/launch, memory): a driver symbol missing from an older or
 * newer libcuda would abort the JVM rather than throw.
 *
 * <p>{@link #probe} opens a device once and caches the answer; any failure (no libcuda: UnsatisfiedLinkError,
 * no device, kernels not built) becomes a reason, logged once, and the engine stays on the CPU.
 *
 * <p>Debug: {@code -Dtensorj.cuda.debug=true} prints every launch (kernel, grid/block, bytes touched and the
 * time to completion, which synchronises after each launch).
 */
public final class CudaRuntime implements DeviceMemory<CUdeviceptr> {
    private static final Logger LOG = Logger.getLogger(CudaRuntime.class.getName());
    private static final Map<Integer, Probe> PROBES = new ConcurrentHashMap<>();
    static final boolean DEBUG = Boolean.getBoolean("tensorj.cuda.debug");

    private final int index;
    private final String name;
    private final CUcontext context;
    private final Map<Kernel, CUfunction> functions = new EnumMap<>(Kernel.class);
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);

    /** The outcome of opening a device: a runtime, or the reason there is none. */
    public record Probe(CudaRuntime runtime, String reason) {
        public boolean available() {
            return runtime != null;
        }
    }

    /** Opens device {@code index} once (later calls return the cached answer); never throws. */
    public static Probe probe(int index) {
        return PROBES.computeIfAbsent(index, CudaRuntime::open);
    }

    private static Probe open(int index) {
        try {
            if (Kernel.class.getResource(Kernel.RESOURCE_DIR + "modules.txt") == null) {
                return unavailable(index, "the CUDA kernels were not built into this jar (nvcc was absent at build time)");
            }
            CudaRuntime runtime = new CudaRuntime(index);
            LOG.info(() -> "tensorj: cuda:" + index + " is " + runtime.name + ", running our kernels");
            return new Probe(runtime, null);
        } catch (Throwable t) { // UnsatisfiedLinkError without libcuda, NoClassDefFoundError after it, driver errors
            return unavailable(index, conciseReason(t));
        }
    }

    /** One line for the log: JCuda's loader error carries every attempt's stack trace in its message. */
    static String conciseReason(Throwable t) {
        String message = String.valueOf(t.getMessage());
        if (message.contains("libcuda.so.1")) return "no NVIDIA driver: libcuda.so.1 is not installed";
        return t.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse("");
    }

    private static Probe unavailable(int index, String reason) {
        LOG.info(() -> "tensorj: no GPU for cuda:" + index + " (" + reason + "); tensors stay on the CPU");
        return new Probe(null, reason);
    }

    private CudaRuntime(int index) throws IOException {
        this.index = index;
        check(JCudaDriver.cuInit(0), "cuInit");
        int[] count = {0};
        check(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
        if (index >= count[0]) throw new IllegalStateException("cuda:" + index + " asked, but the driver sees " + count[0] + " GPU(s)");
        CUdevice device = new CUdevice();
        check(JCudaDriver.cuDeviceGet(device, index), "cuDeviceGet");
        byte[] nameBytes = new byte[256];
        check(JCudaDriver.cuDeviceGetName(nameBytes, nameBytes.length, device), "cuDeviceGetName");
        int end = 0;
        while (end < nameBytes.length && nameBytes[end] != 0) end++;
        this.name = new String(nameBytes, 0, end, StandardCharsets.US_ASCII);
        this.context = new CUcontext();
        check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        makeCurrent();
        loadKernels();
    }

    private void loadKernels() throws IOException {
        Map<String, CUmodule> modules = new java.util.HashMap<>();
        for (String module : moduleNames()) {
            CUmodule loaded = new CUmodule();
            byte[] fatbin = resource(module + ".fatbin");
            int result = JCudaDriver.cuModuleLoadData(loaded, fatbin);
            if (result != CUresult.CUDA_SUCCESS) { // e.g. a GPU older than sm_80 and no matching SASS: try the PTX alone
                byte[] ptx = resource(module + ".ptx");
                byte[] terminated = java.util.Arrays.copyOf(ptx, ptx.length + 1);
                check(JCudaDriver.cuModuleLoadData(loaded, terminated), "cuModuleLoadData(" + module + ")");
            }
            modules.put(module, loaded);
        }
        for (Kernel kernel : Kernel.values()) {
            CUmodule module = modules.get(kernel.module());
            if (module == null) throw new IllegalStateException("kernel module " + kernel.module() + " is not in the jar");
            CUfunction function = new CUfunction();
            check(JCudaDriver.cuModuleGetFunction(function, module, kernel.symbol()), "cuModuleGetFunction(" + kernel.symbol() + ")");
            functions.put(kernel, function);
        }
    }

    static List<String> moduleNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : new String(resource("modules.txt"), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) names.add(line.trim());
        }
        return names;
    }

    static byte[] resource(String file) throws IOException {
        try (InputStream in = Kernel.class.getResourceAsStream(Kernel.RESOURCE_DIR + file)) {
            if (in == null) throw new IOException("resource " + Kernel.RESOURCE_DIR + file + " is missing");
            return in.readAllBytes();
        }
    }

    public String name() {
        return name;
    }

    public int index() {
        return index;
    }

    /** Makes the primary context current on the calling thread (once per thread). */
    void makeCurrent() {
        if (!current.get()) {
            check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
            current.set(true);
        }
    }

    /**
     * Launches a kernel on the default stream (asynchronous). Arguments: device pointers ({@link Pointer}),
     * {@code int[]} structs (Layout, Window), Integer, Float, Long, Double.
     */
    void launch(Kernel kernel, LaunchGeometry.Launch g, long bytesTouched, Object... args) {
        if (args.length != kernel.parameters()) {
            throw new IllegalArgumentException("launch " + kernel.symbol() + ": " + args.length + " arguments, the kernel takes " + kernel.parameters());
        }
        makeCurrent();
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = switch (args[i]) {
                case Pointer p -> Pointer.to(p);
                case int[] struct -> Pointer.to(struct);
                case Integer v -> Pointer.to(new int[] {v});
                case Float v -> Pointer.to(new float[] {v});
                case Long v -> Pointer.to(new long[] {v});
                case Double v -> Pointer.to(new double[] {v});
                default -> throw new IllegalArgumentException("launch " + kernel.symbol() + ": argument " + i + " of " + args[i].getClass());
            };
        }
        long start = DEBUG ? System.nanoTime() : 0;
        check(JCudaDriver.cuLaunchKernel(functions.get(kernel), g.gridX(), g.gridY(), g.gridZ(), g.blockX(), 1, 1, g.sharedBytes(),
                null, Pointer.to(params), null), "cuLaunchKernel(" + kernel.symbol() + ")");
        if (DEBUG) {
            synchronize();
            long micros = (System.nanoTime() - start) / 1000;
            System.err.printf("[tensorj cuda] %-24s %-36s %10d B %8d us%n", kernel.symbol(), g, bytesTouched, micros);
        }
    }

    void synchronize() {
        makeCurrent();
        check(JCudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    // ---- raw memory (DeviceMemory for the caching allocator) ----

    @Override
    public CUdeviceptr allocate(long bytes) {
        makeCurrent();
        CUdeviceptr pointer = new CUdeviceptr();
        int result = JCudaDriver.cuMemAlloc(pointer, bytes);
        if (result == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            throw new OutOfDeviceMemoryException("cuMemAlloc: out of memory on cuda:" + index + " asking for " + bytes + " bytes");
        }
        check(result, "cuMemAlloc(" + bytes + ")");
        return pointer;
    }

    @Override
    public void free(CUdeviceptr block) {
        makeCurrent();
        check(JCudaDriver.cuMemFree(block), "cuMemFree");
    }

    void zero(CUdeviceptr pointer, long bytes) {
        makeCurrent();
        check(JCudaDriver.cuMemsetD8(pointer, (byte) 0, bytes), "cuMemsetD8");
    }

    void copyToDevice(CUdeviceptr dst, Pointer hostSrc, long bytes) {
        makeCurrent();
        check(JCudaDriver.cuMemcpyHtoD(dst, hostSrc, bytes), "cuMemcpyHtoD");
    }

    /** Synchronous: waits for the queued kernels, then copies (the one place the host waits for the GPU). */
    void copyToHost(Pointer hostDst, CUdeviceptr src, long bytes) {
        makeCurrent();
        check(JCudaDriver.cuMemcpyDtoH(hostDst, src, bytes), "cuMemcpyDtoH");
    }

    static void check(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) throw new IllegalStateException(call + " failed: " + CUresult.stringFor(result));
    }
}
