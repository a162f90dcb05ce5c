package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Loads an image/label pair of IDX files and checks that they agree. */
final class Idx {
    private Idx() {
    }

    static ImageDataset load(DataLocator locator, DataFile imagesFile, DataFile labelsFile, List<String> classNames) throws IOException {
        Path imagesPath = locator.locate(imagesFile);
        Path labelsPath = locator.locate(labelsFile);
        Tensor images = IdxReader.readUnsignedBytesAsFloat(imagesPath, 3);
        Tensor labels = IdxReader.readUnsignedBytesAsLong(labelsPath, 1);
        if (images.size(0) != labels.size(0)) {
            throw new IOException(imagesPath + " holds " + images.size(0) + " images but " + labelsPath + " holds " + labels.size(0) + " labels");
        }
        long maxLabel = labels.numel() == 0 ? 0 : labels.max().itemLong();
        if (maxLabel >= classNames.size()) {
            throw new IOException(labelsPath + ": label " + maxLabel + " is out of range for " + classNames.size() + " classes");
        }
        return new ImageDataset(images, labels, classNames);
    }
}
