package dev.tensorj.examples;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every public and protected member of the core modules (tensor, autograd, nn) has a Javadoc comment: javac's doclint
 * ({@code -Xdoclint:missing/protected}) runs in-process over their main sources and every "no comment" it reports
 * fails the test, named by file, line and declaration. The {@code @param}/{@code @return} tags that the same doclint
 * group asks for are not required (a one-line comment that says what a member is, its shapes and its PyTorch name is
 * the house style). The build's own {@code -Xdoclint:all,-missing} (root pom) keeps the comments' syntax and links right.
 */
class PublicApiDocumentedTest {
    private static final Path ROOT = Path.of("..");
    private static final String[] MODULES = {"tensor", "autograd", "nn"};

    @Test
    void everyPublicMemberOfTheCoreHasAComment() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no system Java compiler: run the tests on a JDK, not a JRE");
        List<Path> sources = new ArrayList<>();
        for (String module : MODULES) sources.addAll(javaFiles(module));
        assertTrue(sources.size() > 100, "found only " + sources.size() + " main source files under " + ROOT.toAbsolutePath());

        Path out = Files.createTempDirectory("tensorj-doclint");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-Xdoclint:missing/protected", "-proc:none", "--add-modules", "jdk.incubator.vector",
                    "-Xlint:none", "-Xmaxwarns", "100000", "-Xmaxerrs", "1000", "-implicit:none",
                    "-d", out.toString(), "-cp", System.getProperty("java.class.path"));
            javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
        } finally {
            deleteRecursively(out);
        }

        List<String> errors = new ArrayList<>();
        Set<String> undocumented = new TreeSet<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            String file = d.getSource() == null ? "?" : relative(Path.of(d.getSource().toUri()));
            String where = file + ":" + d.getLineNumber();
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(where + ": " + d.getMessage(Locale.ROOT));
            } else if (d.getMessage(Locale.ROOT).equals("no comment")) {
                undocumented.add(where + " " + declaration(d));
            }
        }
        assertTrue(errors.isEmpty(), "the core's main sources do not compile under doclint:\n" + String.join("\n", errors));
        assertTrue(undocumented.isEmpty(), undocumented.size() + " public or protected members without a Javadoc comment "
                + "(one or two true sentences: what it is, shapes, the PyTorch/Keras name where it helps):\n" + String.join("\n", undocumented));
    }

    private static List<Path> javaFiles(String module) {
        try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String relative(Path file) {
        return ROOT.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** The source line the diagnostic points at, trimmed: the declaration that lacks its comment. */
    private static String declaration(Diagnostic<? extends JavaFileObject> d) {
        try {
            String text = d.getSource().getCharContent(true).toString();
            int start = text.lastIndexOf('\n', (int) d.getPosition() - 1) + 1;
            int end = text.indexOf('\n', (int) d.getPosition());
            return text.substring(start, end < 0 ? text.length() : end).strip();
        } catch (IOException | RuntimeException e) {
            return "(" + e + ")";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
