package dev.tensorj.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * The three tile transforms of {@link WinogradConvolution}, a vector of neighbouring tiles of a tile row
 * at a time (8 with 256-bit vectors, 16 with 512-bit): the same additions as the scalar versions there
 * (read those for the math), on vectors whose lanes are neighbouring tiles. Neighbouring tiles start two
 * pixels apart, so each image row is first split into its even and odd columns; column j of tile tx is
 * then lane tx of one of four contiguous runs (even[tx], odd[tx], even[tx + 1], odd[tx + 1]). A row of
 * tiles that is not a multiple of the vector wide ends with a block that overlaps the one before it (the
 * overlapping tiles are written twice with the same values). A row narrower than one vector (C2's 28x28
 * images have 14 tiles, under the 16 lanes of AVX-512) is done in one masked block: only its first tilesW
 * lanes are loaded and stored, which AVX-512 does in hardware. Rows need at least {@link #MIN_TILES}
 * tiles. Loaded only when the Vector API is present ({@link Simd}).
 */
final class WinogradVectorTransforms {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    /** Tiles per vector. */
    static final int LANES = S.length();
    /**
     * Tile rows at least this wide take the vector transforms: 8, so that with 256-bit vectors the
     * masked loads and stores (slow without AVX-512) are never used.
     */
    static final int MIN_TILES = 8;

    private WinogradVectorTransforms() {
    }

    /** V [16, C, T] = Bᵀ d B of every 4x4 input tile (see WinogradConvolution.transformInput). */
    static void input(float[] x, int xOffset, int first, int count, WinogradConvolution.Plan p, float[] plane, float[] v) {
        int t = count * p.tiles(), tilesW = p.tilesW(), half = tilesW + 1, rowLength = 2 * half, step = p.c() * t;
        int width = Math.min(LANES, tilesW);
        VectorMask<Float> m = mask(tilesW);
        Arrays.fill(plane, 0, p.paddedH() * rowLength, 0f);
        for (int b = 0; b < count; b++) {
            for (int ch = 0; ch < p.c(); ch++) {
                splitColumns(x, xOffset + ((first + b) * p.c() + ch) * p.h() * p.w(), p.h(), p.w(), p.padH(), p.padW(), plane, half);
                int row = ch * t + b * p.tiles();
                for (int ty = 0; ty < p.tilesH(); ty++) {
                    int r0 = 2 * ty * rowLength, r1 = r0 + rowLength, r2 = r1 + rowLength, r3 = r2 + rowLength;
                    for (int start = 0; start < tilesW; start += width) {
                        int tx = Math.min(start, tilesW - width), at = row + ty * tilesW + tx;
                        // Bᵀ d, column j = 0..3 of the tile: rows 0 - 2, 1 + 2, 2 - 1, 1 - 3
                        FloatVector d00 = load(plane, r0 + tx, m), d01 = load(plane, r0 + half + tx, m), d02 = load(plane, r0 + tx + 1, m), d03 = load(plane, r0 + half + tx + 1, m);
                        FloatVector d10 = load(plane, r1 + tx, m), d11 = load(plane, r1 + half + tx, m), d12 = load(plane, r1 + tx + 1, m), d13 = load(plane, r1 + half + tx + 1, m);
                        FloatVector d20 = load(plane, r2 + tx, m), d21 = load(plane, r2 + half + tx, m), d22 = load(plane, r2 + tx + 1, m), d23 = load(plane, r2 + half + tx + 1, m);
                        FloatVector d30 = load(plane, r3 + tx, m), d31 = load(plane, r3 + half + tx, m), d32 = load(plane, r3 + tx + 1, m), d33 = load(plane, r3 + half + tx + 1, m);
                        FloatVector a0 = d00.sub(d20), a1 = d01.sub(d21), a2 = d02.sub(d22), a3 = d03.sub(d23);
                        FloatVector b0 = d10.add(d20), b1 = d11.add(d21), b2 = d12.add(d22), b3 = d13.add(d23);
                        FloatVector c0 = d20.sub(d10), c1 = d21.sub(d11), c2 = d22.sub(d12), c3 = d23.sub(d13);
                        FloatVector e0 = d10.sub(d30), e1 = d11.sub(d31), e2 = d12.sub(d32), e3 = d13.sub(d33);
                        // (Bᵀ d) B: the same on the columns of each row
                        store(a0.sub(a2), v, at, m);
                        store(a1.add(a2), v, at + step, m);
                        store(a2.sub(a1), v, at + 2 * step, m);
                        store(a1.sub(a3), v, at + 3 * step, m);
                        store(b0.sub(b2), v, at + 4 * step, m);
                        store(b1.add(b2), v, at + 5 * step, m);
                        store(b2.sub(b1), v, at + 6 * step, m);
                        store(b1.sub(b3), v, at + 7 * step, m);
                        store(c0.sub(c2), v, at + 8 * step, m);
                        store(c1.add(c2), v, at + 9 * step, m);
                        store(c2.sub(c1), v, at + 10 * step, m);
                        store(c1.sub(c3), v, at + 11 * step, m);
                        store(e0.sub(e2), v, at + 12 * step, m);
                        store(e1.add(e2), v, at + 13 * step, m);
                        store(e2.sub(e1), v, at + 14 * step, m);
                        store(e1.sub(e3), v, at + 15 * step, m);
                    }
                }
            }
        }
    }

    /** Ũ [16, O, T] = A dy Aᵀ of every 2x2 output-gradient tile (see WinogradConvolution.transformGradient). */
    static void gradient(float[] g, int gOffset, int first, int count, WinogradConvolution.Plan p, float[] plane, float[] u) {
        int t = count * p.tiles(), tilesW = p.tilesW(), half = tilesW, rowLength = 2 * half, step = p.o() * t;
        int width = Math.min(LANES, tilesW);
        VectorMask<Float> m = mask(tilesW);
        Arrays.fill(plane, 0, 2 * p.tilesH() * rowLength, 0f);
        for (int b = 0; b < count; b++) {
            for (int oc = 0; oc < p.o(); oc++) {
                splitColumns(g, gOffset + ((first + b) * p.o() + oc) * p.outH() * p.outW(), p.outH(), p.outW(), 0, 0, plane, half);
                int row = oc * t + b * p.tiles();
                for (int ty = 0; ty < p.tilesH(); ty++) {
                    int r0 = 2 * ty * rowLength, r1 = r0 + rowLength;
                    for (int start = 0; start < tilesW; start += width) {
                        int tx = Math.min(start, tilesW - width), at = row + ty * tilesW + tx;
                        FloatVector y00 = load(plane, r0 + tx, m), y01 = load(plane, r0 + half + tx, m);
                        FloatVector y10 = load(plane, r1 + tx, m), y11 = load(plane, r1 + half + tx, m);
                        FloatVector s0 = y00.add(y10), s1 = y01.add(y11), d0 = y00.sub(y10), d1 = y01.sub(y11);
                        store(y00, u, at, m);
                        store(y00.add(y01), u, at + step, m);
                        store(y00.sub(y01), u, at + 2 * step, m);
                        store(y01.neg(), u, at + 3 * step, m);
                        store(s0, u, at + 4 * step, m);
                        store(s0.add(s1), u, at + 5 * step, m);
                        store(s0.sub(s1), u, at + 6 * step, m);
                        store(s1.neg(), u, at + 7 * step, m);
                        store(d0, u, at + 8 * step, m);
                        store(d0.add(d1), u, at + 9 * step, m);
                        store(d0.sub(d1), u, at + 10 * step, m);
                        store(d1.neg(), u, at + 11 * step, m);
                        store(y10.neg(), u, at + 12 * step, m);
                        store(y10.neg().sub(y11), u, at + 13 * step, m);
                        store(y11.sub(y10), u, at + 14 * step, m);
                        store(y11, u, at + 15 * step, m);
                    }
                }
            }
        }
    }

    /**
     * out = Aᵀ m A of every tile (see WinogradConvolution.transformOutput): each tile row's four output
     * values per tile go to {@code rows} (4 tilesW floats) as runs, then are interleaved into the two
     * output rows, clipped at odd edges.
     */
    static void output(float[] m, int first, int count, WinogradConvolution.Plan p, float[] out, int outOffset, float[] rows) {
        int t = count * p.tiles(), tilesW = p.tilesW(), step = p.o() * t, outW = p.outW();
        int width = Math.min(LANES, tilesW);
        VectorMask<Float> mk = mask(tilesW);
        for (int b = 0; b < count; b++) {
            for (int oc = 0; oc < p.o(); oc++) {
                int row = oc * t + b * p.tiles(), plane = outOffset + ((first + b) * p.o() + oc) * p.outH() * outW;
                for (int ty = 0; ty < p.tilesH(); ty++) {
                    for (int start = 0; start < tilesW; start += width) {
                        int tx = Math.min(start, tilesW - width), at = row + ty * tilesW + tx;
                        FloatVector m4 = load(m, at + 4 * step, mk), m5 = load(m, at + 5 * step, mk), m6 = load(m, at + 6 * step, mk), m7 = load(m, at + 7 * step, mk);
                        FloatVector m8 = load(m, at + 8 * step, mk), m9 = load(m, at + 9 * step, mk), m10 = load(m, at + 10 * step, mk), m11 = load(m, at + 11 * step, mk);
                        FloatVector s00 = load(m, at, mk).add(m4).add(m8), s01 = load(m, at + step, mk).add(m5).add(m9);
                        FloatVector s02 = load(m, at + 2 * step, mk).add(m6).add(m10), s03 = load(m, at + 3 * step, mk).add(m7).add(m11);
                        FloatVector s10 = m4.sub(m8).sub(load(m, at + 12 * step, mk)), s11 = m5.sub(m9).sub(load(m, at + 13 * step, mk));
                        FloatVector s12 = m6.sub(m10).sub(load(m, at + 14 * step, mk)), s13 = m7.sub(m11).sub(load(m, at + 15 * step, mk));
                        store(s00.add(s01).add(s02), rows, tx, mk);
                        store(s01.sub(s02).sub(s03), rows, tilesW + tx, mk);
                        store(s10.add(s11).add(s12), rows, 2 * tilesW + tx, mk);
                        store(s11.sub(s12).sub(s13), rows, 3 * tilesW + tx, mk);
                    }
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

    /** Null (whole vectors) for rows of at least LANES tiles, else the first tilesW lanes. */
    private static VectorMask<Float> mask(int tilesW) {
        return tilesW >= LANES ? null : S.indexInRange(0, tilesW);
    }

    private static FloatVector load(float[] a, int at, VectorMask<Float> m) {
        return m == null ? FloatVector.fromArray(S, a, at) : FloatVector.fromArray(S, a, at, m);
    }

    private static void store(FloatVector v, float[] a, int at, VectorMask<Float> m) {
        if (m == null) v.intoArray(a, at);
        else v.intoArray(a, at, m);
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
