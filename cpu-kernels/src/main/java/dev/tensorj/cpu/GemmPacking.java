package dev.tensorj.cpu;

import static dev.tensorj.cpu.GemmMicroKernel.MR;
import static dev.tensorj.cpu.GemmMicroKernel.NR;

import java.util.Arrays;

/**
 * Copies a block of a strided operand into the panel order the micro-kernel streams
 * (see {@link GemmMicroKernel}). Reading straight from the strided source is what makes transposed,
 * sliced and broadcast operands free: whatever the strides, the kernel sees contiguous panels.
 * Panels at the edge are padded with zeros so the kernel always runs a full tile.
 */
final class GemmPacking {
    /** Rows of the 12-row kernel's A panels ({@link GemmWideVectorKernel#ROWS}). */
    private static final int WIDE_ROWS = GemmWideVectorKernel.ROWS;

    private GemmPacking() {
    }

    /**
     * Packs A[row0 .. row0+rows, col0 .. col0+depth) into ceil(rows / MR) panels of MR x depth;
     * panel s starts at {@code s * MR * depth}, and within it step p holds A[s*MR .. s*MR+MR, p].
     */
    static void packA(GemmOperand a, int row0, int rows, int col0, int depth, float[] dst) {
        packA(a, row0, rows, col0, depth, dst, MR);
    }

    /** The same with panels of {@code mr} rows (a kernel's {@link GemmMicroKernel#rows()}): panel s starts at {@code s * mr * depth}. */
    static void packA(GemmOperand a, int row0, int rows, int col0, int depth, float[] dst, int mr) {
        float[] src = a.data();
        int rs = a.rowStride(), cs = a.columnStride();
        int d = 0;
        for (int s = 0; s < rows; s += mr) {
            int height = Math.min(mr, rows - s);
            int base = a.offset() + (row0 + s) * rs + col0 * cs;
            if (height == MR && mr == MR) {
                if (cs == 1) packNarrowRows(src, base, rs, depth, dst, d);
                else packNarrowPanel(src, base, rs, cs, depth, dst, d);
                d += MR * depth;
            } else if (height == WIDE_ROWS && mr == WIDE_ROWS && cs == 1) {
                packWidePanel(src, base, rs, depth, dst, d);
                d += WIDE_ROWS * depth;
            } else {
                for (int p = 0, at = base; p < depth; p++, at += cs, d += mr) {
                    for (int r = 0; r < height; r++) dst[d + r] = src[at + r * rs];
                    for (int r = height; r < mr; r++) dst[d + r] = 0f;
                }
            }
        }
    }

    /**
     * One full panel of the MR-row kernel (5 or 6 rows) from a strided A (a transposed operand: the MR values of a step
     * are then neighbours): the rows in turn for every step p. Each panel shape has a method of its own, so that the JIT
     * compiles each loop for itself: with both loops inlined into one body, this one ran 2.5x slower once the 12-row
     * path was hot as well.
     */
    private static void packNarrowPanel(float[] src, int base, int rs, int cs, int depth, float[] dst, int d) {
        for (int p = 0, at = base; p < depth; p++, at += cs, d += MR) {
            dst[d] = src[at];
            dst[d + 1] = src[at + rs];
            dst[d + 2] = src[at + 2 * rs];
            dst[d + 3] = src[at + 3 * rs];
            dst[d + 4] = src[at + 4 * rs];
            if (MR == 6) dst[d + 5] = src[at + 5 * rs];
        }
    }

    /**
     * One full panel of the MR-row kernel from a row-major A, a line at a time like {@link #packWidePanel}: taking the
     * MR rows in turn for every step reads MR lines at once, rows a power of two apart in one set of L1. Probe, 1024 x
     * 1024 A in blocks of 120 x 256, five rows, one Zen 3 thread: 1.0-1.3 ms per pass the old way, 0.7 this way.
     */
    private static void packNarrowRows(float[] src, int base, int rs, int depth, float[] dst, int d) {
        final int mr = MR; // a constant: the stores' offsets fold into the addressing
        int p = 0;
        for (; p + 16 <= depth; p += 16) {
            for (int r = 0; r < mr; r++) copyLine(src, base + r * rs + p, dst, d + p * mr + r, mr);
        }
        for (; p < depth; p++) {
            for (int r = 0; r < mr; r++) dst[d + p * mr + r] = src[base + r * rs + p];
        }
    }

