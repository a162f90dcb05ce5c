package dev.tensorj.tensor;

import java.util.Arrays;

/** The shape logic of {@link Tensor#matmul}: vector promotion and batch broadcasting, then one batched kernel call. */
final class TensorMatMul {
    private TensorMatMul() {
    }

    static Tensor matmul(Tensor a, Tensor b) {
        Tensor.checkSameDevice("matmul", a, b);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: expects tensors of rank >= 1, got shapes " + a.shape() + " and " + b.shape() + "; use mul for scalars");
        }
        DType dtype = DType.promote(a.dtype(), b.dtype());
        boolean aIsVector = a.rank() == 1;
        boolean bIsVector = b.rank() == 1;
        Tensor left = (aIsVector ? a.unsqueeze(0) : a).to(dtype);
        Tensor right = (bIsVector ? b.unsqueeze(1) : b).to(dtype);
        int m = left.size(-2), k = left.size(-1), kRight = right.size(-2), n = right.size(-1);
        if (k != kRight) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape() + " and " + b.shape() + " do not align: " + k + " != " + kRight);
        }
        int[] leftBatch = Arrays.copyOf(left.dims(), left.rank() - 2);
        int[] rightBatch = Arrays.copyOf(right.dims(), right.rank() - 2);
        int[] batchShape = Shape.broadcast("matmul", leftBatch, rightBatch);
        int batch = Shape.numel(batchShape);

        Tensor left3 = left.expand(concat(batchShape, m, k)).reshape(batch, m, k);
        Tensor right3 = right.expand(concat(batchShape, k, n)).reshape(batch, k, n);
        Tensor out = Tensor.zeros(dtype, a.device(), batch, m, n);
        if (out.numel() > 0) a.backend().matmul(left3, right3, out);

        Tensor result = out.view(concat(batchShape, m, n));
        if (aIsVector) result = result.squeeze(-2);
        if (bIsVector) result = result.squeeze(-1);
        return result;
    }

    private static int[] concat(int[] head, int x, int y) {
        int[] r = Arrays.copyOf(head, head.length + 2);
        r[head.length] = x;
        r[head.length + 1] = y;
        return r;
    }
}
