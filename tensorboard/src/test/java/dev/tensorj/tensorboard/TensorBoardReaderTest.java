package dev.tensorj.tensorboard;

import dev.tensorj.nn.io.Json;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensorboard.EventFileReader.Event;
import dev.tensorj.tensorboard.EventFileReader.Value;
import dev.tensorj.tensorboard.ProtoReader.Message;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TensorBoard's own reader agrees with what we wrote: {@code src/test/python/read_events.py} loads our
 * files with TensorBoard's {@code EventAccumulator} (and the HParams plugin's parsers) and prints every
 * scalar, image, histogram, text and HParams summary; this test compares them with what it wrote.
 * Skips unless a Python with the {@code tensorboard} package is found: {@code $TENSORJ_TENSORBOARD_PYTHON},
 * else {@code python3} on the PATH.
 */
class TensorBoardReaderTest {
    private static final Path SCRIPT = Path.of("src/test/python/read_events.py");

    @TempDir
    Path dir;

    @Test
    void tensorBoardReadsEveryScalarImageHistogramTextAndHparam() throws Exception {
        Path handWritten = dir.resolve("hand"), callback = dir.resolve("callback"), experiment = dir.resolve("experiment");
        Random random = new Random(7);
        BufferedImage picture = new BufferedImage(9, 4, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 9; x++) picture.setRGB(x, x % 4, 0x10FF20 * x);
        double[] weights = random.doubles(500, -1, 2).toArray();
        Map<String, Object> hparams = new LinkedHashMap<>();
        hparams.put("lr", 0.003);
        hparams.put("optimizer", "adam");
        hparams.put("augment", false);
        try (SummaryWriter writer = new SummaryWriter(handWritten)) {
            for (int step = 0; step < 40; step++) writer.addScalar("loss", random.nextGaussian(), step * 7L);
            writer.addImage("picture", picture, 3);
            writer.addImage("grid", Tensor.rand(new Generator(1), 5, 3, 4, 4), 3, 2, false, 4);
            writer.addHistogram("weights", Tensor.fromArray(weights, weights.length), 5);
            writer.addHistogram("constant", Histogram.of(new double[] {1.5, 1.5}), 6);
            writer.addText("settings", "lr **0.003**, batch 64 — ünïcode", 0);
            writer.addHparams(hparams, Map.of("hparam/accuracy", 0.8125));
        }
        try (SummaryWriter writer = new SummaryWriter(experiment)) {
            writer.addHparamsExperiment(Map.of("lr", List.of(0.003, 0.01), "optimizer", List.of("adam", "sgd")), List.of("hparam/accuracy"));
        }
        Generator g = new Generator(3);
        Trainer trainer = TensorBoardCallbackTest.tinyClassifier(g);
        trainer.fit(TensorBoardCallbackTest.batches(g, 3), 2, TensorBoardCallbackTest.batches(g, 1), new TensorBoard(new SummaryWriter(callback)));

        Map<String, Object> read = runTensorBoardReader(handWritten, experiment, callback, callback.resolve("validation"));

        for (Path run : List.of(handWritten, experiment, callback, callback.resolve("validation"))) {
            @SuppressWarnings("unchecked") Map<String, Object> seen = (Map<String, Object>) read.get(run.toString());
            Map<String, Map<String, List<List<Object>>>> written = whatWeWrote(run);
            for (String kind : List.of("scalars", "images", "histograms", "texts")) {
                assertEquals(normalise(written.get(kind)), normalise(seen.get(kind)), run.getFileName() + " " + kind);
            }
        }
        // the values themselves, not only agreement with our own reader
        Map<String, Object> hand = map(read.get(handWritten.toString()));
        assertEquals(40, ((List<?>) map(hand.get("scalars")).get("loss")).size());
        List<?> histogram = (List<?>) ((List<?>) map(hand.get("histograms")).get("weights")).getFirst();
        assertEquals(500.0, ((Number) histogram.get(3)).doubleValue());
        assertEquals(Arrays.stream(weights).min().orElseThrow(), ((Number) histogram.get(1)).doubleValue());
        List<?> image = (List<?>) ((List<?>) map(hand.get("images")).get("picture")).getFirst();
        assertEquals(List.of(3L, 9L, 4L, sha256(SummaryWriter.png(picture))), image);
        assertEquals(List.of(List.of(0L, "lr **0.003**, batch 64 — ünïcode")), map(hand.get("texts")).get("settings"));
        Map<String, Object> session = map(hand.get("hparams"));
        assertEquals(Map.of("lr", 0.003, "optimizer", "adam", "augment", false), session.get("start"));
        assertEquals(1L, session.get("end_status"), "STATUS_SUCCESS");
        Map<String, Object> declared = map(map(map(read.get(experiment.toString())).get("hparams")).get("experiment"));
        assertEquals(Map.of("lr", List.of(0.003, 0.01), "optimizer", List.of("adam", "sgd")), declared.get("hparams"));
        assertEquals(List.of("hparam/accuracy"), declared.get("metrics"));
        Map<String, Object> callbackScalars = map(map(read.get(callback.toString())).get("scalars"));
        assertTrue(callbackScalars.keySet().containsAll(List.of("batch_loss", "epoch_loss", "epoch_accuracy", "epoch_learning_rate")), callbackScalars.keySet().toString());
    }

