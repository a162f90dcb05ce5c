package dev.tensorj.examples;

/**
 * A mistake in what the user asked for (a bad option value, an option the model ignores, an output folder that
 * cannot be written): {@link TensorjCli} prints its message as one line and exits with status 2.
 */
final class UsageError extends IllegalArgumentException {
    /** @param message the one line to print after "tensorj SUBCOMMAND: " */
    UsageError(String message) {
        super(message);
    }
}
