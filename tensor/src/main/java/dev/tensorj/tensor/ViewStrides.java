package dev.tensorj.tensor;

/**
 * When can a strided tensor be seen in a new shape without copying? Groups of old axes that are
 * contiguous with each other ("chunks") can be split or merged freely; a new axis may not straddle
 * two chunks. This is PyTorch's {@code computeStride} algorithm.
 */
final class ViewStrides {
    private ViewStrides() {
    }

    /** The strides of the view, or null when the new shape needs a copy. */
    static int[] compute(int[] oldShape, int[] oldStrides, int[] newShape) {
        int[] newStrides = new int[newShape.length];
        if (Shape.numel(oldShape) == 0 || oldShape.length == 0) return Shape.contiguousStrides(newShape);
        if (newShape.length == 0) return newStrides; // one element, rank 0
        int viewAxis = newShape.length - 1;
        long chunkBaseStride = oldStrides[oldStrides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int tensorAxis = oldShape.length - 1; tensorAxis >= 0; tensorAxis--) {
            tensorNumel *= oldShape[tensorAxis];
            // a chunk ends where the next axis to the left is not laid out right after this one
            boolean chunkEnds = tensorAxis == 0
                    || (oldShape[tensorAxis - 1] != 1 && oldStrides[tensorAxis - 1] != tensorNumel * chunkBaseStride);
            if (chunkEnds) {
                while (viewAxis >= 0 && (viewNumel < tensorNumel || newShape[viewAxis] == 1)) {
                    newStrides[viewAxis] = (int) (viewNumel * chunkBaseStride);
                    viewNumel *= newShape[viewAxis];
                    viewAxis--;
                }
                if (viewNumel != tensorNumel) return null;
                if (tensorAxis > 0) {
                    chunkBaseStride = oldStrides[tensorAxis - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewAxis == -1 ? newStrides : null;
    }
}
