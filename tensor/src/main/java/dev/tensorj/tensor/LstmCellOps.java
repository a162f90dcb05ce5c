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

    /**
     * The recurrence of a whole sequence ({@link Backend#lstmSequenceForward}): act [T, B, 4H] holds the input
     * projections on entry and the activations on return; u = W_hh [4H, H]; h0, c0 [B, H]; hs, cs [T, B, H].
     */
    public static void sequenceForward(Tensor act, Tensor u, Tensor h0, Tensor c0, Tensor hs, Tensor cs) {
        String op = "lstmSequence";
        Shape[] shapes = checkSequence(op, act, u, h0, c0, hs, cs);
        expect(op, "h0", h0, shapes[0]);
        expect(op, "c0", c0, shapes[0]);
        expect(op, "the hidden states", hs, shapes[1]);
        expect(op, "the cell states", cs, shapes[1]);
        act.backend().lstmSequenceForward(act, u, h0, c0, hs, cs);
    }

    /** Its backpropagation through time ({@link Backend#lstmSequenceBackward}), into dGates [T, B, 4H], dh0 and dc0 [B, H]. */
    public static void sequenceBackward(Tensor act, Tensor u, Tensor c0, Tensor cs, Tensor gH, Tensor gC, Tensor dGates, Tensor dh0, Tensor dc0) {
        String op = "lstmSequenceBackward";
        Shape[] shapes = checkSequence(op, act, u, c0, cs, gH, gC, dGates, dh0, dc0);
        expect(op, "c0", c0, shapes[0]);
        expect(op, "the cell states", cs, shapes[1]);
        expect(op, "gH", gH, shapes[1]);
        expect(op, "gC", gC, shapes[1]);
        expect(op, "dGates", dGates, act.shape());
        expect(op, "dh0", dh0, shapes[0]);
        expect(op, "dc0", dc0, shapes[0]);
        act.backend().lstmSequenceBackward(act, u, c0, cs, gH, gC, dGates, dh0, dc0);
    }

    /** Checks act [T, B, 4H], W_hh [4H, H] and that every tensor has act's dtype; returns the shapes {[B, H], [T, B, H]}. */
    private static Shape[] checkSequence(String op, Tensor act, Tensor u, Tensor... others) {
        if (act.rank() != 3 || act.size(0) == 0 || act.size(2) % 4 != 0) {
            throw new IllegalArgumentException(op + ": expects act [T, B, 4H] with T >= 1, got " + act.shape());
        }
        int steps = act.size(0), batch = act.size(1), h = act.size(2) / 4;
        expect(op, "W_hh", u, Shape.of(4 * h, h));
        for (Tensor t : others) sameDtype(op, act, t);
        sameDtype(op, act, u);
        return new Shape[] {Shape.of(batch, h), Shape.of(steps, batch, h)};
    }

    private static void sameDtype(String op, Tensor first, Tensor t) {
        if (t.dtype() != first.dtype()) throw new IllegalArgumentException(op + ": expects tensors of one dtype, got " + first.dtype() + " and " + t.dtype());
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
