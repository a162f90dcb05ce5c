package dev.tensorj.nn.io.torch;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The regular files of a tar archive (the checkpoint format of PyTorch before 0.1.10, entries
 * {@code sys_info}, {@code pickle}, {@code storages}, {@code tensors}): POSIX ustar with PAX and GNU
 * long-name headers. Every header's checksum is verified and every size checked against the file.
 */
final class TarIndex {
    /** A regular file's data: its absolute byte range. */
    record Entry(String name, long dataStart, long size) {
    }

    private TarIndex() {
    }

    /** Whether the first 512 bytes are a tar header with a valid checksum. */
    static boolean looksLikeTar(byte[] head) {
        if (head.length < 512) return false;
        ByteBuffer b = ByteBuffer.wrap(head, 0, 512);
        return checksumOk(b, 0);
    }

    private static boolean checksumOk(ByteBuffer b, int at) {
        long stored = octal(b, at + 148, 8);
        if (stored < 0) return false;
        long sum = 0;
        for (int i = 0; i < 512; i++) sum += (i >= 148 && i < 156) ? ' ' : (b.get(at + i) & 0xFF);
        return sum == stored;
    }

    /** An octal field (NUL/space padded), or the base-256 form; -1 when malformed. */
    private static long octal(ByteBuffer b, int at, int length) {
        if ((b.get(at) & 0x80) != 0) { // base-256, GNU: big-endian in the remaining bytes
            long v = 0;
            for (int i = 1; i < length; i++) {
                if (v > (Long.MAX_VALUE >> 8)) return -1;
                v = (v << 8) | (b.get(at + i) & 0xFF);
            }
            return v;
        }
        long v = 0;
        boolean digits = false;
        for (int i = 0; i < length; i++) {
            int c = b.get(at + i);
            if (c == 0 || c == ' ') {
                if (digits) break;
                continue;
            }
            if (c < '0' || c > '7' || v > (Long.MAX_VALUE >> 3)) return -1;
            v = v * 8 + (c - '0');
            digits = true;
        }
        return v;
    }

    private static String text(ByteBuffer b, int at, int length) {
        int n = 0;
        while (n < length && b.get(at + n) != 0) n++;
        byte[] bytes = new byte[n];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static Map<String, Entry> read(Path file, FileChannel channel, long size) throws PthFormatException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        long at = 0;
        String longName = null;
        Map<String, String> pax = new LinkedHashMap<>();
        while (true) {
            if (at + 512 > size) throw bad(file, "the archive ends without its end-of-archive blocks (truncated?) at byte " + at);
            ByteBuffer h = ZipIndex.read(file, channel, at, 512, "the tar header at byte " + at);
            boolean zero = true;
            for (int i = 0; i < 512 && zero; i++) zero = h.get(i) == 0;
            if (zero) return entries;
            if (!checksumOk(h, 0)) throw bad(file, "the tar header at byte " + at + " has a bad checksum");
            long length = octal(h, 124, 12);
            if (length < 0) throw bad(file, "the tar header at byte " + at + " has a malformed size");
            if (pax.containsKey("size")) {
                try {
                    length = Long.parseLong(pax.get("size"));
                } catch (NumberFormatException e) {
                    throw bad(file, "a PAX size record is not a number");
                }
            }
            long dataStart = at + 512;
            if (length < 0 || length > size - dataStart) throw bad(file, "the entry at byte " + at + " claims " + length + " bytes, past the end of the file");
            int type = h.get(156);
            String name = text(h, 0, 100);
            if (text(h, 257, 5).equals("ustar")) {
                String prefix = text(h, 345, 155);
                if (!prefix.isEmpty()) name = prefix + "/" + name;
            }
            if (longName != null) name = longName;
            if (pax.containsKey("path")) name = pax.get("path");
            longName = null;
            pax = new LinkedHashMap<>();
            switch (type) {
                case 'x', 'g' -> {
                    if (length > 1 << 20) throw bad(file, "a PAX header of " + length + " bytes is too large");
                    if (type == 'x') pax = paxRecords(file, ZipIndex.read(file, channel, dataStart, (int) length, "a PAX header"));
                }
                case 'L' -> {
                    if (length > 1 << 16) throw bad(file, "a GNU long name of " + length + " bytes is too long");
                    ByteBuffer n = ZipIndex.read(file, channel, dataStart, (int) length, "a GNU long name");
                    longName = text(n, 0, (int) length);
                }
                case '0', 0 -> {
                    String clean = name.startsWith("./") ? name.substring(2) : name;
                    if (entries.put(clean, new Entry(clean, dataStart, length)) != null) throw bad(file, "entry '" + clean + "' appears twice");
                }
                default -> { } // folders, links and the like carry nothing a checkpoint needs
            }
            at = dataStart + (length + 511) / 512 * 512;
        }
    }

    /** PAX records: "LENGTH key=value\n" repeated. */
    private static Map<String, String> paxRecords(Path file, ByteBuffer b) throws PthFormatException {
        Map<String, String> out = new LinkedHashMap<>();
        byte[] all = new byte[b.remaining()];
        b.get(0, all);
        int p = 0;
        while (p < all.length) {
            int space = p;
            while (space < all.length && all[space] != ' ') space++;
            int length;
            try {
                length = Integer.parseInt(new String(all, p, space - p, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw bad(file, "a malformed PAX record");
            }
            if (length <= space - p + 1 || p + length > all.length || all[p + length - 1] != '\n') throw bad(file, "a malformed PAX record");
            String record = new String(all, space + 1, p + length - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq < 0) throw bad(file, "a malformed PAX record");
            out.put(record.substring(0, eq), record.substring(eq + 1));
            p += length;
        }
        return out;
    }

    private static PthFormatException bad(Path file, String problem) {
        return new PthFormatException(file, "not a valid PyTorch tar checkpoint: " + problem);
    }
}
