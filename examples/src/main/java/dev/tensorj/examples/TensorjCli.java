package dev.tensorj.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tensorj} command line: one sub-command per exercise or tool. */
@Command(name = "tensorj", mixinStandardHelpOptions = true, version = "tensorj 0.1.0",
        description = "A deep-learning engine written from scratch in pure Java.",
        subcommands = {TrainCommand.class, DemoCommand.class, WeightsCommand.class, TuneCommand.class, ExportCommand.class, MethodologyCommand.class, PredictCommand.class, CommandLine.HelpCommand.class})
public final class TensorjCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TensorjCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
