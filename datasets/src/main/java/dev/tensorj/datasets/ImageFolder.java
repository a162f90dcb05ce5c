package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * torchvision's {@code ImageFolder}: images laid out as {@code root/<class>/<file>.png|jpg}, one
 * folder per class. Class names are the folder names, sorted, and label {@code i} is the
 * {@code i}-th name; files are taken in sorted order within each class. Images are read lazily, one
 * {@link #get} at a time, through the {@link ImageTransform} given (e.g. resize, grayscale to RGB,
 * to [0, 1], normalise), and must all come out of it with the same shape.
 * <pre>{@code
 * Dataset train = ImageFolder.open(root.resolve("train"),
 *         ImageTransforms.toUnitRange().andThen(ImageTransforms.normalize(new double[] {0.1307}, new double[] {0.3081})));
 * }</pre>
 * Inputs are FLOAT32 {@code [C, H, W]}, targets INT64 scalars; {@link #load()} reads everything into
 * a {@link TensorDataset}.
 */
public final class ImageFolder implements Dataset {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    private final Path root;
    private final List<String> classNames;
    private final List<Path> files;
    private final long[] labels;
    private final ImageTransform transform;

    private ImageFolder(Path root, List<String> classNames, List<Path> files, long[] labels, ImageTransform transform) {
        this.root = root;
        this.classNames = classNames;
        this.files = files;
        this.labels = labels;
        this.transform = transform;
    }

    /** The images under {@code root} with raw values 0..255 and no transform. */
    public static ImageFolder open(Path root) {
        return open(root, image -> image);
    }

    /** The images under {@code root}, each passed through {@code transform} when read. */
    public static ImageFolder open(Path root, ImageTransform transform) {
        if (!Files.isDirectory(root)) throw DatasetException.inFile(root, "not a directory: an image folder is root/<class>/<image>.png");
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        for (Path classDir : sortedChildren(root).stream().filter(Files::isDirectory).toList()) {
            int label = classNames.size();
            classNames.add(classDir.getFileName().toString());
            for (Path file : sortedChildren(classDir)) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (Files.isRegularFile(file) && EXTENSIONS.stream().anyMatch(name::endsWith)) {
                    files.add(file);
                    labels.add((long) label);
                }
            }
        }
        if (classNames.isEmpty()) throw DatasetException.inFile(root, "has no class folders: an image folder is root/<class>/<image>.png");
        if (files.isEmpty()) throw DatasetException.inFile(root, "has class folders " + classNames + " but no .png/.jpg images in them");
        return new ImageFolder(root, List.copyOf(classNames), List.copyOf(files), labels.stream().mapToLong(Long::longValue).toArray(), transform);
    }

    private static List<Path> sortedChildren(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("ImageFolder: cannot list " + dir, e);
        }
    }

    /** The folder this dataset was read from. */
    public Path root() {
        return root;
    }

    /** The image files, in label order then name order. */
    public List<Path> files() {
        return files;
    }

    /** The class label of every image. */
    public long[] labels() {
        return labels.clone();
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public Example get(int index) {
        Dataset.checkIndex(index, size());
        Image image = transform.apply(ImageFiles.read(files.get(index)));
        return new Example(image.toTensor(), Tensor.scalar(labels[index], dev.tensorj.tensor.DType.INT64));
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /**
     * Reads every image now into one tensor {@code [N, C, H, W]} with INT64 labels {@code [N]}; the
     * images must agree in shape after the transform (add a resize when they do not).
     */
    public TensorDataset load() {
        List<Tensor> images = new ArrayList<>(size());
        Tensor first = null;
        for (int i = 0; i < size(); i++) {
            Tensor image = get(i).input();
            if (first == null) first = image;
            else if (!image.shape().equals(first.shape())) {
                throw DatasetException.inFile(files.get(i), "has shape " + image.shape() + " after the transform, the first image " + first.shape()
                        + ": resize the images to one size (ImageTransforms.resize)");
            }
            images.add(image);
        }
        return new TensorDataset(Tensor.stack(0, images), Tensor.fromArray(labels.clone(), labels.length), classNames);
    }

    @Override
    public String toString() {
        return "ImageFolder(" + root + ", " + size() + " images, classes " + classNames + ")";
    }
}
