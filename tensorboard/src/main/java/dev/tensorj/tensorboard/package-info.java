/**
 * TensorBoard logs from tensorj, written in pure Java: {@link dev.tensorj.tensorboard.SummaryWriter}
 * (PyTorch's writer: scalars, images, histograms, text, HParams sessions), the
 * {@link dev.tensorj.tensorboard.TensorBoard} callback for the Trainer and
 * {@link dev.tensorj.tensorboard.GanTensorBoard} for the GAN loop.
 *
 * <h2>Why the protobuf messages are encoded by hand</h2>
 * An event file holds serialised {@code Event} protocol buffers. The {@code protobuf-java} library
 * (about 1.8 MB) would also need the {@code .proto} files of TensorFlow and the HParams plugin copied
 * into the build and {@code protoc} run at build time (a native binary fetched per platform) to
 * generate their classes. tensorj writes eleven small messages and four wire types;
 * {@link dev.tensorj.tensorboard.ProtoWriter} encodes them in about a hundred lines, each message
 * is written out in {@code Events} and {@code HParamsProtos} beside its field numbers, and a test
 * has TensorBoard's own reader check the result. No dependency, nothing generated, readable in one
 * sitting.
 */
package dev.tensorj.tensorboard;
