package dev.tensorj.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * The three tile transforms of {@link WinogradConvolution}, eight tiles of a tile row at a time: the
 * same additions as the scalar versions there (read those for the math), on vectors whose lanes are
 * neighbouring tiles. Neighbouring tiles start two pixels apart, so each image row is first split into
 * its even and odd columns; column j of tile tx is then lane tx of one of four contiguous runs (even[tx],
 * odd[tx], even[tx + 1], odd[tx + 1]). A row of tiles that is not a multiple of eight wide ends with a
 * block that overlaps the one before it (the overlapping tiles are written twice with the same values),
 * so rows need at least {@link #LANES} tiles. Loaded only when the Vector API is present ({@link Simd}).
 */
final class WinogradVectorTransforms {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    /** Tiles per vector: tile rows at least this wide take the vector transforms. */
    static final int LANES = S.length();

    private WinogradVectorTransforms() {
    }

    /** V [16, C, T] = Bᵀ d B of every 4x4 input tile (see WinogradConvolution.transformInput). */
    static void input(float[] x, int xOffset, int first, int count, WinogradConvolution.Plan p, float[] plane, float[] v) {
        int t = count * p.tiles(), tilesW = p.tilesW(), half = tilesW + 1, rowLength = 2 * half, step = p.c() * t;
        Arrays.fill(plane, 0, p.paddedH() * rowLength, 0f);
        for (int b = 0; b < count; b++) {
            for (int ch = 0; ch < p.c(); ch++) {
                splitColumns(x, xOffset + ((first + b) * p.c() + ch) * p.h() * p.w(), p.h(), p.w(), p.padH(), p.padW(), plane, half);
                int row = ch * t + b * p.tiles();
                for (int ty = 0; ty < p.tilesH(); ty++) {
                    int r0 = 2 * ty * rowLength, r1 = r0 + rowLength, r2 = r1 + rowLength, r3 = r2 + rowLength;
                    for (int start = 0; start < tilesW; start += LANES) {
                        int tx = Math.min(start, tilesW - LANES), at = row + ty * tilesW + tx;
                        // Bᵀ d, column j = 0..3 of the tile: rows 0 - 2, 1 + 2, 2 - 1, 1 - 3
                        FloatVector d00 = load(plane, r0 + tx), d01 = load(plane, r0 + half + tx), d02 = load(plane, r0 + tx + 1), d03 = load(plane, r0 + half + tx + 1);
                        FloatVector d10 = load(plane, r1 + tx), d11 = load(plane, r1 + half + tx), d12 = load(plane, r1 + tx + 1), d13 = load(plane, r1 + half + tx + 1);
                        FloatVector d20 = load(plane, r2 + tx), d21 = load(plane, r2 + half + tx), d22 = load(plane, r2 + tx + 1), d23 = load(plane, r2 + half + tx + 1);
                        FloatVector d30 = load(plane, r3 + tx), d31 = load(plane, r3 + half + tx), d32 = load(plane, r3 + tx + 1), d33 = load(plane, r3 + half + tx + 1);
                        FloatVector a0 = d00.sub(d20), a1 = d01.sub(d21), a2 = d02.sub(d22), a3 = d03.sub(d23);
                        FloatVector b0 = d10.add(d20), b1 = d11.add(d21), b2 = d12.add(d22), b3 = d13.add(d23);
                        FloatVector c0 = d20.sub(d10), c1 = d21.sub(d11), c2 = d22.sub(d12), c3 = d23.sub(d13);
                        FloatVector e0 = d10.sub(d30), e1 = d11.sub(d31), e2 = d12.sub(d32), e3 = d13.sub(d33);
                        // (Bᵀ d) B: the same on the columns of each row
                        a0.sub(a2).intoArray(v, at);
                        a1.add(a2).intoArray(v, at + step);
                        a2.sub(a1).intoArray(v, at + 2 * step);
                        a1.sub(a3).intoArray(v, at + 3 * step);
                        b0.sub(b2).intoArray(v, at + 4 * step);
                        b1.add(b2).intoArray(v, at + 5 * step);
                        b2.sub(b1).intoArray(v, at + 6 * step);
                        b1.sub(b3).intoArray(v, at + 7 * step);
                        c0.sub(c2).intoArray(v, at + 8 * step);
                        c1.add(c2).intoArray(v, at + 9 * step);
                        c2.sub(c1).intoArray(v, at + 10 * step);
                        c1.sub(c3).intoArray(v, at + 11 * step);
                        e0.sub(e2).intoArray(v, at + 12 * step);
                        e1.add(e2).intoArray(v, at + 13 * step);
                        e2.sub(e1).intoArray(v, at + 14 * step);
                        e1.sub(e3).intoArray(v, at + 15 * step);
                    }
                }
            }
        }
    }

    /** Ũ [16, O, T] = A dy Aᵀ of every 2x2 output-gradient tile (see WinogradConvolution.transformGradient). */
    static void gradient(float[] g, int gOffset, int first, int count, WinogradConvolution.Plan p, float[] plane, float[] u) {
        int t = count * p.tiles(), tilesW = p.tilesW(), half = tilesW, rowLength = 2 * half, step = p.o() * t;
        Arrays.fill(plane, 0, 2 * p.tilesH() * rowLength, 0f);
        for (int b = 0; b < count; b++) {
            for (int oc = 0; oc < p.o(); oc++) {
                splitColumns(g, gOffset + ((first + b) * p.o() + oc) * p.outH() * p.outW(), p.outH(), p.outW(), 0, 0, plane, half);
                int row = oc * t + b * p.tiles();
                for (int ty = 0; ty < p.tilesH(); ty++) {
                    int r0 = 2 * ty * rowLength, r1 = r0 + rowLength;
                    for (int start = 0; start < tilesW; start += LANES) {
                        int tx = Math.min(start, tilesW - LANES), at = row + ty * tilesW + tx;
                        FloatVector y00 = load(plane, r0 + tx), y01 = load(plane, r0 + half + tx);
                        FloatVector y10 = load(plane, r1 + tx), y11 = load(plane, r1 + half + tx);
                        FloatVector s0 = y00.add(y10), s1 = y01.add(y11), d0 = y00.sub(y10), d1 = y01.sub(y11);
                        y00.intoArray(u, at);
                        y00.add(y01).intoArray(u, at + step);
                        y00.sub(y01).intoArray(u, at + 2 * step);
                        y01.neg().intoArray(u, at + 3 * step);
                        s0.intoArray(u, at + 4 * step);
                        s0.add(s1).intoArray(u, at + 5 * step);
                        s0.sub(s1).intoArray(u, at + 6 * step);
                        s1.neg().intoArray(u, at + 7 * step);
                        d0.intoArray(u, at + 8 * step);
                        d0.add(d1).intoArray(u, at + 9 * step);
                        d0.sub(d1).intoArray(u, at + 10 * step);
                        d1.neg().intoArray(u, at + 11 * step);
                        y10.neg().intoArray(u, at + 12 * step);
                        y10.neg().sub(y11).intoArray(u, at + 13 * step);
                        y11.sub(y10).intoArray(u, at + 14 * step);
                        y11.intoArray(u, at + 15 * step);
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
        for (int b = 0; b < count; b++) {
            for (int oc = 0; oc < p.o(); oc++) {
                int row = oc * t + b * p.tiles(), plane = outOffset + ((first + b) * p.o() + oc) * p.outH() * outW;
                for (int ty = 0; ty < p.tilesH(); ty++) {
                    for (int start = 0; start < tilesW; start += LANES) {
                        int tx = Math.min(start, tilesW - LANES), at = row + ty * tilesW + tx;
                        FloatVector m4 = load(m, at + 4 * step), m5 = load(m, at + 5 * step), m6 = load(m, at + 6 * step), m7 = load(m, at + 7 * step);
                        FloatVector m8 = load(m, at + 8 * step), m9 = load(m, at + 9 * step), m10 = load(m, at + 10 * step), m11 = load(m, at + 11 * step);
                        FloatVector s00 = load(m, at).add(m4).add(m8), s01 = load(m, at + step).add(m5).add(m9);
                        FloatVector s02 = load(m, at + 2 * step).add(m6).add(m10), s03 = load(m, at + 3 * step).add(m7).add(m11);
                        FloatVector s10 = m4.sub(m8).sub(load(m, at + 12 * step)), s11 = m5.sub(m9).sub(load(m, at + 13 * step));
                        FloatVector s12 = m6.sub(m10).sub(load(m, at + 14 * step)), s13 = m7.sub(m11).sub(load(m, at + 15 * step));
                        s00.add(s01).add(s02).intoArray(rows, tx);
                        s01.sub(s02).sub(s03).intoArray(rows, tilesW + tx);
                        s10.add(s11).add(s12).intoArray(rows, 2 * tilesW + tx);
                        s11.sub(s12).sub(s13).intoArray(rows, 3 * tilesW + tx);
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