    /** Runs the Python reader on the runs and parses its JSON; skips the test when tensorboard is missing. */
    private static Map<String, Object> runTensorBoardReader(Path... runs) throws IOException, InterruptedException {
        String python = System.getenv().getOrDefault("TENSORJ_TENSORBOARD_PYTHON", "python3");
        List<String> command = new ArrayList<>(List.of(python, SCRIPT.toString()));
        for (Path run : runs) command.add(run.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            Assumptions.abort("no Python to run TensorBoard's reader (" + python + "): " + e.getMessage());
            throw e;
        }
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("read_events.py did not finish in 120 s");
        }
        Assumptions.assumeTrue(process.exitValue() != 3, "the tensorboard Python package is not installed for " + python
                + " (pip install tensorboard, or set TENSORJ_TENSORBOARD_PYTHON): " + err.trim());
        if (process.exitValue() != 0) throw new AssertionError("read_events.py failed (" + process.exitValue() + "):\n" + err);
        return map(Json.parse(new String(out, StandardCharsets.UTF_8)));
    }

    /** The same structure as read_events.py prints, from our own reader. */
    private static Map<String, Map<String, List<List<Object>>>> whatWeWrote(Path run) throws IOException {
        Map<String, Map<String, List<List<Object>>>> kinds = new LinkedHashMap<>();
        for (String kind : List.of("scalars", "images", "histograms", "texts")) kinds.put(kind, new LinkedHashMap<>());
        for (Event event : EventFileReader.read(EventFileReader.onlyFile(run))) {
            for (Value v : event.values()) {
                List<Object> row = new ArrayList<>(List.of(event.step()));
                String kind;
                if (v.simpleValue() != null) {
                    kind = "scalars";
                    row.add((double) v.simpleValue());
                } else if (v.image() != null) {
                    kind = "images";
                    row.addAll(List.of(v.image().varint(2), v.image().varint(1), sha256(v.image().bytes(4))));
                } else if (v.histogram() != null) {
                    kind = "histograms";
                    Message h = v.histogram();
                    for (int field = 1; field <= 5; field++) row.add(h.doubleValue(field));
                    row.add(Arrays.stream(h.packedDoubles(6)).boxed().toList());
                    row.add(Arrays.stream(h.packedDoubles(7)).boxed().toList());
                } else if ("text".equals(v.pluginName())) {
                    kind = "texts";
                    row.add(v.tensor().string(8));
                } else {
                    continue; // HParams summaries: compared value by value above
                }
                kinds.get(kind).computeIfAbsent(v.tag(), t -> new ArrayList<>()).add(row);
            }
        }
        return kinds;
    }

    /** Numbers as doubles, so 3 (Long from JSON) equals 3.0, in nested lists and maps. */
    private static Object normalise(Object o) {
        return switch (o) {
            case Number n -> n.doubleValue();
            case List<?> list -> list.stream().map(TensorBoardReaderTest::normalise).toList();
            case Map<?, ?> m -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                m.forEach((k, v) -> copy.put(k, normalise(v)));
                yield copy;
            }
            default -> o;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
