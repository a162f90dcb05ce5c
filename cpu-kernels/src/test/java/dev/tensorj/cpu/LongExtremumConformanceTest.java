package dev.tensorj.cpu;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.ReduceOp;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CPU's INT64 whole-tensor min / max (used by every index range check) against the reference. */
class LongExtremumConformanceTest {

    @Test
    void minAndMaxOfLongsMatchTheReference() {
        Generator g = new Generator(8);
        Tensor base = Tensor.randint(-50, 20000, g, 40, 30);
        for (Tensor x : new Tensor[] {base, base.narrow(0, 5, 10), base.t(), base.narrow(1, 3, 1), Tensor.ofLongs(7)}) {
            for (ReduceOp op : new ReduceOp[] {ReduceOp.MIN, ReduceOp.MAX}) {
                Tensor cpu = Tensor.zeros(dev.tensorj.tensor.DType.INT64), ref = Tensor.zeros(dev.tensorj.tensor.DType.INT64);
                CpuBackend.INSTANCE.reduce(op, x, cpu);
                ReferenceBackend.INSTANCE.reduce(op, x, ref);
                assertEquals(ref.itemLong(), cpu.itemLong(), op + " of " + x.shape());
            }
        }
        assertTrue(CpuReductions.isWholeLongExtremum(ReduceOp.MAX, base, Tensor.zeros(dev.tensorj.tensor.DType.INT64)));
    }

    /** Long enough to be split between threads; the extremes sit in each of the four running chains, a share's edge and the tail. */
    @Test
    void extremesAnywhereInALongTensorAreFound() {
        int n = 300_003;
        for (int at : new int[] {0, 1, 2, 3, n / 2 - 1, n / 2, n / 2 + 1, n - 4, n - 1}) {
            long[] values = Tensor.randint(-1000, 1000, new Generator(at), n).toLongArray();
            values[at] = 5_000_000_000L;
            values[(at + n / 3) % n] = -5_000_000_000L;
            Tensor x = Tensor.fromArray(values, n);
            for (ReduceOp op : new ReduceOp[] {ReduceOp.MIN, ReduceOp.MAX}) {
                Tensor cpu = Tensor.zeros(dev.tensorj.tensor.DType.INT64);
                CpuBackend.INSTANCE.reduce(op, x, cpu);
                assertEquals(op == ReduceOp.MAX ? 5_000_000_000L : -5_000_000_000L, cpu.itemLong(), op + " with the extreme at " + at);
            }
        }
    }
}
