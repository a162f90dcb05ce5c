package dev.tensorj.cpu;

import dev.tensorj.tensor.BinaryOp;
import dev.tensorj.tensor.CpuStorage;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.UnaryOp;

import java.util.Arrays;

/**
 * FLOAT32 copy, fill, unary, an activation's backward, binary and where for {@link CpuBackend}. Each kernel is one
 * {@link StridedLoops} walk whose row body picks a loop by the row's steps: contiguous rows (steps 1)
 * go to {@link VectorKernels} or to plain loops the JIT vectorises, anything else to a strided loop.
 *
 * <p>Results equal the reference's bit for bit: add, sub, mul, div and sqrt rounded from float
 * operands are the same whether computed in float or in double, and every other op is computed in
 * double and rounded once, as {@code ReferenceBackend} does.
 */
final class CpuElementwise {
    private CpuElementwise() {
    }

    static float[] floats(Tensor t) {
        return ((CpuStorage) t.storage()).floats();
    }

    // ---- copy, fill ----

    static void copy(Tensor src, Tensor dst) {
        float[] s = floats(src), d = floats(dst);
        StridedLoops.forEachRow((n, at, step) -> {
            int pd = at[0], ps = at[1], sd = step[0], ss = step[1];
            if (sd == 1 && ss == 1) {
                System.arraycopy(s, ps, d, pd, n);
            } else {
                for (int i = 0; i < n; i++, pd += sd, ps += ss) d[pd] = s[ps];
            }
        }, dst, src);
    }

    static void fill(Tensor dst, double value) {
        float[] d = floats(dst);
        float v = (float) value;
        StridedLoops.forEachRow((n, at, step) -> {
            if (step[0] == 1) {
                Arrays.fill(d, at[0], at[0] + n, v);
            } else {
                for (int i = 0, p = at[0]; i < n; i++, p += step[0]) d[p] = v;
            }
        }, dst);
    }

    // ---- unary ----

    static void unary(UnaryOp op, Tensor x, double alpha, double beta, Tensor out) {
        float[] xv = floats(x), ov = floats(out);
        StridedLoops.forEachRow((n, at, step) -> unaryRow(op, alpha, beta, n, ov, at[0], step[0], xv, at[1], step[1]), out, x);
    }

