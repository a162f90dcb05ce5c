package dev.tensorj.selection;

import dev.tensorj.datasets.ImageFolder;
import dev.tensorj.datasets.ImageTransforms;
import dev.tensorj.datasets.TensorDataset;

import java.nio.file.Path;

/**
 * The images of a folder {@code root/<class>/*.png} scaled to [0, 1], read by each executor from a
 * path it can reach (a shared or local file system): only the path travels with the tasks.
 *
 * @param root the folder, as a string (paths are not serializable)
 */
public record ImageFolderSource(String root) implements DataSource {
    @Override
    public String key() {
        return "imagefolder:" + Path.of(root).toAbsolutePath().normalize();
    }

    @Override
    public TensorDataset load() {
        return ImageFolder.open(Path.of(root), ImageTransforms.toUnitRange()).load();
    }
}
