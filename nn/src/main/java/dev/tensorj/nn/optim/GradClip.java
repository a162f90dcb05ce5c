package dev.tensorj.nn.optim;

import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Tensor;

import java.util.List;

/** Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Scales all gradients together so that their joint L2 norm is at most maxNorm:
     * g = g * min(1, maxNorm / (||g|| + 1e-6)). Returns the norm before clipping.
     */
    public static double clipGradNorm(List<Variable> params, double maxNorm) {
        double sumOfSquares = 0;
        for (Variable p : params) if (p.grad() != null) sumOfSquares += p.grad().square().sum().item();
        double norm = Math.sqrt(sumOfSquares);
        double scale = maxNorm / (norm + 1e-6);
        if (scale < 1) for (Variable p : params) if (p.grad() != null) p.grad().mulInPlace(scale);
        return norm;
    }

    /** Clamps every gradient element to [-limit, limit]. */
    public static void clipGradValue(List<Variable> params, double limit) {
        for (Variable p : params) {
            Tensor g = p.grad();
            if (g != null) g.copyFrom(g.clamp(-limit, limit));
        }
    }
}
