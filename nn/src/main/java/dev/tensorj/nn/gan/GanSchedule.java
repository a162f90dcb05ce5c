package dev.tensorj.nn.gan;

/**
 * How one {@link GanTrainer#step} trains the two networks.
 *
 * <ul>
 *   <li>{@link #SIMULTANEOUS} (the default): TensorFlow's DCGAN tutorial. One batch of noise; G's loss
 *       through a frozen D and D's loss on the whole real batch plus the same fakes detached, then
 *       both optimisers step at once.</li>
 *   <li>{@link #KERAS_HALF_BATCHES}: the loop of the Keras notebooks built on {@code train_on_batch}
 *       (Brownlee's conditional GAN for Fashion-MNIST). From a batch of N real images:
 *       <pre>
 *   D step 1: BCE(D(first N/2 real images), 1)                      D's optimiser steps
 *   D step 2: BCE(D(G(N/2 fresh noise, random labels)), 0)          D's optimiser steps (G's images made without gradients)
 *   G step:   BCE(D(G(N fresh noise, random labels)), 1), D frozen  G's optimiser steps
 *       </pre>
 *       Three optimiser steps, each after the previous one, so G's step sees the discriminator already
 *       updated twice. The fakes' labels are drawn uniformly from the {@code classes} given to
 *       {@link GanTrainer#schedule(GanSchedule, int)} (the notebook's {@code randint(0, n_classes)}),
 *       not copied from the real batch. The reported discriminator loss is the sum of its two half-batch
 *       losses (the notebook prints both), so it compares with {@link #SIMULTANEOUS}'s.</li>
 * </ul>
 */
public enum GanSchedule {
    /** Both losses from one noise batch, then both optimisers step at once. */
    SIMULTANEOUS,
    /** D on half a batch of real images, D on half a batch of fakes, then G on a full batch of fresh noise: three separate steps. */
    KERAS_HALF_BATCHES
}
