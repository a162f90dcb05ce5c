package dev.tensorj.tensorboard;

import dev.tensorj.tensorboard.EventFileReader.Event;
import dev.tensorj.tensorboard.EventFileReader.Point;
import dev.tensorj.tensorboard.ProtoReader.Message;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes each kind of summary and reads it back with the test's own reader: framing, CRCs, contents. */
class SummaryWriterTest {
    @TempDir
    Path dir;

    @Test
    void maskedCrcMatchesTensorFlowsValues() {
        // from tensorboard.compat.tensorflow_stub.pywrap_tensorflow.masked_crc32c
        assertEquals(0xc78ab0e5, EventFileWriter.maskedCrc32c("123456789".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0x07980329, EventFileWriter.maskedCrc32c(new byte[8]));
        assertEquals(0xa282ead8, EventFileWriter.maskedCrc32c(new byte[0]));
    }

    @Test
    void firstEventIsTheFileVersion() throws IOException {
        try (SummaryWriter writer = new SummaryWriter(dir)) {
            assertTrue(writer.file().getFileName().toString().startsWith("events.out.tfevents."), writer.file().toString());
        }
        List<Event> events = EventFileReader.read(EventFileReader.onlyFile(dir));
        assertEquals(1, events.size());
        assertEquals("brain.Event:2", events.getFirst().fileVersion());
        assertTrue(Math.abs(events.getFirst().wallTime() - System.currentTimeMillis() / 1000.0) < 60);
    }

    @Test
    void scalarsKeepTheirStepsAndFloatValues() throws IOException {
        Random random = new Random(1);
        double[] values = new double[50];
        try (SummaryWriter writer = new SummaryWriter(dir)) {
            for (int step = 0; step < values.length; step++) {
                values[step] = random.nextGaussian() * Math.pow(10, random.nextInt(-5, 5));
                writer.addScalar("loss", values[step], step * 3L);
                writer.addScalar("big step", step, 5_000_000_000L + step);
            }
        }
        List<Event> events = EventFileReader.read(EventFileReader.onlyFile(dir));
        List<Point> loss = EventFileReader.points(events, "loss");
        assertEquals(values.length, loss.size());
        for (int step = 0; step < values.length; step++) {
            assertEquals(step * 3L, loss.get(step).step());
            assertEquals((float) values[step], loss.get(step).value().simpleValue(), "step " + step);
        }
        List<Point> big = EventFileReader.points(events, "big step");
        assertEquals(5_000_000_049L, big.getLast().step());
        assertEquals(49f, big.getLast().value().simpleValue());
    }

    @Test
    void imagesArePngsOfTheRightSize() throws IOException {
        BufferedImage image = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 2, 0xFF8000);
        Tensor grid = Tensor.arange(2 * 1 * 4 * 6).reshape(2, 1, 4, 6).div(47.0);
        try (SummaryWriter writer = new SummaryWriter(dir)) {
            writer.addImage("picture", image, 1);
            writer.addImage("grid", grid, 2, 1, false, 2);
        }
        List<Event> events = EventFileReader.read(EventFileReader.onlyFile(dir));
        Message picture = EventFileReader.points(events, "picture").getFirst().value().image();
        assertEquals(5, picture.varint(1));
        assertEquals(7, picture.varint(2));
        assertEquals(3, picture.varint(3));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(picture.bytes(4)));
        assertEquals(7, decoded.getWidth());
        assertEquals(0xFF8000, decoded.getRGB(3, 2) & 0xFFFFFF);
        assertEquals(0, decoded.getRGB(0, 0) & 0xFFFFFF);

