package dev.tensorj.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of docs/architecture.md that keep the modules one piece, checked on the sources:
 * dependencies point one way (tensor at the bottom; cpu-kernels, cuda-kernels, autograd and datasets on it;
 * nn on autograd and datasets; examples on top), the kernel modules are found with ServiceLoader and named
 * by nobody but the benchmarks, above the tensor and kernel modules no code touches a storage array, the
 * teaching core stays readable in one sitting, and the repository names no path outside itself.
 */
class ArchitectureRulesTest {
    private static final Path ROOT = Path.of("..");
    private static final String[] EVERY_MODULE_PACKAGE = {"dev.tensorj.cpu", "dev.tensorj.cuda", "dev.tensorj.autograd", "dev.tensorj.datasets",
            "dev.tensorj.nn", "dev.tensorj.plot", "dev.tensorj.selection", "dev.tensorj.tensorboard", "dev.tensorj.gradcheck", "dev.tensorj.examples", "dev.tensorj.bench"};

    private static List<Path> javaFiles(String module) {
        Path sources = ROOT.resolve(module).resolve("src/main/java");
        if (!Files.isDirectory(sources)) return List.of();
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> violations(String module, String... forbidden) {
        List<String> found = new ArrayList<>();
        for (Path file : javaFiles(module)) {
            String text = read(file);
            for (String f : forbidden) if (text.contains(f)) found.add(ROOT.relativize(file) + " uses " + f);
        }
        return found;
    }

    /** Every package of the house except those of {@code allowed}. */
    private static String[] allBut(String... allowed) {
        Set<String> keep = Set.of(allowed);
        return Stream.of(EVERY_MODULE_PACKAGE).filter(p -> !keep.contains(p)).map(p -> p + ".").toArray(String[]::new);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void dependenciesPointOneWay() {
        List<String> bad = new ArrayList<>();
        bad.addAll(violations("tensor", allBut()));
        bad.addAll(violations("cpu-kernels", allBut("dev.tensorj.cpu")));
        bad.addAll(violations("cuda-kernels", allBut("dev.tensorj.cuda")));
        bad.addAll(violations("autograd", allBut("dev.tensorj.autograd")));
        bad.addAll(violations("datasets", allBut("dev.tensorj.datasets")));
        bad.addAll(violations("nn", allBut("dev.tensorj.autograd", "dev.tensorj.datasets", "dev.tensorj.nn")));
        bad.addAll(violations("plot", allBut("dev.tensorj.autograd", "dev.tensorj.datasets", "dev.tensorj.nn", "dev.tensorj.plot")));
        bad.addAll(violations("tensorboard", allBut("dev.tensorj.autograd", "dev.tensorj.nn", "dev.tensorj.plot", "dev.tensorj.tensorboard")));
        bad.addAll(violations("selection", allBut("dev.tensorj.autograd", "dev.tensorj.datasets", "dev.tensorj.nn", "dev.tensorj.selection")));
        bad.addAll(violations("gradcheck", allBut("dev.tensorj.autograd", "dev.tensorj.gradcheck")));
        assertTrue(bad.isEmpty(), "imports against the dependency direction: " + bad);
    }

    @Test
    void theLeanCoreCarriesNoPlottingOrTerminalLibrary() {
        List<String> bad = new ArrayList<>();
        for (String module : new String[] {"tensor", "autograd", "datasets", "nn"}) {
            bad.addAll(violations(module, "org.knowm.", "me.tongfei.", "org.jline."));
        }
        assertTrue(bad.isEmpty(), "plotting or terminal libraries belong in plot/ (tensorj-plot): " + bad);
    }

    /**
     * {@code import dev.tensorj.nn.*;} beside the other packages a user imports whole (and java.lang, always imported)
     * must leave every simple name unambiguous: this is why the base class is {@code Layer}, not {@code Module}.
     */
    @Test
    void wildcardImportsOfTheUserPackagesNameNothingTwice() {
        String[] modules = {"tensor", "autograd", "datasets", "nn", "plot", "gradcheck"};
        java.util.Map<String, List<String>> packagesByName = new java.util.TreeMap<>();
        java.util.regex.Pattern pkg = java.util.regex.Pattern.compile("(?m)^package ([\\w.]+);");
        for (String module : modules) {
            for (Path file : javaFiles(module)) {
                String text = read(file), name = file.getFileName().toString().replace(".java", "");
                if (!java.util.regex.Pattern.compile("(?m)^public\\s+(final\\s+|abstract\\s+|sealed\\s+)*(class|interface|record|enum|@interface)\\s+" + name + "\\b").matcher(text).find()) continue;
                java.util.regex.Matcher m = pkg.matcher(text);
                if (m.find()) packagesByName.computeIfAbsent(name, k -> new ArrayList<>()).add(m.group(1));
            }
        }
        List<String> bad = new ArrayList<>();
        packagesByName.forEach((name, packages) -> {
            boolean inJavaLang;
            try {
                inJavaLang = Class.forName("java.lang." + name).getPackageName().equals("java.lang");
            } catch (ClassNotFoundException e) {
                inJavaLang = false;
            }
            if (packages.size() > 1 || inJavaLang) bad.add(name + " in " + packages + (inJavaLang ? " and java.lang" : ""));
        });
        assertTrue(packagesByName.containsKey("Layer") && packagesByName.containsKey("Tensor"), "the scan found the public classes: " + packagesByName.keySet());
        assertTrue(bad.isEmpty(), "simple names that are ambiguous under wildcard imports: " + bad);
    }

    /** The BOM lists every library artifact of the reactor (not the applications) at the reactor's version. */
    @Test
    void theBomNamesEveryLibraryAtTheProjectsVersion() {
        String root = read(ROOT.resolve("pom.xml")), bom = read(ROOT.resolve("bom/pom.xml")).replaceAll("(?s)<!--.*?-->", "");
        String version = firstMatch(root, "<version>([^<]+)</version>");
        java.util.Set<String> libraries = new java.util.TreeSet<>();
        java.util.regex.Matcher modules = java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(root);
        while (modules.find()) {
            String module = modules.group(1);
            if (module.equals("bom") || module.equals("examples") || module.equals("benchmarks")) continue;
            libraries.add(firstMatch(read(ROOT.resolve(module).resolve("pom.xml")), "</parent>\\s*<artifactId>([^<]+)</artifactId>"));
        }
        java.util.Set<String> listed = new java.util.TreeSet<>();
        java.util.regex.Matcher entries = java.util.regex.Pattern.compile(
                "<dependency>\\s*<groupId>dev.tensorj</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>").matcher(bom);
        List<String> wrongVersion = new ArrayList<>();
        while (entries.find()) {
            listed.add(entries.group(1));
            if (!entries.group(2).equals(version)) wrongVersion.add(entries.group(1) + " " + entries.group(2));
        }
        String bomVersion = firstMatch(bom, "<artifactId>tensorj-bom</artifactId>\\s*<version>([^<]+)</version>");
        assertTrue(libraries.size() >= 10, "libraries found: " + libraries);
        assertTrue(listed.equals(libraries), "bom/pom.xml lists " + listed + ", the reactor's libraries are " + libraries);
        assertTrue(wrongVersion.isEmpty() && bomVersion.equals(version), "BOM entries not at " + version + ": " + wrongVersion + ", the BOM itself " + bomVersion);
    }

    private static String firstMatch(String text, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex);
        return m.group(1);
    }

    @Test
    void kernelModulesAreFoundWithServiceLoaderNotNamed() {
        List<String> bad = new ArrayList<>();
        for (String module : new String[] {"tensor", "autograd", "gradcheck", "datasets", "nn", "plot", "examples", "selection", "tensorboard"}) {
            bad.addAll(violations(module, "dev.tensorj.cpu.", "dev.tensorj.cuda."));
        }
        assertTrue(bad.isEmpty(), "code that names a kernel module (only the benchmarks and the modules' own tests may): " + bad);
    }

    @Test
    void noStorageArraysAboveTheTensorModule() {
        List<String> bad = new ArrayList<>();
        for (String module : new String[] {"autograd", "gradcheck", "nn", "plot", "datasets", "selection", "tensorboard", "examples"}) {
            bad.addAll(violations(module, "CpuStorage", ".storage()"));
        }
        assertTrue(bad.isEmpty(), "storage access above the tensor module: " + bad);
    }

    /**
     * Counts the lines outside Javadoc comments: the API documentation that doclint requires of every public member
     * (PublicApiDocumentedTest) is reference text, not what a student reads in one sitting, and must not crowd out code.
     */
    @Test
    void theTeachingCoreIsReadableInOneSitting() {
        long lines = javaFiles("tensor").stream().mapToLong(f -> linesOutsideJavadoc(read(f))).sum();
        assertTrue(lines <= 3_500, "tensor/ has " + lines + " lines of main code outside Javadoc comments; the teaching core stays at most 3,500 (move fast paths to cpu-kernels)");
    }

    /** The lines of a source file outside its Javadoc comments (the blocks whose first line starts with the Javadoc opener). */
    private static long linesOutsideJavadoc(String source) {
        long count = 0;
        boolean inJavadoc = false;
        for (String line : source.lines().toList()) {
            String trimmed = line.strip();
            if (!inJavadoc && trimmed.startsWith("/**")) inJavadoc = true;
            if (inJavadoc) {
                if (trimmed.contains("*/")) inJavadoc = false;
                continue;
            }
            count++;
        }
        return count;
    }

    @Test
    void theRepositoryNamesNoPathOutsideItself() throws IOException {
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String path = ROOT.relativize(file).toString().replace('\\', '/');
                if (path.startsWith(".git/") || path.contains("/target/") || path.startsWith(".ci/") || path.contains("ArchitectureRulesTest")
                        || !(path.endsWith(".java") || path.endsWith(".md") || path.endsWith(".sh") || path.endsWith(".xml") || path.endsWith(".py")
                        || !path.contains("."))) {
                    continue;
                }
                String text;
                try {
                    text = Files.readString(file);
                } catch (java.nio.charset.MalformedInputException e) {
                    continue; // a binary file
                }
                if (text.contains("../shared") || text.contains("/work/shared")) bad.add(path);
            }
        }
        assertTrue(bad.isEmpty(), "files that reach outside the repository (pass data folders through TENSORJ_DATA instead): " + bad);
    }
}
