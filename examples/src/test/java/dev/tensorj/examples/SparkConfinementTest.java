package dev.tensorj.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Apache Spark stays in the selection module (and the examples that run it): no other module's sources or pom mention it. */
class SparkConfinementTest {
    @Test
    void onlySelectionAndExamplesUseSpark() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            for (Path module : modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml"))).toList()) {
                String name = module.getFileName().toString();
                if (name.equals("selection") || name.equals("examples") || name.equals("..")) continue;
                if (Files.readString(module.resolve("pom.xml")).contains("org.apache.spark")) found.add(name + "/pom.xml");
                Path sources = module.resolve("src/main/java");
                if (!Files.isDirectory(sources)) continue;
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        if (Files.readString(file).contains("org.apache.spark")) found.add(file.toString());
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), "Spark outside selection/examples: " + found);
    }
}
