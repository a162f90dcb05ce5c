package dev.tensorj.tensor;

/**
 * Checks and dispatch for the backends' fused optimiser updates (used by nn's Adam and RMSprop). All
 * tensors are updated in place and must share shape, dtype and device; their version counters move.
 */
public final class OptimizerSteps {
    private OptimizerSteps() {
    }

    /**
     * One Adam/AdamW step on every element of {@code param}, in place (the math is {@link Backend#adamStep}'s); m and v are the moment
     * buffers.
     */
    public static void adam(Tensor param, Tensor grad, Tensor m, Tensor v, double beta1, double beta2, double stepSize,
                            double sqrtBiasCorrection2, double eps, double l2, double decoupledDecay) {
        check("adamStep", param, grad, m, v);
        param.backend().adamStep(param, grad, m, v, beta1, beta2, stepSize, sqrtBiasCorrection2, eps, l2, decoupledDecay);
        bump(param, m, v);
    }

    /** One RMSprop step on every element of {@code param}, in place (the math is {@link Backend#rmspropStep}'s). */
    public static void rmsprop(Tensor param, Tensor grad, Tensor squareAverage, double alpha, double lr, double eps, double l2) {
        check("rmspropStep", param, grad, squareAverage);
        param.backend().rmspropStep(param, grad, squareAverage, alpha, lr, eps, l2);
        bump(param, squareAverage);
    }

    private static void check(String op, Tensor param, Tensor... others) {
        for (Tensor t : others) {
            Tensor.checkSameDevice(op, param, t);
            if (!t.shape().equals(param.shape()) || t.dtype() != param.dtype()) {
                throw new IllegalArgumentException(op + ": parameter " + param.shape() + " " + param.dtype() + " and state " + t.shape() + " " + t.dtype()
                        + " must have the same shape and dtype");
            }
        }
    }

    private static void bump(Tensor... tensors) {
        for (Tensor t : tensors) t.storage().bumpVersion();
    }
}
