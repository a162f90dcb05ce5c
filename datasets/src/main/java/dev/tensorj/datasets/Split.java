package dev.tensorj.datasets;

/** A dataset cut in two: examples to train on and examples held out to validate on. */
public record Split(Dataset train, Dataset validation) {
}
