package dev.tensorj.nn.io.torch;

import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A seeded mutation fuzzer for {@link TorchCheckpoint}: every fixture (all three formats, the malicious
 * ones included) is changed by one mutation — flipped bits, overwritten bytes (random or 0x00/0xFF/0x7F/
 * 0x80), a truncation, a deleted or duplicated run of bytes, and, for zip files, a change inside
 * {@code data.pkl} with the CRC-32 in the central directory patched to match so the unpickler itself
 * is exercised. Each mutant must either read completely or fail with the reader's own
 * {@link PthFormatException}; any other exception, an OutOfMemoryError or a StackOverflowError fails
 * the test, and the whole run must finish within its time limit (no hangs). A failure prints the
 * fixture, the seed and the mutation to reproduce it.
 */
class TorchCheckpointFuzzTest {
    private static final long SEED = 20261206L;
    /** 60 per fixture in CI (about 2 s); more with -Dtensorj.fuzz.mutants=N for a longer local run. */
    private static final int MUTANTS_PER_FIXTURE = Integer.getInteger("tensorj.fuzz.mutants", 60);

    @Test
    void mutatedCheckpointsFailOnlyWithTheReadersOwnError(@TempDir Path dir) {
        List<String> fixtures = new ArrayList<>(Fixtures.VALID);
        fixtures.addAll(Fixtures.MALICIOUS);
        int[] outcomes = new int[2]; // read, refused
        assertTimeoutPreemptively(Duration.ofSeconds(120L * Math.max(1, MUTANTS_PER_FIXTURE / 60)), () -> {
            for (String fixture : fixtures) {
                byte[] original = Files.readAllBytes(Fixtures.file(fixture));
                for (int i = 0; i < MUTANTS_PER_FIXTURE; i++) {
                    long seed = SEED * 31 + fixture.hashCode() * 1000L + i;
                    SplittableRandom random = new SplittableRandom(seed);
                    StringBuilder how = new StringBuilder();
                    byte[] mutant = mutate(original, random, how);
                    Path file = dir.resolve("mutant.pth");
                    Files.write(file, mutant);
                    String reproduce = fixture + " seed " + seed + " (" + how + ")";
                    try {
                        Map<String, Tensor> tensors = TorchCheckpoint.load(file);
                        for (Tensor t : tensors.values()) assertEquals(t.numel(), Arrays.stream(t.dims()).asLongStream().reduce(1, (a, b) -> a * b), reproduce);
                        outcomes[0]++;
                    } catch (PthFormatException expected) {
                        assertTrue(expected.getMessage().startsWith(file.toString()), reproduce + ": the message names the file: " + expected.getMessage());
                        // the reader wraps an unexpected RuntimeException of its own as a last resort: that would be a bug here
                        assertFalse(expected.getCause() instanceof RuntimeException, reproduce + ": an internal error " + expected.getCause());
                        outcomes[1]++;
                    } catch (Throwable other) {
                        fail(reproduce + " threw " + other, other);
                    }
                }
            }
        });
        assertEquals(fixtures.size() * MUTANTS_PER_FIXTURE, outcomes[0] + outcomes[1]);
        System.out.println("TorchCheckpointFuzzTest: " + outcomes[0] + " mutants read, " + outcomes[1] + " refused");
        assertTrue(outcomes[1] > outcomes[0], "most mutants are refused: read " + outcomes[0] + ", refused " + outcomes[1]);
    }

