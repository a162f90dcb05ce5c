package dev.tensorj.cpu;

import dev.tensorj.tensor.Backend;
import dev.tensorj.tensor.BinaryOp;
import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Device;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.KernelTrace;
import dev.tensorj.tensor.ReduceOp;
import dev.tensorj.tensor.Storage;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.UnaryOp;
import dev.tensorj.tensor.reference.ReferenceBackend;

/**
 * The fast FLOAT32 path: cache-blocked, vectorised where the Vector API is present, multithreaded over
 * {@link Parallel}'s workers. Every kernel it does not specialise (other dtypes, rare layouts) is handed
 * to the {@link ReferenceBackend} it holds, which is also the oracle its tests compare with — composition,
 * so the fast path never inherits behaviour from the oracle by accident.
 *
 * <p>This class only dispatches: the kernels live in {@link CpuElementwise}, {@link CpuReductions},
 * {@link CpuSoftmax}, {@link CpuIndexing}, {@link Gemm}, {@link CpuConvolution} (which picks Winograd,
 * implicit GEMM or im2col + GEMM), {@link ConvWindows}, {@link CpuBatchNorm}, {@link CpuLstmCell},
 * {@link CpuOptimizerSteps} and {@link CpuRandom}, all walking tensors with {@link StridedLoops}. Which
 * kernel takes which op and shape, and why, is mapped in this module's README; {@link KernelTrace} names
 * the route each call took for {@code -Dtensorj.trace=kernels}.
 */
public final class CpuBackend implements Backend {
    public static final CpuBackend INSTANCE = new CpuBackend();

    /** Where every op this backend does not accelerate goes. */
    private final Backend reference = ReferenceBackend.INSTANCE;
    /** The route {@code -Dtensorj.trace=kernels} shows for the fast kernels that do not name a finer one. */
    private static final String FAST_ROUTE = Simd.AVAILABLE ? "cpu simd " + vectorBits() + "-bit" : "cpu plain java";

    private CpuBackend() {
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        return reference.allocate(dtype, size);
    }

    @Override
    public void transfer(Tensor src, Tensor dst) {
        copy(src, dst);
    }

    @Override
    public int threads() {
        return Parallel.threads();
    }

    @Override
    public void setThreads(int threads) {
        Parallel.setThreads(threads);
    }


    /**
     * Bits per vector of the SIMD kernels: 512 on a machine with AVX-512, else 256 (or what
     * {@code -Dtensorj.simd=256|512} forces); 0 when they are off (no {@code jdk.incubator.vector} module,
     * or {@code -Dtensorj.simd=off}).
     */
    public static int vectorBits() {
        return Simd.AVAILABLE ? 32 * Simd.lanes() : 0;
    }

    /** The reference backend, for an op this backend does not accelerate (named in the kernel trace). */
    private Backend toReference() {
        KernelTrace.route("reference loops");
        return reference;
    }

    private static boolean allFloat32(Tensor... tensors) {
        for (Tensor t : tensors) if (t.dtype() != DType.FLOAT32) return false;
        return true;
    }

    /** The condition of the array-based kernels (convolution, pooling, batch norm, optimiser steps). */
    private static boolean contiguousFloat32(Tensor... tensors) {
        for (Tensor t : tensors) if (t.dtype() != DType.FLOAT32 || !t.isContiguous()) return false;
        return true;
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        KernelTrace.route(FAST_ROUTE);
        if (allFloat32(src, dst)) CpuElementwise.copy(src, dst);
        else toReference().copy(src, dst);
    }

    @Override
    public void fill(Tensor dst, double value) {
        KernelTrace.route(FAST_ROUTE);
        if (allFloat32(dst)) CpuElementwise.fill(dst, value);
        else toReference().fill(dst, value);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, double alpha, double beta, Tensor out) {
        KernelTrace.route(FAST_ROUTE);
        if (allFloat32(x, out)) CpuElementwise.unary(op, x, alpha, beta, out);
        else toReference().unary(op, x, alpha, beta, out);
    }

