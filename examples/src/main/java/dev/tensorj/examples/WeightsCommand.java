package dev.tensorj.examples;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.io.SafeTensors;
import dev.tensorj.nn.io.torch.TorchCheckpoint;
import dev.tensorj.nn.models.AlexNet;
import dev.tensorj.nn.models.ResNet;
import dev.tensorj.nn.models.VGG;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Looks inside a PyTorch checkpoint (e.g. torchvision's resnet18-f37072fd.pth, downloaded by hand):
 * its format, each tensor's name, shape and dtype; optionally checks that it loads into one of our
 * models and converts it to safetensors.
 */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = "Lists the tensors of a PyTorch .pth checkpoint (zip, legacy pickle or tar format; read without Python, "
                + "refusing anything but tensors), checks it against a model with --model, converts it with --to.")
public final class WeightsCommand implements Callable<Integer> {
    enum Model { resnet18, alexnet, vgg16 }

    @Parameters(index = "0", description = "The checkpoint, e.g. resnet18-f37072fd.pth.")
    Path file;

    @Option(names = "--model", description = "Check that the file loads into this model (torchvision names, 1000 classes): ${COMPLETION-CANDIDATES}.")
    Model model;

    @Option(names = "--to", description = "Also write the tensors to this .safetensors file.")
    Path to;

    @Override
    public Integer call() throws IOException {
        file = CallerPaths.resolve(file);
        if (!java.nio.file.Files.isRegularFile(file)) throw new UsageError(file + ": no such file");
        if (to != null) to = OutputFolder.check(CallerPaths.resolve(to).getParent(), "--to").resolve(to.getFileName());
        PrintStream out = System.out;
        TorchCheckpoint.Contents contents = TorchCheckpoint.read(file);
        long elements = 0;
        out.printf(Locale.ROOT, "%s: %s checkpoint, %d tensors%n", file, contents.format(), contents.tensors().size());
        for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
            Tensor t = e.getValue();
            elements += t.numel();
            out.printf(Locale.ROOT, "  %-40s %-20s %s%n", e.getKey(), Arrays.toString(t.dims()), t.dtype());
        }
        out.printf(Locale.ROOT, "%,d elements%n", elements);
        if (!contents.ignored().isEmpty()) out.println("not tensors (skipped): " + contents.ignored());
        if (model != null) {
            Layer m = switch (model) {
                case resnet18 -> ResNet.resnet18(1000, new Generator(0));
                case alexnet -> AlexNet.alexnet(1000, new Generator(0));
                case vgg16 -> VGG.vgg16(1000, new Generator(0));
            };
            TorchCheckpoint.loadInto(m, file, true);
            out.println("loads into " + m.name() + " (strict): every key and shape matches");
        }
        if (to != null) {
            try {
                SafeTensors.save(contents.tensors(), Map.of("source", file.getFileName().toString()), to);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            out.println("wrote " + to);
        }
        return 0;
    }
}
