package dev.tensorj.nn.io;

import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.BatchNorm;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.datasets.Batch;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.nn.train.TrainingCheckpoint;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A seeded mutation fuzzer for the safetensors reader, {@link SafeTensors#loadInto} and the training
 * checkpoint reader, run in CI. Each input is a valid file changed by one mutation: random bytes in
 * the header or its length, a header length beyond the file, overlapping, out-of-range, reversed or
 * huge data offsets, unknown dtypes, shapes whose product overflows, huge declared sizes on a small
 * file, truncations, appended bytes, invalid or deeply nested JSON. Every input must either load
 * completely and consistently, or fail with an IOException (bad file) or IllegalArgumentException
 * (does not fit the model) whose message says what is wrong; anything else (another exception, an
 * OutOfMemoryError from allocating a declared size, a StackOverflowError) fails the test, and a
 * failed load must leave the module, optimiser and generators exactly as they were. The seed and
 * mutation are in every failure message. Budget: 3,000 small files, about 12 s on 2 cores.
 */
class SafeTensorsFuzzTest {
    private static final long SEED = 20261202;
    private static final String[] DTYPES = {"F32", "F64", "I64", "F16", "BF16", "I8", "U8", "BOOL", "F8_E4M3", "", "f32", "F32 ", "Q4"};
    private static final long[] SIZES = {-1, 0, 1, 3, 7, 65_536, Integer.MAX_VALUE, 1L << 31, 1L << 33, 1L << 40, (1L << 62) + 3, Long.MAX_VALUE};

    @TempDir
    Path dir;
    private Generator random;

    @BeforeEach
    void seed() {
        random = new Generator(SEED);
    }

    /** A mutated file: its bytes and a description of the mutation, for failure messages. */
    private record Mutant(byte[] bytes, String mutation) {
    }

    private static long headerLength(byte[] file) {
        return ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static String header(byte[] file) {
        return new String(file, 8, (int) headerLength(file), StandardCharsets.UTF_8);
    }

    /** The file with its header JSON replaced (the length field follows; the data stays). */
    private static byte[] withHeader(byte[] file, String json) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        int dataStart = 8 + (int) headerLength(file);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + file.length - dataStart).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(h.length).put(h).put(file, dataStart, file.length - dataStart).array();
    }

    private int pick(int bound) {
        return (int) random.nextLong(bound);
    }

    private long anySize() {
        return SIZES[pick(SIZES.length)];
    }

    /** Replaces the {@code k}-th match of a regex in the header, or returns null when there is none. */
    private String replaceOne(String header, String regex, String replacement) {
        var matcher = java.util.regex.Pattern.compile(regex).matcher(header);
        List<int[]> spans = new java.util.ArrayList<>();
        while (matcher.find()) spans.add(new int[] {matcher.start(), matcher.end()});
        if (spans.isEmpty()) return null;
        int[] s = spans.get(pick(spans.size()));
        return header.substring(0, s[0]) + replacement + header.substring(s[1]);
    }

    private Mutant mutate(byte[] valid) {
        byte[] bytes = valid.clone();
        String header = header(valid);
        int kind = pick(12);
        switch (kind) {
            case 0 -> { // random bytes in the length field and header
                int count = 1 + pick(4);
                StringBuilder what = new StringBuilder("bytes");
                for (int i = 0; i < count; i++) {
                    int at = pick((int) Math.min(bytes.length, 8 + headerLength(valid)));
                    bytes[at] = (byte) pick(256);
                    what.append(' ').append(at);
                }
                return new Mutant(bytes, what.toString());
            }
            case 1 -> { // a header length beyond the file, negative or huge
                long length = pick(2) == 0 ? anySize() : valid.length - 8 + 1 + pick(64);
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
                return new Mutant(bytes, "header length " + length);
            }
            case 2 -> { // truncated anywhere
                int length = pick(valid.length);
                return new Mutant(Arrays.copyOf(valid, length), "truncated to " + length + " of " + valid.length + " bytes");
            }
            case 3 -> { // bytes appended after the data
                return new Mutant(Arrays.copyOf(valid, valid.length + 1 + pick(16)), "bytes appended");
            }
            case 4 -> { // an unknown or different dtype
                String dtype = DTYPES[pick(DTYPES.length)];
                String h = replaceOne(header, "\"dtype\":\"[A-Z0-9]+\"", "\"dtype\":\"" + dtype + "\"");
                return new Mutant(withHeader(valid, h), "dtype " + dtype);
            }
            case 5 -> { // a shape whose product overflows, or huge, negative or malformed dimensions
                String[] shapes = {"[" + anySize() + "]", "[65536,65536,65536,65536]", "[2147483647,2147483647]", "[-4]", "[1.5]", "[\"3\"]",
                        "[[2]]", "[]", "[" + anySize() + "," + anySize() + "]", "null", "{}"};
                String shape = shapes[pick(shapes.length)];
                String h = replaceOne(header, "\"shape\":\\[[0-9,]*\\]", "\"shape\":" + shape);
                return new Mutant(withHeader(valid, h), "shape " + shape);
            }
            case 6 -> { // offsets: out of range, reversed, overlapping, huge
                long begin = pick(3) == 0 ? anySize() : pick(64), end = pick(3) == 0 ? anySize() : pick(256);
                String h = replaceOne(header, "\"data_offsets\":\\[[0-9]+,[0-9]+\\]", "\"data_offsets\":[" + begin + "," + end + "]");
                return new Mutant(withHeader(valid, h), "data_offsets [" + begin + "," + end + "]");
            }
            case 7 -> { // a huge declared tensor on a small file: must be refused before anything is allocated
                long elements = 1L << (28 + pick(3));
                String h = replaceOne(header, "\"shape\":\\[[0-9,]*\\],\"data_offsets\":\\[[0-9]+,[0-9]+\\]",
                        "\"shape\":[" + elements + "],\"data_offsets\":[0," + elements * 4 + "]");
                return new Mutant(withHeader(valid, h), "declared " + elements + " elements");
            }
            case 8 -> { // invalid JSON: cut, junk inserted, unterminated string
                int at = pick(header.length());
                String[] junk = {"", "{", "}", "\"", "\\", ",", ":", "]", "\u0000", "\"\\u12", "nul", "1e999", "99999999999999999999"};
                String h = header.substring(0, at) + junk[pick(junk.length)] + header.substring(at + pick(3));
                return new Mutant(withHeader(valid, h), "JSON edited at " + at);
            }
            case 9 -> { // deeply nested JSON (a stack overflow in a recursive parser)
                int depth = 10 + pick(100_000);
                String h = "[".repeat(depth) + "]".repeat(pick(2) == 0 ? depth : 0);
                return new Mutant(withHeader(valid, h), "nesting depth " + depth);
            }
            case 10 -> { // metadata that is not a map of strings, fields missing or duplicated
                String[] edits = {"\"__metadata__\":{\"a\":1},", "\"__metadata__\":[],", "\"__metadata__\":{\"a\":null},"};
                String h = pick(2) == 0 ? "{" + edits[pick(edits.length)] + header.substring(1)
                        : replaceOne(header, pick(2) == 0 ? "\"dtype\":\"[A-Z0-9]+\"," : ",\"data_offsets\":\\[[0-9]+,[0-9]+\\]", "");
                return new Mutant(withHeader(valid, h), "metadata or fields edited");
            }
            default -> { // a tensor renamed (unexpected / missing keys for a module or checkpoint)
                String h = replaceOne(header, "\"[a-z_.0-9]+\":\\{\"dtype\"", "\"x" + pick(1000) + ".w\":{\"dtype\"");
                return new Mutant(withHeader(valid, h == null ? header : h), "a tensor renamed");
            }
        }
    }

    /** Runs one load; returns true when it loaded, false when it was refused with a clear error. */
    private static boolean loadsOrFailsCleanly(Mutant m, int trial, ThrowingRunnable load) {
        try {
            load.run();
            return true;
        } catch (IOException | IllegalArgumentException e) {
            assertNotNull(e.getMessage(), "trial " + trial + " (" + m.mutation() + "): an error without a message");
            assertFalse(e.getMessage().isBlank());
            return false;
        } catch (Throwable t) {
            throw new AssertionError("seed " + SEED + ", trial " + trial + " (" + m.mutation() + "): " + t, t);
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static Map<String, Tensor> snapshot(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    private static boolean same(Map<String, Tensor> a, Map<String, Tensor> b) {
        if (!a.keySet().equals(b.keySet())) return false;
        for (String k : a.keySet()) if (!Arrays.equals(a.get(k).dims(), b.get(k).dims()) || !a.get(k).allClose(b.get(k), 0, 0)) return false;
        return true;
    }

    private static Sequential model(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(3, 4, true, g), new BatchNorm(4), Activation.relu(), new Linear(4, 2, true, g));
    }

    @Test
    void safetensorsReaderAndModuleLoading() throws IOException {
        Path validFile = dir.resolve("valid.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>(model(1).stateDict());
        tensors.put("extra.f64", Tensor.fromArray(new double[] {1, 2, 3}, 3));
        SafeTensors.save(tensors, Map.of("epoch", "1"), validFile);
        byte[] valid = Files.readAllBytes(validFile);
        Path file = dir.resolve("mutant.safetensors");
        int trials = 2000, loaded = 0;
        for (int trial = 0; trial < trials; trial++) {
            Mutant m = mutate(valid);
            Files.write(file, m.bytes());
            boolean read = loadsOrFailsCleanly(m, trial, () -> {
                SafeTensors.Contents c = SafeTensors.read(file);
                for (Tensor t : c.tensors().values()) t.sum(); // every tensor is complete
            });
            // the same file into a module: all or nothing
            Sequential target = model(2);
            Map<String, Tensor> before = snapshot(target.stateDict());
            boolean intoModule = loadsOrFailsCleanly(m, trial, () -> SafeTensors.loadInto(target, file, false));
            if (!intoModule) assertTrue(same(before, target.stateDict()), "trial " + trial + " (" + m.mutation() + "): a failed load changed the module");
            if (read) loaded++;
        }
        System.out.printf("safetensors fuzzing: %d mutated files, each read and loaded into a module; %d still valid, %d refused%n", trials, loaded, trials - loaded);
        assertTrue(trials - loaded > trials / 2, "most mutations must be refused");
    }

    @Test
    void trainingCheckpointReader() throws IOException {
        Path validFile = dir.resolve("checkpoint.safetensors");
        Generator shuffle = new Generator(3);
        Sequential model = model(1);
        Trainer trainer = new Trainer(model, new Adam(model.parameters(), 0.01), Losses.crossEntropy()).verbose(false).trackGenerator("shuffle", shuffle);
        Generator g = new Generator(4);
        trainer.fit(List.of(new Batch(Tensor.randn(g, 8, 3), Tensor.randint(0, 2, g, 8))), 2, null, new TrainingCheckpoint(validFile));
        byte[] valid = Files.readAllBytes(validFile);
        Path file = dir.resolve("mutant.safetensors");
        int trials = 1000, restored = 0;
        for (int trial = 0; trial < trials; trial++) {
            Mutant m = mutate(valid);
            Files.write(file, m.bytes());
            Sequential target = model(2);
            Generator targetShuffle = new Generator(5);
            Trainer into = new Trainer(target, new Adam(target.parameters(), 0.01), Losses.crossEntropy()).verbose(false).trackGenerator("shuffle", targetShuffle);
            Map<String, Tensor> modelBefore = snapshot(target.stateDict()), optimiserBefore = snapshot(into.optimizer().stateDict());
            long[] shuffleBefore = targetShuffle.getState(), globalBefore = Generator.global().getState();
            boolean ok = loadsOrFailsCleanly(m, trial, () -> TrainingCheckpoint.restore(file, into));
            if (ok) {
                restored++;
            } else {
                String where = "trial " + trial + " (" + m.mutation() + "): a failed restore changed ";
                assertTrue(same(modelBefore, target.stateDict()), where + "the model");
                assertTrue(same(optimiserBefore, into.optimizer().stateDict()), where + "the optimiser");
                assertArrayEquals(shuffleBefore, targetShuffle.getState(), where + "a generator");
                assertArrayEquals(globalBefore, Generator.global().getState(), where + "the global generator");
            }
        }
        System.out.printf("checkpoint fuzzing: %d mutated checkpoints restored into a trainer; %d still valid, %d refused%n", trials, restored, trials - restored);
        assertTrue(trials - restored > trials / 2, "most mutations must be refused");
    }
}
