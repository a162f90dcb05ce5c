package dev.tensorj.tensorboard;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The protocol-buffer wire format, the little of it that event files need: each field is a key
 * {@code (fieldNumber << 3) | wireType} written as a varint, then its value —
 * <ul>
 *   <li>wire type 0, varint: integers and enums, 7 bits per byte, low bits first, the high bit saying "more";</li>
 *   <li>wire type 1, 64-bit: doubles, little-endian;</li>
 *   <li>wire type 2, length-delimited: strings, bytes, nested messages and packed repeated numbers,
 *       a varint length then the bytes;</li>
 *   <li>wire type 5, 32-bit: floats, little-endian.</li>
 * </ul>
 * Fields are written in the order called; a reader accepts any order. Every call writes its field,
 * even a zero: members of a {@code oneof} (such as {@code Summary.Value.simple_value}) must appear
 * even when they hold the default value, and the callers leave out plain defaults themselves.
 *
 * <p>Why by hand and not with {@code protobuf-java}: that library (about 1.8 MB) would need TensorFlow's
 * and the HParams plugin's {@code .proto} files copied into the build and {@code protoc}, a native binary,
 * run at build time; tensorj writes eleven small messages, and this class plus {@code Events} and
 * {@code HParamsProtos} encode them in under 300 lines that TensorBoard's own reader checks in a test
 * ({@code TensorBoardReaderTest}).
 */
final class ProtoWriter {
    private static final int VARINT = 0, FIXED64 = 1, LENGTH_DELIMITED = 2, FIXED32 = 5;

    private byte[] bytes = new byte[64];
    private int size;

    /** An int32, int64, enum or bool field. */
    ProtoWriter varint(int field, long value) {
        key(field, VARINT);
        rawVarint(value);
        return this;
    }

    /** A {@code double} field. */
    ProtoWriter doubleField(int field, double value) {
        key(field, FIXED64);
        rawLittleEndian(Double.doubleToRawLongBits(value), 8);
        return this;
    }

    /** A {@code float} field. */
    ProtoWriter floatField(int field, float value) {
        key(field, FIXED32);
        rawLittleEndian(Float.floatToRawIntBits(value), 4);
        return this;
    }

    /** A {@code string} field, UTF-8 encoded. */
    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code bytes} field. */
    ProtoWriter bytes(int field, byte[] value) {
        key(field, LENGTH_DELIMITED);
        rawVarint(value.length);
        rawBytes(value, value.length);
        return this;
    }

    /** A nested message field (an empty message is written too: it marks a oneof member or a present sub-message). */
    ProtoWriter message(int field, ProtoWriter message) {
        key(field, LENGTH_DELIMITED);
        rawVarint(message.size);
        rawBytes(message.bytes, message.size);
        return this;
    }

    /** A {@code repeated double} field, packed (proto3's default): one length, then the doubles back to back. */
    ProtoWriter packedDoubles(int field, double[] values) {
        key(field, LENGTH_DELIMITED);
        rawVarint(8L * values.length);
        for (double v : values) rawLittleEndian(Double.doubleToRawLongBits(v), 8);
        return this;
    }

    /** The encoded message. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    int size() {
        return size;
    }

    private void key(int field, int wireType) {
        if (field <= 0) throw new IllegalArgumentException("ProtoWriter: field numbers start at 1, got " + field);
        rawVarint(((long) field << 3) | wireType);
    }

    /** Unsigned base-128: negative int64 values take all ten bytes, as protobuf writes them. */
    private void rawVarint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
    }

    private void rawLittleEndian(long value, int byteCount) {
        ensure(byteCount);
        for (int i = 0; i < byteCount; i++) bytes[size++] = (byte) (value >>> (8 * i));
    }

    private void rawBytes(byte[] source, int length) {
        ensure(length);
        System.arraycopy(source, 0, bytes, size, length);
        size += length;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
    }
}
