package dev.tensorj.cuda;

import dev.tensorj.tensor.Backend;
import dev.tensorj.tensor.BinaryOp;
import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.CpuStorage;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Device;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.ReduceOp;
import dev.tensorj.tensor.Storage;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.UnaryOp;
import dev.tensorj.cuda.vendor.GemmMapping;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

import java.util.Arrays;

/**
 * The backend SPI on one GPU, with our kernels ({@code src/main/cuda}). Every FLOAT32 kernel of the SPI has
 * a CUDA kernel; fill and copy/cast cover every dtype, and INT64 has exact arithmetic and comparisons. What the kernels do not cover (FLOAT64 and INT64
 * arithmetic, ranks above {@link Layout#MAX_RANK}, empty reductions) runs through {@link HostFallback}:
 * copied to the host, computed by the CPU backend, copied back, and logged once per op.
 *
 * <p>Launches are asynchronous on the default stream; the host waits only when it reads values
 * ({@link #transfer} to the CPU). Random fills draw from the CPU {@link Generator} on the host and upload, so
 * a seed gives the same values on CPU and GPU (with {@code -Dtensorj.cuda.philox=true}, Bernoulli masks are
 * drawn on the GPU by a Philox kernel instead, seeded from the generator).
 */
public final class CudaBackend implements Backend {
    private static final boolean PHILOX = Boolean.getBoolean("tensorj.cuda.philox");
    /** Largest im2col buffer the convolutions stage at once, in floats (256 MiB); batches are split to fit. */
    private static final long MAX_COLUMN_FLOATS = 64L << 20;

    private final Device device;
    private final CudaRuntime runtime;
    private final CachingAllocator<CUdeviceptr> allocator;
    private final Accelerators accelerators;

    public CudaBackend(Device device, CudaRuntime runtime) {
        this.device = device;
        this.runtime = runtime;
        this.allocator = new CachingAllocator<>(runtime, CudaBackend::collectUnreachableTensors);
        this.accelerators = new Accelerators(runtime, allocator);
    }

    /** The path (our kernels, cuBLAS, cuDNN) each family with a choice takes; see {@link GpuPath}. */
    public GpuPath.Choice paths() {
        return accelerators.choice();
    }

    /** The paths chosen, the path each family took ({@link #pathsUsed}) and the allocator's statistics. */
    @Override
    public java.util.Map<String, String> report() {
        java.util.Map<String, String> report = new java.util.LinkedHashMap<>();
        report.put("paths chosen", "matmul on " + paths().gemm().label() + ", convolutions on " + paths().conv().label()
                + ", batch norm on " + paths().norm().label());
        pathsUsed().forEach((family, path) -> report.put(family, path));
        report.put("device memory", memoryStats().toString());
        return report;
    }

    /** Each op family that has run with a choice of path, and the path(s) it took (e.g. {@code conv2d -> cuDNN}). */
    public java.util.Map<String, String> pathsUsed() {
        return accelerators.usage();
    }

