package dev.tensorj.autograd;

import dev.tensorj.tensor.Tensor;

/**
 * Batch normalisation, composed from reductions and arithmetic so that its backward — through the
 * batch mean and variance — comes from theirs:
 * <pre>  y = (x - mean_B(x)) / sqrt(var_B(x) + eps) * gamma + beta</pre>
 * with statistics over every axis but the channel axis 1 (N for [N, C], N, H, W for [N, C, H, W]).
 */
public final class Norm {
    private Norm() {
    }

    /** The axes the statistics are taken over: all but axis 1. */
    static int[] statisticAxes(int rank) {
        int[] axes = new int[rank - 1];
        axes[0] = 0;
        for (int i = 2; i < rank; i++) axes[i - 1] = i;
        return axes;
    }

    /**
     * Training-mode batch norm: normalises with the batch's own mean and (biased) variance, and returns
     * them too so the caller can update running statistics. gamma/beta may be null (affine off).
     */
    public static Result batchNormTrain(Variable x, Variable gamma, Variable beta, double eps) {
        if (x.data().rank() < 2) throw new IllegalArgumentException("batchNorm: expects [N, C, ...], got " + x.data().shape());
        int channels = x.data().size(1);
        Tensor g = gamma != null ? gamma.data() : Tensor.ones(x.data().dtype(), channels);
        Tensor b = beta != null ? beta.data() : Tensor.zeros(x.data().dtype(), channels);
        Tensor input = x.data().contiguous();
        Tensor[] r = dev.tensorj.tensor.BatchNormOps.forward(input, g, b, eps);
        Tensor mean = r[1], invStd = r[2];
        Variable gammaVar = gamma != null ? gamma : new Variable(g, false), betaVar = beta != null ? beta : new Variable(b, false);
        // the fused kernel's backward (first order): see Backend.batchNormBackward for the formula
        Variable out = Function.record("batchNorm", r[0], (ctx, grad) -> {
            Tensor[] d = dev.tensorj.tensor.BatchNormOps.backward(grad.data().contiguous(), input, ctx.input(1).data(), mean, invStd);
            return new Variable[] {new Variable(d[0], false), new Variable(d[1], false), new Variable(d[2], false)};
        }, x, gammaVar, betaVar);
        int[] view = channelView(x.data().rank(), channels);
        Tensor variance = invStd.square().reciprocal().sub(eps).reshape(view);
        return new Result(out, mean.reshape(view), variance);
    }

    /** The composite version (twice differentiable), which the fused kernel is checked against. */
    static Result batchNormTrainComposite(Variable x, Variable gamma, Variable beta, double eps) {
        int rank = x.data().rank();
        if (rank < 2) throw new IllegalArgumentException("batchNorm: expects [N, C, ...], got " + x.data().shape());
        int[] axes = statisticAxes(rank);
        Variable mean = x.mean(axes, true);
        Variable centred = x.sub(mean);
        Variable variance = centred.square().mean(axes, true);
        Variable y = centred.mul(variance.add(eps).rsqrt());
        return new Result(affine(y, gamma, beta), mean.data(), variance.data());
    }

    /** Eval-mode batch norm with given (running) statistics, each of shape [C]. */
    public static Variable batchNormEval(Variable x, Tensor mean, Tensor variance, Variable gamma, Variable beta, double eps) {
        int[] view = channelView(x.data().rank(), x.data().size(1));
        Variable m = new Variable(mean.reshape(view), false);
        Variable inv = new Variable(variance.reshape(view).add(eps).rsqrt(), false);
        return affine(x.sub(m).mul(inv), gamma, beta);
    }

    private static Variable affine(Variable y, Variable gamma, Variable beta) {
        int[] view = channelView(y.data().rank(), y.data().size(1));
        if (gamma != null) y = y.mul(gamma.reshape(view));
        if (beta != null) y = y.add(beta.reshape(view));
        return y;
    }

    private static int[] channelView(int rank, int channels) {
        int[] view = new int[rank];
        java.util.Arrays.fill(view, 1);
        view[1] = channels;
        return view;
    }

    /** The output and the batch statistics (keep-dim shape) it used. */
    public record Result(Variable output, Tensor batchMean, Tensor batchVariance) {
    }
}
