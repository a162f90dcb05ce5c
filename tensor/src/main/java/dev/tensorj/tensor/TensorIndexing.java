package dev.tensorj.tensor;

/** Checks for gather, scatterAdd, indexSelect and oneHot; the backends do the moving. */
final class TensorIndexing {
    private TensorIndexing() {
    }

    static Tensor gather(Tensor x, int axis, Tensor index) {
        int a = Shape.normalizeAxis("gather", axis, x.rank());
        checkIndex("gather", x, index);
        if (index.rank() != x.rank()) {
            throw new IllegalArgumentException("gather: index of shape " + index.shape() + " must have the rank of the input " + x.shape());
        }
        for (int d = 0; d < x.rank(); d++) {
            if (d != a && index.size(d) > x.size(d)) {
                throw new IllegalArgumentException("gather: index of shape " + index.shape() + " is larger than the input " + x.shape() + " on axis " + d);
            }
        }
        checkRange("gather", index, x.size(a), x.shape(), axis);
        Tensor out = Tensor.zeros(x.dtype(), x.device(), index.dims());
        if (out.numel() > 0) x.backend().gather(x, a, index, out);
        return out;
    }

    static Tensor scatterAddInto(Tensor target, int axis, Tensor index, Tensor src) {
        int a = Shape.normalizeAxis("scatterAdd", axis, target.rank());
        checkIndex("scatterAdd", target, index);
        Tensor.checkSameDevice("scatterAdd", target, src);
        if (index.rank() != target.rank() || src.rank() != target.rank()) {
            throw new IllegalArgumentException("scatterAdd: target " + target.shape() + ", index " + index.shape() + " and src " + src.shape()
                    + " must have the same rank");
        }
        for (int d = 0; d < target.rank(); d++) {
            if (index.size(d) > src.size(d) || (d != a && index.size(d) > target.size(d))) {
                throw new IllegalArgumentException("scatterAdd: index of shape " + index.shape() + " does not fit src " + src.shape()
                        + " and target " + target.shape() + " on axis " + d);
            }
        }
        checkRange("scatterAdd", index, target.size(a), target.shape(), axis);
        Tensor source = src.to(target.dtype());
        for (int d = 0; d < source.rank(); d++) source = source.narrow(d, 0, index.size(d));
        if (index.numel() > 0) target.backend().scatterAdd(target, a, index, source);
        return target;
    }

    static Tensor indexSelect(Tensor x, int axis, Tensor index) {
        int a = Shape.normalizeAxis("indexSelect", axis, x.rank());
        checkIndex("indexSelect", x, index);
        if (index.rank() > 1) throw new IllegalArgumentException("indexSelect: index must be 1-D, got shape " + index.shape());
        Tensor flatIndex = index.reshape(-1);
        checkRange("indexSelect", flatIndex, x.size(a), x.shape(), axis);
        int[] outShape = x.dims();
        outShape[a] = flatIndex.numel();
        Tensor out = Tensor.zeros(x.dtype(), x.device(), outShape);
        if (out.numel() > 0) x.backend().indexSelect(x, a, flatIndex, out);
        return out;
    }

    static Tensor oneHot(Tensor labels, int numClasses) {
        if (labels.dtype() != DType.INT64) throw new IllegalArgumentException("oneHot: expects INT64 class indices, got " + labels.dtype());
        if (numClasses <= 0) throw new IllegalArgumentException("oneHot: numClasses must be positive, got " + numClasses);
        checkRange("oneHot", labels, numClasses, labels.shape(), -1);
        Tensor classes = Tensor.arange(numClasses);
        if (!labels.device().equals(Device.CPU)) classes = classes.to(labels.device());
        return labels.unsqueeze(-1).eq(classes); // comparison masks are FLOAT32
    }

    private static void checkIndex(String op, Tensor x, Tensor index) {
        Tensor.checkSameDevice(op, x, index);
        if (index.dtype() != DType.INT64) throw new IllegalArgumentException(op + ": index must be INT64, got " + index.dtype());
    }

    private static void checkRange(String op, Tensor index, int size, Shape shape, int axis) {
        if (index.numel() == 0) return;
        Tensor distinct = index; // a broadcast index repeats its values: look at each only once
        for (int a = 0; a < index.rank(); a++) if (index.stride(a) == 0 && index.size(a) > 1) distinct = distinct.narrow(a, 0, 1);
        long lo = distinct.min().itemLong();
        long hi = distinct.max().itemLong();
        if (lo < 0 || hi >= size) {
            long bad = lo < 0 ? lo : hi;
            throw new IllegalArgumentException(op + ": index " + bad + " is out of range for axis " + axis + " of size " + size
                    + " (shape " + shape + "); expected 0 to " + (size - 1));
        }
    }
}
