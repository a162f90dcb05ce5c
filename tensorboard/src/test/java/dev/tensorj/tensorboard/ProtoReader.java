package dev.tensorj.tensorboard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A schema-less protobuf decoder for the tests: a message becomes its fields by number, each value a
 * {@code Long} (varint), a {@code byte[]} (length-delimited) or a {@code Fixed} (32- or 64-bit raw
 * bits), in file order. Independent of {@link ProtoWriter}: it follows the wire format's rules only.
 */
final class ProtoReader {
    record Fixed(long bits, int width) {
        double asDouble() {
            if (width != 8) throw new AssertionError("a 64-bit field expected, got " + width * 8 + " bits");
            return Double.longBitsToDouble(bits);
        }

        float asFloat() {
            if (width != 4) throw new AssertionError("a 32-bit field expected, got " + width * 8 + " bits");
            return Float.intBitsToFloat((int) bits);
        }
    }

    /** One decoded message. */
    record Message(Map<Integer, List<Object>> fields) {
        List<Object> all(int field) {
            return fields.getOrDefault(field, List.of());
        }

        boolean has(int field) {
            return fields.containsKey(field);
        }

        Object one(int field) {
            List<Object> values = all(field);
            if (values.size() != 1) throw new AssertionError("field " + field + ": expected one value, found " + values.size() + " in " + fields.keySet());
            return values.getFirst();
        }

        long varint(int field) {
            return has(field) ? (Long) one(field) : 0;
        }

        double doubleValue(int field) {
            return has(field) ? ((Fixed) one(field)).asDouble() : 0;
        }

        float floatValue(int field) {
            return ((Fixed) one(field)).asFloat();
        }

        byte[] bytes(int field) {
            return has(field) ? (byte[]) one(field) : new byte[0];
        }

        String string(int field) {
            return new String(bytes(field), StandardCharsets.UTF_8);
        }

        Message message(int field) {
            return parse(bytes(field));
        }

        List<Message> messages(int field) {
            List<Message> list = new ArrayList<>();
            for (Object o : all(field)) list.add(parse((byte[]) o));
            return list;
        }

        /** A packed repeated double field (all its chunks). */
        double[] packedDoubles(int field) {
            List<Double> values = new ArrayList<>();
            for (Object o : all(field)) {
                ByteBuffer b = ByteBuffer.wrap((byte[]) o).order(ByteOrder.LITTLE_ENDIAN);
                if (b.remaining() % 8 != 0) throw new AssertionError("packed doubles of " + b.remaining() + " bytes");
                while (b.hasRemaining()) values.add(b.getDouble());
            }
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    private ProtoReader() {
    }

    static Message parse(byte[] bytes) {
        Map<Integer, List<Object>> fields = new LinkedHashMap<>();
        int[] pos = {0};
        while (pos[0] < bytes.length) {
            long key = varint(bytes, pos);
            int field = (int) (key >>> 3), wireType = (int) (key & 7);
            if (field <= 0) throw new AssertionError("field number " + field + " at byte " + pos[0]);
            Object value = switch (wireType) {
                case 0 -> varint(bytes, pos);
                case 1 -> fixed(bytes, pos, 8);
                case 2 -> {
                    int length = Math.toIntExact(varint(bytes, pos));
                    if (length < 0 || pos[0] + length > bytes.length) throw new AssertionError("length " + length + " runs past the message end at byte " + pos[0]);
                    byte[] slice = java.util.Arrays.copyOfRange(bytes, pos[0], pos[0] + length);
                    pos[0] += length;
                    yield slice;
                }
                case 5 -> fixed(bytes, pos, 4);
                default -> throw new AssertionError("wire type " + wireType + " for field " + field);
            };
            fields.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
        }
        return new Message(fields);
    }

    private static long varint(byte[] bytes, int[] pos) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= bytes.length) throw new AssertionError("varint runs past the end");
            byte b = bytes[pos[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new AssertionError("varint longer than 10 bytes");
    }

    private static Fixed fixed(byte[] bytes, int[] pos, int width) {
        if (pos[0] + width > bytes.length) throw new AssertionError("fixed" + width * 8 + " runs past the end");
        long bits = 0;
        for (int i = 0; i < width; i++) bits |= (long) (bytes[pos[0] + i] & 0xFF) << (8 * i);
        pos[0] += width;
        return new Fixed(bits, width);
    }
}
