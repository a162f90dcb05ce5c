package dev.tensorj.datasets;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

/**
 * Random image augmentations for training data, as {@link Transform}s on batches {@code [N, ..., H, W]}
 * (the last two axes are the image). Each example draws its own change from the generator, so apply
 * them lazily, to the training set only, with {@link Dataset#mapInputs}: every epoch then sees new
 * variants. The draws follow the order in which the loader reads the batches, so a seeded generator
 * gives the same augmentations run after run.
 * <ul>
 *   <li>{@link #randomShift}: torchvision's {@code RandomCrop(size, padding=s)} with zero padding, or
 *       Keras' {@code RandomTranslation} by whole pixels with {@code fill_mode='constant'};</li>
 *   <li>{@link #randomHorizontalFlip}: torchvision's {@code RandomHorizontalFlip()}, Keras'
 *       {@code RandomFlip('horizontal')}.</li>
 * </ul>
 */
public final class Augmentations {
    private Augmentations() {
    }

    /**
     * Moves each image by (dy, dx) pixels, both drawn uniformly from {@code [-maxShift, maxShift]}:
     * {@code out[.., r, c] = in[.., r - dy, c - dx]}, zero where that falls outside the image.
     */
    public static Transform randomShift(int maxShift, Generator generator) {
        if (maxShift < 0) throw new IllegalArgumentException("randomShift: maxShift must be >= 0, got " + maxShift);
        return batch -> {
            int h = batch.size(requireImages("randomShift", batch) - 2), w = batch.size(batch.rank() - 1);
            if (maxShift >= h || maxShift >= w) {
                throw new IllegalArgumentException("randomShift: maxShift " + maxShift + " must be smaller than the image, got images "
                        + h + " x " + w + " in a batch of shape " + batch.shape());
            }
            Tensor out = batch.zerosLike();
            for (int i = 0; i < batch.size(0); i++) {
                int dy = shift(maxShift, generator), dx = shift(maxShift, generator);
                int rows = h - Math.abs(dy), columns = w - Math.abs(dx);
                Tensor from = batch.select(0, i).narrow(-2, Math.max(0, -dy), rows).narrow(-1, Math.max(0, -dx), columns);
                out.select(0, i).narrow(-2, Math.max(0, dy), rows).narrow(-1, Math.max(0, dx), columns).copyFrom(from);
            }
            return out;
        };
    }

    /** Mirrors each image left to right with probability 1/2. */
    public static Transform randomHorizontalFlip(Generator generator) {
        return batch -> {
            int w = batch.size(requireImages("randomHorizontalFlip", batch) - 1);
            long[] reversed = new long[w];
            for (int c = 0; c < w; c++) reversed[c] = w - 1 - c;
            Tensor columns = Tensor.ofLongs(reversed);
            Tensor out = batch.copy();
            for (int i = 0; i < batch.size(0); i++) {
                if (generator.nextLong(2) == 1) out.select(0, i).copyFrom(batch.select(0, i).indexSelect(-1, columns));
            }
            return out;
        };
    }

    private static int shift(int maxShift, Generator generator) {
        return (int) generator.nextLong(2L * maxShift + 1) - maxShift;
    }

    /** The batch's rank, after checking it is at least [N, H, W]. */
    private static int requireImages(String op, Tensor batch) {
        if (batch.rank() < 3) {
            throw new IllegalArgumentException(op + ": expects a batch of images [N, ..., H, W] (rank >= 3), got shape " + batch.shape());
        }
        return batch.rank();
    }
}
