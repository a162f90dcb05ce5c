package dev.tensorj.tensor;

/** Checks and allocation for the backends' LSTM cell kernels ({@link Backend#lstmCellForward}). */
public final class LstmCellOps {
    private LstmCellOps() {
    }

    /**
     * One step from gates [B, 4H] and cPrev [B, H] into act [B, 4H] and the new h and c [B, H] given by
     * the caller (e.g. slices of a whole sequence's output); all of one dtype and device.
     */
    public static void forward(Tensor gates, Tensor cPrev, Tensor act, Tensor h, Tensor c) {
        check("lstmCell", gates, cPrev);
        expect("lstmCell", "act", act, gates.shape());
        expect("lstmCell", "h", h, cPrev.shape());
        expect("lstmCell", "c", c, cPrev.shape());
        gates.backend().lstmCellForward(gates, cPrev, act, h, c);
    }

    /** {dGates [B, 4H], dcPrev [B, H]} from the forward's act and c and the gradients dh, dc [B, H]. */
    public static Tensor[] backward(Tensor act, Tensor cPrev, Tensor c, Tensor dh, Tensor dc) {
        check("lstmCellBackward", act, cPrev);
        expect("lstmCellBackward", "c", c, cPrev.shape());
        expect("lstmCellBackward", "dh", dh, cPrev.shape());
        expect("lstmCellBackward", "dc", dc, cPrev.shape());
        Tensor dGates = Tensor.zeros(act.dtype(), act.device(), act.dims());
        Tensor dcPrev = Tensor.zeros(act.dtype(), act.device(), cPrev.dims());
        act.backend().lstmCellBackward(act, cPrev, c, dh, dc, dGates, dcPrev);
        return new Tensor[] {dGates, dcPrev};
    }

    private static void check(String op, Tensor gates, Tensor cPrev) {
        if (cPrev.rank() != 2 || gates.rank() != 2 || gates.size(0) != cPrev.size(0) || gates.size(1) != 4 * cPrev.size(1)) {
            throw new IllegalArgumentException(op + ": expects gates [B, 4H] and a cell state [B, H], got " + gates.shape() + " and " + cPrev.shape());
        }
        if (gates.dtype() != cPrev.dtype() || !gates.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expects floating tensors of one dtype, got " + gates.dtype() + " and " + cPrev.dtype());
        }
    }

    private static void expect(String op, String name, Tensor t, Shape shape) {
        if (!t.shape().equals(shape)) throw new IllegalArgumentException(op + ": " + name + " must be " + shape + ", got " + t.shape());
    }
}
