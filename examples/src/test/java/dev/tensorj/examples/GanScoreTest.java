package dev.tensorj.examples;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.layers.FunctionLayer;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The score's three shares on images whose class probabilities are known. */
class GanScoreTest {

    @Test
    void sharesOfConfidentRequestedAndMostFrequentClasses() {
        // a "classifier" whose logits are the four pixels of a 2x2 image, times 10
        Layer classifier = new FunctionLayer("pixels", x -> x.flatten(1, -1).mul(10));
        Tensor images = Tensor.of(new float[][] {
                {1, 0, 0, 0},        // class 0, p ≈ 0.9999
                {0, 1, 0, 0},        // class 1, confident
                {0, 0.1f, 0.12f, 0}, // class 2, p ≈ 0.3: not confident
                {0, 0, 0, 1},        // class 3, confident
        }).reshape(4, 1, 2, 2);
        GanScore.Score score = GanScore.score(classifier, images, Tensor.ofLongs(0, 1, 3, 0));
        assertEquals(0.75, score.confidentShare(), 1e-9);
        assertEquals(0.5, score.classAccuracy(), 1e-9, "images 0 and 1 are of the requested class, 2 and 3 are not");
        assertEquals(0.25, score.largestClassShare(), 1e-9, "four different classes");
        GanScore.Score unconditional = GanScore.score(classifier, Tensor.concat(0, images.narrow(0, 0, 2), images.narrow(0, 0, 2)), null);
        assertTrue(Double.isNaN(unconditional.classAccuracy()));
        assertEquals(0.5, unconditional.largestClassShare(), 1e-9);
    }
}
