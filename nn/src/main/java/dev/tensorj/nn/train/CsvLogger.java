package dev.tensorj.nn.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;

/** Appends one CSV row per epoch (epoch, then the metrics in order), with a header first. */
public final class CsvLogger implements Callback {
    private final Path file;
    private boolean headerWritten;

    /** Writes to {@code file} (replacing an old one at the first epoch; parent folders are created). */
    public CsvLogger(Path file) {
        this.file = file;
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        try {
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            StringBuilder sb = new StringBuilder();
            if (!headerWritten) {
                sb.append("epoch,").append(String.join(",", logs.keySet())).append('\n');
                headerWritten = true;
                Files.deleteIfExists(file);
            }
            sb.append(epoch);
            for (double v : logs.values()) sb.append(',').append(String.format(Locale.ROOT, "%.6g", v));
            sb.append('\n');
            Files.writeString(file, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot write " + file, e);
        }
        return false;
    }
}
