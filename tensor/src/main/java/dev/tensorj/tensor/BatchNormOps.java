package dev.tensorj.tensor;

/** Checks and allocation for the backends' batch-norm kernels (statistics over all axes but axis 1). */
public final class BatchNormOps {
    private BatchNormOps() {
    }

    /** {output, mean [C], invStd [C]} of training-mode batch norm; gamma and beta are [C]. */
    public static Tensor[] forward(Tensor x, Tensor gamma, Tensor beta, double eps) {
        int c = check("batchNorm", x, gamma, beta);
        Tensor out = Tensor.zeros(x.dtype(), x.device(), x.dims());
        Tensor mean = Tensor.zeros(x.dtype(), x.device(), c), invStd = Tensor.zeros(x.dtype(), x.device(), c);
        x.backend().batchNormForward(x, gamma.to(x.dtype()), beta.to(x.dtype()), eps, out, mean, invStd);
        return new Tensor[] {out, mean, invStd};
    }

    /** {dx, dgamma, dbeta}. */
    public static Tensor[] backward(Tensor gradOut, Tensor x, Tensor gamma, Tensor mean, Tensor invStd) {
        int c = check("batchNormBackward", x, gamma, mean);
        Tensor dx = Tensor.zeros(x.dtype(), x.device(), x.dims());
        Tensor dGamma = Tensor.zeros(x.dtype(), x.device(), c), dBeta = Tensor.zeros(x.dtype(), x.device(), c);
        x.backend().batchNormBackward(gradOut, x, gamma.to(x.dtype()), mean, invStd, dx, dGamma, dBeta);
        return new Tensor[] {dx, dGamma, dBeta};
    }

    private static int check(String op, Tensor x, Tensor a, Tensor b) {
        if (x.rank() < 2 || x.size(0) == 0) throw new IllegalArgumentException(op + ": expects a non-empty [N, C, ...], got " + x.shape());
        int c = x.size(1);
        if (a.rank() != 1 || a.size(0) != c || b.rank() != 1 || b.size(0) != c) {
            throw new IllegalArgumentException(op + ": per-channel tensors must be [" + c + "], got " + a.shape() + " and " + b.shape());
        }
        return c;
    }
}
