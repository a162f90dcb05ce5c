package dev.tensorj.examples;

import dev.tensorj.autograd.Variable;
import dev.tensorj.datasets.Mnist;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The course's conv autoencoder: the shapes of its three models (encoder, decoder, autoencoder sharing
 * weights), and a CI-sized training run whose test MSE must fall below {@link #CI_MSE} (the documented
 * full run, {@code ./tensorj train autoencoder}, is in docs/images/autoencoder/).
 */
@Tag("e2e")
class AutoencoderEndToEndTest {
    /** Predicting black everywhere scores 0.114 on MNIST's test set, predicting the training mean image 0.067. */
    static final double CI_MSE = 0.03;

    @Test
    void encoderDecoderAndAutoencoderHaveTheCourseShapesAndShareWeights() {
        AutoencoderExercise ae = new AutoencoderExercise(new Generator(0));
        String encoder = ae.encoder.summary(1, 28, 28), decoder = ae.decoder.summary(16, 7, 7);
        for (String shape : new String[] {"(None, 64, 28, 28)", "(None, 32, 28, 28)", "(None, 32, 14, 14)", "(None, 16, 14, 14)", "(None, 16, 7, 7)"}) {
            assertTrue(encoder.contains(shape), shape + " missing from\n" + encoder);
        }
        for (String shape : new String[] {"(None, 16, 14, 14)", "(None, 32, 14, 14)", "(None, 32, 28, 28)", "(None, 64, 28, 28)", "(None, 1, 28, 28)"}) {
            assertTrue(decoder.contains(shape), shape + " missing from\n" + decoder);
        }
        Tensor images = Tensor.rand(new Generator(1), 2, 1, 28, 28);
        Tensor embedding = ae.encoder.forward(new Variable(images, false)).data();
        assertArrayEquals(new int[] {2, 16, 7, 7}, embedding.dims());
        Tensor viaDecoder = ae.decoder.forward(new Variable(embedding, false)).data();
        Tensor whole = ae.autoencoder.forward(new Variable(images, false)).data();
        assertArrayEquals(new int[] {2, 1, 28, 28}, whole.dims());
        assertTrue(whole.allClose(viaDecoder, 0, 0), "the autoencoder must be the encoder followed by the decoder, with the same weights");
        assertEquals(ae.encoder.parameterCount() + ae.decoder.parameterCount(), ae.autoencoder.parameterCount());
    }

    @Test
    void testMseFallsBelowTheThresholdInACiSizedRun(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assumeTrue(Loaders.available(Mnist::test), "MNIST not found; skipping");
        AutoencoderExercise.Result r = AutoencoderExercise.run(1, 128, 42, 12_800, dir, new PrintStream(PrintStream.nullOutputStream()), false);
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains(String.format(java.util.Locale.ROOT, "| test MSE | %.5f |", r.testMse())) && report.contains("![sampled-digits](sampled-digits.png)"), report);
        System.out.printf("autoencoder: test MSE %.5f after 100 steps, %.1f s per epoch%n", r.testMse(), r.secondsPerEpoch());
        assertTrue(r.testMse() < CI_MSE, "test MSE " + r.testMse() + " >= " + CI_MSE);
    }
}
