package dev.tensorj.cuda.vendor;

import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds NVIDIA's shared libraries (cuBLAS, cuDNN) without a line of native code of ours, in this order:
 * <ol>
 *   <li>the folders of the {@code tensorj.cuda.libs} property (separated by {@link File#pathSeparator});</li>
 *   <li>the folders of {@code LD_LIBRARY_PATH};</li>
 *   <li>the Python wheels' folders ({@code nvidia/cu13/lib}, {@code nvidia/cudnn/lib}) under the site-packages
 *       of {@code VIRTUAL_ENV}, {@code CONDA_PREFIX}, {@code PYTHONPATH}, {@code ~/.local} and the system Pythons;</li>
 *   <li>the system loader by name ({@code ld.so.cache}).</li>
 * </ol>
 * A library loads into the global arena (it stays for the life of the JVM). The answer is a {@link Found}
 * with the lookup, or the reason naming every place tried; loading never throws.
 */
public final class NativeLibraries {
    /** Property naming extra library folders. */
    public static final String LIBS_PROPERTY = "tensorj.cuda.libs";

    private NativeLibraries() {
    }

    /** A loaded library (its lookup and where it came from), or the reason it is not there. */
    public record Found(SymbolLookup lookup, String location, String reason) {
        public boolean loaded() {
            return lookup != null;
        }
    }

    /** Loads {@code fileName} (e.g. {@code libcublas.so.13}), looking in {@code wheelFolder} (e.g. {@code nvidia/cu13/lib}) of the wheels too. */
    public static Found load(String fileName, String wheelFolder) {
        List<Path> folders = searchFolders(wheelFolder);
        for (Path folder : folders) {
            Path file = folder.resolve(fileName);
            if (Files.isRegularFile(file)) {
                try {
                    return new Found(SymbolLookup.libraryLookup(file, Arena.global()), file.toString(), null);
                } catch (Throwable t) { // a file that is there but does not load (wrong architecture, a missing dependency)
                    return new Found(null, null, fileName + " at " + file + " does not load: " + firstLine(t));
                }
            }
        }
        try {
            return new Found(SymbolLookup.libraryLookup(fileName, Arena.global()), fileName + " (system loader)", null);
        } catch (Throwable t) {
            return new Found(null, null, fileName + " was not found in " + (folders.isEmpty() ? "no folder" : folders)
                    + " (set -D" + LIBS_PROPERTY + "=FOLDER or LD_LIBRARY_PATH) nor by the system loader");
        }
    }

    /** The folders searched before the system loader, in order, each once. */
    public static List<Path> searchFolders(String wheelFolder) {
        Set<Path> folders = new LinkedHashSet<>();
        addAll(folders, System.getProperty(LIBS_PROPERTY));
        addAll(folders, System.getenv("LD_LIBRARY_PATH"));
        for (Path sitePackages : sitePackages()) {
            Path wheel = sitePackages.resolve(wheelFolder);
            if (Files.isDirectory(wheel)) folders.add(wheel);
        }
        return new ArrayList<>(folders);
    }

    private static void addAll(Set<Path> folders, String pathList) {
        if (pathList == null) return;
        for (String entry : pathList.split(File.pathSeparator)) {
            if (!entry.isBlank()) folders.add(Path.of(entry.trim()));
        }
    }

    /** Candidate site-packages folders: those that exist, from the environment first. */
    static List<Path> sitePackages() {
        List<Path> roots = new ArrayList<>();
        for (String variable : new String[] {"VIRTUAL_ENV", "CONDA_PREFIX"}) {
            String value = System.getenv(variable);
            if (value != null) roots.add(Path.of(value, "lib"));
        }
        roots.add(Path.of(System.getProperty("user.home"), ".local", "lib"));
        roots.add(Path.of("/usr/local/lib"));
        roots.add(Path.of("/usr/lib"));
        roots.add(Path.of("/opt/conda/lib"));
        List<Path> found = new ArrayList<>();
        String pythonPath = System.getenv("PYTHONPATH");
        if (pythonPath != null) {
            for (String entry : pythonPath.split(File.pathSeparator)) if (!entry.isBlank()) found.add(Path.of(entry));
        }
        for (Path root : roots) {
            if (!Files.isDirectory(root)) continue;
            try (Stream<Path> pythons = Files.list(root)) {
                pythons.filter(p -> p.getFileName().toString().startsWith("python3")).sorted().forEach(python -> {
                    for (String kind : new String[] {"site-packages", "dist-packages"}) {
                        if (Files.isDirectory(python.resolve(kind))) found.add(python.resolve(kind));
                    }
                });
            } catch (Exception ignored) { // an unreadable folder is simply not searched
            }
        }
        return found;
    }

    static String firstLine(Throwable t) {
        return t.getClass().getSimpleName() + ": " + String.valueOf(t.getMessage()).lines().findFirst().orElse("");
    }
}
