package dev.tensorj.cpu;

import dev.tensorj.tensor.BinaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;

/**
 * The vector loops of elementwise binary ops, one small method per op. The Vector API is only fast
 * when C2 inlines each vector call into a loop where the operation and the vector class are constants;
 * a shared loop calling one {@code switch (op)} helper per vector grew past the JIT's inlining limit
 * ("callee is too large" in {@code -XX:+PrintInlining}), fell back to the API's Java implementation and
 * ran 2.5x slower than the plain loop. Each method below handles the three layouts of
 * {@link VectorKernels#binary}: both operands contiguous, the second a broadcast scalar, the first one.
 */
final class VectorBinary {
    private static final VectorSpecies<Float> SPECIES = VectorKernels.SPECIES;
    private static final int LANES = SPECIES.length();
    private static final FloatVector ZERO = FloatVector.zero(SPECIES), ONE = FloatVector.broadcast(SPECIES, 1f);

    private VectorBinary() {
    }

    /** Whether {@link #run} handles this op (NE is left to the plain loop: Java's != is true for NaN). */
    static boolean supports(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM, EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    /**
     * o[po + i] = a[pa + i sa] op b[pb + i sb] for i below {@code bound} (a multiple of the lane count),
     * sa and sb each 0 or 1, not both 0. Returns where the caller's scalar tail starts.
     */
    static int run(BinaryOp op, int bound, float[] o, int po, float[] a, int pa, int sa, float[] b, int pb, int sb) {
        return switch (op) {
            case ADD -> add(bound, o, po, a, pa, sa, b, pb, sb);
            case SUB -> sub(bound, o, po, a, pa, sa, b, pb, sb);
            case MUL -> mul(bound, o, po, a, pa, sa, b, pb, sb);
            case DIV -> div(bound, o, po, a, pa, sa, b, pb, sb);
            case MAXIMUM -> maximum(bound, o, po, a, pa, sa, b, pb, sb);
            case MINIMUM -> minimum(bound, o, po, a, pa, sa, b, pb, sb);
            case EQ -> eq(bound, o, po, a, pa, sa, b, pb, sb);
            case NE -> ne(bound, o, po, a, pa, sa, b, pb, sb);
            case LT -> lt(bound, o, po, a, pa, sa, b, pb, sb);
            case LE -> le(bound, o, po, a, pa, sa, b, pb, sb);
            case GT -> gt(bound, o, po, a, pa, sa, b, pb, sb);
            case GE -> ge(bound, o, po, a, pa, sa, b, pb, sb);
            default -> throw new IllegalArgumentException("VectorBinary: unsupported op " + op);
        };
    }

    private static FloatVector at(float[] x, int p) {
        return FloatVector.fromArray(SPECIES, x, p);
    }

    /** A comparison's lanes as 1 (true) or 0 (false), like BinaryOp.apply; unordered (NaN) lanes are false. */
    private static FloatVector ones(VectorMask<Float> mask) {
        return ZERO.blend(ONE, mask);
    }

    private static int add(int bound, float[] o, int po, float[] a, int pa, int sa, float[] b, int pb, int sb) {
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += LANES) at(a, pa + i).add(at(b, pb + i)).intoArray(o, po + i);
        } else if (sa == 1) {
            FloatVector y = FloatVector.broadcast(SPECIES, b[pb]);
            for (; i < bound; i += LANES) at(a, pa + i).add(y).intoArray(o, po + i);
        } else {
            FloatVector x = FloatVector.broadcast(SPECIES, a[pa]);
            for (; i < bound; i += LANES) x.add(at(b, pb + i)).intoArray(o, po + i);
        }
        return i;
    }

    private static int sub(int bound, float[] o, int po, float[] a, int pa, int sa, float[] b, int pb, int sb) {
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += LANES) at(a, pa + i).sub(at(b, pb + i)).intoArray(o, po + i);
        } else if (sa == 1) {
            FloatVector y = FloatVector.broadcast(SPECIES, b[pb]);
            for (; i < bound; i += LANES) at(a, pa + i).sub(y).intoArray(o, po + i);
        } else {
            FloatVector x = FloatVector.broadcast(SPECIES, a[pa]);
            for (; i < bound; i += LANES) x.sub(at(b, pb + i)).intoArray(o, po + i);
        }
        return i;
    }

    private static int mul(int bound, float[] o, int po, float[] a, int pa, int sa, float[] b, int pb, int sb) {
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += LANES) at(a, pa + i).mul(at(b, pb + i)).intoArray(o, po + i);
        } else if (sa == 1) {
            FloatVector y = FloatVector.broadcast(SPECIES, b[pb]);
            for (; i < bound; i += LANES) at(a, pa + i).mul(y).intoArray(o, po + i);
        } else {
            FloatVector x = FloatVector.broadcast(SPECIES, a[pa]);
            for (; i < bound; i += LANES) x.mul(at(b, pb + i)).intoArray(o, po + i);
        }
        return i;
    }

    private static int div(int bound, float[] o, int po, float[] a, int pa, int sa, float[] b, int pb, int sb) {
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += LANES) at(a, pa + i).div(at(b, pb + i)).intoArray(o, po + i);
        } else if (sa == 1) {
            FloatVector y = FloatVector.broadcast(SPECIES, b[pb]);
            for (; i < bound; i += LANES) at(a, pa + i).div(y).intoArray(o, po + i);
        } else {
            FloatVector x = FloatVector.broadcast(SPECIES, a[pa]);
            for (; i < bound; i += LANES) x.div(at(b, pb + i)).intoArray(o, po + i);
        }
        return i;
    }

    private static int maximum(int bound, float[] o, int po, float[] a, int pa, int sa, float[] b, int pb, int sb) {
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += LANES) at(a, pa + i).max(at(b, pb + i)).intoArray(o, po + i);
        } else if (sa == 1) {
            FloatVector y = FloatVector.broadcast(SPECIES, b[pb]);
            for (; i < bound; i += LANES) at(a, pa + i).max(y).intoArray(o, po + i);
        } else {
            FloatVector x = FloatVector.broadcast(SPECIES, a[pa]);
            for (; i < bound; i += LANES) x.max(at(b, pb + i)).intoArray(o, po + i);
        }
        return i;
    }

    private static int minimum(int bound, float[] o, int po, float[] a, int pa, int sa, float[] b, int pb, int sb) {
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += LANES) at(a, pa + i).min(at(b, pb + i)).intoArray(o, po + i);
        } else if (sa == 1) {
            FloatVector y = FloatVector.broadcast(SPECIES, b[pb]);
            for (; i < bound; i += LANES) at(a, pa + i).min(y).intoArray(o, po + i);
        } else {
            FloatVector x = FloatVector.broadcast(SPECIES, a[pa]);
            for (; i < bound; i += LANES) x.min(at(b, pb + i)).intoArray(o, po + i);
        }
        return i;
    }

    private static int eq(int bound, float[] o, int po, float[] a, int pa, int sa, float[] b, int pb, int sb) {
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += LANES) ones(at(a, pa + i).compare(EQ, at(b, pb + i))).intoArray(o, po + i);
        } else if (sa == 1) {
            FloatVector y = FloatVector.broadcast(SPECIES, b[pb]);
            for (; i < bound; i += LANES) ones(at(a, pa + i).compare(EQ, y)).intoArray(o, po + i);
        } else {
            FloatVector x = FloatVector.broadcast(SPECIES, a[pa]);
            for (; i < bound; i += LANES) ones(x.compare(EQ, at(b, pb + i))).intoArray(o, po + i);
        }
        return i;
    }

    /** a != b as Java has it: true where either is NaN. */
    private static int ne(int bound, float[] o, int po, float[] a, int pa, int sa, float[] b, int pb, int sb) {
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += LANES) ones(at(a, pa + i).compare(NE, at(b, pb + i))).intoArray(o, po + i);
        } else if (sa == 1) {
            FloatVector y = FloatVector.broadcast(SPECIES, b[pb]);
            for (; i < bound; i += LANES) ones(at(a, pa + i).compare(NE, y)).intoArray(o, po + i);
        } else {
            FloatVector x = FloatVector.broadcast(SPECIES, a[pa]);
            for (; i < bound; i += LANES) ones(x.compare(NE, at(b, pb + i))).intoArray(o, po + i);
        }
        return i;
    }

    private static int lt(int bound, float[] o, int po, float[] a, int pa, int sa, float[] b, int pb, int sb) {
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += LANES) ones(at(a, pa + i).compare(LT, at(b, pb + i))).intoArray(o, po + i);
        } else if (sa == 1) {
            FloatVector y = FloatVector.broadcast(SPECIES, b[pb]);
            for (; i < bound; i += LANES) ones(at(a, pa + i).compare(LT, y)).intoArray(o, po + i);
        } else {
            FloatVector x = FloatVector.broadcast(SPECIES, a[pa]);
            for (; i < bound; i += LANES) ones(x.compare(LT, at(b, pb + i))).intoArray(o, po + i);
        }
        return i;
    }

    private static int le(int bound, float[] o, int po, float[] a, int pa, int sa, float[] b, int pb, int sb) {
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += LANES) ones(at(a, pa + i).compare(LE, at(b, pb + i))).intoArray(o, po + i);
        } else if (sa == 1) {
            FloatVector y = FloatVector.broadcast(SPECIES, b[pb]);
            for (; i < bound; i += LANES) ones(at(a, pa + i).compare(LE, y)).intoArray(o, po + i);
        } else {
            FloatVector x = FloatVector.broadcast(SPECIES, a[pa]);
            for (; i < bound; i += LANES) ones(x.compare(LE, at(b, pb + i))).intoArray(o, po + i);
        }
        return i;
    }

    private static int gt(int bound, float[] o, int po, float[] a, int pa, int sa, float[] b, int pb, int sb) {
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += LANES) ones(at(a, pa + i).compare(GT, at(b, pb + i))).intoArray(o, po + i);
        } else if (sa == 1) {
            FloatVector y = FloatVector.broadcast(SPECIES, b[pb]);
            for (; i < bound; i += LANES) ones(at(a, pa + i).compare(GT, y)).intoArray(o, po + i);
        } else {
            FloatVector x = FloatVector.broadcast(SPECIES, a[pa]);
            for (; i < bound; i += LANES) ones(x.compare(GT, at(b, pb + i))).intoArray(o, po + i);
        }
        return i;
    }

    private static int ge(int bound, float[] o, int po, float[] a, int pa, int sa, float[] b, int pb, int sb) {
        int i = 0;
        if (sa == 1 && sb == 1) {
            for (; i < bound; i += LANES) ones(at(a, pa + i).compare(GE, at(b, pb + i))).intoArray(o, po + i);
        } else if (sa == 1) {
            FloatVector y = FloatVector.broadcast(SPECIES, b[pb]);
            for (; i < bound; i += LANES) ones(at(a, pa + i).compare(GE, y)).intoArray(o, po + i);
        } else {
            FloatVector x = FloatVector.broadcast(SPECIES, a[pa]);
            for (; i < bound; i += LANES) ones(x.compare(GE, at(b, pb + i))).intoArray(o, po + i);
        }
        return i;
    }
}
