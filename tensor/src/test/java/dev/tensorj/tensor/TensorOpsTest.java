package dev.tensorj.tensor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The shape logic of Tensor ops: broadcasting, reductions, matmul promotion, joining, indexing. */
class TensorOpsTest {

    private static Tensor m() {
        return Tensor.of(new float[] {1, 2, 3}, new float[] {4, 5, 6});
    }

    @Test
    void broadcastingArithmetic() {
        Tensor sum = m().add(Tensor.of(10, 20, 30));
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, sum.toFloatArray());
        Tensor column = Tensor.of(1, 2).reshape(2, 1);
        assertArrayEquals(new float[] {1, 2, 3, 8, 10, 12}, m().mul(column).toFloatArray());
        assertArrayEquals(new int[] {4, 2, 3}, m().add(Tensor.zeros(4, 1, 1)).dims());
        assertArrayEquals(new float[] {9, 8, 7, 6, 5, 4}, m().rsub(10).toFloatArray());
    }

    @Test
    void typePromotion() {
        assertEquals(DType.FLOAT64, m().add(Tensor.scalar(1, DType.FLOAT64)).dtype());
        assertEquals(DType.FLOAT32, Tensor.arange(3).add(Tensor.of(0.5f)).dtype());
        assertEquals(DType.INT64, Tensor.arange(3).add(1).dtype());
        assertEquals(DType.FLOAT32, Tensor.arange(3).add(0.5).dtype());
        assertEquals(DType.FLOAT32, Tensor.arange(3).eq(Tensor.arange(3)).dtype(), "comparison masks are float");
    }

    @Test
    void reductionsOverAxes() {
        assertEquals(21, m().sum().item());
        assertArrayEquals(new float[] {5, 7, 9}, m().sum(0).toFloatArray());
        assertArrayEquals(new int[] {2, 1}, m().sum(new int[] {1}, true).dims());
        assertArrayEquals(new float[] {2, 5}, m().mean(1).toFloatArray());
        assertArrayEquals(new float[] {3, 6}, m().max(-1).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3}, m().min(0).toFloatArray());
        assertEquals(720, m().prod(new int[0], false).item());
        assertArrayEquals(new long[] {2, 2}, m().argmax(1).toLongArray());
        assertEquals(5, m().argmax().itemLong());
        assertEquals(0, m().argmin().itemLong());
        // var of 1..6 with divisor n-1 = 3.5; population = 35/12
        assertEquals(3.5, m().var().item(), 1e-6);
        assertEquals(35.0 / 12, m().var(new int[0], 0, false).item(), 1e-6);
        assertEquals(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), m().logsumexp(new int[] {1}, false).get(0), 1e-5);
    }

    @Test
    void logsumexpIsStableForLargeValues() {
        Tensor big = Tensor.of(1000f, 1000f);
        assertEquals(1000 + Math.log(2), big.logsumexp(new int[0], false).item(), 1e-3);
    }

    @Test
    void matmulShapes() {
        Tensor a = Tensor.rand(new Generator(1), 2, 3);
        Tensor b = Tensor.rand(new Generator(2), 3, 4);
        assertArrayEquals(new int[] {2, 4}, a.matmul(b).dims());
        assertArrayEquals(new int[] {2}, a.matmul(Tensor.ones(3)).dims(), "matrix x vector");
        assertArrayEquals(new int[] {4}, Tensor.ones(3).matmul(b).dims(), "vector x matrix");
        assertEquals(0, Tensor.ones(3).matmul(Tensor.ones(3)).rank(), "dot product is 0-d");
        assertEquals(3, Tensor.ones(3).matmul(Tensor.ones(3)).item());
        Tensor batched = Tensor.rand(new Generator(3), 5, 1, 2, 3).matmul(Tensor.rand(new Generator(4), 7, 3, 4));
        assertArrayEquals(new int[] {5, 7, 2, 4}, batched.dims(), "batch axes broadcast");
    }

    @Test
    void matmulMatchesHandComputed() {
        Tensor a = Tensor.of(new float[] {1, 2}, new float[] {3, 4});
        Tensor b = Tensor.of(new float[] {5, 6}, new float[] {7, 8});
        assertArrayEquals(new float[] {19, 22, 43, 50}, a.matmul(b).toFloatArray());
        assertArrayEquals(new float[] {26, 30, 38, 44}, a.t().matmul(b).toFloatArray(), "transposed operand");
    }

    @Test
    void softmaxRowsSumToOne() {
        Tensor s = m().softmax(1);
        assertArrayEquals(new float[] {1, 1}, s.sum(1).toFloatArray(), 1e-6f);
        assertTrue(m().logSoftmax(1).exp().allClose(s, 1e-5, 1e-6));
        Tensor huge = Tensor.of(1000f, 0f);
        assertArrayEquals(new float[] {1, 0}, huge.softmax(0).toFloatArray(), 1e-6f);
    }

    @Test
    void concatStackSplitChunk() {
        Tensor c = Tensor.concat(1, m(), Tensor.zeros(2, 2));
        assertArrayEquals(new int[] {2, 5}, c.dims());
        assertEquals(6, c.get(1, 2));
        Tensor s = Tensor.stack(0, m(), m());
        assertArrayEquals(new int[] {2, 2, 3}, s.dims());
        List<Tensor> parts = Tensor.arange(0.0, 7.0, 1.0).split(3, 0);
        assertEquals(3, parts.size());
        assertArrayEquals(new float[] {6}, parts.get(2).toFloatArray());
        List<Tensor> sized = m().split(new int[] {1, 2}, 1);
        assertArrayEquals(new int[] {2, 2}, sized.get(1).dims());
        assertEquals(2, m().chunk(2, 1).size());
    }

    @Test
    void gatherScatterIndexSelectOneHot() {
        Tensor idx = Tensor.fromArray(new long[] {2, 0}, 2, 1);
        assertArrayEquals(new float[] {3, 4}, m().gather(1, idx).toFloatArray());
        Tensor target = Tensor.zeros(2, 3).scatterAdd(1, idx, Tensor.ones(2, 1));
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, target.toFloatArray());
        Tensor repeated = Tensor.zeros(3).scatterAdd(0, Tensor.ofLongs(1, 1, 1), Tensor.ones(3));
        assertArrayEquals(new float[] {0, 3, 0}, repeated.toFloatArray(), "repeated indices accumulate");
        assertArrayEquals(new float[] {4, 5, 6, 1, 2, 3, 4, 5, 6}, m().indexSelect(0, Tensor.ofLongs(1, 0, 1)).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0}, Tensor.ofLongs(1, 0).oneHot(3).toFloatArray());
    }

    @Test
    void whereAndClamp() {
        Tensor w = Tensor.where(m().gt(3), m(), Tensor.scalar(0));
        assertArrayEquals(new float[] {0, 0, 0, 4, 5, 6}, w.toFloatArray());
        assertArrayEquals(new float[] {2, 2, 3, 4, 4, 4}, m().clamp(2, 4).toFloatArray());
    }

    @Test
    void inPlaceOpsBroadcastTheSourceAndBumpTheVersion() {
        Tensor t = m().copy();
        int before = t.version();
        t.addInPlace(Tensor.of(1, 1, 1));
        t.mulInPlace(2);
        t.addInPlace(Tensor.ones(2, 3), -1);
        assertArrayEquals(new float[] {3, 5, 7, 9, 11, 13}, t.toFloatArray());
        assertEquals(before + 3, t.version());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(1, 2, 3).addInPlace(m()), "the target cannot grow");
    }

    @Test
    void float64AndInt64Work() {
        Tensor d = Tensor.fromArray(new double[] {1, 2, 3, 4}, 2, 2);
        assertEquals(DType.FLOAT64, d.matmul(d).dtype());
        assertArrayEquals(new double[] {7, 10, 15, 22}, d.matmul(d).toDoubleArray());
        Tensor l = Tensor.ofLongs(5, -3, 2);
        assertArrayEquals(new long[] {5, 3, 2}, l.abs().toLongArray());
        assertEquals(4, l.sum().itemLong());
        assertArrayEquals(new long[] {2, -1, 1}, l.div(2).toLongArray(), "INT64 division truncates");
    }
}
