package dev.tensorj.tensor.cpu;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;

/**
 * The fast FLOAT32 path: cache-blocked, vectorised where the Vector API is present, multithreaded over
 * {@link Parallel}'s workers. Every kernel it does not specialise (other dtypes, rare layouts) falls
 * back to the {@link ReferenceBackend} it extends, which is also the oracle its tests compare with.
 */
public class CpuBackend extends ReferenceBackend {
    public static final CpuBackend INSTANCE = new CpuBackend();

    protected CpuBackend() {
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        if (a.dtype() == DType.FLOAT32 && b.dtype() == DType.FLOAT32 && out.dtype() == DType.FLOAT32) {
            Gemm.batched(a, b, out);
        } else {
            super.matmul(a, b, out);
        }
    }
}