    private static void unaryRow(UnaryOp op, double alpha, double beta, int n, float[] o, int po, int so, float[] x, int px, int sx) {
        if (so == 1 && sx == 1 && Simd.enabled()) { // contiguous rows: the vector loops, where there is one
            if (op == UnaryOp.RELU) {
                VectorKernels.relu(n, o, po, x, px);
                return;
            }
            if (op == UnaryOp.LEAKY_RELU) {
                VectorKernels.leakyRelu(n, o, po, x, px, alpha);
                return;
            }
            if (VectorKernels.supportsInDouble(op)) {
                VectorKernels.inDouble(op, n, o, po, x, px);
                return;
            }
        }
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++, po += so, px += sx) o[po] = -x[px];
            }
            case ABS -> {
                for (int i = 0; i < n; i++, po += so, px += sx) o[po] = Math.abs(x[px]);
            }
            case RELU -> {
                for (int i = 0; i < n; i++, po += so, px += sx) {
                    float v = x[px];
                    o[po] = v > 0 ? v : 0f * v;
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++, po += so, px += sx) o[po] = x[px] * x[px];
            }
            case SQRT -> {
                for (int i = 0; i < n; i++, po += so, px += sx) o[po] = (float) Math.sqrt(x[px]);
            }
            case RECIPROCAL -> {
                for (int i = 0; i < n; i++, po += so, px += sx) o[po] = 1f / x[px];
            }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++, po += so, px += sx) {
                    float v = x[px];
                    o[po] = v > 0 ? v : (float) (alpha * v);
                }
            }
            default -> {
                // transcendental ops cost far more than the switch in UnaryOp.apply
                for (int i = 0; i < n; i++, po += so, px += sx) o[po] = (float) op.apply(x[px], alpha, beta);
            }
        }
    }

    // ---- binary ----

    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        float[] av = floats(a), bv = floats(b), ov = floats(out);
        StridedLoops.forEachRow((n, at, step) -> binaryRow(op, n, ov, at[0], step[0], av, at[1], step[1], bv, at[2], step[2]), out, a, b);
    }

    private static void binaryRow(BinaryOp op, int n, float[] o, int po, int so, float[] a, int pa, int sa, float[] b, int pb, int sb) {
        if (Simd.enabled() && so == 1 && (sa == 1 || sb == 1) && (sa | sb) == 1 && VectorKernels.supports(op)) {
            VectorKernels.binary(op, n, o, po, a, pa, sa, b, pb, sb);
            return;
        }
        if (so == 1 && sa == 1 && sb == 1 && contiguousBinary(op, n, o, po, a, pa, b, pb)) return;
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++, po += so, pa += sa, pb += sb) o[po] = a[pa] + b[pb];
            }
            case SUB -> {
                for (int i = 0; i < n; i++, po += so, pa += sa, pb += sb) o[po] = a[pa] - b[pb];
            }
            case MUL -> {
                for (int i = 0; i < n; i++, po += so, pa += sa, pb += sb) o[po] = a[pa] * b[pb];
            }
            case DIV -> {
                for (int i = 0; i < n; i++, po += so, pa += sa, pb += sb) o[po] = a[pa] / b[pb];
            }
            case MAXIMUM -> {
                for (int i = 0; i < n; i++, po += so, pa += sa, pb += sb) o[po] = Math.max(a[pa], b[pb]);
            }
            case MINIMUM -> {
                for (int i = 0; i < n; i++, po += so, pa += sa, pb += sb) o[po] = Math.min(a[pa], b[pb]);
            }
            default -> {
                for (int i = 0; i < n; i++, po += so, pa += sa, pb += sb) o[po] = (float) op.apply(a[pa], b[pb]);
            }
        }
    }

    /**
     * The plain-Java loops for contiguous rows, indexed by i so that the JIT's auto-vectoriser takes
     * them (it does not vectorise the pointer-bumping strided loops). Returns false for other ops.
     */
    private static boolean contiguousBinary(BinaryOp op, int n, float[] o, int po, float[] a, int pa, float[] b, int pb) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) o[po + i] = a[pa + i] + b[pb + i];
            }
            case SUB -> {
                for (int i = 0; i < n; i++) o[po + i] = a[pa + i] - b[pb + i];
            }
            case MUL -> {
                for (int i = 0; i < n; i++) o[po + i] = a[pa + i] * b[pb + i];
            }
            case DIV -> {
                for (int i = 0; i < n; i++) o[po + i] = a[pa + i] / b[pb + i];
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    // ---- where ----

    /** out = grad f'(saved) for an activation f (see {@code UnaryOp.backward}): one pass, vector loops on contiguous rows. */
    static void unaryBackward(UnaryOp op, Tensor saved, Tensor grad, double alpha, Tensor out) {
        float[] sv = floats(saved), gv = floats(grad), ov = floats(out);
        StridedLoops.forEachRow((n, at, step) -> {
            int po = at[0], ps = at[1], pg = at[2];
            if (Simd.enabled() && step[0] == 1 && step[1] == 1 && step[2] == 1) {
                VectorActivationBackward.run(op, alpha, n, ov, po, sv, ps, gv, pg);
                return;
            }
            for (int i = 0; i < n; i++, po += step[0], ps += step[1], pg += step[2]) ov[po] = (float) op.backward(sv[ps], gv[pg], alpha);
        }, out, saved, grad);
    }

    static void where(Tensor condition, Tensor a, Tensor b, Tensor out) {
        float[] cv = floats(condition), av = floats(a), bv = floats(b), ov = floats(out);
        StridedLoops.forEachRow((n, at, step) -> {
            int po = at[0], pc = at[1], pa = at[2], pb = at[3];
            if (Simd.enabled() && step[0] == 1 && step[1] == 1 && step[2] == 1 && step[3] == 1) {
                VectorKernels.where(n, ov, po, cv, pc, av, pa, bv, pb);
                return;
            }
            for (int i = 0; i < n; i++, po += step[0], pc += step[1], pa += step[2], pb += step[3]) {
                ov[po] = cv[pc] != 0 ? av[pa] : bv[pb];
            }
        }, out, condition, a, b);
    }
}
