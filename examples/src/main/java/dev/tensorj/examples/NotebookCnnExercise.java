package dev.tensorj.examples;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.models.MethodologyNets;
import dev.tensorj.plot.ImageGrid;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The methodology notebook's CNN on the MNIST PNG subset: conv 1→16 5x5 padding 2, ReLU, maxpool 2;
 * conv 16→32 5x5 padding 2, ReLU, maxpool 2; Dropout 0.2; Linear 1568→10; Adam lr 1e-3 with weight
 * decay 0.1, 10 epochs. Draws the first layer's 16 kernels and the 16 feature maps (after ReLU) of
 * the first test digit, each scaled to its own range.
 */
final class NotebookCnnExercise {
    static final int EPOCHS = 10, BATCH = 64;
    static final double LR = 1e-3, WEIGHT_DECAY = 0.1;

    /** The run, and the first layer's kernels [16, 1, 5, 5] and feature maps of one digit [16, 1, 28, 28]. */
    record Result(MethodologyRun.Result run, Tensor kernels, Tensor featureMaps) {
    }

    private NotebookCnnExercise() {
    }

    static Result run(Path dataDir, int epochs, int batch, long seed, Path out, PrintStream print, boolean verbose) throws IOException {
        MethodologyData data = MethodologyData.load(dataDir, print);
        Generator.seedGlobal(seed);
        Sequential model = MethodologyNets.cnn(new Generator(seed));
        if (verbose) print.println(model.summary(1, 28, 28));
        MethodologyRun.Settings settings = new MethodologyRun.Settings(epochs, batch, LR, WEIGHT_DECAY, seed);
        MethodologyRun.Result r = MethodologyRun.train(model, data.train(), data.valid(), data.test(), settings, print, verbose);
        print.println(MethodologyRun.summaryLine("notebook CNN", r));
        Conv2d first = (Conv2d) model.get(0);
        Tensor kernels = first.weight.data().contiguous();
        Tensor digit = data.test().inputs().narrow(0, 0, 1);
        Tensor maps;
        model.eval();
        try (var noGrad = dev.tensorj.autograd.Grad.disabled()) {
            maps = model.get(1).forward(first.forward(new Variable(digit, false))).data(); // [1, 16, 28, 28] after ReLU
        }
        maps = maps.reshape(16, 1, 28, 28);
        if (out != null) {
            ImageGrid.save(perImageUnitRange(kernels), 8, 12, false, out.resolve("kernels.png"));
            ImageGrid.save(digit, 1, 4, false, out.resolve("digit.png"));
            ImageGrid.save(perImageUnitRange(maps), 8, 3, false, out.resolve("feature-maps.png"));
            MethodologyRun.curves(r, out, "notebook CNN");
            MethodologyRun.confusion(r.test(), data.classNames(), "notebook CNN: test confusion (row-normalised)", out.resolve("confusion-matrix.png"));
            new MethodologyReport("The notebook's CNN", "Settings: " + settings.describe() + "; data " + data.folder() + ".")
                    .resultsTable().row("CNN", r)
                    .figure("loss by epoch", "loss.png").figure("accuracy by epoch", "accuracy.png").figure("macro-F1 by epoch", "f1.png")
                    .figure("row-normalised confusion matrix of the test images", "confusion-matrix.png")
                    .figure("the first convolution's 16 kernels (5x5, each scaled to its own min..max)", "kernels.png")
                    .figure("the digit shown to the network", "digit.png")
                    .figure("its 16 feature maps after the first convolution and ReLU (each scaled to its own range)", "feature-maps.png")
                    .write(out);
            print.println("plots and report.md in " + out.toAbsolutePath());
        }
        return new Result(r, kernels, maps);
    }

    /** Each image [N, 1, H, W] mapped to [0, 1] by its own minimum and maximum (a constant image to 0). */
    static Tensor perImageUnitRange(Tensor images) {
        int n = images.size(0);
        float[] v = images.contiguous().toFloatArray();
        int per = v.length / n;
        for (int i = 0; i < n; i++) {
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (int k = i * per; k < (i + 1) * per; k++) {
                lo = Math.min(lo, v[k]);
                hi = Math.max(hi, v[k]);
            }
            float span = hi - lo;
            for (int k = i * per; k < (i + 1) * per; k++) v[k] = span > 0 ? (v[k] - lo) / span : 0f;
        }
        return Tensor.fromArray(v, images.dims());
    }
}
