package dev.tensorj.tensor.cpu;

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
}
