package dev.tensorj.datasets;

import java.nio.file.Path;
import java.util.List;

/** An image file and a label file in IDX format, read into one {@link TensorDataset}. */
public final class IdxDatasets {
    private IdxDatasets() {
    }

    /**
     * Reads any pair of IDX files ({@code .gz} or raw): images {@code [N, rows, cols]} become
     * FLOAT32 {@code [N, 1, rows, cols]} of raw values, labels {@code [N]} INT64, each checked to be
     * a valid index into {@code classNames}.
     */
    public static TensorDataset read(Path images, Path labels, List<String> classNames) {
        IdxFile imageFile = IdxFile.read(images);
        IdxFile labelFile = IdxFile.read(labels);
        if (imageFile.count() != labelFile.count()) {
            throw new DatasetException(images + " holds " + imageFile.count() + " images but " + labels + " holds " + labelFile.count() + " labels");
        }
        return new TensorDataset(imageFile.toImages(), labelFile.toLabels(classNames.size()), classNames);
    }

    static TensorDataset load(DataLocator locator, DataFile images, DataFile labels, List<String> classNames) {
        return read(locator.locate(images), locator.locate(labels), classNames);
    }
}
