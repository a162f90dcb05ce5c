package dev.tensorj.nn.io.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The table of contents of a zip archive (what {@code torch.save} writes since PyTorch 1.6), read from
 * its central directory, ZIP64 included. PyTorch stores every record uncompressed and 64-byte aligned,
 * so an entry is a byte range of the file; compressed or encrypted entries are refused. Every offset
 * and size is checked against the file before it is used.
 */
final class ZipIndex {
    /** One stored entry: its data's absolute byte range in the file and its CRC-32. */
    record Entry(String name, long dataStart, long size, int crc32) {
    }

    private static final int EOCD = 0x06054b50, EOCD64 = 0x06064b50, EOCD64_LOCATOR = 0x07064b50, CENTRAL = 0x02014b50, LOCAL = 0x04034b50;
    private static final long MAX_CENTRAL_DIRECTORY = 64L << 20;

    private final Map<String, Entry> entries;

    private ZipIndex(Map<String, Entry> entries) {
        this.entries = entries;
    }

    Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    static boolean looksLikeZip(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6);
    }

    static ZipIndex read(Path file, FileChannel channel, long size) throws PthFormatException {
        if (size < 22) throw bad(file, "the file has " + size + " bytes, fewer than a zip end record");
        int tailLength = (int) Math.min(size, 22 + 65535);
        ByteBuffer tail = read(file, channel, size - tailLength, tailLength, "the end of the zip archive");
        int eocd = -1;
        for (int i = tailLength - 22; i >= 0; i--) {
            if (tail.getInt(i) == EOCD && i + 22 + (tail.getShort(i + 20) & 0xFFFF) <= tailLength) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) throw bad(file, "no end-of-central-directory record (truncated archive?)");
        long eocdAt = size - tailLength + eocd;
        long count = tail.getShort(eocd + 10) & 0xFFFF;
        long cdSize = tail.getInt(eocd + 12) & 0xFFFFFFFFL;
        long cdOffset = tail.getInt(eocd + 16) & 0xFFFFFFFFL;
        long cdEnd = eocdAt;
        if (count == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL) { // ZIP64
            if (eocdAt < 20) throw bad(file, "a ZIP64 archive without its end-record locator");
            ByteBuffer locator = read(file, channel, eocdAt - 20, 20, "the ZIP64 end-record locator");
            if (locator.getInt(0) != EOCD64_LOCATOR) throw bad(file, "a ZIP64 archive without its end-record locator");
            long at = locator.getLong(8);
            if (at < 0 || at > eocdAt - 20 - 56) throw bad(file, "the ZIP64 end record's offset " + at + " is outside the file");
            ByteBuffer end64 = read(file, channel, at, 56, "the ZIP64 end record");
            if (end64.getInt(0) != EOCD64) throw bad(file, "no ZIP64 end record at byte " + at);
            count = end64.getLong(32);
            cdSize = end64.getLong(40);
            cdOffset = end64.getLong(48);
            cdEnd = at;
        }
        if (cdSize < 0 || cdOffset < 0 || cdSize > MAX_CENTRAL_DIRECTORY || cdOffset > cdEnd || cdSize > cdEnd - cdOffset) {
            throw bad(file, "the central directory (" + cdSize + " bytes at " + cdOffset + ") does not fit before byte " + cdEnd);
        }
        if (count < 0 || count > cdSize / 46) throw bad(file, count + " entries cannot fit a " + cdSize + "-byte central directory");
        ByteBuffer cd = read(file, channel, cdOffset, (int) cdSize, "the central directory");
        Map<String, Entry> entries = new LinkedHashMap<>();
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (p + 46 > cdSize || cd.getInt(p) != CENTRAL) throw bad(file, "central directory entry " + i + " is corrupt (at byte " + (cdOffset + p) + ")");
            int flags = cd.getShort(p + 8) & 0xFFFF, method = cd.getShort(p + 10) & 0xFFFF;
            int crc = cd.getInt(p + 16);
            long compressed = cd.getInt(p + 20) & 0xFFFFFFFFL, uncompressed = cd.getInt(p + 24) & 0xFFFFFFFFL;
            int nameLength = cd.getShort(p + 28) & 0xFFFF, extraLength = cd.getShort(p + 30) & 0xFFFF, commentLength = cd.getShort(p + 32) & 0xFFFF;
            long local = cd.getInt(p + 42) & 0xFFFFFFFFL;
            if (p + 46L + nameLength + extraLength + commentLength > cdSize) throw bad(file, "central directory entry " + i + " runs past the directory");
            byte[] nameBytes = new byte[nameLength];
            cd.get(p + 46, nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            // ZIP64 extra field: the 8-byte values of the fields that hold 0xFFFFFFFF, in this order
            int e = p + 46 + nameLength, extraEnd = e + extraLength;
            while (e + 4 <= extraEnd) {
                int id = cd.getShort(e) & 0xFFFF, length = cd.getShort(e + 2) & 0xFFFF;
                if (e + 4 + length > extraEnd) throw bad(file, "entry '" + name + "' has a corrupt extra field");
                if (id == 1) {
                    int q = e + 4, qEnd = q + length;
                    if (uncompressed == 0xFFFFFFFFL) { uncompressed = zip64(file, cd, q, qEnd, name); q += 8; }
                    if (compressed == 0xFFFFFFFFL) { compressed = zip64(file, cd, q, qEnd, name); q += 8; }
                    if (local == 0xFFFFFFFFL) local = zip64(file, cd, q, qEnd, name);
                }
                e += 4 + length;
            }
            p += 46 + nameLength + extraLength + commentLength;
            if ((flags & 1) != 0) throw bad(file, "entry '" + name + "' is encrypted");
            if (method != 0) throw bad(file, "entry '" + name + "' is compressed (method " + method + "); torch.save stores entries uncompressed");
            if (compressed != uncompressed) throw bad(file, "stored entry '" + name + "' has " + compressed + " bytes but claims " + uncompressed);
            if (local < 0 || local > cdOffset - 30) throw bad(file, "entry '" + name + "' starts at byte " + local + ", outside the archive's data");
            ByteBuffer header = read(file, channel, local, 30, "the local header of '" + name + "'");
            if (header.getInt(0) != LOCAL) throw bad(file, "no local header for entry '" + name + "' at byte " + local);
            long dataStart = local + 30 + (header.getShort(26) & 0xFFFF) + (header.getShort(28) & 0xFFFF);
            if (compressed < 0 || dataStart > cdOffset || compressed > cdOffset - dataStart) {
                throw bad(file, "entry '" + name + "' (" + compressed + " bytes from byte " + dataStart + ") runs into the central directory");
            }
            if (entries.put(name, new Entry(name, dataStart, compressed, crc)) != null) throw bad(file, "entry '" + name + "' appears twice");
        }
        return new ZipIndex(entries);
    }

    private static long zip64(Path file, ByteBuffer cd, int at, int end, String name) throws PthFormatException {
        if (at + 8 > end) throw bad(file, "entry '" + name + "' has a short ZIP64 extra field");
        long v = cd.getLong(at);
        if (v < 0) throw bad(file, "entry '" + name + "' has a ZIP64 size or offset above 2^63");
        return v;
    }

    static ByteBuffer read(Path file, FileChannel channel, long at, int length, String what) throws PthFormatException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (b.hasRemaining()) {
                if (channel.read(b, at + b.position()) < 0) throw bad(file, what + " is cut off at the end of the file");
            }
        } catch (PthFormatException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new PthFormatException(file, "reading " + what + " failed: " + e.getMessage(), e);
        }
        return b.flip();
    }

    private static PthFormatException bad(Path file, String problem) {
        return new PthFormatException(file, "not a valid PyTorch zip checkpoint: " + problem);
    }
}
