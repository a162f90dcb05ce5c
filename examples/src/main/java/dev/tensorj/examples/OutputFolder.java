package dev.tensorj.examples;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder a run writes its plots and files into, checked before any data loads (a folder, writable), and kept
 * free of a previous run's leftovers: each run lists what it wrote in {@value #MANIFEST}, and the next run in the
 * same folder deletes those files first, so old and new plots never mix; the temporary files of an atomic save
 * that was killed midway ({@code .NAME.<uuid>.tmp} of nn/io, {@code .tmp-<uuid>.png} of nn/plot) go too. Files the
 * user put there are left alone. A run stopped by Ctrl-C or {@code kill} (SIGINT, SIGTERM) still writes its list, from
 * a shutdown hook; only SIGKILL (the kernel's OOM killer included) leaves none, and then the next run keeps that run's
 * files as if they were the user's.
 */
final class OutputFolder {
    /** The list of the files the last run wrote, one name a line. */
    static final String MANIFEST = ".tensorj-run";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    /** The temporary names of SafeTensors.save (".NAME.uuid.tmp") and PngFiles (".tmp-uuid.png"). */
    static final Pattern TEMPORARY = Pattern.compile("(\\..+\\." + UUID + "\\.tmp)|(\\.tmp-" + UUID + "\\.png)");

    private final Path dir;
    private final FileTime started;
    private final List<String> kept; // a continued run's earlier files, listed again with its own
    /** Lists this run's files if the JVM is stopped before {@link #recordOutputs} is called (Ctrl-C, SIGTERM). */
    private final Thread onExit = new Thread(this::recordOutputs, "tensorj-record-outputs");

    private OutputFolder(Path dir, FileTime started, List<String> kept) {
        this.dir = dir;
        this.started = started;
        this.kept = kept;
    }

    /** The folder, resolved against the caller's; {@link UsageError} (naming {@code option}) when it is a file or cannot be written. Creates nothing. */
    static Path check(Path folder, String option) {
        Path dir = CallerPaths.resolve(folder);
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UsageError(option + " " + dir + " is a file, not a folder");
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) throw new UsageError(option + " " + dir + ": no part of the path exists");
        if (!Files.isDirectory(existing)) throw new UsageError(option + " " + dir + ": " + existing + " is a file, not a folder");
        if (!Files.isWritable(existing)) throw new UsageError(option + " " + dir + ": " + existing + " is not writable");
        return dir;
    }

    /**
     * Checks the folder, creates it, proves it writable (a probe file, which also catches read-only mounts), and
     * removes the previous run's files and any interrupted save's temporary files.
     */
    static OutputFolder open(Path folder, String option) {
        return open(folder, option, false);
    }

    /**
     * Like {@link #open(Path, String)}, but for a run that goes on from a checkpoint: the previous run's files
     * stay (its sample grids and tables are the first part of this run's), and the next run clears both.
     */
    static OutputFolder openToContinue(Path folder, String option) {
        return open(folder, option, true);
    }

    private static OutputFolder open(Path folder, String option, boolean continuing) {
        Path dir = check(folder, option);
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".tensorj-write-check", ".tmp");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new UsageError(option + " " + dir + " is not writable");
        } catch (IOException e) {
            throw new UsageError(option + " " + dir + ": cannot write there (" + e.getMessage() + ")");
        }
        Path manifest = dir.resolve(MANIFEST);
        List<String> kept = new ArrayList<>();
        try {
            if (continuing && Files.isRegularFile(manifest)) kept.addAll(Files.readAllLines(manifest));
        } catch (IOException e) {
            throw new UsageError("cannot read the previous run's list of files " + manifest + " (" + e.getMessage() + ")");
        }
        OutputFolder out = new OutputFolder(dir, FileTime.fromMillis(System.currentTimeMillis() - 1000), kept);
        if (continuing) out.removeTemporaryFiles();
        else out.clearStale();
        Runtime.getRuntime().addShutdownHook(out.onExit);
        return out;
    }

    /** The absolute folder. */
    Path path() {
        return dir;
    }

    /** Deletes the files listed by the previous run, and temporary files of interrupted saves. */
    void clearStale() {
        try {
            Path manifest = dir.resolve(MANIFEST);
            if (Files.isRegularFile(manifest)) {
                for (String name : Files.readAllLines(manifest)) {
                    Path file = dir.resolve(name).normalize();
                    if (name.isBlank() || !file.startsWith(dir) || file.equals(dir)) continue; // only what this folder holds
                    if (Files.isRegularFile(file)) Files.delete(file);
                }
                Files.delete(manifest);
            }
        } catch (IOException e) {
            throw new UsageError("cannot clear the previous run's files in " + dir + " (" + e.getMessage() + ")");
        }
        removeTemporaryFiles();
    }

    /** Deletes the temporary files of interrupted saves, sub-folders included. */
    private void removeTemporaryFiles() {
        try (Stream<Path> folders = Files.walk(dir)) {
            for (Path folder : (Iterable<Path>) folders.filter(Files::isDirectory)::iterator) removeTemporaries(folder, TEMPORARY);
        } catch (IOException e) {
            throw new UsageError("cannot clear the temporary files of an interrupted save in " + dir + " (" + e.getMessage() + ")");
        }
    }

    /** Deletes the files in {@code dir} whose names match {@code pattern}; returns how many. */
    static int removeTemporaries(Path dir, Pattern pattern) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && pattern.matcher(f.getFileName().toString()).matches()) {
                    Files.deleteIfExists(f);
                    removed++;
                }
            }
        }
        return removed;
    }

    /** The temporary files an interrupted save of {@code file} (SafeTensors' {@code .NAME.<uuid>.tmp}) left beside it. */
    static int removeTemporariesOf(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        return removeTemporaries(parent, Pattern.compile("\\." + Pattern.quote(file.getFileName().toString()) + "\\." + UUID + "\\.tmp"));
    }

    /**
     * Lists the files this run wrote (regular files changed since it started, sub-folders included), for the next run
     * to clear. Called when the run ends, or by the shutdown hook when the JVM is stopped first.
     */
    synchronized void recordOutputs() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself, or while the JVM stops: the list is written all the same
        }
        if (!Files.isDirectory(dir)) return; // the folder is gone (a test's temporary folder): nothing to list
        java.util.Set<String> written = new java.util.TreeSet<>();
        for (String name : kept) if (!name.isBlank() && Files.isRegularFile(dir.resolve(name))) written.add(name);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                if (name.equals(MANIFEST) || !Files.isRegularFile(f)) continue;
                if (Files.getLastModifiedTime(f).compareTo(started) >= 0) written.add(name);
            }
            Files.write(dir.resolve(MANIFEST), written);
        } catch (IOException e) {
            System.err.println("tensorj: could not list this run's files in " + dir + " (" + e.getMessage() + ")");
        }
    }
}
