package dev.tensorj.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * The three tile transforms of {@link WinogradConvolution}, a whole row of tiles at a time, a vector of
 * neighbouring tiles per step (8 with 256-bit vectors, 16 with 512-bit): the same additions as the scalar
 * versions there (read those for the math). Each 2-D transform is done in two passes. The row pass
 * combines whole image rows (for the input, Bᵀ d: rows 0 - 2, 1 + 2, 2 - 1, 1 - 3 of the tile row) into
 * a few scratch rows; the column pass then does the same on the columns of each of those rows, where
 * lanes are neighbouring tiles. Neighbouring tiles start two pixels apart, so each image row is first
 * split into its even and odd columns; column j of tile tx is then lane tx of one of four contiguous runs
 * (even[tx], odd[tx], even[tx + 1], odd[tx + 1]).
 *
 * <p>A row of tiles that is not a multiple of the vector width ends with a block that overlaps the one
 * before it (the overlapping tiles are written twice with the same values). A row narrower than one
 * vector (C2's 28x28 images have 14 tiles, under the 16 lanes of AVX-512) is done in one block whose
 * stores into the transformed tiles are masked to its first tilesW lanes (AVX-512 does that in
 * hardware). Its loads are whole vectors: every array they read has {@link WinogradConvolution#VECTOR_SLACK}
 * floats of slack at the end, and the lanes past the row only feed lanes that are never stored. Rows
 * need at least {@link #MIN_TILES} tiles.
 *
 * <p>Every helper takes and returns arrays only, never a vector, and has a short body. In one method
 * holding a whole tile's 16 loads and stores, C2 ran out of inlining budget (NodeCountInliningCutoff)
 * and left some loads and stores as calls; their vectors were then boxed, and the input transform of
 * C2's conv 112→64 took longer than its GEMMs (24 ms against 5.5 now, for 32 images on one thread).
 * Masked loads (each one a fast and a bounds-checked path) did the same to the output transform.
 * Loaded only when the Vector API is present ({@link Simd}).
 */
final class WinogradVectorTransforms {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    /** Tiles per vector. */
    static final int LANES = S.length();
    /**
     * Tile rows at least this wide take the vector transforms: 8, so that with 256-bit vectors the
     * masked loads and stores (slow without AVX-512) are never used, and every image row the row pass
     * combines (at least 2 x 8 floats) holds a whole vector.
     */
    static final int MIN_TILES = 8;

    private WinogradVectorTransforms() {
    }

    static {
        if (LANES > WinogradConvolution.VECTOR_SLACK) throw new AssertionError("WinogradVectorTransforms: slack for " + LANES + " lanes");
    }

    /** V [16, C, T] = Bᵀ d B of every 4x4 input tile (see WinogradConvolution.transformInput). */
    static void input(float[] x, int xOffset, int first, int count, WinogradConvolution.Plan p, float[] plane, float[] v) {
        int t = count * p.tiles(), tilesW = p.tilesW(), half = tilesW + 1, rowLength = 2 * half, step = p.c() * t;
        float[] rows = new float[4 * rowLength + WinogradConvolution.VECTOR_SLACK];
        Arrays.fill(plane, 0, p.paddedH() * rowLength, 0f);
        for (int b = 0; b < count; b++) {
            for (int ch = 0; ch < p.c(); ch++) {
                splitColumns(x, xOffset + ((first + b) * p.c() + ch) * p.h() * p.w(), p.h(), p.w(), p.padH(), p.padW(), plane, half);
                int row = ch * t + b * p.tiles();
                for (int ty = 0; ty < p.tilesH(); ty++) {
                    int r0 = 2 * ty * rowLength, r1 = r0 + rowLength, r2 = r1 + rowLength, r3 = r2 + rowLength;
                    // Bᵀ d: rows 0 - 2, 1 + 2, 2 - 1, 1 - 3 of the tile row
                    difference(plane, r0, r2, rows, 0, rowLength);
                    sum(plane, r1, r2, rows, rowLength, rowLength);
                    difference(plane, r2, r1, rows, 2 * rowLength, rowLength);
                    difference(plane, r1, r3, rows, 3 * rowLength, rowLength);
                    // (Bᵀ d) B: the same on the columns of each of those rows; row i gives positions 4i .. 4i + 3
                    int at = row + ty * tilesW;
                    for (int i = 0; i < 4; i++) inputColumns(rows, i * rowLength, half, tilesW, v, at + 4 * i * step, step);
                }
            }
        }
    }

    /** Columns 0 - 2, 1 + 2, 2 - 1, 1 - 3 of every tile of one (split) row, to v[at + k step + tx], k = 0..3. */
    private static void inputColumns(float[] row, int base, int half, int tilesW, float[] v, int at, int step) {
        if (tilesW < LANES) {
            inputColumnsMasked(row, base, half, tilesW, v, at, step);
            return;
        }
        for (int start = 0; start < tilesW; start += LANES) {
            int tx = Math.min(start, tilesW - LANES), to = at + tx;
            FloatVector a0 = load(row, base + tx), a1 = load(row, base + half + tx);
            FloatVector a2 = load(row, base + tx + 1), a3 = load(row, base + half + tx + 1);
            a0.sub(a2).intoArray(v, to);
            a1.add(a2).intoArray(v, to + step);
            a2.sub(a1).intoArray(v, to + 2 * step);
            a1.sub(a3).intoArray(v, to + 3 * step);
        }
    }

    /** {@link #inputColumns} for a row of fewer tiles than lanes: one block, its stores masked to the tiles. */
    private static void inputColumnsMasked(float[] row, int base, int half, int tilesW, float[] v, int at, int step) {
        VectorMask<Float> m = S.indexInRange(0, tilesW);
        FloatVector a0 = load(row, base), a1 = load(row, base + half), a2 = load(row, base + 1), a3 = load(row, base + half + 1);
        a0.sub(a2).intoArray(v, at, m);
        a1.add(a2).intoArray(v, at + step, m);
        a2.sub(a1).intoArray(v, at + 2 * step, m);
        a1.sub(a3).intoArray(v, at + 3 * step, m);
    }

    /** Ũ [16, O, T] = A dy Aᵀ of every 2x2 output-gradient tile (see WinogradConvolution.transformGradient). */
    static void gradient(float[] g, int gOffset, int first, int count, WinogradConvolution.Plan p, float[] plane, float[] u) {
        int t = count * p.tiles(), tilesW = p.tilesW(), half = tilesW, rowLength = 2 * half, step = p.o() * t;
        float[] rows = new float[3 * rowLength + WinogradConvolution.VECTOR_SLACK];
        Arrays.fill(plane, 0, 2 * p.tilesH() * rowLength, 0f);
        for (int b = 0; b < count; b++) {
            for (int oc = 0; oc < p.o(); oc++) {
                splitColumns(g, gOffset + ((first + b) * p.o() + oc) * p.outH() * p.outW(), p.outH(), p.outW(), 0, 0, plane, half);
                int row = oc * t + b * p.tiles();
                for (int ty = 0; ty < p.tilesH(); ty++) {
                    int r0 = 2 * ty * rowLength, r1 = r0 + rowLength, at = row + ty * tilesW;
                    // A dy: rows y0, y0 + y1, y0 - y1, -y1 of the 2 x 2 tile; then the same on the columns
                    gradientColumns(plane, r0, half, tilesW, u, at, step);
                    sum(plane, r0, r1, rows, 0, rowLength);
                    gradientColumns(rows, 0, half, tilesW, u, at + 4 * step, step);
                    difference(plane, r0, r1, rows, rowLength, rowLength);
                    gradientColumns(rows, rowLength, half, tilesW, u, at + 8 * step, step);
                    negation(plane, r1, rows, 2 * rowLength, rowLength);
                    gradientColumns(rows, 2 * rowLength, half, tilesW, u, at + 12 * step, step);
                }
            }
        }
    }

    /** Columns y0, y0 + y1, y0 - y1, -y1 of every tile of one (split) row, to u[at + k step + tx], k = 0..3. */
    private static void gradientColumns(float[] row, int base, int half, int tilesW, float[] u, int at, int step) {
        if (tilesW < LANES) {
            gradientColumnsMasked(row, base, half, tilesW, u, at, step);
            return;
        }
        for (int start = 0; start < tilesW; start += LANES) {
            int tx = Math.min(start, tilesW - LANES), to = at + tx;
            FloatVector y0 = load(row, base + tx), y1 = load(row, base + half + tx);
            y0.intoArray(u, to);
            y0.add(y1).intoArray(u, to + step);
            y0.sub(y1).intoArray(u, to + 2 * step);
            y1.neg().intoArray(u, to + 3 * step);
        }
    }

    /** {@link #gradientColumns} for a row of fewer tiles than lanes: one block, its stores masked to the tiles. */
    private static void gradientColumnsMasked(float[] row, int base, int half, int tilesW, float[] u, int at, int step) {
        VectorMask<Float> m = S.indexInRange(0, tilesW);
        FloatVector y0 = load(row, base), y1 = load(row, base + half);
        y0.intoArray(u, at, m);
        y0.add(y1).intoArray(u, at + step, m);
        y0.sub(y1).intoArray(u, at + 2 * step, m);
        y1.neg().intoArray(u, at + 3 * step, m);
    }

    /**
     * out = Aᵀ m A of every tile (see WinogradConvolution.transformOutput): each tile row's four output
     * values per tile go to {@code rows} (4 tilesW floats and the slack) as runs, then are interleaved into the two
     * output rows, clipped at odd edges. In a row of fewer tiles than lanes, each run's spare lanes spill
     * into the next run, which is written after it, or into the slack.
     */
    static void output(float[] m, int first, int count, WinogradConvolution.Plan p, float[] out, int outOffset, float[] rows) {
        int t = count * p.tiles(), tilesW = p.tilesW(), step = p.o() * t, outW = p.outW();
        for (int b = 0; b < count; b++) {
            for (int oc = 0; oc < p.o(); oc++) {
                int row = oc * t + b * p.tiles(), plane = outOffset + ((first + b) * p.o() + oc) * p.outH() * outW;
                for (int ty = 0; ty < p.tilesH(); ty++) {
                    int at = row + ty * tilesW;
                    outputTopRow(m, at, step, tilesW, rows);
                    outputBottomRow(m, at, step, tilesW, rows);
                    int y = 2 * ty, top = plane + y * outW;
                    for (int tx = 0, xPos = 0; tx < tilesW; tx++, xPos += 2) {
                        out[top + xPos] = rows[tx];
                        if (xPos + 1 < outW) out[top + xPos + 1] = rows[tilesW + tx];
                    }
                    if (y + 1 < p.outH()) {
                        for (int tx = 0, xPos = 0; tx < tilesW; tx++, xPos += 2) {
                            out[top + outW + xPos] = rows[2 * tilesW + tx];
                            if (xPos + 1 < outW) out[top + outW + xPos + 1] = rows[3 * tilesW + tx];
                        }
                    }
                }
            }
        }
    }

    /**
     * Output row 0 of every tile of a tile row: s_j = m_j + m_(4+j) + m_(8+j) (Aᵀ m, row 0), then
     * s0 + s1 + s2 to rows[tx] and s1 - s2 - s3 to rows[tilesW + tx] (the columns).
     */
    private static void outputTopRow(float[] m, int at, int step, int tilesW, float[] rows) {
        int width = Math.min(LANES, tilesW);
        for (int start = 0; start < tilesW; start += width) {
            int tx = Math.min(start, tilesW - width), from = at + tx;
            FloatVector s0 = load(m, from).add(load(m, from + 4 * step)).add(load(m, from + 8 * step));
            FloatVector s1 = load(m, from + step).add(load(m, from + 5 * step)).add(load(m, from + 9 * step));
            FloatVector s2 = load(m, from + 2 * step).add(load(m, from + 6 * step)).add(load(m, from + 10 * step));
            FloatVector s3 = load(m, from + 3 * step).add(load(m, from + 7 * step)).add(load(m, from + 11 * step));
            s0.add(s1).add(s2).intoArray(rows, tx);
            s1.sub(s2).sub(s3).intoArray(rows, tilesW + tx);
        }
    }

    /** Output row 1: s_j = m_(4+j) - m_(8+j) - m_(12+j), then the same columns to rows[2 tilesW + tx] and rows[3 tilesW + tx]. */
    private static void outputBottomRow(float[] m, int at, int step, int tilesW, float[] rows) {
        int width = Math.min(LANES, tilesW);
        for (int start = 0; start < tilesW; start += width) {
            int tx = Math.min(start, tilesW - width), from = at + tx;
            FloatVector s0 = load(m, from + 4 * step).sub(load(m, from + 8 * step)).sub(load(m, from + 12 * step));
            FloatVector s1 = load(m, from + 5 * step).sub(load(m, from + 9 * step)).sub(load(m, from + 13 * step));
            FloatVector s2 = load(m, from + 6 * step).sub(load(m, from + 10 * step)).sub(load(m, from + 14 * step));
            FloatVector s3 = load(m, from + 7 * step).sub(load(m, from + 11 * step)).sub(load(m, from + 15 * step));
            s0.add(s1).add(s2).intoArray(rows, 2 * tilesW + tx);
            s1.sub(s2).sub(s3).intoArray(rows, 3 * tilesW + tx);
        }
    }

    /** out[o..o+n) = a[i..i+n) + a[j..j+n), for n of at least one vector (the last block overlaps the one before). */
    private static void sum(float[] a, int i, int j, float[] out, int o, int n) {
        for (int start = 0; start < n; start += LANES) {
            int k = Math.min(start, n - LANES);
            FloatVector.fromArray(S, a, i + k).add(FloatVector.fromArray(S, a, j + k)).intoArray(out, o + k);
        }
    }

    /** out[o..o+n) = a[i..i+n) - a[j..j+n), for n of at least one vector. */
    private static void difference(float[] a, int i, int j, float[] out, int o, int n) {
        for (int start = 0; start < n; start += LANES) {
            int k = Math.min(start, n - LANES);
            FloatVector.fromArray(S, a, i + k).sub(FloatVector.fromArray(S, a, j + k)).intoArray(out, o + k);
        }
    }

    /** out[o..o+n) = -a[i..i+n), for n of at least one vector. */
    private static void negation(float[] a, int i, float[] out, int o, int n) {
        for (int start = 0; start < n; start += LANES) {
            int k = Math.min(start, n - LANES);
            FloatVector.fromArray(S, a, i + k).neg().intoArray(out, o + k);
        }
    }

    /** A whole vector from a[at..]: a has slack past every row it is read from (see the class comment). */
    private static FloatVector load(float[] a, int at) {
        return FloatVector.fromArray(S, a, at);
    }


    /**
     * Copies an h x w image into a plane whose rows hold first the even, then the odd columns (each
     * {@code half} long), shifted by the padding: pixel (y, j) goes to row y + padH, column j + padW.
     */
    private static void splitColumns(float[] src, int image, int h, int w, int padH, int padW, float[] plane, int half) {
        int rowLength = 2 * half;
        for (int y = 0; y < h; y++) {
            int from = image + y * w, row = (y + padH) * rowLength;
            for (int j = 0; j < w; j++) {
                int column = j + padW;
                plane[row + (column & 1) * half + (column >> 1)] = src[from + j];
            }
        }
    }
}
