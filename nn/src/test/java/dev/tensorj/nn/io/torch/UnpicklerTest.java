package dev.tensorj.nn.io.torch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The restricted unpickler on hand-written pickles: the Python 2 forms old checkpoints use, and what it refuses. */
class UnpicklerTest {
    @TempDir
    Path dir;

    private Object unpickle(Object... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            switch (p) {
                case String s -> out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
                case Integer i -> out.write(i);
                case byte[] b -> out.writeBytes(b);
                default -> throw new IllegalArgumentException();
            }
        }
        Path file = dir.resolve("p.pkl");
        Files.write(file, out.toByteArray());
        try (FileChannel channel = FileChannel.open(file)) {
            return Unpickler.load(new FileRegion(file, channel, 0, Files.size(file), "test pickle"), pid -> "storage " + pid);
        }
    }

    @Test
    void python2OrderedDictWithByteStringKeys() throws IOException {
        // Python 2.7's OrderedDict.__reduce__: (OrderedDict, ([[k, v], ...],)); str keys as SHORT_BINSTRING / BINSTRING
        Object v = unpickle(0x80, 2, "ccollections\nOrderedDict\nq\u0000", "](", "](U\u0001aK\u0001e", "](T", new byte[] {2, 0, 0, 0}, "bbM\u0000\u0001e", "e", 0x85, "R.");
        assertEquals(Map.of("a", 1L, "bb", 256L), v);
        assertEquals(List.of("a", "bb"), List.copyOf(((Map<?, ?>) v).keySet()), "order kept");
    }

    @Test
    void pytorchsMagicNumberIsALong1() throws IOException {
        byte[] le = new BigInteger("1950a86a20f9469cfc6c", 16).toByteArray();
        byte[] payload = new byte[le.length];
        for (int i = 0; i < le.length; i++) payload[i] = le[le.length - 1 - i];
        assertEquals(LegacyFormat.MAGIC, unpickle(0x80, 2, 0x8a, payload.length, payload, "."));
        assertEquals(-1L, unpickle(0x80, 2, 0x8a, 1, 0xff, "."), "LONG1 is two's complement");
        assertEquals(Boolean.TRUE, unpickle("I01\n."), "protocol 0 True");
    }

    @Test
    void memoAndPersistentIds() throws IOException {
        Object v = unpickle(0x80, 2, "}q\u0001(X", new byte[] {1, 0, 0, 0}, "k", "U\u00017Q", "X", new byte[] {1, 0, 0, 0}, "j", "h\u0001", "u.");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals("storage 7", m.get("k"));
        assertSame(m, m.get("j"), "BINGET returns the memoised dict itself");
    }

    @Test
    void aListThatContainsItselfIsNoProblemButCannotBeADictKey() throws IOException {
        Object v = unpickle(0x80, 2, "]q\u0000h\u0000a.");
        assertSame(v, ((List<?>) v).getFirst());
        PthFormatException e = assertThrows(PthFormatException.class, () -> unpickle(0x80, 2, "}]q\u0000h\u0000aK\u0001s."));
        assertTrue(e.getMessage().contains("a dict key of type list is not allowed"), e.getMessage());
    }

    @Test
    void forbiddenGlobalsAndOpcodesAreRefusedByName() {
        PthFormatException stackGlobal = assertThrows(PthFormatException.class,
                () -> unpickle(0x80, 4, 0x8c, 8, "builtins", 0x8c, 4, "exec", 0x93, "."));
        assertTrue(stackGlobal.getMessage().contains("refusing global 'builtins.exec'"), stackGlobal.getMessage());
        PthFormatException model = assertThrows(PthFormatException.class, () -> unpickle(0x80, 2, "ctorchvision.models.resnet\nResNet\n)", 0x81, "."));
        assertTrue(model.getMessage().contains("refusing global 'torchvision.models.resnet.ResNet'"), model.getMessage());
        PthFormatException newobj = assertThrows(PthFormatException.class, () -> unpickle(0x80, 2, "ccollections\nOrderedDict\n)", 0x81, "."));
        assertTrue(newobj.getMessage().contains("0x81 NEWOBJ") && newobj.getMessage().contains("not allowed"), newobj.getMessage());
        PthFormatException call = assertThrows(PthFormatException.class, () -> unpickle(0x80, 2, "ctorch\nFloatStorage\n)R."));
        assertTrue(call.getMessage().contains("cannot call storage class torch.FloatStorage"), call.getMessage());
    }

    @Test
    void malformedPicklesNameTheProblemAndTheByte() {
        PthFormatException underflow = assertThrows(PthFormatException.class, () -> unpickle(0x80, 2, "a."));
        assertTrue(underflow.getMessage().contains("stack underflow (opcode 0x61 APPEND at byte 2)"), underflow.getMessage());
        PthFormatException truncated = assertThrows(PthFormatException.class, () -> unpickle(0x80, 2, "X", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}, "abc"));
        assertTrue(truncated.getMessage().contains("BINUNICODE at byte 7 needs 2147483647 bytes, 3 remain"), truncated.getMessage());
        PthFormatException noStop = assertThrows(PthFormatException.class, () -> unpickle(0x80, 2, "K\u0001"));
        assertTrue(noStop.getMessage().contains("truncated or corrupt"), noStop.getMessage());
        PthFormatException twoValues = assertThrows(PthFormatException.class, () -> unpickle(0x80, 2, "K\u0001K\u0002."));
        assertTrue(twoValues.getMessage().contains("2 values on the stack, expected 1"), twoValues.getMessage());
    }

    @Test
    void rebuildTensorChecksItsArguments() {
        PthFormatException e = assertThrows(PthFormatException.class,
                () -> unpickle(0x80, 2, "ctorch._utils\n_rebuild_tensor_v2\n(K\u0000K\u0000)))tR."));
        assertTrue(e.getMessage().contains("_rebuild_tensor_v2 takes 6 to 7 arguments, got 5"), e.getMessage());
    }
}
