package dev.tensorj.cpu;

import dev.tensorj.tensor.Tensor;

import java.util.Arrays;

/**
 * The one loop nest every fast CPU kernel runs on: it walks several strided operands of one shape
 * together, in row-major order, and hands a kernel <em>rows</em>, runs along the innermost axis where
 * operand {@code k}'s elements sit at {@code starts[k] + i * steps[k]} for {@code i < length}. The
 * kernel's inner loop then sees steps of 1 (contiguous), 0 (broadcast) or k (strided) and can be
 * specialised on them.
 *
 * <p>Before walking, the layout is simplified (as in {@link dev.tensorj.tensor.Indexer}, but once per
 * call instead of per element):
 * <ol>
 *   <li>axes of size 1 are dropped (their stride never matters);</li>
 *   <li>neighbouring axes {@code i, i + 1} are merged when every operand has
 *       {@code stride[i] == stride[i + 1] * size[i + 1]}, so contiguous tensors become one long row
 *       and a bias broadcast over a batch keeps its [B, N] form with steps (1, 0).</li>
 * </ol>
 * Rows longer than {@link #CHUNK} are cut into chunks, and the work is spread over {@link Parallel}'s
 * workers in ranges of at least {@code grain} elements, so a 4x4 tensor runs on the calling thread.
 */
final class StridedLoops {
    /** Fewest elements worth handing to another thread (about 10-20 microseconds of simple work). */
    static final int GRAIN = 1 << 15;
    /** Longest piece of a row processed as one unit of work (a multiple of every vector length). */
    static final int CHUNK = 1 << 13;

    private StridedLoops() {
    }

    /** A kernel's inner loop: {@code length} elements, operand k at {@code starts[k] + i * steps[k]}. */
    @FunctionalInterface
    interface RowBody {
        void run(int length, int[] starts, int[] steps);
    }

    /** Walks the operands (all of one shape) in parallel; the body must be safe to run on disjoint rows at once. */
    static void forEachRow(RowBody body, Tensor... operands) {
        walk(GRAIN, true, body, operands);
    }

    /**
     * As {@link #forEachRow}, with the grain given in elements (use {@code GRAIN / work per element}
     * when each element stands for a whole line of work, e.g. one softmax row).
     */
    static void forEachRow(int grain, RowBody body, Tensor... operands) {
        walk(grain, true, body, operands);
    }

    /** Walks on the calling thread, in row-major order (for kernels whose rows may write the same place). */
    static void forEachRowSerial(RowBody body, Tensor... operands) {
        walk(Integer.MAX_VALUE, false, body, operands);
    }

    /** The simplified layout: sizes of the kept axes and each operand's strides along them. */
    record Layout(int[] dims, int[][] strides, int[] offsets) {
        int rank() {
            return dims.length;
        }

        int innerLength() {
            return dims.length == 0 ? 1 : dims[dims.length - 1];
        }

        int innerStride(int operand) {
            return dims.length == 0 ? 0 : strides[operand][dims.length - 1];
        }
    }

    /** Drops size-1 axes and merges axes that are contiguous with their neighbour in every operand. */
    static Layout simplify(int[] shape, int[][] operandStrides, int[] offsets) {
        int n = operandStrides.length;
        int[] dims = new int[shape.length];
        int[][] strides = new int[n][shape.length];
        int rank = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] == 1) continue;
            boolean merge = rank > 0;
            for (int k = 0; k < n && merge; k++) {
                merge = strides[k][rank - 1] == operandStrides[k][axis] * shape[axis];
            }
            if (merge) {
                dims[rank - 1] *= shape[axis];
                for (int k = 0; k < n; k++) strides[k][rank - 1] = operandStrides[k][axis];
            } else {
                dims[rank] = shape[axis];
                for (int k = 0; k < n; k++) strides[k][rank] = operandStrides[k][axis];
                rank++;
            }
        }
        int[][] trimmed = new int[n][];
        for (int k = 0; k < n; k++) trimmed[k] = Arrays.copyOf(strides[k], rank);
        return new Layout(Arrays.copyOf(dims, rank), trimmed, offsets.clone());
    }

    static Layout simplify(Tensor... operands) {
        int[][] strides = new int[operands.length][];
        int[] offsets = new int[operands.length];
        for (int k = 0; k < operands.length; k++) {
            strides[k] = operands[k].strides();
            offsets[k] = operands[k].offset();
        }
        return simplify(operands[0].dims(), strides, offsets);
    }

    private static void walk(int grain, boolean parallel, RowBody body, Tensor... operands) {
        if (operands[0].numel() == 0) return;
        Layout layout = simplify(operands);
        int length = layout.innerLength();
        int outerRank = Math.max(0, layout.rank() - 1);
        int rows = 1;
        for (int axis = 0; axis < outerRank; axis++) rows *= layout.dims()[axis];
        int pieces = (length + CHUNK - 1) / CHUNK; // chunks per row
        int pieceLength = Math.min(length, CHUNK);
        int units = rows * pieces;
        int unitGrain = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (long) grain / pieceLength));
        if (!parallel) unitGrain = Integer.MAX_VALUE;
        Parallel.forRange(units, unitGrain, (first, end) -> runUnits(layout, outerRank, pieces, first, end, body));
    }

    /** Runs units [first, end): unit u is chunk {@code u % pieces} of row {@code u / pieces}. */
    private static void runUnits(Layout layout, int outerRank, int pieces, int first, int end, RowBody body) {
        int n = layout.offsets().length;
        int[] dims = layout.dims();
        int[][] strides = layout.strides();
        int length = layout.innerLength();
        int[] steps = new int[n], starts = new int[n], rowStarts = new int[n];
        for (int k = 0; k < n; k++) steps[k] = layout.innerStride(k);
        int[] index = new int[outerRank];
        int row = first / pieces;
        // the multi-index of the first row, then an odometer from there
        for (int axis = outerRank - 1, r = row; axis >= 0; axis--) {
            index[axis] = r % dims[axis];
            r /= dims[axis];
        }
        for (int k = 0; k < n; k++) {
            int p = layout.offsets()[k];
            for (int axis = 0; axis < outerRank; axis++) p += index[axis] * strides[k][axis];
            rowStarts[k] = p;
        }
        int piece = first % pieces;
        for (int unit = first; unit < end; unit++) {
            int from = piece * CHUNK;
            int count = Math.min(CHUNK, length - from);
            for (int k = 0; k < n; k++) starts[k] = rowStarts[k] + from * steps[k];
            body.run(count, starts, steps);
            if (++piece < pieces) continue;
            piece = 0;
            for (int axis = outerRank - 1; axis >= 0; axis--) {
                if (++index[axis] < dims[axis]) {
                    for (int k = 0; k < n; k++) rowStarts[k] += strides[k][axis];
                    break;
                }
                index[axis] = 0;
                for (int k = 0; k < n; k++) rowStarts[k] -= (dims[axis] - 1) * strides[k][axis];
            }
        }
    }
}
