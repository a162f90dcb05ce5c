package dev.tensorj.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of ../shared/ARCHITECTURE.md that keep the modules one piece, checked on the sources:
 * dependencies point one way (tensor ← autograd ← nn ← examples; datasets uses tensor only), and
 * above the tensor module no code touches a storage array.
 */
class ArchitectureRulesTest {
    private static final Path ROOT = Path.of("..");

    private static List<String> violations(String module, String... forbidden) {
        List<String> found = new ArrayList<>();
        Path sources = ROOT.resolve(module).resolve("src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                for (String f : forbidden) if (text.contains(f)) found.add(ROOT.relativize(file) + " uses " + f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    @Test
    void dependenciesPointOneWay() {
        List<String> bad = new ArrayList<>();
        bad.addAll(violations("tensor", "dev.tensorj.autograd", "dev.tensorj.nn", "dev.tensorj.datasets", "dev.tensorj.examples"));
        bad.addAll(violations("autograd", "dev.tensorj.nn", "dev.tensorj.datasets", "dev.tensorj.examples"));
        bad.addAll(violations("datasets", "dev.tensorj.autograd", "dev.tensorj.nn", "dev.tensorj.examples"));
        bad.addAll(violations("nn", "dev.tensorj.datasets", "dev.tensorj.examples", "dev.tensorj.tensorboard"));
        bad.addAll(violations("tensorboard", "dev.tensorj.datasets", "dev.tensorj.examples"));
        assertTrue(bad.isEmpty(), "imports against the dependency direction: " + bad);
    }

    @Test
    void noStorageArraysAboveTheTensorModule() {
        List<String> bad = new ArrayList<>();
        for (String module : new String[] {"autograd", "nn", "datasets", "tensorboard", "examples"}) {
            bad.addAll(violations(module, "CpuStorage", ".storage()", "dev.tensorj.tensor.cpu.Gemm"));
        }
        assertTrue(bad.isEmpty(), "storage access above the tensor module: " + bad);
    }
}
