package dev.tensorj.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tensorj} command line: one sub-command per exercise or tool. */
@Command(name = "tensorj", mixinStandardHelpOptions = true, version = "tensorj 0.1.0",
        description = "A deep-learning engine written from scratch in pure Java.",
        subcommands = {TrainCommand.class, DemoCommand.class, WeightsCommand.class, TuneCommand.class, ExportCommand.class, MethodologyCommand.class, PredictCommand.class, CommandLine.HelpCommand.class})
public final class TensorjCli implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print the stack trace too (default: one line).")
    boolean debug;

    /** Without a sub-command: the usage on stderr, and status 2 (nothing was done). */
    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return CliErrors.USER_ERROR;
    }

    /** The command line as {@link #main} runs it: case-insensitive choices, errors in one line ({@link CliErrors}). */
    public static CommandLine commandLine() {
        CliErrors errors = new CliErrors();
        return new CommandLine(new TensorjCli()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