    private static byte[] mutate(byte[] original, SplittableRandom random, StringBuilder how) {
        byte[] b = original.clone();
        int n = b.length;
        switch (random.nextInt(7)) {
            case 0 -> {
                int flips = 1 + random.nextInt(4);
                how.append("flip bits at");
                for (int k = 0; k < flips; k++) {
                    int at = random.nextInt(n);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                    how.append(' ').append(at);
                }
            }
            case 1 -> {
                int at = random.nextInt(n);
                byte[] specials = {0, (byte) 0xFF, 0x7F, (byte) 0x80, (byte) random.nextInt(256)};
                b[at] = specials[random.nextInt(specials.length)];
                how.append("set byte ").append(at).append(" to ").append(b[at] & 0xFF);
            }
            case 2 -> {
                int length = random.nextInt(n);
                how.append("truncate to ").append(length);
                b = Arrays.copyOf(b, length);
            }
            case 3 -> { // delete a run of bytes
                int at = random.nextInt(n), length = 1 + random.nextInt(Math.min(64, n - at));
                how.append("delete ").append(length).append(" bytes at ").append(at);
                byte[] out = new byte[n - length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + length, out, at, n - at - length);
                b = out;
            }
            case 4 -> { // duplicate a run of bytes
                int at = random.nextInt(n), length = 1 + random.nextInt(Math.min(64, n - at));
                how.append("duplicate ").append(length).append(" bytes at ").append(at);
                byte[] out = new byte[n + length];
                System.arraycopy(b, 0, out, 0, at + length);
                System.arraycopy(b, at, out, at + length, n - at);
                b = out;
            }
            default -> { // inside the first 1 KB: headers, pickles, zip's data.pkl (with its CRC patched)
                int at = random.nextInt(Math.min(n, 1024));
                b[at] ^= (byte) (1 + random.nextInt(255));
                how.append("change byte ").append(at).append(" in the head");
                if (patchZipCrcs(b)) how.append(", CRCs patched");
            }
        }
        return b;
    }

    /** For a zip, recomputes every central-directory CRC-32 from the (stored) entries' data; false if not a zip. */
    private static boolean patchZipCrcs(byte[] b) {
        if (b.length < 22 || b[0] != 'P' || b[1] != 'K') return false;
        int eocd = -1;
        for (int i = b.length - 22; i >= 0 && eocd < 0; i--) if (le32(b, i) == 0x06054b50) eocd = i;
        if (eocd < 0) return false;
        int count = le16(b, eocd + 10), p = le32(b, eocd + 16);
        for (int i = 0; i < count; i++) {
            if (p < 0 || p + 46 > b.length || le32(b, p) != 0x02014b50) return false;
            int size = le32(b, p + 24), local = le32(b, p + 42);
            int nameLength = le16(b, p + 28), extra = le16(b, p + 30), comment = le16(b, p + 32);
            if (local < 0 || local + 30 > b.length) return false;
            int data = local + 30 + le16(b, local + 26) + le16(b, local + 28);
            if (size < 0 || data + size > b.length || data < 0) return false;
            CRC32 crc = new CRC32();
            crc.update(b, data, size);
            int v = (int) crc.getValue();
            for (int k = 0; k < 4; k++) b[p + 16 + k] = (byte) (v >>> (8 * k));
            p += 46 + nameLength + extra + comment;
        }
        return true;
    }

    private static int le16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    @Test
    void aHugeDeclaredSizeIsRefusedBeforeAnythingIsAllocated(@TempDir Path dir) throws IOException {
        // the legacy stream's storage element count: claim 2^40 elements in a 1 KB file
        byte[] b = Files.readAllBytes(Fixtures.file("legacy_rebuild_v1.pth"));
        Path file = dir.resolve("huge.pth");
        byte[] mutant = b.clone();
        int at = indexOfCount(mutant, 6); // the first storage (weight's, 6 floats) starts with its count as 8 bytes
        mutant[at + 5] = 1; // 6 + 2^40
        Files.write(file, mutant);
        PthFormatException e = assertThrows(PthFormatException.class, () -> TorchCheckpoint.load(file));
        assertTrue(e.getMessage().contains("elements in the data"), e.getMessage());
    }

    /** Where the storage of 6 floats 0, 0.25, ... begins: its 8-byte element count, then the floats. */
    private static int indexOfCount(byte[] b, long value) {
        byte[] pattern = {(byte) value, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0x80, 0x3e};
        outer:
        for (int i = 0; i + pattern.length <= b.length; i++) {
            for (int k = 0; k < pattern.length; k++) if (b[i + k] != pattern[k]) continue outer;
            return i;
        }
        throw new AssertionError("storage not found");
    }
}
