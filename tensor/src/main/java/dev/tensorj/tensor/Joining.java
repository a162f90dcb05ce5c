package dev.tensorj.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** concat, stack, split and chunk. */
final class Joining {
    private Joining() {
    }

    static Tensor concat(int axis, Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("concat: expects at least one tensor");
        Tensor first = tensors[0];
        int a = Shape.normalizeAxis("concat", axis, first.rank());
        DType dtype = first.dtype();
        int total = 0;
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            Tensor.checkSameDevice("concat", first, t);
            dtype = DType.promote(dtype, t.dtype());
            if (t.rank() != first.rank()) {
                throw new IllegalArgumentException("concat: tensor " + i + " has shape " + t.shape() + ", rank " + t.rank()
                        + ", but tensor 0 has shape " + first.shape() + ", rank " + first.rank());
            }
            for (int d = 0; d < first.rank(); d++) {
                if (d != a && t.size(d) != first.size(d)) {
                    throw new IllegalArgumentException("concat: along axis " + axis + ", tensor " + i + " of shape " + t.shape()
                            + " differs from tensor 0 of shape " + first.shape() + " on axis " + d);
                }
            }
            total += t.size(a);
        }
        int[] outShape = first.dims();
        outShape[a] = total;
        Tensor out = Tensor.zeros(dtype, first.device(), outShape);
        int position = 0;
        for (Tensor t : tensors) {
            int length = t.size(a);
            if (length > 0) out.backend().copy(t, out.narrow(a, position, length));
            position += length;
        }
        return out;
    }

    static Tensor stack(int axis, Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("stack: expects at least one tensor");
        int a = Shape.normalizeAxis("stack", axis, tensors[0].rank() + 1);
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            if (!tensors[i].shape().equals(tensors[0].shape())) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + tensors[i].shape() + ", expected " + tensors[0].shape() + " like tensor 0");
            }
            expanded[i] = tensors[i].unsqueeze(a);
        }
        return concat(a, expanded);
    }

    static List<Tensor> split(Tensor t, int splitSize, int axis) {
        int a = Shape.normalizeAxis("split", axis, t.rank());
        if (splitSize <= 0) throw new IllegalArgumentException("split: split size must be positive, got " + splitSize);
        List<Tensor> parts = new ArrayList<>();
        for (int start = 0; start < t.size(a); start += splitSize) {
            parts.add(t.narrow(a, start, Math.min(splitSize, t.size(a) - start)));
        }
        if (parts.isEmpty()) parts.add(t);
        return parts;
    }

    static List<Tensor> split(Tensor t, int[] sizes, int axis) {
        int a = Shape.normalizeAxis("split", axis, t.rank());
        int sum = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            sum += s;
        }
        if (sum != t.size(a)) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " add up to " + sum + ", but axis " + axis
                    + " of shape " + t.shape() + " has size " + t.size(a));
        }
        List<Tensor> parts = new ArrayList<>();
        int start = 0;
        for (int s : sizes) {
            parts.add(t.narrow(a, start, s));
            start += s;
        }
        return parts;
    }

    static List<Tensor> chunk(Tensor t, int chunks, int axis) {
        if (chunks <= 0) throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
        int a = Shape.normalizeAxis("chunk", axis, t.rank());
        int size = t.size(a);
        int chunkSize = Math.max(1, (size + chunks - 1) / chunks);
        return split(t, chunkSize, a);
    }
}