    @Override
    public void unaryBackward(UnaryOp op, Tensor saved, Tensor grad, double alpha, Tensor out) {
        KernelTrace.route(FAST_ROUTE);
        if (allFloat32(saved, grad, out)) CpuElementwise.unaryBackward(op, saved, grad, alpha, out);
        else toReference().unaryBackward(op, saved, grad, alpha, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        KernelTrace.route(FAST_ROUTE);
        if (allFloat32(a, b, out)) CpuElementwise.binary(op, a, b, out);
        else toReference().binary(op, a, b, out);
    }

    @Override
    public void where(Tensor condition, Tensor a, Tensor b, Tensor out) {
        KernelTrace.route(FAST_ROUTE);
        if (allFloat32(condition, a, b, out)) CpuElementwise.where(condition, a, b, out);
        else toReference().where(condition, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor out) {
        KernelTrace.route(FAST_ROUTE);
        if (allFloat32(x, out) && x.numel() > 0) CpuReductions.reduce(op, x, out);
        else if (CpuReductions.isWholeLongExtremum(op, x, out)) CpuReductions.longExtremum(op == ReduceOp.MAX, x, out);
        else toReference().reduce(op, x, out);
    }

    @Override
    public void argReduce(boolean max, Tensor x, int axis, Tensor out) {
        KernelTrace.route(FAST_ROUTE);
        if (allFloat32(x) && x.size(axis) > 0) CpuReductions.argReduce(max, x, axis, out);
        else toReference().argReduce(max, x, axis, out);
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        KernelTrace.route(FAST_ROUTE);
        if (allFloat32(a, b, out)) {
            Gemm.batched(a, b, out);
        } else {
            toReference().matmul(a, b, out);
        }
    }

    @Override
    public void softmax(Tensor x, int axis, boolean log, Tensor out) {
        KernelTrace.route(FAST_ROUTE);
        if (allFloat32(x, out)) CpuSoftmax.softmax(x, axis, log, out);
        else toReference().softmax(x, axis, log, out);
    }

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        KernelTrace.route(FAST_ROUTE);
        if (allFloat32(x, out)) CpuIndexing.gather(x, axis, index, out);
        else toReference().gather(x, axis, index, out);
    }

    @Override
    public void scatterAdd(Tensor target, int axis, Tensor index, Tensor src) {
        KernelTrace.route(FAST_ROUTE);
        if (allFloat32(target, src)) CpuIndexing.scatterAdd(target, axis, index, src);
        else toReference().scatterAdd(target, axis, index, src);
    }

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        KernelTrace.route(FAST_ROUTE);
        if (allFloat32(x, out)) CpuIndexing.indexSelect(x, axis, index, out);
        else toReference().indexSelect(x, axis, index, out);
    }

    @Override
    public void im2col(Tensor x, ConvGeometry geometry, double padValue, Tensor cols) {
        KernelTrace.route(FAST_ROUTE);
        if (contiguousFloat32(x, cols)) ConvWindows.im2col(x, geometry, (float) padValue, cols);
        else toReference().im2col(x, geometry, padValue, cols);
    }

    @Override
    public void col2im(Tensor cols, ConvGeometry geometry, Tensor out) {
        KernelTrace.route(FAST_ROUTE);
        if (contiguousFloat32(cols, out)) ConvWindows.col2im(cols, geometry, out);
        else toReference().col2im(cols, geometry, out);
    }

    @Override
    public void maxPool2d(Tensor x, ConvGeometry geometry, Tensor out, Tensor indices) {
        KernelTrace.route(FAST_ROUTE);
        if (contiguousFloat32(x, out) && indices.isContiguous()) ConvWindows.maxPool2d(x, geometry, out, indices);
        else toReference().maxPool2d(x, geometry, out, indices);
    }

    @Override
    public void conv2d(Tensor x, Tensor weight, ConvGeometry geometry, Tensor out) {
        KernelTrace.route(FAST_ROUTE);
        if (contiguousFloat32(x, weight, out)) CpuConvolution.forward(x, weight, geometry, out);
        else toReference().conv2d(x, weight, geometry, out);
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor weight, ConvGeometry geometry, Tensor gradInput) {
        KernelTrace.route(FAST_ROUTE);
        if (contiguousFloat32(gradOut, weight, gradInput)) CpuConvolution.backwardInput(gradOut, weight, geometry, gradInput);
        else toReference().conv2dBackwardInput(gradOut, weight, geometry, gradInput);
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, ConvGeometry geometry, Tensor gradWeight) {
        KernelTrace.route(FAST_ROUTE);
        if (contiguousFloat32(x, gradOut, gradWeight)) CpuConvolution.backwardWeight(x, gradOut, geometry, gradWeight);
        else toReference().conv2dBackwardWeight(x, gradOut, geometry, gradWeight);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, double beta1, double beta2, double stepSize,
                         double sqrtBiasCorrection2, double eps, double l2, double decoupledDecay) {
        KernelTrace.route(FAST_ROUTE);
        if (contiguousFloat32(param, grad, m, v)) CpuOptimizerSteps.adam(param, grad, m, v, beta1, beta2, stepSize, sqrtBiasCorrection2, eps, l2, decoupledDecay);
        else toReference().adamStep(param, grad, m, v, beta1, beta2, stepSize, sqrtBiasCorrection2, eps, l2, decoupledDecay);
    }