    /**
     * Out of device memory even after trimming the cache: tensors nobody references may still hold blocks,
     * since the Java heap does not feel device memory pressure. A collection runs their cleaners.
     */
    private static void collectUnreachableTensors() {
        System.gc();
        try {
            Thread.sleep(100); // the Cleaner thread returns the blocks
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String name() {
        return "cuda (" + runtime.name() + ")";
    }

    @Override
    public Device device() {
        return device;
    }

    /** The allocator's statistics: bytes in use, cached and the peak. */
    public CachingAllocator.Stats memoryStats() {
        return allocator.stats();
    }

    /** Waits until the GPU has finished the work queued so far (for timing: launches are asynchronous). */
    public void synchronize() {
        runtime.synchronize();
    }

    /** Frees the cached (unused) device blocks; returns the bytes freed. */
    public long emptyCache() {
        return allocator.trim();
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        CudaStorage storage = new CudaStorage(device, dtype, size, allocator);
        runtime.zero(storage.base(), Math.max(1, storage.bytes()));
        return storage;
    }

    // =====================================================================================
    // copy, transfer, fill
    // =====================================================================================

    @Override
    public void copy(Tensor src, Tensor dst) {
        int n = dst.numel();
        if (n == 0) return;
        if (!fits(src, dst)) {
            HostFallback.run(this, "copy", "rank " + src.rank(), 1, new Tensor[] {src, dst}, t -> HostFallback.cpu().copy(t[0], t[1]));
            return;
        }
        Kernel kernel = Kernel.valueOf("COPY_" + suffix(src.dtype()) + "_" + suffix(dst.dtype()));
        launch(kernel, n, bytes(src, dst), ptr(src), Layout.of(src), ptr(dst), Layout.of(dst), n);
    }

    private static String suffix(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
        };
    }

    @Override
    public void transfer(Tensor src, Tensor dst) {
        if (dst.numel() == 0) return;
        boolean toDevice = dst.storage() instanceof CudaStorage;
        if (toDevice && src.storage() instanceof CudaStorage) {
            copy(src, dst);
        } else if (toDevice) {
            Tensor host = src.contiguous();
            if (dst.isContiguous()) {
                runtime.copyToDevice(((CudaStorage) dst.storage()).at(dst.offset()), hostPointer(host), (long) dst.numel() * dst.dtype().byteSize());
            } else { // upload contiguous, then scatter into the strided view on the device
                Tensor staged = Tensor.zeros(dst.dtype(), device, dst.dims());
                transfer(host, staged);
                copy(staged, dst);
                release(staged);
            }
        } else {
            Tensor deviceSide = src.isContiguous() ? src : src.copy(); // gather a strided view on the device first
            Tensor host = dst.isContiguous() && dst.storage() instanceof CpuStorage ? dst : Tensor.zeros(dst.dtype(), dst.dims());
            runtime.copyToHost(hostPointer(host), ((CudaStorage) deviceSide.storage()).at(deviceSide.offset()), (long) dst.numel() * dst.dtype().byteSize());
            if (host != dst) dst.backend().copy(host, dst);
            if (deviceSide != src) release(deviceSide);
        }
    }

    /** The host address of a contiguous CPU tensor's first element. */
    private static Pointer hostPointer(Tensor t) {
        CpuStorage s = (CpuStorage) t.storage();
        Pointer base = switch (t.dtype()) {
            case FLOAT32 -> Pointer.to(s.floats());
            case FLOAT64 -> Pointer.to(s.doubles());
            case INT64 -> Pointer.to(s.longs());
        };
        return base.withByteOffset((long) t.offset() * t.dtype().byteSize());
    }

    @Override
    public void fill(Tensor dst, double value) {
        int n = dst.numel();
        if (n == 0) return;
        if (!fits(dst)) {
            HostFallback.run(this, "fill", "rank " + dst.rank(), 1, new Tensor[] {dst}, t -> HostFallback.cpu().fill(t[0], value));
            return;
        }
        switch (dst.dtype()) {
            case FLOAT32 -> launch(Kernel.FILL_F32, n, bytes(dst), ptr(dst), Layout.of(dst), n, (float) value);
            case FLOAT64 -> launch(Kernel.FILL_F64, n, bytes(dst), ptr(dst), Layout.of(dst), n, value);
            case INT64 -> launch(Kernel.FILL_I64, n, bytes(dst), ptr(dst), Layout.of(dst), n, (long) value);
        }
    }

    // =====================================================================================
    // elementwise
    // =====================================================================================

    @Override
    public void unary(UnaryOp op, Tensor x, double alpha, double beta, Tensor out) {
        int n = out.numel();
        if (n == 0) return;
        String why = unsupported(x, out);
        if (why != null) {
            HostFallback.run(this, "unary " + op, why, 1, new Tensor[] {x, out}, t -> HostFallback.cpu().unary(op, t[0], alpha, beta, t[1]));
            return;
        }
        launch(Kernel.UNARY_F32, n, bytes(x, out), op.ordinal(), (float) alpha, (float) beta, ptr(x), Layout.of(x), ptr(out), Layout.of(out), n);
    }

    @Override
    public void unaryBackward(UnaryOp op, Tensor saved, Tensor grad, double alpha, Tensor out) {
        int n = out.numel();
        if (n == 0) return;
        String why = unsupported(saved, grad, out);
        if (why != null) {
            HostFallback.run(this, "unaryBackward " + op, why, 1, new Tensor[] {saved, grad, out},
                    t -> HostFallback.cpu().unaryBackward(op, t[0], t[1], alpha, t[2]));
            return;
        }
        launch(Kernel.UNARY_BACKWARD_F32, n, bytes(saved, grad, out), op.ordinal(), (float) alpha,
                ptr(saved), Layout.of(saved), ptr(grad), Layout.of(grad), ptr(out), Layout.of(out), n);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int n = out.numel();
        if (n == 0) return;
        if (a.dtype() == DType.INT64 && b.dtype() == DType.INT64 && fits(a, b, out) && op != BinaryOp.DIV && op != BinaryOp.POW
                && (out.dtype() == DType.INT64 || op.isComparison() && out.dtype() == DType.FLOAT32)) {
            Kernel kernel = out.dtype() == DType.INT64 ? Kernel.BINARY_I64 : Kernel.COMPARE_I64_F32;
            launch(kernel, n, bytes(a, b, out), op.ordinal(), ptr(a), Layout.of(a), ptr(b), Layout.of(b), ptr(out), Layout.of(out), n);
            return;
        }
        String why = unsupported(a, b, out);
        if (why != null) {
            HostFallback.run(this, "binary " + op, why, 1, new Tensor[] {a, b, out}, t -> HostFallback.cpu().binary(op, t[0], t[1], t[2]));
            return;
        }
        launch(Kernel.BINARY_F32, n, bytes(a, b, out), op.ordinal(), ptr(a), Layout.of(a), ptr(b), Layout.of(b), ptr(out), Layout.of(out), n);
    }

    @Override
    public void where(Tensor condition, Tensor a, Tensor b, Tensor out) {
        int n = out.numel();
        if (n == 0) return;
        String why = unsupported(condition, a, b, out);
        if (why != null) {
            HostFallback.run(this, "where", why, 1, new Tensor[] {condition, a, b, out}, t -> HostFallback.cpu().where(t[0], t[1], t[2], t[3]));
            return;
        }
        launch(Kernel.WHERE_F32, n, bytes(condition, a, b, out), ptr(condition), Layout.of(condition), ptr(a), Layout.of(a), ptr(b), Layout.of(b),
                ptr(out), Layout.of(out), n);
    }

    // =====================================================================================
    // reductions and softmax (x permuted so the reduced axes come last: one block per output element)
    // =====================================================================================

    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor out) {
        int outer = out.numel(), inner = outer == 0 ? 0 : x.numel() / outer;
        String why = unsupported(x, out);
        if (why == null && (outer == 0 || inner == 0)) why = "empty reduction";
        if (why != null) {
            HostFallback.run(this, "reduce " + op, why, 1, new Tensor[] {x, out}, t -> HostFallback.cpu().reduce(op, t[0], t[1]));
            return;
        }
        int[][] axes = Layout.keptThenReduced(x, out);
        var g = LaunchGeometry.rows(outer, inner, Float.BYTES);
        runtime.launch(Kernel.REDUCE_F32, g, bytes(x, out), op.ordinal(), ptr(x), Layout.ofAxes(x, Layout.concat(axes[0], axes[1])),
                ptr(out), Layout.ofAxes(out, axes[0]), outer, inner);
    }

