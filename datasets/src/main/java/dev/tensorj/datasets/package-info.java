/**
 * The course's datasets, loaded, verified and batched.
 *
 * <h2>One line per dataset</h2>
 * <pre>{@code
 * TensorDataset train = Mnist.train();            // [60000, 1, 28, 28] FLOAT32 0..255, labels INT64
 * TensorDataset fashion = FashionMnist.test();    // same shapes, class names
 * TensorDataset cifar = Cifar10.subset();         // [4000, 3, 32, 32]; Cifar10.train() for all 50,000
 * Imdb imdb = Imdb.load();                        // Keras-style word-index sequences
 * TensorDataset iris = Iris.load();               // [150, 4]
 * TensorDataset wine = WineQuality.red();         // [1599, 11]
 * }</pre>
 * Files are looked up in {@code $TENSORJ_DATA}, {@code ~/.tensorj/datasets} and system locations,
 * checked against their published checksums, and
 * downloaded when missing (see {@link dev.tensorj.datasets.DataLocator}).
 *
 * <h2>Batches</h2>
 * A {@link dev.tensorj.datasets.Dataset} is indexable; a {@link dev.tensorj.datasets.DataLoader}
 * cuts it into shuffled batches; {@link dev.tensorj.datasets.Transforms} scale, normalise,
 * flatten and one-hot encode; {@link dev.tensorj.datasets.Splits} and
 * {@link dev.tensorj.datasets.KFold} hold out validation data.
 * <pre>{@code
 * Split split = Splits.stratifiedTrainValSplit(Mnist.train(), 0.1, 42);
 * DataLoader loader = DataLoader.builder(split.train().mapInputs(Transforms.toUnitRange()))
 *         .batchSize(64).shuffle(42).prefetch(true).build();
 * for (Batch batch : loader) { ... }
 * }</pre>
 *
 * <p>Readers never return part of a file: a truncated or corrupt file is a
 * {@link dev.tensorj.datasets.DatasetException} that names the file and what is wrong.
 */
package dev.tensorj.datasets;
