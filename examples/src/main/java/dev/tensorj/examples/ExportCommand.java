package dev.tensorj.examples;

import dev.tensorj.datasets.DataLocator;
import dev.tensorj.datasets.MnistPngExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tensorj export mnist-png DIR}: writes data sets in the layouts the course's notebooks read. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Writes a data set in the layout a course notebook reads.",
        subcommands = ExportCommand.MnistPng.class)
public final class ExportCommand implements Callable<Integer> {
    /** Without a data set: the usage on stderr, and status 2. */
    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(System.err);
        return CliErrors.USER_ERROR;
    }

    /** {@code tensorj export mnist-png DIR}. */
    @Command(name = "mnist-png", mixinStandardHelpOptions = true,
            description = "The methodology notebook's MNIST PNG subset: DIR/train|valid|test/<digit>/<index>.png, 600/200/100 images, "
                    + "the same number of each digit, chosen with a seeded shuffle (the same seed writes the same files).")
    public static final class MnistPng implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "Folder to write (created if needed).")
        Path directory;

        @Option(names = "--seed", defaultValue = "42", description = "Seed of the choice of images (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws java.io.IOException {
            directory = OutputFolder.check(directory, "DIR"); // relative to the caller's folder; a file or a read-only place fails at once
            Map<String, Integer> counts = MnistPngExport.export(DataLocator.standard(), directory, seed);
            System.out.println("wrote " + counts + " images under " + directory.toAbsolutePath());
            Map<String, long[]> perClass = new java.util.LinkedHashMap<>();
            java.util.List<String> classes = null;
            for (String split : counts.keySet()) {
                dev.tensorj.datasets.ImageFolder folder = dev.tensorj.datasets.ImageFolder.open(directory.resolve(split));
                classes = folder.classNames();
                long[] histogram = new long[classes.size()];
                for (long label : folder.labels()) histogram[(int) label]++;
                perClass.put(split, histogram);
            }
            Path plot = directory.resolve("class-histograms.png");
            dev.tensorj.plot.ClassHistogramPlot.save(perClass, classes, "MNIST PNG subset: images per digit and split", plot);
            System.out.println("class histograms: " + plot.toAbsolutePath());
            return 0;
        }
    }
}
