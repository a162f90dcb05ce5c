package dev.tensorj.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AugmentationsTest {
    private static final int H = 5, W = 6;

    /** N images [N, 2, H, W] with distinct, non-zero pixel values. */
    private static Tensor images(int n) {
        return Tensor.arange(1, 1 + n * 2 * H * W).to(dev.tensorj.tensor.DType.FLOAT32).reshape(n, 2, H, W);
    }

    /** The image moved by (dy, dx) with zero fill, computed pixel by pixel. */
    private static float[] shifted(float[] image, int channels, int dy, int dx) {
        float[] out = new float[image.length];
        for (int c = 0; c < channels; c++) {
            for (int r = 0; r < H; r++) {
                for (int q = 0; q < W; q++) {
                    int sr = r - dy, sq = q - dx;
                    if (sr >= 0 && sr < H && sq >= 0 && sq < W) out[(c * H + r) * W + q] = image[(c * H + sr) * W + sq];
                }
            }
        }
        return out;
    }

    @Test
    void randomShiftMovesEachImageByOneOfTheAllowedOffsets() {
        Tensor x = images(200);
        Tensor y = Augmentations.randomShift(2, new Generator(1)).apply(x);
        assertArrayEquals(x.dims(), y.dims());
        Set<List<Integer>> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            float[] in = x.select(0, i).toFloatArray(), out = y.select(0, i).toFloatArray();
            List<Integer> found = null;
            for (int dy = -2; dy <= 2 && found == null; dy++) {
                for (int dx = -2; dx <= 2 && found == null; dx++) {
                    if (java.util.Arrays.equals(shifted(in, 2, dy, dx), out)) found = List.of(dy, dx);
                }
            }
            if (found == null) fail("randomShift: image " + i + " is not its input moved by at most 2 pixels");
            seen.add(found);
        }
        assertEquals(25, seen.size(), "200 images should draw every one of the 25 offsets, got " + seen);
        assertArrayEquals(y.toFloatArray(), Augmentations.randomShift(2, new Generator(1)).apply(x).toFloatArray(),
                "the same seed gives the same shifts");
    }

    @Test
    void randomShiftOfZeroIsTheIdentityAndBadArgumentsAreNamed() {
        Tensor x = images(3);
        assertArrayEquals(x.toFloatArray(), Augmentations.randomShift(0, new Generator(2)).apply(x).toFloatArray());
        var rank = assertThrows(IllegalArgumentException.class, () -> Augmentations.randomShift(1, new Generator(2)).apply(Tensor.zeros(4, 28)));
        assertTrue(rank.getMessage().contains("randomShift") && rank.getMessage().contains("[4, 28]"), rank.getMessage());
        var tooFar = assertThrows(IllegalArgumentException.class, () -> Augmentations.randomShift(5, new Generator(2)).apply(x));
        assertTrue(tooFar.getMessage().contains("maxShift 5") && tooFar.getMessage().contains("5 x 6"), tooFar.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Augmentations.randomShift(-1, new Generator(2)));
    }

    @Test
    void randomHorizontalFlipMirrorsAboutHalfOfTheImages() {
        Tensor x = images(400);
        Tensor y = Augmentations.randomHorizontalFlip(new Generator(3)).apply(x);
        int flipped = 0;
        for (int i = 0; i < 400; i++) {
            float[] in = x.select(0, i).toFloatArray(), out = y.select(0, i).toFloatArray(), mirror = new float[in.length];
            for (int row = 0; row < 2 * H; row++) {
                for (int q = 0; q < W; q++) mirror[row * W + q] = in[row * W + W - 1 - q];
            }
            if (java.util.Arrays.equals(out, mirror)) {
                flipped++;
            } else if (!java.util.Arrays.equals(out, in)) {
                fail("randomHorizontalFlip: image " + i + " is neither its input nor its mirror image");
            }
        }
        assertTrue(flipped > 160 && flipped < 240, "about half of 400 images should be flipped, got " + flipped);
        assertThrows(IllegalArgumentException.class, () -> Augmentations.randomHorizontalFlip(new Generator(3)).apply(Tensor.zeros(4, 28)));
    }

    @Test
    void everyDtypeKeepsItsDtypeAndValues() {
        Tensor doubles = images(4).to(dev.tensorj.tensor.DType.FLOAT64), longs = images(4).to(dev.tensorj.tensor.DType.INT64);
        Tensor shifted = Augmentations.randomShift(1, new Generator(5)).apply(doubles);
        Tensor flipped = Augmentations.randomHorizontalFlip(new Generator(6)).apply(longs);
        assertEquals(dev.tensorj.tensor.DType.FLOAT64, shifted.dtype());
        assertEquals(dev.tensorj.tensor.DType.INT64, flipped.dtype());
        assertArrayEquals(Augmentations.randomShift(1, new Generator(5)).apply(images(4)).toFloatArray(), shifted.toFloatArray(),
                "FLOAT64 shifts like FLOAT32 with the same seed");
        assertArrayEquals(Augmentations.randomHorizontalFlip(new Generator(6)).apply(images(4)).toFloatArray(), flipped.toFloatArray(),
                "INT64 flips like FLOAT32 with the same seed");
    }

    @Test
    void appliedLazilyEveryEpochSeesNewVariants() {
        TensorDataset data = new TensorDataset(images(8), Tensor.zeros(dev.tensorj.tensor.DType.INT64, 8), List.of());
        Dataset augmented = data.mapInputs(Augmentations.randomShift(1, new Generator(4)));
        DataLoader loader = DataLoader.builder(augmented).batchSize(8).build();
        Tensor first = loader.iterator().next().inputs(), second = loader.iterator().next().inputs();
        assertFalse(java.util.Arrays.equals(first.toFloatArray(), second.toFloatArray()), "two epochs drew the same shifts");
    }
}
