package dev.tensorj.plot;

import dev.tensorj.datasets.Batch;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.gan.GanTrainer;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Reshape;
import dev.tensorj.nn.optim.SGD;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A GAN run leaves one grid per epoch, of the same fixed noise, with the layout asked for. */
class SampleGridTest {
    private static final int LATENT = 4;

    @Test
    void onePngPerEpochOfTheFixedNoise(@TempDir Path dir) throws Exception {
        Generator init = new Generator(8);
        Layer g = new Sequential(new Linear(LATENT, 8, true, init), Activation.leakyRelu(0.2), new Linear(8, 9, true, init), Activation.tanh(), new Reshape(1, 3, 3));
        Layer d = new Sequential(new Flatten(), new Linear(9, 6, true, init), Activation.leakyRelu(0.2), new Linear(6, 1, true, init));
        GanTrainer trainer = new GanTrainer(g, d, new SGD(g.parameters(), 0.01), new SGD(d.parameters(), 0.01), LATENT, false, new Generator(9)).verbose(false);
        SampleGrid grid = new SampleGrid(trainer.noise(6), null, 3, 4, dir, "samples");
        trainer.addCallback(grid);
        Tensor images = Tensor.randn(new Generator(10), 8, 1, 3, 3).tanh();

        trainer.fit(List.of(new Batch(images.narrow(0, 0, 4), null), new Batch(images.narrow(0, 4, 4), null)), 2);

        for (int epoch = 1; epoch <= 2; epoch++) {
            BufferedImage png = ImageIO.read(dir.resolve("samples_epoch_00" + epoch + ".png").toFile());
            assertEquals(3 * (3 * 4 + 8), png.getWidth(), "three columns of 3-pixel images, scaled 4x, 8 pixels apart (epoch " + epoch + ")");
            assertEquals(2 * (3 * 4 + 8), png.getHeight(), "six samples in rows of three (epoch " + epoch + ")");
        }
        Tensor first = grid.images(trainer), again = grid.images(trainer);
        assertArrayEquals(first.toFloatArray(), again.toFloatArray(), "the same noise every time");
    }
}
