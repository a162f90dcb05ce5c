package dev.tensorj.autograd;

import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.List;
import java.util.function.Function;

import static dev.tensorj.autograd.OpSpec.firstOrderOnly;
import static dev.tensorj.autograd.OpSpec.op;
import static dev.tensorj.autograd.Samples.*;

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
        Variable out = Node.record("batchNorm", r[0], (ctx, grad) -> {
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
    /**
     * PyTorch's {@code F.batch_norm}: in training, {@link #batchNormTrain} normalises with the batch statistics
     * and the running statistics move towards them, running = (1 - momentum) running + momentum batch, with
     * the unbiased batch variance (n / (n - 1)); in evaluation, {@link #batchNormEval} uses the running ones.
     * weight and bias may be null (no affine part).
     */
    static Variable batchNorm(Variable x, Tensor runningMean, Tensor runningVar, Variable weight, Variable bias,
                              boolean training, double momentum, double eps) {
        int channels = runningMean.numel();
        if (x.data().rank() < 2 || x.data().size(1) != channels || runningVar.numel() != channels) {
            throw new IllegalArgumentException("batchNorm: expects input [N, " + channels + ", ...] for running statistics of "
                    + channels + " channels, got input " + x.data().shape() + " and running_var " + runningVar.shape());
        }
        Variable gamma = weight != null ? weight : new Variable(Tensor.ones(x.data().dtype(), channels).to(x.data().device()), false);
        Variable beta = bias != null ? bias : new Variable(Tensor.zeros(x.data().dtype(), x.data().device(), channels), false);
        if (!training) return batchNormEval(x, runningMean, runningVar, gamma, beta, eps);
        Result r = batchNormTrain(x, gamma, beta, eps);
        try (var noGrad = Grad.disabled()) {
            int n = x.data().numel() / channels;
            Tensor unbiased = r.batchVariance().reshape(channels).mul(n / (double) Math.max(1, n - 1));
            runningMean.mulInPlace(1 - momentum).addInPlace(r.batchMean().reshape(channels).to(runningMean.dtype()), momentum);
            runningVar.mulInPlace(1 - momentum).addInPlace(unbiased.to(runningVar.dtype()), momentum);
        }
        return r.output();
    }

    /**
     * Inverted dropout: each element is zeroed with probability p and the rest scaled by 1 / (1 - p), so
     * the expected value is unchanged; the gradient is the same mask times the same scale. The identity
     * outside training.
     */
    static Variable dropout(Variable x, double p, boolean training, dev.tensorj.tensor.Generator generator) {
        if (p < 0 || p >= 1) throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
        if (!training || p == 0) return x;
        Tensor mask = Tensor.bernoulli(1 - p, generator, x.data().dims()).to(x.data().dtype());
        if (!mask.device().equals(x.data().device())) mask = mask.to(x.data().device());
        return x.mul(new Variable(mask.mul(1 / (1 - p)), false));
    }

    /**
     * Batch norm with fixed statistics (inference): (x - mean) / sqrt(variance + eps) * gamma + beta over channel axis 1; mean and variance
     * are [C], gamma and beta may be null.
     */
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

    // ---- Gradcheck declarations: collected by OpRegistry, run by GradCheckRegistryTest, listed in docs/derivatives.md ----

    /** This family's ops as gradcheck declarations: sample inputs in each op's domain, its derivative, its tolerances. */
    static List<OpSpec> ops() {
        return List.of(
                firstOrderOnly("batchNorm", "training: as batchNormTrain; the running statistics are not differentiated",
                        inputs(g -> normal(g, 4, 3, 2), g -> normal(g, 3), g -> normal(g, 3)),
                        v -> batchNorm(v[0], Tensor.zeros(DType.FLOAT64, 3), Tensor.ones(DType.FLOAT64, 3),
                                v[1], v[2], true, 0.1, 1e-5)),
                op("dropout", "the same mask, scaled by 1 / (1 - p)", inputs(M34), v -> dropout(v[0], 0.4, true, new Generator(5))),
                firstOrderOnly("batchNormTrain", "fused: dbeta = sum dy, dgamma = sum dy x̂, dx = gamma invStd / M (M dy - dbeta - x̂ dgamma)",
                        inputs(g -> normal(g, 4, 3, 2, 2), g -> normal(g, 3), g -> normal(g, 3)), v -> Norm.batchNormTrain(v[0], v[1], v[2], 1e-5).output()),
                op("batchNormTrain(composite)", "through the batch mean and variance (composite of reductions)", inputs(g -> normal(g, 4, 3, 2, 2), g -> normal(g, 3), g -> normal(g, 3)),
                        v -> Norm.batchNormTrainComposite(v[0], v[1], v[2], 1e-5).output()),
                firstOrderOnly("batchNorm1d", "as batchNormTrain on [N, C]", inputs(g -> normal(g, 6, 3), g -> normal(g, 3), g -> normal(g, 3)),
                        v -> Norm.batchNormTrain(v[0], v[1], v[2], 1e-5).output()),
                op("batchNormEval", "(x - mean) / sqrt(var + eps) * gamma + beta with fixed statistics", inputs(g -> normal(g, 4, 3), g -> normal(g, 3), g -> normal(g, 3)),
                        v -> Norm.batchNormEval(v[0], Tensor.of(0.5f, -1f, 2f).to(DType.FLOAT64), Tensor.of(1f, 2f, 0.5f).to(DType.FLOAT64), v[1], v[2], 1e-5)));
    }
}
