package dev.tensorj.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * Deterministic horizontal sums. {@code reduceLanes(ADD)} on floats may add the lanes in a different
 * order in interpreted and JIT-compiled code, so the same program could give different last bits
 * depending on when the JIT kicked in; summing lane 0, 1, 2, ... in order keeps CPU runs bit-identical.
 */
final class Lanes {
    private Lanes() {
    }

    static float sum(FloatVector v) {
        float s = 0;
        for (int i = 0; i < v.length(); i++) s += v.lane(i);
        return s;
    }
}
