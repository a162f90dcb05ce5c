package dev.tensorj.examples;

import dev.tensorj.nn.io.SafeTensors;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@code tensorj weights}: lists a PyTorch checkpoint (a fixture of nn's tests) and converts it to safetensors. */
class WeightsCommandTest {
    private static final Path FIXTURE = Path.of("../nn/src/test/resources/pth/tiny_cnn.pth");

    @Test
    void listsTheTensorsAndConverts(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("tiny.safetensors");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            code = new CommandLine(new TensorjCli()).execute("weights", FIXTURE.toString(), "--to", target.toString());
        } finally {
            System.setOut(old);
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        assertTrue(printed.contains("ZIP checkpoint, 9 tensors") && printed.contains("0.weight") && printed.contains("[2, 1, 3, 3]")
                && printed.contains("1.num_batches_tracked") && printed.contains("INT64"), printed);
        Map<String, Tensor> converted = SafeTensors.load(target);
        assertArrayEquals(new int[] {3, 8}, converted.get("5.weight").dims());
    }

    @Test
    void aWrongModelIsReportedByKey() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new TensorjCli());
        cli.setErr(new java.io.PrintWriter(err, true));
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            code = cli.execute("weights", FIXTURE.toString(), "--model", "resnet18");
        } finally {
            System.setOut(old);
        }
        assertNotEquals(0, code);
        assertTrue(err.toString().contains("missing key 'conv1.weight'"), err.toString());
    }

    @Test
    void aWrongModelIsOneLineNamingBoth() {
        String[] result = TrainDeviceOptionTest.run("weights", FIXTURE.toAbsolutePath().toString(), "--model", "resnet18");
        assertEquals("2", result[0]);
        String line = result[1].strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("tensorj weights: " + FIXTURE.toAbsolutePath() + " (9 tensors, first key '0.weight'), expected ResNet18: ResNet18.loadStateDict: "), line);
        assertTrue(line.contains("missing key 'conv1.weight'") && line.contains("more (--debug lists them)"), line);
    }
}
