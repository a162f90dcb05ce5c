package dev.tensorj.tensor.cpu;

import dev.tensorj.tensor.Generator;

import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.BinaryOp;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.ReduceOp;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.UnaryOp;
import dev.tensorj.tensor.reference.ReferenceBackend;

/**
 * The fast FLOAT32 path: cache-blocked, vectorised where the Vector API is present, multithreaded over
 * {@link Parallel}'s workers. Every kernel it does not specialise (other dtypes, rare layouts) falls
 * back to the {@link ReferenceBackend} it extends, which is also the oracle its tests compare with.
 *
 * <p>This class only dispatches: the kernels live in {@link CpuElementwise}, {@link CpuReductions},
 * {@link CpuSoftmax}, {@link CpuIndexing} and {@link Gemm}, all walking tensors with {@link StridedLoops}.
 */
public class CpuBackend extends ReferenceBackend {
    public static final CpuBackend INSTANCE = new CpuBackend();

    protected CpuBackend() {
    }

    @Override
    public String name() {
        return "cpu";
    }

    /**
     * Bits per vector of the SIMD kernels: 512 on a machine with AVX-512, else 256 (or what
     * {@code -Dtensorj.vector.bits} forces); 0 when they are off (no {@code jdk.incubator.vector} module,
     * or {@code -Dtensorj.vector=false}).
     */
    public static int vectorBits() {
        return Simd.AVAILABLE ? 32 * Simd.lanes() : 0;
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
        if (allFloat32(src, dst)) CpuElementwise.copy(src, dst);
        else super.copy(src, dst);
    }

    @Override
    public void fill(Tensor dst, double value) {
        if (allFloat32(dst)) CpuElementwise.fill(dst, value);
        else super.fill(dst, value);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, double alpha, double beta, Tensor out) {
        if (allFloat32(x, out)) CpuElementwise.unary(op, x, alpha, beta, out);
        else super.unary(op, x, alpha, beta, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (allFloat32(a, b, out)) CpuElementwise.binary(op, a, b, out);
        else super.binary(op, a, b, out);
    }

    @Override
    public void where(Tensor condition, Tensor a, Tensor b, Tensor out) {
        if (allFloat32(condition, a, b, out)) CpuElementwise.where(condition, a, b, out);
        else super.where(condition, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor out) {
        if (allFloat32(x, out) && x.numel() > 0) CpuReductions.reduce(op, x, out);
        else if (CpuReductions.isWholeLongExtremum(op, x, out)) CpuReductions.longExtremum(op == ReduceOp.MAX, x, out);
        else super.reduce(op, x, out);
    }

    @Override
    public void argReduce(boolean max, Tensor x, int axis, Tensor out) {
        if (allFloat32(x) && x.size(axis) > 0) CpuReductions.argReduce(max, x, axis, out);
        else super.argReduce(max, x, axis, out);
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        if (allFloat32(a, b, out)) {
            Gemm.batched(a, b, out);
        } else {
            super.matmul(a, b, out);
        }
    }

    @Override
    public void softmax(Tensor x, int axis, boolean log, Tensor out) {
        if (allFloat32(x, out)) CpuSoftmax.softmax(x, axis, log, out);
        else super.softmax(x, axis, log, out);
    }

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        if (allFloat32(x, out)) CpuIndexing.gather(x, axis, index, out);
        else super.gather(x, axis, index, out);
    }

    @Override
    public void scatterAdd(Tensor target, int axis, Tensor index, Tensor src) {
        if (allFloat32(target, src)) CpuIndexing.scatterAdd(target, axis, index, src);
        else super.scatterAdd(target, axis, index, src);
    }

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        if (allFloat32(x, out)) CpuIndexing.indexSelect(x, axis, index, out);
        else super.indexSelect(x, axis, index, out);
    }

    @Override
    public void im2col(Tensor x, ConvGeometry geometry, double padValue, Tensor cols) {
        if (contiguousFloat32(x, cols)) CpuConv.im2col(x, geometry, (float) padValue, cols);
        else super.im2col(x, geometry, padValue, cols);
    }

    @Override
    public void col2im(Tensor cols, ConvGeometry geometry, Tensor out) {
        if (contiguousFloat32(cols, out)) CpuConv.col2im(cols, geometry, out);
        else super.col2im(cols, geometry, out);
    }