    @Override
    public void rmspropStep(Tensor param, Tensor grad, Tensor squareAverage, double alpha, double lr, double eps, double l2) {
        KernelTrace.route(FAST_ROUTE);
        if (contiguousFloat32(param, grad, squareAverage)) CpuOptimizerSteps.rmsprop(param, grad, squareAverage, alpha, lr, eps, l2);
        else toReference().rmspropStep(param, grad, squareAverage, alpha, lr, eps, l2);
    }

    @Override
    public void batchNormForward(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out, Tensor mean, Tensor invStd) {
        KernelTrace.route(FAST_ROUTE);
        if (contiguousFloat32(x, gamma, beta, out, mean, invStd)) CpuBatchNorm.forward(x, gamma, beta, eps, out, mean, invStd);
        else toReference().batchNormForward(x, gamma, beta, eps, out, mean, invStd);
    }

    @Override
    public void batchNormBackward(Tensor gradOut, Tensor x, Tensor gamma, Tensor mean, Tensor invStd,
                                  Tensor gradInput, Tensor gradGamma, Tensor gradBeta) {
        KernelTrace.route(FAST_ROUTE);
        if (contiguousFloat32(gradOut, x, gamma, mean, invStd, gradInput, gradGamma, gradBeta)) {
            CpuBatchNorm.backward(gradOut, x, gamma, mean, invStd, gradInput, gradGamma, gradBeta);
        } else {
            toReference().batchNormBackward(gradOut, x, gamma, mean, invStd, gradInput, gradGamma, gradBeta);
        }
    }

    @Override
    public void lstmCellForward(Tensor gates, Tensor cPrev, Tensor act, Tensor h, Tensor c) {
        KernelTrace.route(FAST_ROUTE);
        if (contiguousFloat32(gates, cPrev, act, h, c)) CpuLstmCell.forward(gates, cPrev, act, h, c);
        else toReference().lstmCellForward(gates, cPrev, act, h, c);
    }

    @Override
    public void lstmCellBackward(Tensor act, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates, Tensor dcPrev) {
        KernelTrace.route(FAST_ROUTE);
        if (contiguousFloat32(act, cPrev, c, dh, dc, dGates, dcPrev)) CpuLstmCell.backward(act, cPrev, c, dh, dc, dGates, dcPrev);
        else toReference().lstmCellBackward(act, cPrev, c, dh, dc, dGates, dcPrev);
    }

    @Override
    public void lstmSequenceForward(Tensor act, Tensor u, Tensor h0, Tensor c0, Tensor hs, Tensor cs) {
        if (contiguousFloat32(act, h0, c0, hs, cs) && u.dtype() == DType.FLOAT32) {
            KernelTrace.route(FAST_ROUTE + ", fused recurrence");
            CpuLstmSequence.forward(act, u, h0, c0, hs, cs);
        } else {
            Backend.super.lstmSequenceForward(act, u, h0, c0, hs, cs);
        }
    }

    @Override
    public void lstmSequenceBackward(Tensor act, Tensor u, Tensor c0, Tensor cs, Tensor gH, Tensor gC, Tensor dGates, Tensor dh0, Tensor dc0) {
        if (contiguousFloat32(act, c0, cs, gH, gC, dGates, dh0, dc0) && u.dtype() == DType.FLOAT32) {
            KernelTrace.route(FAST_ROUTE + ", fused recurrence");
            CpuLstmSequence.backward(act, u, c0, cs, gH, gC, dGates, dh0, dc0);
        } else {
            Backend.super.lstmSequenceBackward(act, u, c0, cs, gH, gC, dGates, dh0, dc0);
        }
    }

    @Override
    public void fillBernoulli(Tensor out, double p, Generator generator) {
        KernelTrace.route(FAST_ROUTE);
        if (contiguousFloat32(out)) CpuRandom.bernoulli(out, p, generator);
        else toReference().fillBernoulli(out, p, generator);
    }

    @Override
    public void fillUniform(Tensor out, double low, double high, Generator generator) {
        KernelTrace.route(FAST_ROUTE);
        if (contiguousFloat32(out)) CpuRandom.uniform(out, low, high, generator);
        else toReference().fillUniform(out, low, high, generator);
    }

    @Override
    public void fillNormal(Tensor out, double mean, double std, Generator generator) {
        toReference().fillNormal(out, mean, std, generator);
    }
}