        Point gridPoint = EventFileReader.points(events, "grid").getFirst();
        assertEquals(2, gridPoint.step());
        BufferedImage gridImage = ImageIO.read(new ByteArrayInputStream(gridPoint.value().image().bytes(4)));
        assertEquals(gridPoint.value().image().varint(2), gridImage.getWidth());
        assertEquals(2 * (6 + 8), gridImage.getWidth(), "two images of width 6, 8 pixels of margin each");
    }

    @Test
    void histogramsCountEveryValueInTheRightBucket() throws IOException {
        double[] values = new Random(2).doubles(1000, -3, 5).toArray();
        values[10] = Double.NaN;
        Histogram expected = Histogram.of(values);
        try (SummaryWriter writer = new SummaryWriter(dir)) {
            writer.addHistogram("w", Tensor.fromArray(values, values.length), 4);
        }
        Message histo = EventFileReader.points(EventFileReader.read(EventFileReader.onlyFile(dir)), "w").getFirst().value().histogram();
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        assertEquals(Arrays.stream(finite).min().orElseThrow(), histo.doubleValue(1));
        assertEquals(Arrays.stream(finite).max().orElseThrow(), histo.doubleValue(2));
        assertEquals(999, histo.doubleValue(3));
        assertEquals(Arrays.stream(finite).sum(), histo.doubleValue(4), 1e-9);
        assertEquals(Arrays.stream(finite).map(v -> v * v).sum(), histo.doubleValue(5), 1e-9);
        double[] limits = histo.packedDoubles(6), counts = histo.packedDoubles(7);
        assertArrayEquals(expected.bucketLimits(), limits);
        assertEquals(30, counts.length);
        assertEquals(999, Arrays.stream(counts).sum());
        // recount independently: bucket i holds (limits[i-1], limits[i]], bucket 0 from min
        double[] recount = new double[30];
        for (double v : finite) {
            int i = 0;
            while (v > limits[i]) i++;
            recount[i]++;
        }
        assertArrayEquals(recount, counts);
    }

    @Test
    void histogramEdgeCases() {
        Histogram constant = Histogram.of(new double[] {2, 2, 2});
        assertArrayEquals(new double[] {2}, constant.bucketLimits());
        assertArrayEquals(new double[] {3}, constant.bucketCounts());
        Histogram empty = Histogram.of(new double[] {Double.NaN});
        assertEquals(0, empty.count());
        assertEquals(0, empty.bucketLimits().length);
        float[] floats = {0.1f, -2.5f, 3f, Float.NaN, 7.25f};
        double[] asDoubles = new double[floats.length];
        for (int i = 0; i < floats.length; i++) asDoubles[i] = floats[i];
        assertEquals(Histogram.of(asDoubles, 4), Histogram.of(floats, 4));
        var e = assertThrows(IllegalArgumentException.class, () -> Histogram.of(new double[1], 0));
        assertEquals("Histogram.of: buckets must be >= 1, got 0", e.getMessage());
    }

    @Test
    void textIsAStringTensorForTheTextPlugin() throws IOException {
        String markdown = "# Model\n\n    Linear(784 -> 10)   7,850 parameters\n\nλ = 0.1";
        try (SummaryWriter writer = new SummaryWriter(dir)) {
            writer.addText("model/summary", markdown, 0);
        }
        EventFileReader.Value value = EventFileReader.points(EventFileReader.read(EventFileReader.onlyFile(dir)), "model/summary").getFirst().value();
        assertEquals("text", value.pluginName());
        assertEquals(7, value.tensor().varint(1), "DT_STRING");
        assertEquals(markdown, value.tensor().string(8));
        assertNull(value.simpleValue());
    }

    @Test
    void hparamsWriteSessionStartMetricsAndEnd() throws IOException {
        try (SummaryWriter writer = new SummaryWriter(dir)) {
            Map<String, Object> config = new java.util.LinkedHashMap<>();
            config.put("lr", 0.001);
            config.put("optimizer", "adam");
            config.put("augment", true);
            writer.addHparams(config, Map.of("hparam/accuracy", 0.875));
        }
        List<Event> events = EventFileReader.read(EventFileReader.onlyFile(dir));
        EventFileReader.Value start = EventFileReader.points(events, "_hparams_/session_start_info").getFirst().value();
        assertEquals("hparams", start.pluginName());
        Message info = ProtoReader.parse(start.pluginContent()).message(3);
        Map<String, Message> hparams = new java.util.HashMap<>();
        for (Message entry : info.messages(1)) hparams.put(entry.string(1), entry.message(2));
        assertEquals(0.001, hparams.get("lr").doubleValue(2));
        assertEquals("adam", hparams.get("optimizer").string(3));
        assertEquals(1, hparams.get("augment").varint(4));
        assertEquals(1, start.tensor().varint(1), "the empty DT_FLOAT tensor");

        assertEquals(0.875f, EventFileReader.points(events, "hparam/accuracy").getFirst().value().simpleValue());
        Message columns = ProtoReader.parse(EventFileReader.points(events, "_hparams_/experiment").getFirst().value().pluginContent()).message(2);
        assertEquals(List.of("lr", "optimizer", "augment"), columns.messages(4).stream().map(column -> column.string(1)).toList());
        assertEquals(List.of(3L, 1L, 2L), columns.messages(4).stream().map(column -> column.varint(4)).toList(), "FLOAT64, STRING, BOOL");
        assertTrue(columns.messages(4).stream().noneMatch(column -> column.has(5)), "no domain: the values are the sessions'");
        assertEquals("hparam/accuracy", columns.messages(5).getFirst().message(1).string(2));
        EventFileReader.Value end = EventFileReader.points(events, "_hparams_/session_end_info").getFirst().value();
        assertEquals(1, ProtoReader.parse(end.pluginContent()).message(4).varint(1), "STATUS_SUCCESS");
    }

    @Test
    void experimentListsDomainsAndMetrics() throws IOException {
        try (SummaryWriter writer = new SummaryWriter(dir)) {
            writer.addHparamsExperiment(Map.of("batch", List.of(64, 1000)), List.of("hparam/accuracy"));
        }
        EventFileReader.Value value = EventFileReader.points(EventFileReader.read(EventFileReader.onlyFile(dir)), "_hparams_/experiment").getFirst().value();
        Message experiment = ProtoReader.parse(value.pluginContent()).message(2);
        Message batch = experiment.messages(4).getFirst();
        assertEquals("batch", batch.string(1));
        assertEquals(3, batch.varint(4), "DATA_TYPE_FLOAT64");
        List<Message> domain = batch.message(5).messages(1);
        assertEquals(List.of(64.0, 1000.0), domain.stream().map(v -> v.doubleValue(2)).toList());
        assertEquals("hparam/accuracy", experiment.messages(5).getFirst().message(1).string(2));

        var e = assertThrows(IllegalArgumentException.class, () -> {
            try (SummaryWriter writer = new SummaryWriter(dir.resolve("mixed"))) {
                writer.addHparamsExperiment(Map.of("x", List.of(1, "a")), List.of());
            }
        });
        assertEquals("HParams: the values of 'x' mix types: [1, a] (use numbers, strings or booleans, one kind per hyperparameter)", e.getMessage());
    }

    @Test
    void aCrashLeavesTheFlushedRecordsReadable() throws IOException {
        SummaryWriter writer = new SummaryWriter(dir);
        writer.addScalar("loss", 1.0, 0);
        writer.flush();
        writer.addScalar("loss", 0.5, 1); // never flushed nor closed: what a killed process leaves
        long size = Files.size(writer.file());
        List<Event> events = EventFileReader.read(writer.file());
        assertEquals(2, events.size(), "the file version and the flushed scalar");
        assertEquals(size, Files.size(writer.file()));
        writer.close();
        assertEquals(3, EventFileReader.read(writer.file()).size());
        assertThrows(IllegalStateException.class, () -> writer.addScalar("loss", 0, 2));
    }

    @Test
    void largeQueuesFlushThemselvesInWholeRecords() throws IOException {
        try (SummaryWriter writer = new SummaryWriter(dir)) {
            double[] many = new Random(3).doubles(200_000).toArray();
            for (int i = 0; i < 3; i++) writer.addHistogram("h" + i, new Histogram(0, 1, 1, 0, 0, many, many), i); // 3.2 MB each
            assertEquals(4, EventFileReader.read(writer.file()).size(), "each record past 1 MiB reaches the file at once, whole");
        }
    }

    @Test
    void runNamesCarryTheModelAndTime() {
        String name = SummaryWriter.runName("c1");
        assertTrue(name.matches("c1-\\d{8}-\\d{6}"), name);
    }
}
