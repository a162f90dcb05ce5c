package dev.tensorj.tensorboard;

import dev.tensorj.tensorboard.ProtoReader.Message;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads a tfevents file as the tests need it: checks each record's framing and both masked CRC-32Cs
 * (computed here from {@link CRC32C} and the mask's definition, not through the writer's helper),
 * and decodes each Event into the few fields tensorj writes.
 */
final class EventFileReader {
    /** One summary value; the fields not of its kind are null. */
    record Value(String tag, Float simpleValue, Message image, Message histogram, Message tensor, String pluginName, byte[] pluginContent) {
    }

    record Event(double wallTime, long step, String fileVersion, List<Value> values) {
    }

    private EventFileReader() {
    }

    /** Every event of {@code file}; an AssertionError names the record and what is wrong. */
    static List<Event> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (b.hasRemaining()) {
            int record = events.size();
            if (b.remaining() < 12) throw new AssertionError("record " + record + ": " + b.remaining() + " trailing bytes, too few for a header");
            byte[] lengthBytes = new byte[8];
            b.get(lengthBytes);
            long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            int lengthCrc = b.getInt();
            if (lengthCrc != masked(lengthBytes)) throw new AssertionError("record " + record + ": bad length CRC");
            if (length < 0 || length > b.remaining() - 4) throw new AssertionError("record " + record + ": length " + length + " but " + b.remaining() + " bytes left");
            byte[] data = new byte[(int) length];
            b.get(data);
            if (b.getInt() != masked(data)) throw new AssertionError("record " + record + ": bad data CRC");
            events.add(decode(ProtoReader.parse(data)));
        }
        return events;
    }

    /** The only event file in {@code directory}. */
    static Path onlyFile(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().contains("tfevents")).toList();
            if (found.size() != 1) throw new AssertionError("expected one event file in " + directory + ", found " + found);
            return found.getFirst();
        }
    }

    /** All values of all events, flattened, with their events' steps. */
    record Point(long step, Value value) {
    }

    static List<Point> points(List<Event> events, String tag) {
        List<Point> points = new ArrayList<>();
        for (Event e : events) for (Value v : e.values()) if (v.tag().equals(tag)) points.add(new Point(e.step(), v));
        return points;
    }

    private static Event decode(Message event) {
        List<Value> values = new ArrayList<>();
        if (event.has(5)) {
            for (Message value : event.message(5).messages(1)) {
                String plugin = null;
                byte[] content = null;
                if (value.has(9)) {
                    Message pluginData = value.message(9).message(1);
                    plugin = pluginData.string(1);
                    content = pluginData.bytes(2);
                }
                values.add(new Value(value.string(1), value.has(2) ? value.floatValue(2) : null, value.has(4) ? value.message(4) : null,
                        value.has(5) ? value.message(5) : null, value.has(8) ? value.message(8) : null, plugin, content));
            }
        }
        return new Event(event.doubleValue(1), event.varint(2), event.has(3) ? event.string(3) : null, values);
    }

    /** {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}, unsigned 32-bit. */
    private static int masked(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        long value = crc.getValue();
        long rotated = ((value >>> 15) | (value << 17)) & 0xFFFFFFFFL;
        return (int) ((rotated + 0xa282ead8L) & 0xFFFFFFFFL);
    }
}
