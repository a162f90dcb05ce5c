package dev.tensorj.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class CreationTest {

    @Test
    void constantsAndRanges() {
        assertArrayEquals(new float[] {0, 0, 0, 0}, Tensor.zeros(2, 2).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1}, Tensor.ones(3).toFloatArray());
        assertArrayEquals(new double[] {2.5, 2.5}, Tensor.full(2.5, DType.FLOAT64, 2).toDoubleArray());
        assertArrayEquals(new long[] {0, 1, 2, 3}, Tensor.arange(4).toLongArray());
        assertEquals(DType.INT64, Tensor.arange(4).dtype());
        assertArrayEquals(new float[] {0f, 0.5f, 1f, 1.5f}, Tensor.arange(0.0, 2.0, 0.5).toFloatArray());
        assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 0.75f, 1f}, Tensor.linspace(0, 1, 5).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, Tensor.eye(2, 3).toFloatArray());
        assertEquals(0, Tensor.scalar(3).rank());
        assertEquals(3, Tensor.scalar(3).item());
    }

    @Test
    void ofBuildsMatrices() {
        Tensor m = Tensor.of(new float[] {1, 2}, new float[] {3, 4});
        assertArrayEquals(new int[] {2, 2}, m.dims());
        assertEquals(3, m.get(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2}, new float[] {3}));
    }

    @Test
    void sameSeedGivesBitIdenticalRandomTensors() {
        Tensor a = Tensor.randn(new Generator(42), 1000);
        Tensor b = Tensor.randn(new Generator(42), 1000);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertFalse(a.allClose(Tensor.randn(new Generator(43), 1000)));
        assertArrayEquals(Tensor.rand(new Generator(7), 50).toFloatArray(), Tensor.rand(new Generator(7), 50).toFloatArray());
        assertArrayEquals(Tensor.randint(0, 10, new Generator(7), 50).toLongArray(), Tensor.randint(0, 10, new Generator(7), 50).toLongArray());
    }

    @Test
    void aReservedStretchHoldsTheDrawsThatSingleCallsWouldGive() {
        Generator stretched = new Generator(5), stepped = new Generator(5);
        stepped.nextLong();
        stretched.nextLong();
        long start = stretched.reserve(1000);
        for (int i = 0; i < 1000; i++) assertEquals(stepped.nextLong(), Generator.drawAt(start, i), "draw " + i);
        assertEquals(stepped.nextLong(), stretched.nextLong(), "the sequence goes on after the stretch");
    }

    @Test
    void randomDistributionsHaveTheRightMoments() {
        Generator g = new Generator(1);
        Tensor n = Tensor.normal(2, 3, DType.FLOAT64, g, 100_000);
        assertEquals(2, n.mean().item(), 0.05);
        assertEquals(3, n.std().item(), 0.05);
        Tensor u = Tensor.uniform(-1, 1, DType.FLOAT64, g, 100_000);
        assertEquals(0, u.mean().item(), 0.01);
        assertTrue(u.min().item() >= -1 && u.max().item() < 1);
        Tensor r = Tensor.randint(3, 7, g, 10_000);
        assertEquals(3, r.min().itemLong());
        assertEquals(6, r.max().itemLong());
        assertEquals(0.3, Tensor.bernoulli(0.3, g, 100_000).mean().item(), 0.01);
    }

    @Test
    void generatorStateRoundTrips() {
        Generator g = new Generator(5);
        g.nextGaussian();
        long[] state = g.getState();
        double expected = g.nextGaussian();
        g.nextDouble();
        g.setState(state);
        assertEquals(expected, g.nextGaussian());
    }

    @Test
    void dtypeConversion() {
        Tensor t = Tensor.of(1.5f, -2.5f, 3f);
        assertArrayEquals(new long[] {1, -2, 3}, t.to(DType.INT64).toLongArray(), "float to int truncates toward zero");
        assertEquals(DType.FLOAT64, t.to(DType.FLOAT64).dtype());
        assertSame(t, t.to(DType.FLOAT32));
        assertSame(t, t.to(Device.CPU));
    }

    @Test
    void devices() {
        assertEquals(Device.CPU, Device.parse("cpu"));
        assertEquals(Device.cuda(1), Device.parse("cuda:1"));
        assertEquals("cuda:0", Device.parse("cuda").toString());
        assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
    }

    @Test
    void toStringShowsValuesShapeDtypeAndDevice() {
        String s = Tensor.of(new float[] {1, 2}, new float[] {3, 4}).toString();
        assertEquals("tensor([[1., 2.],\n        [3., 4.]], shape=[2, 2], dtype=FLOAT32, device=cpu)", s);
        assertTrue(Tensor.of(0.5f).toString().contains("0.5000"));
        assertTrue(Tensor.arange(3).toString().startsWith("tensor([0, 1, 2]"));
        String big = Tensor.zeros(100, 100).toString();
        assertTrue(big.contains("..."), "large tensors are summarised");
        assertTrue(big.length() < 2000);
    }
}
