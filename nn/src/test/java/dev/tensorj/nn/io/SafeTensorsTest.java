package dev.tensorj.nn.io;

import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.BatchNorm;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.SGD;
import dev.tensorj.datasets.Batch;
import dev.tensorj.nn.train.ModelCheckpoint;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripOfEveryDtypeAndMetadata() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("encoder.0.weight", Tensor.randn(new Generator(1), 3, 4));
        tensors.put("scale", Tensor.fromArray(new double[] {1.5, -2.25}, 2));
        tensors.put("steps", Tensor.ofLongs(7, 1L << 40));
        tensors.put("scalar", Tensor.scalar(3));
        tensors.put("empty", Tensor.zeros(0, 5));
        Path file = dir.resolve("model.safetensors");
        SafeTensors.save(tensors, Map.of("epoch", "3"), file);
        SafeTensors.Contents back = SafeTensors.read(file);
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.tensors().keySet()));
        for (String name : tensors.keySet()) {
            Tensor a = tensors.get(name), b = back.tensors().get(name);
            assertEquals(a.dtype(), b.dtype(), name);
            assertTrue(a.allClose(b, 0, 0), name);
        }
        assertEquals("3", back.metadata().get("epoch"));
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "the data section is 8-byte aligned");
        assertEquals(12 * 4 + 2 * 8 + 2 * 8 + 4, Files.size(file) - 8 - headerLength, "data bytes = the tensors' sizes");
    }

    /** A hand-made file: header JSON and data bytes. */
    private Path file(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return Files.write(dir.resolve("f" + System.nanoTime() + ".safetensors"), b.array());
    }

    private void assertRejected(String expected, Path file) {
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void readsHalfPrecisionIntoFloat32() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort(Float.floatToFloat16(1.5f)).putShort((short) (Float.floatToIntBits(-2f) >>> 16));
        Path f = file("{\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[2,4]}}", data.array());
        Map<String, Tensor> t = SafeTensors.load(f);
        assertEquals(1.5, t.get("h").item());
        assertEquals(-2.0, t.get("b").item());
        assertEquals(DType.FLOAT32, t.get("b").dtype());
    }

    @Test
    void corruptFilesAreRejectedWithTheReason() throws IOException {
        assertRejected("fewer than the 8-byte header length", Files.write(dir.resolve("tiny"), new byte[3]));
        byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        assertRejected("does not fit a file of 16 bytes", Files.write(dir.resolve("huge"), huge));
        assertRejected("not valid JSON", file("{\"a\":", new byte[0]));
        assertRejected("dtype Q8", file("{\"a\":{\"dtype\":\"Q8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]));
        assertRejected("fall outside", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]));
        assertRejected("needs 8", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]));
        assertRejected("overlap or gap", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}", new byte[6]));
        assertRejected("too many elements", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,4]}}", new byte[4]));
        assertRejected("bad shape", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]));
    }

    @Test
    void truncatedFilesAndRandomMutationsNeverLoadHalfWay() throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafeTensors.save(Map.of("w", Tensor.randn(new Generator(2), 8, 8), "b", Tensor.randn(new Generator(3), 8)), good);
        byte[] bytes = Files.readAllBytes(good);
        assertRejected("not a valid safetensors file", Files.write(dir.resolve("cut"), java.util.Arrays.copyOf(bytes, bytes.length - 5)));
        // seeded mutations of the header region: each either loads completely and consistently, or is an IOException
        Generator g = new Generator(9);
        int loaded = 0, rejected = 0;
        for (int trial = 0; trial < 300; trial++) {
            byte[] mutated = bytes.clone();
            int at = (int) g.nextLong(Math.min(bytes.length, 200));
            mutated[at] = (byte) g.nextLong(256);
            Path f = Files.write(dir.resolve("m" + trial), mutated);
            try {
                Map<String, Tensor> t = SafeTensors.load(f);
                for (Tensor x : t.values()) x.sum(); // fully readable
                loaded++;
            } catch (IOException e) {
                rejected++;
            }
        }
        assertEquals(300, loaded + rejected);
        assertTrue(rejected > 0);
    }

    @Test
    void saveIsAtomicAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        SafeTensors.save(Map.of("a", Tensor.ones(2)), file);
        SafeTensors.save(Map.of("a", Tensor.zeros(3)), file);
        assertArrayEquals(new int[] {3}, SafeTensors.load(file).get("a").dims());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) { // the umask's mode, as for any new file, not 0600
            Path plain = Files.createFile(dir.resolve("plain"));
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
        }
    }

    @Test
    void modelCheckpointSavesTheBestWeightsAndTheyLoadBack() throws IOException {
        Generator g = new Generator(4);
        Sequential model = new Sequential(new Linear(3, 5, true, g), new BatchNorm(5), Activation.relu(), new Linear(5, 1, true, g));
        Trainer trainer = new Trainer(model, new SGD(model.parameters(), 0.05), Losses.mse()).verbose(false);
        List<Batch> data = List.of(new Batch(Tensor.randn(g, 16, 3), Tensor.randn(g, 16, 1)));
        Path best = dir.resolve("best.safetensors");
        trainer.fit(data, 4, data, new ModelCheckpoint(best.toString(), "val_loss", true));
        SafeTensors.Contents saved = SafeTensors.read(best);
        assertTrue(saved.tensors().containsKey("1.running_mean") && saved.tensors().containsKey("0.weight"));
        Sequential copy = new Sequential(new Linear(3, 5, true, new Generator(99)), new BatchNorm(5), Activation.relu(), new Linear(5, 1, true, new Generator(98)));
        copy.loadStateDict(saved.tensors(), true);
        assertNotNull(saved.metadata().get("epoch"));
    }

    @Test
    void loadingAllocatesTheTensorsAndOnlyASmallBufferBesides() throws IOException {
        Path file = dir.resolve("big.safetensors");
        int n = 8 << 20; // 32 MB of float32
        SafeTensors.save(Map.of("w", Tensor.zeros(n)), file);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(thread);
        Tensor w = SafeTensors.load(file).get("w");
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertEquals(n, w.numel());
        long tensorBytes = 4L * n;
        assertTrue(allocated < tensorBytes + (4 << 20), "loading a " + tensorBytes + "-byte tensor allocated " + allocated
                + " bytes; expected the tensor plus a 1 MB read buffer, not a second copy of the file");
    }

    @Test
    void loadIntoChecksTheHeaderAgainstTheModuleAndReportsEverythingAtOnce() throws IOException {
        Generator g = new Generator(6);
        Sequential model = new Sequential(new Linear(3, 4, true, g), new BatchNorm(4), Activation.relu(), new Linear(4, 2, true, g));
        Map<String, Tensor> state = new LinkedHashMap<>(model.stateDict());
        Tensor before = model.stateDict().get("0.weight").copy();
        state.remove("3.bias");
        state.put("3.weight", Tensor.zeros(2, 5));
        state.put("head.weight", Tensor.zeros(1));
        state.put("0.weight", Tensor.ones(4, 3));
        Path file = dir.resolve("misfit.safetensors");
        SafeTensors.save(state, file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.loadInto(model, file, true));
        assertTrue(e.getMessage().contains("3 problem(s), nothing loaded") && e.getMessage().contains("missing key '3.bias'")
                && e.getMessage().contains("shape mismatch for '3.weight': expected [2, 4], got [2, 5]") && e.getMessage().contains("unexpected key 'head.weight'"), e.getMessage());
        assertTrue(model.stateDict().get("0.weight").allClose(before, 0, 0), "nothing is loaded when anything is wrong");

        state.put("3.weight", Tensor.zeros(2, 4));
        state.put("3.bias", Tensor.zeros(2));
        SafeTensors.save(state, file);
        SafeTensors.loadInto(model, file, false); // non-strict: the unexpected key is skipped, the rest loads
        assertTrue(model.stateDict().get("0.weight").allClose(Tensor.ones(4, 3), 0, 0));
    }
}
