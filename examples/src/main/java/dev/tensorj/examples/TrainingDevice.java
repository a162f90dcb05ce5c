package dev.tensorj.examples;

import dev.tensorj.datasets.Batch;
import dev.tensorj.nn.Layer;
import dev.tensorj.tensor.Backend;
import dev.tensorj.tensor.Backends;
import dev.tensorj.tensor.Device;
import dev.tensorj.tensor.Tensor;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The device {@code tensorj train --device cpu|cuda[:N]} trains on: checked before any data loads, then the
 * exercises place their model and wrap their loaders here (batches move to the device one at a time, as they
 * are drawn). On a GPU it prints the card and, at the end, the path each op family took (our kernels, cuBLAS,
 * cuDNN) and the caching allocator's peak.
 */
final class TrainingDevice {
    /** The exercises that place their model and batches through this class. */
    static final Set<String> GPU_MODELS = Set.of("c1", "c2", "mnist-mlp", "fashion-mlp");

    private static volatile Device device = Device.CPU;

    private TrainingDevice() {
    }

    /**
     * Parses {@code text} and opens the device for {@code model}; a failure is an {@link IllegalArgumentException}
     * whose message is the one line to print (no GPU and why, an unknown device, a model not wired for the GPU).
     */
    static Device select(String text, String model) {
        Device chosen;
        try {
            chosen = Device.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--device " + text + ": expected cpu, cuda or cuda:N");
        }
        if (chosen.kind() == Device.Kind.CUDA) {
            if (!GPU_MODELS.contains(model)) {
                throw new IllegalArgumentException("--device " + chosen + ": " + model + " trains on the CPU only so far; on the GPU: "
                        + String.join(", ", GPU_MODELS.stream().sorted().toList()));
            }
            Logger cudaLog = Logger.getLogger("dev.tensorj.cuda");
            Level level = cudaLog.getLevel();
            cudaLog.setLevel(Level.WARNING); // the reason is in our one line; the probe's log would repeat it
            try {
                Backends.forDevice(chosen);
            } catch (RuntimeException e) { // no GPU (UnsupportedOperationException), a forced path that cannot run (IllegalStateException)
                throw new IllegalArgumentException("--device " + chosen + ": " + e.getMessage());
            } finally {
                cudaLog.setLevel(level);
            }
        }
        device = chosen;
        return chosen;
    }

    static Device current() {
        return device;
    }

    /** Moves the model's parameters and buffers to the device (call before making the optimiser). */
    static <M extends Layer> M place(M model) {
        if (device.kind() != Device.Kind.CPU) model.to(device);
        return model;
    }

    /** The loader's batches, each moved to the device as it is drawn. */
    static Iterable<Batch> batches(Iterable<Batch> loader) {
        if (device.kind() == Device.Kind.CPU) return loader; // as it is: a sized loader keeps the progress bar's ETA
        return mapped(loader, b -> new Batch(b.inputs().to(device), b.targets() == null ? null : b.targets().to(device)));
    }

    /** The inputs, each moved to the device as it is drawn. */
    static Iterable<Tensor> inputs(Iterable<Tensor> inputs) {
        if (device.kind() == Device.Kind.CPU) return inputs;
        return mapped(inputs, t -> t.to(device));
    }

    private static <T> Iterable<T> mapped(Iterable<T> source, Function<T, T> move) {
        return new Iterable<>() {
            @Override
            public Iterator<T> iterator() {
                Iterator<T> it = source.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public T next() {
                        return move.apply(it.next());
                    }
                };
            }

            @Override
            public java.util.Spliterator<T> spliterator() { // sized like its source, for the progress bar's ETA
                long size = source.spliterator().getExactSizeIfKnown(); // asked when the trainer asks, not on construction
                return size < 0 ? Iterable.super.spliterator()
                        : java.util.Spliterators.spliterator(iterator(), size, java.util.Spliterator.SIZED | java.util.Spliterator.ORDERED);
            }
        };
    }

    /** One line: the device, and on a GPU the card and the paths chosen. */
    static void describe(PrintStream out) {
        Backend backend = Backends.forDevice(device);
        String paths = backend.report().get("paths chosen");
        out.println("device: " + device + " (" + backend.name() + ")" + (paths != null ? ", " + paths : ""));
    }

    /** After training on a GPU: the path each op family took and the device memory statistics (peak included), from {@link Backend#report}. */
    static void report(PrintStream out) {
        if (device.kind() == Device.Kind.CPU) return;
        Backends.forDevice(device).report().forEach((what, value) -> {
            if (!what.equals("paths chosen")) out.println("  " + what + ": " + value);
        });
    }
}
