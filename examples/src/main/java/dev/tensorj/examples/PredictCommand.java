package dev.tensorj.examples;

import dev.tensorj.datasets.FashionMnist;
import dev.tensorj.datasets.Mnist;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.io.Weights;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code tensorj predict MODEL WEIGHTS IMAGE}: one image file through a saved model (the
 * {@code model.safetensors} that {@code tensorj train} writes), printing each class's probability.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classifies one image file with a saved model and prints the class probabilities (softmax of the logits), most likely first.")
public final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "mnist-mlp, fashion-mlp, c1 or c2.")
    String model;

    @Parameters(index = "1", paramLabel = "WEIGHTS", description = "The model's state_dict: model.safetensors from 'tensorj train MODEL', or a .pth.")
    Path weights;

    @Parameters(index = "2", paramLabel = "IMAGE", description = "A PNG/JPEG image; converted to grey and resized to 28x28 (bilinear).")
    Path image;

    @Option(names = "--invert", description = "Invert the grey levels first: for a dark object on a light background (the data sets are light on dark).")
    boolean invert;

    @Override
    public Integer call() throws IOException {
        try {
            List<String> names = model.equals("mnist-mlp") ? Mnist.CLASS_NAMES : FashionMnist.CLASS_NAMES;
            double[] p = predict(model, weights, image, invert);
            print(p, names, System.out);
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("tensorj predict: " + e.getMessage());
            return 2;
        }
    }

    /** The class probabilities of one image under the saved model. */
    static double[] predict(String model, Path weights, Path image, boolean invert) throws IOException {
        Layer net = build(model);
        if (!Files.isRegularFile(weights)) throw new IllegalArgumentException("no weights file " + weights);
        Weights.loadInto(net, weights, true);
        net.eval();
        float[] grey = read(image, invert);
        Tensor x = model.endsWith("mlp") ? Tensor.fromArray(grey, 1, 784) : Tensor.fromArray(grey, 1, 1, 28, 28);
        float[] probabilities = Trainer.predict(net, List.of(x)).softmax(1).contiguous().toFloatArray();
        double[] out = new double[probabilities.length];
        for (int i = 0; i < out.length; i++) out[i] = probabilities[i];
        return out;
    }

    /** The untrained architecture of a model name (its weights come from the file). */
    static Layer build(String model) {
        Generator g = new Generator(0);
        return switch (model) {
            case "mnist-mlp" -> MlpExercise.model(512, g);
            case "fashion-mlp" -> MlpExercise.model(128, g);
            case "c1" -> CnnExercise.c1(g);
            case "c2" -> CnnExercise.c2(g);
            default -> throw new IllegalArgumentException("unknown model '" + model + "'; choose one of: mnist-mlp, fashion-mlp, c1, c2");
        };
    }

    /** The image as 28x28 grey levels in 0..1, row-major. */
    static float[] read(Path file, boolean invert) throws IOException {
        BufferedImage source = ImageIO.read(file.toFile());
        if (source == null) throw new IllegalArgumentException("cannot read " + file + " as an image (PNG, JPEG, GIF or BMP expected)");
        BufferedImage small = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, 28, 28, null);
        g.dispose();
        float[] grey = new float[28 * 28];
        for (int i = 0; i < grey.length; i++) {
            float v = small.getRaster().getSample(i % 28, i / 28, 0) / 255f;
            grey[i] = invert ? 1 - v : v;
        }
        return grey;
    }

    static void print(double[] p, List<String> names, PrintStream out) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        for (int i : order) out.printf(Locale.ROOT, "%-12s %7.3f %%%n", names.get(i), 100 * p[i]);
    }
}
