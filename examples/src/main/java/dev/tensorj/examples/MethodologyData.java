package dev.tensorj.examples;

import dev.tensorj.datasets.ImageFolder;
import dev.tensorj.datasets.ImageTransforms;
import dev.tensorj.datasets.TensorDataset;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The methodology notebook's data: the MNIST PNG subset ({@code train|valid|test/<digit>/*.png},
 * 600 / 200 / 100 images, written from the MNIST files by {@code ./tensorj export mnist-png} when
 * missing), read with {@link ImageFolder} and scaled to [0, 1] like torchvision's {@code ToTensor()}.
 *
 * @param train  600 images [N, 1, 28, 28] with INT64 labels
 * @param valid  200 images
 * @param test   100 images
 * @param folder where the subset was read from
 */
public record MethodologyData(TensorDataset train, TensorDataset valid, TensorDataset test, Path folder) {

    /** The subset under {@code folder} (null: {@code $TENSORJ_DATA/mnist-png} or {@code ~/.tensorj/datasets/mnist-png}), written first when missing. */
    public static MethodologyData load(Path folder, PrintStream out) {
        Path dir = MnistGridSearch.pngSubset(folder, out);
        return new MethodologyData(read(dir.resolve("train")), read(dir.resolve("valid")), read(dir.resolve("test")), dir);
    }

    private static TensorDataset read(Path split) {
        return ImageFolder.open(split, ImageTransforms.toUnitRange()).load();
    }

    /** The same images flattened to [N, 784] rows, for the dense networks. */
    public MethodologyData flattened() {
        return new MethodologyData(flatten(train), flatten(valid), flatten(test), folder);
    }

    private static TensorDataset flatten(TensorDataset d) {
        return d.withInputs(x -> x.reshape(x.size(0), -1));
    }

    /** The class names (the digit folders, sorted). */
    public List<String> classNames() {
        return train.classNames();
    }
}
