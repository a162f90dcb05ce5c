package dev.tensorj.examples;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;

/**
 * How the command line reports failures: one line {@code tensorj SUBCOMMAND: message} on stderr, exit status 2
 * for the user's mistakes (bad options, missing or wrong files) and 1 for anything else; the stack trace only
 * with {@code --debug}.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    /** Exit status of a user error (picocli's own for bad options). */
    static final int USER_ERROR = 2;
    /** Exit status of an unexpected failure. */
    static final int FAILURE = 1;
    /** About how long the one line may grow when a message lists several problems. */
    static final int MAX_LINE = 400;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean debug = parseResult.originalArgs().contains("--debug");
        Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        boolean user = isUserError(cause);
        err.println(prefix(cmd) + oneLine(cause) + (user || debug ? "" : " (--debug prints the stack trace)"));
        if (debug) ex.printStackTrace(err);
        err.flush();
        return user ? USER_ERROR : FAILURE;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(prefix(cmd) + oneLine(ex) + " (see " + cmd.getCommandSpec().qualifiedName() + " --help)");
        if (java.util.Arrays.asList(args).contains("--debug")) ex.printStackTrace(err);
        err.flush();
        return USER_ERROR;
    }

    /**
     * A user's mistake: ours, a bad value or state the library rejected, a file that cannot be read or written, or
     * a data set that is missing or not the file it should be (the message says which file to put where).
     */
    static boolean isUserError(Throwable t) {
        return t instanceof UsageError || t instanceof IllegalArgumentException || t instanceof FileSystemException
                || t instanceof dev.tensorj.datasets.DatasetException
                || t instanceof java.io.FileNotFoundException || (t instanceof IOException && t.getMessage() != null);
    }

    static String prefix(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName() + ": ";
    }

    /** The message on one line (its first line when it has several), or the exception's type when it has none. */
    static String oneLine(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) return t.getClass().getSimpleName();
        if (t instanceof java.nio.file.NoSuchFileException) return "no such file: " + message;
        if (t instanceof java.nio.file.AccessDeniedException) return "permission denied: " + message;
        java.util.List<String> lines = message.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.size() == 1) return lines.get(0);
        // a list of problems (a state dict that does not fit): the first few on the same line, the count of the rest
        StringBuilder line = new StringBuilder(lines.get(0));
        int shown = 1;
        for (; shown < lines.size() && line.length() + lines.get(shown).length() < MAX_LINE; shown++) line.append(shown == 1 ? " " : "; ").append(lines.get(shown));
        if (shown < lines.size()) line.append("; and ").append(lines.size() - shown).append(" more (--debug lists them)");
        return line.toString();
    }
}
