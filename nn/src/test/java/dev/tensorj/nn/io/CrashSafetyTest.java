package dev.tensorj.nn.io;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** A save that fails or is killed at any moment leaves the previous file intact. */
class CrashSafetyTest {
    @TempDir
    Path dir;

    /** A state dict whose tensor data fails after {@code goodTensors} tensors were written, like a full disk. */
    private static Map<String, Tensor> failingAfter(Map<String, Tensor> tensors, int goodTensors) {
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, Tensor>> entrySet() {
                return tensors.entrySet();
            }

            @Override
            public Collection<Tensor> values() {
                List<Tensor> values = new ArrayList<>(tensors.values());
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Tensor> iterator() {
                        Iterator<Tensor> it = values.iterator();
                        return new Iterator<>() {
                            int given;

                            @Override
                            public boolean hasNext() {
                                return it.hasNext();
                            }

                            @Override
                            public Tensor next() {
                                if (given++ == goodTensors) throw new IllegalStateException("simulated failure in the middle of the write");
                                return it.next();
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return values.size();
                    }
                };
            }
        };
    }

    @Test
    void aWriteThatFailsHalfWayLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        Map<String, Tensor> old = new LinkedHashMap<>();
        old.put("w", Tensor.randn(new Generator(1), 64, 64));
        old.put("b", Tensor.randn(new Generator(2), 64));
        SafeTensors.save(old, Map.of("epoch", "1"), file);
        Map<String, Tensor> next = new LinkedHashMap<>();
        next.put("w", Tensor.zeros(64, 64));
        next.put("b", Tensor.zeros(64));
        for (int good = 0; good < 2; good++) {
            int goodTensors = good;
            assertThrows(IllegalStateException.class, () -> SafeTensors.save(failingAfter(next, goodTensors), Map.of("epoch", "2"), file));
            SafeTensors.Contents back = SafeTensors.read(file);
            assertEquals("1", back.metadata().get("epoch"));
            assertTrue(back.tensors().get("w").allClose(old.get("w"), 0, 0));
            try (var files = Files.list(dir)) {
                assertEquals(List.of(file), files.toList(), "only the previous checkpoint remains");
            }
        }
    }

    /**
     * Kills (SIGKILL) a process that keeps overwriting a 16 MB file, at seeded random moments, three
     * times; after each kill the file must load completely and be one consistent version. Budget: three
     * JVM starts and about a second of writing each, a few seconds in all.
     */
    @Test
    void aProcessKilledWhileSavingLeavesAConsistentFile() throws Exception {
        Path file = dir.resolve("ckpt.safetensors");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Generator g = new Generator(3);
        for (int kill = 0; kill < 3; kill++) {
            Process child = new ProcessBuilder(java, "--add-modules=jdk.incubator.vector", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    CheckpointWriterMain.class.getName(), file.toString()).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                StringBuilder printed = new StringBuilder();
                String line; // wait until the first version is complete: from then on a previous file exists
                while ((line = out.readLine()) != null && !line.matches("\\d+")) printed.append(line).append('\n');
                assertNotNull(line, "the writer process ended without saving:\n" + printed);
                Thread.sleep(50 + g.nextLong(400));
                child.destroyForcibly().waitFor();
            }
            SafeTensors.Contents back = SafeTensors.read(file);
            double version = Double.parseDouble(back.metadata().get("version"));
            for (Tensor t : back.tensors().values()) {
                assertEquals(version, t.min().item(), "kill " + kill);
                assertEquals(version, t.max().item(), "kill " + kill);
            }
        }
    }
}