    @Override
    public void argReduce(boolean max, Tensor x, int axis, Tensor out) {
        int length = x.size(axis), outer = out.numel();
        String why = x.dtype() != DType.FLOAT32 ? x.dtype().toString() : !fits(x, out) ? "rank " + x.rank() : null;
        if (why == null && (outer == 0 || length == 0)) why = "empty reduction";
        if (why != null) {
            HostFallback.run(this, max ? "argmax" : "argmin", why, 1, new Tensor[] {x, out}, t -> HostFallback.cpu().argReduce(max, t[0], axis, t[1]));
            return;
        }
        int[] order = Layout.axisLast(x.rank(), axis);
        var g = LaunchGeometry.rows(outer, length, Float.BYTES + Integer.BYTES);
        runtime.launch(Kernel.ARG_REDUCE_F32, g, bytes(x, out), max ? 1 : 0, ptr(x), Layout.ofAxes(x, order), ptr(out),
                Layout.ofAxes(out, Arrays.copyOf(order, order.length - 1)), outer, length);
    }

    @Override
    public void softmax(Tensor x, int axis, boolean log, Tensor out) {
        int length = x.size(axis), rows = length == 0 ? 0 : x.numel() / length;
        if (rows == 0) return;
        String why = unsupported(x, out);
        if (why != null) {
            HostFallback.run(this, log ? "logSoftmax" : "softmax", why, 1, new Tensor[] {x, out}, t -> HostFallback.cpu().softmax(t[0], axis, log, t[1]));
            return;
        }
        int[] order = Layout.axisLast(x.rank(), axis);
        var g = LaunchGeometry.rows(rows, length, Float.BYTES);
        runtime.launch(Kernel.SOFTMAX_F32, g, bytes(x, out), log ? 1 : 0, ptr(x), Layout.ofAxes(x, order), ptr(out), Layout.ofAxes(out, order), rows, length);
    }