    @Override
    public void maxPool2d(Tensor x, ConvGeometry geometry, Tensor out, Tensor indices) {
        if (contiguousFloat32(x, out) && indices.isContiguous()) CpuConv.maxPool2d(x, geometry, out, indices);
        else super.maxPool2d(x, geometry, out, indices);
    }

    @Override
    public void conv2d(Tensor x, Tensor weight, ConvGeometry geometry, Tensor out) {
        if (contiguousFloat32(x, weight, out)) CpuConvolution.forward(x, weight, geometry, out);
        else super.conv2d(x, weight, geometry, out);
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor weight, ConvGeometry geometry, Tensor gradInput) {
        if (contiguousFloat32(gradOut, weight, gradInput)) CpuConvolution.backwardInput(gradOut, weight, geometry, gradInput);
        else super.conv2dBackwardInput(gradOut, weight, geometry, gradInput);
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, ConvGeometry geometry, Tensor gradWeight) {
        if (contiguousFloat32(x, gradOut, gradWeight)) CpuConvolution.backwardWeight(x, gradOut, geometry, gradWeight);
        else super.conv2dBackwardWeight(x, gradOut, geometry, gradWeight);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, double beta1, double beta2, double stepSize,
                         double sqrtBiasCorrection2, double eps, double l2, double decoupledDecay) {
        if (contiguousFloat32(param, grad, m, v)) CpuOptimizerSteps.adam(param, grad, m, v, beta1, beta2, stepSize, sqrtBiasCorrection2, eps, l2, decoupledDecay);
        else super.adamStep(param, grad, m, v, beta1, beta2, stepSize, sqrtBiasCorrection2, eps, l2, decoupledDecay);
    }

    @Override
    public void rmspropStep(Tensor param, Tensor grad, Tensor squareAverage, double alpha, double lr, double eps, double l2) {
        if (contiguousFloat32(param, grad, squareAverage)) CpuOptimizerSteps.rmsprop(param, grad, squareAverage, alpha, lr, eps, l2);
        else super.rmspropStep(param, grad, squareAverage, alpha, lr, eps, l2);
    }

    @Override
    public void batchNormForward(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out, Tensor mean, Tensor invStd) {
        if (contiguousFloat32(x, gamma, beta, out, mean, invStd)) CpuBatchNorm.forward(x, gamma, beta, eps, out, mean, invStd);
        else super.batchNormForward(x, gamma, beta, eps, out, mean, invStd);
    }

    @Override
    public void batchNormBackward(Tensor gradOut, Tensor x, Tensor gamma, Tensor mean, Tensor invStd,
                                  Tensor gradInput, Tensor gradGamma, Tensor gradBeta) {
        if (contiguousFloat32(gradOut, x, gamma, mean, invStd, gradInput, gradGamma, gradBeta)) {
            CpuBatchNorm.backward(gradOut, x, gamma, mean, invStd, gradInput, gradGamma, gradBeta);
        } else {
            super.batchNormBackward(gradOut, x, gamma, mean, invStd, gradInput, gradGamma, gradBeta);
        }
    }

    @Override
    public void lstmCellForward(Tensor gates, Tensor cPrev, Tensor act, Tensor h, Tensor c) {
        if (contiguousFloat32(gates, cPrev, act, h, c)) CpuLstmCell.forward(gates, cPrev, act, h, c);
        else super.lstmCellForward(gates, cPrev, act, h, c);
    }

    @Override
    public void lstmCellBackward(Tensor act, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates, Tensor dcPrev) {
        if (contiguousFloat32(act, cPrev, c, dh, dc, dGates, dcPrev)) CpuLstmCell.backward(act, cPrev, c, dh, dc, dGates, dcPrev);
        else super.lstmCellBackward(act, cPrev, c, dh, dc, dGates, dcPrev);
    }

    @Override
    public void fillBernoulli(Tensor out, double p, Generator generator) {
        if (contiguousFloat32(out)) CpuRandom.bernoulli(out, p, generator);
        else super.fillBernoulli(out, p, generator);
    }

    @Override
    public void fillUniform(Tensor out, double low, double high, Generator generator) {
        if (contiguousFloat32(out)) CpuRandom.uniform(out, low, high, generator);
        else super.fillUniform(out, low, high, generator);
    }
}
