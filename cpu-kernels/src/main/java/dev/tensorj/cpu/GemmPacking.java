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
                for (int p = 0, at = base; p < depth; p++, at += cs, d += MR) {
                    dst[d] = src[at];
                    dst[d + 1] = src[at + rs];
                    dst[d + 2] = src[at + 2 * rs];
                    dst[d + 3] = src[at + 3 * rs];
                    dst[d + 4] = src[at + 4 * rs];
                    dst[d + 5] = src[at + 5 * rs];
                }
            } else {
                for (int p = 0, at = base; p < depth; p++, at += cs, d += mr) {
                    for (int r = 0; r < height; r++) dst[d + r] = src[at + r * rs];
                    for (int r = height; r < mr; r++) dst[d + r] = 0f;
                }
            }
        }
    }

    /**
     * Packs B[row0 .. row0+depth, col0 .. col0+columns) into ceil(columns / NR) panels of depth x NR;
     * panel t starts at {@code t * NR * depth}, and within it step p holds B[p, t*NR .. t*NR+NR].
     */
    static void packB(GemmOperand b, int row0, int depth, int col0, int columns, float[] dst) {
        float[] src = b.data();
        int rs = b.rowStride(), cs = b.columnStride();
        int fullColumns = columns / NR * NR;
        if (cs == 1 && fullColumns > 0) {
            // Rows of B are contiguous: copy row by row, so the source is read in long sequential runs
            // (a prefetcher can follow one run, not one 64-byte piece of each of kc distant rows).
            for (int p = 0; p < depth; p++) {
                int at = b.offset() + (row0 + p) * rs + col0;
                for (int t = 0, to = p * NR; t < fullColumns; t += NR, at += NR, to += NR * depth) {
                    for (int j = 0; j < NR; j++) dst[to + j] = src[at + j]; // faster than arraycopy for 16
                }
            }
            if (fullColumns == columns) return;
            packPanels(b, row0, depth, col0 + fullColumns, columns - fullColumns, dst, fullColumns * depth);
            return;
        }
        packPanels(b, row0, depth, col0, columns, dst, 0);
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