    // =====================================================================================
    // matrix product
    // =====================================================================================

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        if (out.numel() == 0) return;
        String why = unsupported(a, b, out);
        if (why != null) {
            HostFallback.run(this, "matmul", why, 1, new Tensor[] {a, b, out}, t -> HostFallback.cpu().matmul(t[0], t[1], t[2]));
            return;
        }
        int batches = out.size(0), m = out.size(1), n = out.size(2), k = a.size(2);
        for (int start = 0; start < batches; start += LaunchGeometry.MAX_GRID_Z) {
            int count = Math.min(LaunchGeometry.MAX_GRID_Z, batches - start);
            gemm("matmul", accelerators.choice().gemm(), a, a.offset() + start * a.stride(0), a.stride(0), a.stride(1), a.stride(2),
                    b, b.offset() + start * b.stride(0), b.stride(0), b.stride(1), b.stride(2),
                    out, out.offset() + start * out.stride(0), out.stride(0), out.stride(1), out.stride(2), m, n, k, count, 0f);
        }
    }

    /**
     * C = A B + beta C for {@code batches} products; each operand by offset and (batch, row, column) strides.
     * On {@link GpuPath#CUBLAS}, cuBLAS runs it when it can read the layouts; otherwise (and on OURS) our SGEMM.
     */
    private void gemm(String family, GpuPath path, Tensor a, int aOffset, int aBatch, int aRow, int aCol, Tensor b, int bOffset, int bBatch, int bRow, int bCol,
                      Tensor c, int cOffset, int cBatch, int cRow, int cCol, int m, int n, int k, int batches, float beta) {
        if (path == GpuPath.CUBLAS && accelerators.sgemm(ptr(a), new GemmMapping.Operand(aOffset, aBatch, aRow, aCol),
                ptr(b), new GemmMapping.Operand(bOffset, bBatch, bRow, bCol), ptr(c), new GemmMapping.Operand(cOffset, cBatch, cRow, cCol),
                m, n, k, batches, beta)) {
            accelerators.used(family, GpuPath.CUBLAS);
            return;
        }
        accelerators.used(family, GpuPath.OURS);
        long bytes = 4L * batches * ((long) m * k + (long) k * n + (long) m * n);
        runtime.launch(Kernel.SGEMM_F32, LaunchGeometry.gemm(m, n, batches), bytes,
                ptr(a), aOffset, aBatch, aRow, aCol, ptr(b), bOffset, bBatch, bRow, bCol, ptr(c), cOffset, cBatch, cRow, cCol, m, n, k, beta);
    }

    // =====================================================================================
    // convolution: im2col + SGEMM, in chunks of images whose columns fit MAX_COLUMN_FLOATS
    // =====================================================================================

    private static int[] window(ConvGeometry g) {
        return new int[] {g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padH(), g.padW(), g.dilationH(), g.dilationW()};
    }

    @Override
    public void im2col(Tensor x, ConvGeometry geometry, double padValue, Tensor cols) {
        int n = cols.numel();
        if (n == 0) return;
        String why = unsupported(x, cols);
        if (why != null) {
            HostFallback.run(this, "im2col", why, 1, new Tensor[] {x, cols}, t -> HostFallback.cpu().im2col(t[0], geometry, padValue, t[1]));
            return;
        }
        launch(Kernel.IM2COL_F32, n, bytes(x, cols), ptr(x), Layout.of(x), window(geometry), (float) padValue, ptr(cols), Layout.of(cols),
                geometry.outH(x.size(2)), geometry.outW(x.size(3)), n);
    }

    @Override
    public void col2im(Tensor cols, ConvGeometry geometry, Tensor out) {
        int n = out.numel();
        if (n == 0) return;
        String why = unsupported(cols, out);
        if (why != null) {
            HostFallback.run(this, "col2im", why, 1, new Tensor[] {cols, out}, t -> HostFallback.cpu().col2im(t[0], geometry, t[1]));
            return;
        }
        launch(Kernel.COL2IM_F32, n, bytes(cols, out), ptr(cols), Layout.of(cols), window(geometry), ptr(out), Layout.of(out),
                geometry.outH(out.size(2)), geometry.outW(out.size(3)), n);
    }

    /** Images per im2col chunk for columns of {@code rows x positions} floats each. */
    private static int imagesPerChunk(int images, int rows, int positions) {
        long perImage = Math.max(1L, (long) rows * positions);
        return (int) Math.max(1, Math.min(images, MAX_COLUMN_FLOATS / perImage));
    }

    /** A contiguous [O, C kH kW] matrix of the weight (the weight itself when already contiguous). */
    private Tensor weightMatrix(Tensor weight) {
        return weight.contiguous().reshape(weight.size(0), weight.numel() / Math.max(1, weight.size(0)));
    }

    @Override
    public void conv2d(Tensor x, Tensor weight, ConvGeometry g, Tensor out) {
        if (out.numel() == 0) return;
        String why = unsupported(x, weight, out);
        if (why != null) {
            HostFallback.run(this, "conv2d", why, 1, new Tensor[] {x, weight, out}, t -> HostFallback.cpu().conv2d(t[0], t[1], g, t[2]));
            return;
        }
        if (cudnnConvolution("conv2d", dev.tensorj.cuda.vendor.ConvPlan.FORWARD, x, weight, g, out, false)) return;
        int images = x.size(0), channels = x.size(1), outH = out.size(2), outW = out.size(3), positions = outH * outW;
        Tensor w = weightMatrix(weight);
        int rows = w.size(1), filters = w.size(0);
        int chunk = imagesPerChunk(images, rows, positions);
        for (int start = 0; start < images; start += chunk) {
            int count = Math.min(chunk, images - start);
            Tensor cols = Tensor.zeros(DType.FLOAT32, device, count, rows, positions);
            im2col(x.narrow(0, start, count), g, 0, cols);
            Tensor o = out.narrow(0, start, count);
            // out[n, o, y, x] with (y, x) merged: column stride out.stride(3) works when rows are evenly spaced.
            if (o.stride(2) == outW * o.stride(3)) {
                gemm("conv2d", convGemmPath(), w, w.offset(), 0, w.stride(0), w.stride(1), cols, 0, rows * positions, positions, 1,
                        o, o.offset(), o.stride(0), o.stride(1), o.stride(3), filters, positions, rows, count, 0f);
            } else {
                Tensor staged = Tensor.zeros(DType.FLOAT32, device, count, filters, positions);
                gemm("conv2d", convGemmPath(), w, w.offset(), 0, w.stride(0), w.stride(1), cols, 0, rows * positions, positions, 1,
                        staged, 0, filters * positions, positions, 1, filters, positions, rows, count, 0f);
                copy(staged.reshape(count, filters, outH, outW), o);
                release(staged);
            }
            release(cols);
        }
        if (w.storage() != weight.storage()) release(w);
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor weight, ConvGeometry g, Tensor gradInput) {
        if (gradInput.numel() == 0) return;
        String why = unsupported(gradOut, weight, gradInput);
        if (why != null) {
            HostFallback.run(this, "conv2dBackwardInput", why, 1, new Tensor[] {gradOut, weight, gradInput},
                    t -> HostFallback.cpu().conv2dBackwardInput(t[0], t[1], g, t[2]));
            return;
        }
        if (gradOut.numel() > 0 && cudnnConvolution("conv2d backward input", dev.tensorj.cuda.vendor.ConvPlan.BACKWARD_DATA, gradInput, weight, g, gradOut, false)) return;
        fill(gradInput, 0);
        if (gradOut.numel() == 0) return;
        int images = gradInput.size(0), outH = gradOut.size(2), outW = gradOut.size(3), positions = outH * outW;
        Tensor w = weightMatrix(weight);
        int rows = w.size(1), filters = w.size(0);
        Tensor dy = gradOut.stride(2) == outW * gradOut.stride(3) ? gradOut : gradOut.contiguous();
        int chunk = imagesPerChunk(images, rows, positions);
        for (int start = 0; start < images; start += chunk) {
            int count = Math.min(chunk, images - start);
            Tensor cols = Tensor.zeros(DType.FLOAT32, device, count, rows, positions);
            // cols[n] = W^T dy[n]: W^T [rows, filters] is W read with swapped strides.
            gemm("conv2d backward input", convGemmPath(), w, w.offset(), 0, w.stride(1), w.stride(0), dy, dy.offset() + start * dy.stride(0), dy.stride(0), dy.stride(1), dy.stride(3),
                    cols, 0, rows * positions, positions, 1, rows, positions, filters, count, 0f);
            col2im(cols, g, gradInput.narrow(0, start, count));
            release(cols);
        }
        if (dy != gradOut) release(dy);
        if (w.storage() != weight.storage()) release(w);
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, ConvGeometry g, Tensor gradWeight) {
        if (gradWeight.numel() == 0) return;
        String why = unsupported(x, gradOut, gradWeight);
        if (why == null && !gradWeight.isContiguous()) why = "non-contiguous weight gradient";
        if (why != null) {
            HostFallback.run(this, "conv2dBackwardWeight", why, 1, new Tensor[] {x, gradOut, gradWeight},
                    t -> HostFallback.cpu().conv2dBackwardWeight(t[0], t[1], g, t[2]));
            return;
        }
        if (gradOut.numel() > 0 && cudnnConvolution("conv2d backward weight", dev.tensorj.cuda.vendor.ConvPlan.BACKWARD_FILTER, x, gradWeight, g, gradOut, true)) return;
        fill(gradWeight, 0);
        int images = x.size(0), outH = gradOut.size(2), outW = gradOut.size(3), positions = outH * outW;
        int filters = gradWeight.size(0), rows = gradWeight.numel() / filters;
        Tensor dy = gradOut.stride(2) == outW * gradOut.stride(3) ? gradOut : gradOut.contiguous();
        int chunk = imagesPerChunk(images, rows, positions);
        for (int start = 0; start < images; start += chunk) {
            int count = Math.min(chunk, images - start);
            Tensor cols = Tensor.zeros(DType.FLOAT32, device, count, rows, positions);
            im2col(x.narrow(0, start, count), g, 0, cols);
            // gradW += dy[n] cols[n]^T, one image at a time (beta 1 accumulates; the fill above zeroed it).
            for (int i = 0; i < count; i++) {
                gemm("conv2d backward weight", convGemmPath(), dy, dy.offset() + (start + i) * dy.stride(0), 0, dy.stride(1), dy.stride(3), cols, i * rows * positions, 0, 1, positions,
                        gradWeight, gradWeight.offset(), 0, rows, 1, filters, rows, positions, 1, 1f);
            }
            release(cols);
        }
        if (dy != gradOut) release(dy);
    }

    /** Batch norm on cuDNN when the norm path is cuDNN and it takes the tensors; records the path that runs. */
    private boolean normOnCudnn(String family, java.util.function.BooleanSupplier cudnn) {
        if (accelerators.choice().norm() == GpuPath.CUDNN && cudnn.getAsBoolean()) {
            accelerators.used(family, GpuPath.CUDNN);
            return true;
        }
        accelerators.used(family, GpuPath.OURS);
        return false;
    }

    /** The GEMM path of the im2col convolutions: the conv choice, or the matmul one when conv is on cuDNN but it declined. */
    private GpuPath convGemmPath() {
        GpuPath conv = accelerators.choice().conv();
        return conv == GpuPath.CUDNN ? accelerators.choice().gemm() : conv;
    }

    /**
     * One convolution pass on cuDNN when the conv path is cuDNN and its descriptors fit (the weight is made
     * contiguous first, unless it is the written gradient, which the caller has checked); false otherwise.
     */
    private boolean cudnnConvolution(String family, int pass, Tensor image, Tensor weight, ConvGeometry g, Tensor map, boolean weightWritten) {
        if (accelerators.choice().conv() != GpuPath.CUDNN) return false;
        Tensor w = weightWritten ? weight : weight.contiguous();
        boolean ran = accelerators.convolution(pass, image, w, g, map);
        if (w != weight) release(w);
        if (ran) accelerators.used(family, GpuPath.CUDNN);
        return ran;
    }

    @Override
    public void maxPool2d(Tensor x, ConvGeometry geometry, Tensor out, Tensor indices) {
        int n = out.numel();
        if (n == 0) return;
        String why = unsupported(x, out);
        if (why == null && !fits(indices)) why = "rank";
        if (why != null) {
            HostFallback.run(this, "maxPool2d", why, 2, new Tensor[] {x, out, indices}, t -> HostFallback.cpu().maxPool2d(t[0], geometry, t[1], t[2]));
            return;
        }
        launch(Kernel.MAXPOOL2D_F32, n, bytes(x, out, indices), ptr(x), Layout.of(x), window(geometry), ptr(out), Layout.of(out),
                ptr(indices), Layout.of(indices), n);
    }

    // =====================================================================================
    // indexing (the Tensor layer has checked the index range)
    // =====================================================================================

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        int n = out.numel();
        if (n == 0) return;
        String why = unsupported(x, out);
        if (why == null && !fits(index)) why = "rank";
        if (why != null) {
            HostFallback.run(this, "gather", why, 1, new Tensor[] {x, index, out}, t -> HostFallback.cpu().gather(t[0], axis, t[1], t[2]));
            return;
        }
        launch(Kernel.GATHER_F32, n, bytes(x, index, out), ptr(x), Layout.of(x), axis, ptr(index), Layout.of(index), ptr(out), Layout.of(out), n);
    }

    @Override
    public void scatterAdd(Tensor target, int axis, Tensor index, Tensor src) {
        int n = src.numel();
        if (n == 0) return;
        String why = unsupported(target, src);
        if (why == null && !fits(index)) why = "rank";
        if (why != null) {
            HostFallback.run(this, "scatterAdd", why, 1, new Tensor[] {index, src, target}, t -> HostFallback.cpu().scatterAdd(t[2], axis, t[0], t[1]));
            return;
        }
        launch(Kernel.SCATTER_ADD_F32, n, bytes(target, index, src), ptr(target), Layout.of(target), axis, ptr(index), Layout.of(index),
                ptr(src), Layout.of(src), n);
    }

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        int n = out.numel();
        if (n == 0) return;
        String why = unsupported(x, out);
        if (why != null) {
            HostFallback.run(this, "indexSelect", why, 1, new Tensor[] {x, index, out}, t -> HostFallback.cpu().indexSelect(t[0], axis, t[1], t[2]));
            return;
        }
        launch(Kernel.INDEX_SELECT_F32, n, bytes(x, index, out), ptr(x), Layout.of(x), axis, ptr(index), Layout.of(index), ptr(out), Layout.of(out), n);
    }

    // =====================================================================================
    // batch norm (x viewed as [N, C, S]), LSTM cell, optimiser steps
    // =====================================================================================

    /** [N, C, S] Layout of an [N, C, ...] tensor whose spatial axes merge into one, or null. */
    static int[] channelsLayout(Tensor t) {
        int spatial = 1, stride = 0;
        for (int a = t.rank() - 1; a >= 2; a--) {
            if (t.size(a) == 1) continue;
            if (spatial == 1) stride = t.stride(a);
            else if (t.stride(a) != stride * spatial) return null;
            spatial *= t.size(a);
        }
        if (t.rank() > 2 && spatial > 1 && stride == 0) return null;
        return Layout.pack(new int[] {t.size(0), t.size(1), spatial}, new int[] {t.stride(0), t.stride(1), stride}, t.offset());
    }

    @Override
    public void batchNormForward(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out, Tensor mean, Tensor invStd) {
        int[] xl = channelsLayout(x), ol = channelsLayout(out);
        String why = unsupported(x, gamma, beta, out, mean, invStd);
        if (why == null && (xl == null || ol == null)) why = "spatial axes that do not merge";
        if (why == null && x.numel() == 0) why = "empty batch";
        if (why != null) {
            HostFallback.run(this, "batchNormForward", why, 3, new Tensor[] {x, gamma, beta, out, mean, invStd},
                    t -> HostFallback.cpu().batchNormForward(t[0], t[1], t[2], eps, t[3], t[4], t[5]));
            return;
        }
        if (normOnCudnn("batch norm", () -> accelerators.batchNormForward(x, gamma, beta, eps, out, mean, invStd))) return;
        int perChannel = x.numel() / x.size(1);
        runtime.launch(Kernel.BATCHNORM_FORWARD_F32, LaunchGeometry.rows(x.size(1), perChannel, Float.BYTES), bytes(x, out),
                ptr(x), xl, ptr(gamma), Layout.of(gamma), ptr(beta), Layout.of(beta), (float) eps, ptr(out), ol,
                ptr(mean), Layout.of(mean), ptr(invStd), Layout.of(invStd));
    }

    @Override
    public void batchNormBackward(Tensor gradOut, Tensor x, Tensor gamma, Tensor mean, Tensor invStd, Tensor gradInput, Tensor gradGamma, Tensor gradBeta) {
        int[] dyl = channelsLayout(gradOut), xl = channelsLayout(x), dxl = channelsLayout(gradInput);
        String why = unsupported(gradOut, x, gamma, mean, invStd, gradInput, gradGamma, gradBeta);
        if (why == null && (dyl == null || xl == null || dxl == null)) why = "spatial axes that do not merge";
        if (why == null && x.numel() == 0) why = "empty batch";
        if (why != null) {
            HostFallback.run(this, "batchNormBackward", why, 3, new Tensor[] {gradOut, x, gamma, mean, invStd, gradInput, gradGamma, gradBeta},
                    t -> HostFallback.cpu().batchNormBackward(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]));
            return;
        }
        if (normOnCudnn("batch norm backward", () -> accelerators.batchNormBackward(gradOut, x, gamma, mean, invStd, gradInput, gradGamma, gradBeta))) return;
        int perChannel = x.numel() / x.size(1);
        runtime.launch(Kernel.BATCHNORM_BACKWARD_F32, LaunchGeometry.rows(x.size(1), perChannel, Float.BYTES), bytes(gradOut, x, gradInput),
                ptr(gradOut), dyl, ptr(x), xl, ptr(gamma), Layout.of(gamma), ptr(mean), Layout.of(mean), ptr(invStd), Layout.of(invStd),
                ptr(gradInput), dxl, ptr(gradGamma), Layout.of(gradGamma), ptr(gradBeta), Layout.of(gradBeta));
    }

    @Override
    public void lstmCellForward(Tensor gates, Tensor cPrev, Tensor act, Tensor h, Tensor c) {
        int batch = cPrev.size(0), hidden = cPrev.size(1), n = batch * hidden;
        if (n == 0) return;
        String why = unsupported(gates, cPrev, act, h, c);
        if (why != null) {
            HostFallback.run(this, "lstmCellForward", why, 3, new Tensor[] {gates, cPrev, act, h, c},
                    t -> HostFallback.cpu().lstmCellForward(t[0], t[1], t[2], t[3], t[4]));
            return;
        }
        launch(Kernel.LSTM_CELL_FORWARD_F32, n, bytes(gates, cPrev, act, h, c), ptr(gates), Layout.of(gates), ptr(cPrev), Layout.of(cPrev),
                ptr(act), Layout.of(act), ptr(h), Layout.of(h), ptr(c), Layout.of(c), batch, hidden);
    }

    @Override
    public void lstmCellBackward(Tensor act, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates, Tensor dcPrev) {
        int batch = cPrev.size(0), hidden = cPrev.size(1), n = batch * hidden;
        if (n == 0) return;
        String why = unsupported(act, cPrev, c, dh, dc, dGates, dcPrev);
        if (why != null) {
            HostFallback.run(this, "lstmCellBackward", why, 2, new Tensor[] {act, cPrev, c, dh, dc, dGates, dcPrev},
                    t -> HostFallback.cpu().lstmCellBackward(t[0], t[1], t[2], t[3], t[4], t[5], t[6]));
            return;
        }
        launch(Kernel.LSTM_CELL_BACKWARD_F32, n, bytes(act, cPrev, c, dh, dc, dGates, dcPrev), ptr(act), Layout.of(act), ptr(cPrev), Layout.of(cPrev),
                ptr(c), Layout.of(c), ptr(dh), Layout.of(dh), ptr(dc), Layout.of(dc), ptr(dGates), Layout.of(dGates), ptr(dcPrev), Layout.of(dcPrev),
                batch, hidden);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, double beta1, double beta2, double stepSize,
                         double sqrtBiasCorrection2, double eps, double l2, double decoupledDecay) {
        int n = param.numel();
        if (n == 0) return;
        String why = unsupported(param, grad, m, v);
        if (why != null) {
            HostFallback.run(this, "adamStep", why, 3, new Tensor[] {grad, param, m, v},
                    t -> HostFallback.cpu().adamStep(t[1], t[0], t[2], t[3], beta1, beta2, stepSize, sqrtBiasCorrection2, eps, l2, decoupledDecay));
            return;
        }
        launch(Kernel.ADAM_F32, n, bytes(param, grad, m, v), ptr(param), Layout.of(param), ptr(grad), Layout.of(grad), ptr(m), Layout.of(m),
                ptr(v), Layout.of(v), n, (float) beta1, (float) beta2, (float) stepSize, (float) sqrtBiasCorrection2, (float) eps, (float) l2,
                (float) decoupledDecay);
    }

    @Override
    public void rmspropStep(Tensor param, Tensor grad, Tensor squareAverage, double alpha, double lr, double eps, double l2) {
        int n = param.numel();
        if (n == 0) return;
        String why = unsupported(param, grad, squareAverage);
        if (why != null) {
            HostFallback.run(this, "rmspropStep", why, 2, new Tensor[] {grad, param, squareAverage},
                    t -> HostFallback.cpu().rmspropStep(t[1], t[0], t[2], alpha, lr, eps, l2));
            return;
        }
        launch(Kernel.RMSPROP_F32, n, bytes(param, grad, squareAverage), ptr(param), Layout.of(param), ptr(grad), Layout.of(grad),
                ptr(squareAverage), Layout.of(squareAverage), n, (float) alpha, (float) lr, (float) eps, (float) l2);
    }

    // =====================================================================================
    // random fills: the CPU generator's sequence, drawn on the host and uploaded
    // =====================================================================================

    @Override
    public void fillUniform(Tensor out, double low, double high, Generator generator) {
        fillOnHost(out, host -> HostFallback.cpu().fillUniform(host, low, high, generator));
    }

    @Override
    public void fillNormal(Tensor out, double mean, double std, Generator generator) {
        fillOnHost(out, host -> HostFallback.cpu().fillNormal(host, mean, std, generator));
    }

    @Override
    public void fillBernoulli(Tensor out, double p, Generator generator) {
        if (PHILOX && out.dtype() == DType.FLOAT32 && fits(out) && out.numel() > 0) {
            int n = out.numel();
            launch(Kernel.BERNOULLI_PHILOX_F32, (n + 3) / 4, bytes(out), ptr(out), Layout.of(out), n, (float) p, generator.nextLong());
            return;
        }
        fillOnHost(out, host -> HostFallback.cpu().fillBernoulli(host, p, generator));
    }

    private void fillOnHost(Tensor out, java.util.function.Consumer<Tensor> draw) {
        if (out.numel() == 0) return;
        Tensor host = Tensor.zeros(out.dtype(), out.dims());
        draw.accept(host);
        transfer(host, out);
    }

    // =====================================================================================
    // helpers
    // =====================================================================================

    private void launch(Kernel kernel, long elements, long bytes, Object... args) {
        runtime.launch(kernel, LaunchGeometry.elementwise(elements), bytes, args);
    }

    private static CUdeviceptr ptr(Tensor t) {
        if (!(t.storage() instanceof CudaStorage s)) {
            throw new IllegalArgumentException("cuda backend: a tensor on " + t.device() + " reached a CUDA kernel (expected a cuda tensor)");
        }
        return s.base();
    }

    private static boolean fits(Tensor... tensors) {
        for (Tensor t : tensors) if (!Layout.fits(t.rank())) return false;
        return true;
    }

    /** Why our FLOAT32 kernels cannot run these operands (a dtype, a rank), or null when they can. */
    private static String unsupported(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t.dtype() != DType.FLOAT32) return t.dtype().toString();
            if (!Layout.fits(t.rank())) return "rank " + t.rank() + " above " + Layout.MAX_RANK;
        }
        return null;
    }

    private static long bytes(Tensor... tensors) {
        long total = 0;
        for (Tensor t : tensors) total += (long) t.numel() * t.dtype().byteSize();
        return total;
    }

    /** Returns a temporary's block to the allocator now, rather than when the collector finds it. */
    private static void release(Tensor temporary) {
        if (temporary.storage() instanceof CudaStorage s) s.release();
    }
}
