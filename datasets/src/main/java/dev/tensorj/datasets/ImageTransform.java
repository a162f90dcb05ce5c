package dev.tensorj.datasets;

/** A step applied to each {@link Image} as it is read (torchvision's per-image transforms). */
@FunctionalInterface
public interface ImageTransform {
    /** The transformed image; {@code image} is not modified. */
    Image apply(Image image);

    /** This transform followed by {@code next}. */
    default ImageTransform andThen(ImageTransform next) {
        return image -> next.apply(apply(image));
    }
}