    /**
     * One full panel of the 12-row kernel from a row-major A, read a row at a time, 16 floats (one cache line's worth)
     * per row before the next: a 1024 x 1024 A went 1.00 -> 0.36 ms this way. Taking
     * the rows in turn for every step p instead (as the MR-row path does) keeps 12 lines in flight at once, and rows
     * a power of two apart (1024 floats) all fall in one set of L1, which holds 8 or 12 of them.
     */
    private static void packWidePanel(float[] src, int base, int rs, int depth, float[] dst, int d) {
        final int mr = WIDE_ROWS; // a constant: the stores' offsets fold into the addressing
        int p = 0;
        for (; p + 16 <= depth; p += 16) {
            for (int r = 0; r < mr; r++) copyLine(src, base + r * rs + p, dst, d + p * mr + r, mr);
        }
        for (; p < depth; p++) {
            for (int r = 0; r < mr; r++) dst[d + p * mr + r] = src[base + r * rs + p];
        }
    }

    /**
     * 16 consecutive floats of one row of A (a cache line's worth) to their places in a packed panel, {@code stride}
     * (the panel's rows) apart. Inlined into each panel loop, where the stride is a constant; passed as a variable it
     * ran at the old loop's speed (probe above: 1.0 ms).
     */
    private static void copyLine(float[] src, int at, float[] dst, int to, int stride) {
        dst[to] = src[at];
        dst[to + stride] = src[at + 1];
        dst[to + 2 * stride] = src[at + 2];
        dst[to + 3 * stride] = src[at + 3];
        dst[to + 4 * stride] = src[at + 4];
        dst[to + 5 * stride] = src[at + 5];
        dst[to + 6 * stride] = src[at + 6];
        dst[to + 7 * stride] = src[at + 7];
        dst[to + 8 * stride] = src[at + 8];
        dst[to + 9 * stride] = src[at + 9];
        dst[to + 10 * stride] = src[at + 10];
        dst[to + 11 * stride] = src[at + 11];
        dst[to + 12 * stride] = src[at + 12];
        dst[to + 13 * stride] = src[at + 13];
        dst[to + 14 * stride] = src[at + 14];
        dst[to + 15 * stride] = src[at + 15];
    }

    /**
     * Packs B[row0 .. row0+depth, col0 .. col0+columns) into ceil(columns / NR) panels of depth x NR;
     * panel t starts at {@code t * NR * depth}, and within it step p holds B[p, t*NR .. t*NR+NR].
     */
    static void packB(GemmOperand b, int row0, int depth, int col0, int columns, float[] dst) {
        packB(b, row0, depth, col0, columns, dst, 0);
    }

    /** The same with the panels written from {@code dst[start]} on (a share of a block that several threads pack). */
    static void packB(GemmOperand b, int row0, int depth, int col0, int columns, float[] dst, int start) {
        float[] src = b.data();
        int rs = b.rowStride(), cs = b.columnStride();
        int fullColumns = columns / NR * NR;
        if (cs == 1 && fullColumns > 0) {
            // Rows of B are contiguous: copy row by row, so the source is read in long sequential runs
            // (a prefetcher can follow one run, not one 64-byte piece of each of kc distant rows).
            for (int p = 0; p < depth; p++) {
                int at = b.offset() + (row0 + p) * rs + col0;
                for (int t = 0, to = start + p * NR; t < fullColumns; t += NR, at += NR, to += NR * depth) {
                    for (int j = 0; j < NR; j++) dst[to + j] = src[at + j]; // faster than arraycopy for 16
                }
            }
            if (fullColumns == columns) return;
            packPanels(b, row0, depth, col0 + fullColumns, columns - fullColumns, dst, start + fullColumns * depth);
            return;
        }
        packPanels(b, row0, depth, col0, columns, dst, start);
    }

    /** Packs panel by panel, from panel index start; strided columns and the zero-padded edge panel. */
    private static void packPanels(GemmOperand b, int row0, int depth, int col0, int columns, float[] dst, int start) {
        float[] src = b.data();
        int rs = b.rowStride(), cs = b.columnStride();
        int d = start;
        for (int t = 0; t < columns; t += NR) {
            int width = Math.min(NR, columns - t);
            int base = b.offset() + row0 * rs + (col0 + t) * cs;
            if (width == NR && cs != 1) {
                // Typically B = W^T: each column of B is a contiguous row of W. Walk down one column
                // at a time so the source is read sequentially.
                for (int j = 0; j < NR; j++) {
                    for (int p = 0, at = base + j * cs, to = d + j; p < depth; p++, at += rs, to += NR) dst[to] = src[at];
                }
                d += depth * NR;
            } else {
                for (int p = 0, at = base; p < depth; p++, at += rs, d += NR) {
                    for (int j = 0; j < width; j++) dst[d + j] = src[at + j * cs];
                    Arrays.fill(dst, d + width, d + NR, 0f);
                }
            }
        }
    }
}
