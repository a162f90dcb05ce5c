package dev.tensorj.nn.io.torch;

import dev.tensorj.nn.io.torch.Py.StorageRef;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The zip checkpoint of PyTorch 1.6 and later: {@code ARCHIVE/data.pkl} (the pickled object, storages
 * as persistent ids {@code ('storage', torch.FloatStorage, '0', 'cpu', numel)}), {@code ARCHIVE/data/KEY}
 * (each storage's raw elements), {@code ARCHIVE/version}, and since PyTorch 2.1 {@code ARCHIVE/byteorder}
 * ("little" or "big"; little when absent). {@code ARCHIVE} is the folder name the saver chose (the file's
 * name without extension in PyTorch 1.x, "archive" in later versions), so it is found, not assumed.
 */
final class ZipFormat {
    private ZipFormat() {
    }

    static Parsed parse(Path file, FileChannel channel, long size) throws PthFormatException {
        Map<String, ZipIndex.Entry> entries = ZipIndex.read(file, channel, size).entries();
        List<String> pickles = new ArrayList<>();
        for (String name : entries.keySet()) if (name.equals("data.pkl") || name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - 9) pickles.add(name);
        if (pickles.size() != 1) {
            throw new PthFormatException(file, "a PyTorch zip checkpoint has one ARCHIVE/data.pkl, this zip has " + pickles.size()
                    + (entries.containsKey("model.json") || entries.keySet().stream().anyMatch(n -> n.endsWith("/code/") || n.contains("/code/"))
                    ? " (it looks like a TorchScript archive from torch.jit.save, which is a program, not a state_dict)" : ""));
        }
        String prefix = pickles.getFirst().substring(0, pickles.getFirst().length() - "data.pkl".length());
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        ZipIndex.Entry byteorder = entries.get(prefix + "byteorder");
        if (byteorder != null) {
            if (byteorder.size() > 16) throw new PthFormatException(file, "the byteorder record is " + byteorder.size() + " bytes, expected 'little' or 'big'");
            checkCrc(file, channel, byteorder);
            ByteBuffer b = ZipIndex.read(file, channel, byteorder.dataStart(), (int) byteorder.size(), "the byteorder record");
            String text = StandardCharsets.US_ASCII.decode(b).toString().trim();
            order = switch (text) {
                case "little" -> ByteOrder.LITTLE_ENDIAN;
                case "big" -> ByteOrder.BIG_ENDIAN;
                default -> throw new PthFormatException(file, "the byteorder record says '" + text + "', expected 'little' or 'big'");
            };
        }
        ZipIndex.Entry pickle = entries.get(pickles.getFirst());
        checkCrc(file, channel, pickle);
        Map<String, StorageRef> seen = new LinkedHashMap<>();
        FileRegion region = new FileRegion(file, channel, pickle.dataStart(), pickle.dataStart() + pickle.size(), pickles.getFirst());
        Object root = Unpickler.load(region, pid -> Parsed.storageId(file, pid, false, seen));
        Map<String, StorageData> storages = new LinkedHashMap<>();
        for (StorageRef s : seen.values()) {
            ZipIndex.Entry data = entries.get(prefix + "data/" + s.key());
            if (data == null) throw new PthFormatException(file, "storage '" + s.key() + "' has no record " + prefix + "data/" + s.key() + " in the archive");
            if (data.size() != s.numel() * s.type().elementSize || s.numel() > data.size()) {
                throw new PthFormatException(file, "record " + prefix + "data/" + s.key() + " holds " + data.size() + " bytes, but storage '" + s.key()
                        + "' of " + s.numel() + " x " + s.type() + " needs " + s.numel() * s.type().elementSize);
            }
            storages.put(s.key(), new StorageData(s.key(), s.type(), s.numel(), data.dataStart(), order, data.crc32()));
        }
        return new Parsed(TorchCheckpoint.Format.ZIP, root, storages);
    }

    /** Checks a (small) record against the CRC-32 of the central directory. */
    private static void checkCrc(Path file, FileChannel channel, ZipIndex.Entry entry) throws PthFormatException {
        CRC32 crc = new CRC32();
        for (long done = 0; done < entry.size(); ) {
            int n = (int) Math.min(1 << 16, entry.size() - done);
            crc.update(ZipIndex.read(file, channel, entry.dataStart() + done, n, "record " + entry.name()));
            done += n;
        }
        if ((int) crc.getValue() != entry.crc32()) {
            throw new PthFormatException(file, "record " + entry.name() + " fails its CRC-32 check (stored " + Integer.toHexString(entry.crc32())
                    + ", computed " + Long.toHexString(crc.getValue()) + "): the file is corrupt");
        }
    }
}
