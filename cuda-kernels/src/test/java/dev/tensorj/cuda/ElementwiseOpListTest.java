package dev.tensorj.cuda;

import dev.tensorj.tensor.BinaryOp;
import dev.tensorj.tensor.UnaryOp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code CudaBackend} passes {@code op.ordinal()} to the elementwise kernels, so the op lists of
 * {@code elementwise.cu} must be the Java enums, constant for constant, in order, and every constant needs a
 * {@code case}. Checked on the source (no GPU, no nvcc needed): adding a {@link UnaryOp} without its CUDA case
 * fails here, not on a GPU months later.
 */
class ElementwiseOpListTest {
    private static final Path SOURCE = Path.of("src/main/cuda/elementwise.cu");

    /** The constants of the n-th {@code enum { ... };} in the file. */
    private static List<String> cudaEnum(String source, int which) {
        Matcher m = Pattern.compile("enum\\s*\\{([^}]*)}").matcher(source);
        for (int i = 0; i <= which; i++) assertTrue(m.find(), SOURCE + " has fewer than " + (which + 1) + " enums");
        return Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> names(Enum<?>[] constants) {
        return Arrays.stream(constants).map(Enum::name).toList();
    }

    @Test
    void unaryOpsMatchTheJavaEnumInOrder() throws IOException {
        String source = Files.readString(SOURCE);
        assertEquals(names(UnaryOp.values()), cudaEnum(source, 0), "elementwise.cu's unary op list must be UnaryOp's constants, in order");
        for (UnaryOp op : UnaryOp.values()) assertTrue(source.contains("case " + op.name() + ":"), "elementwise.cu has no case for UnaryOp." + op);
    }

    @Test
    void binaryOpsMatchTheJavaEnumInOrder() throws IOException {
        String source = Files.readString(SOURCE);
        // POW is spelled BPOW in CUDA, where both enums share one namespace
        List<String> expected = names(BinaryOp.values()).stream().map(n -> n.equals("POW") ? "BPOW" : n).toList();
        assertEquals(expected, cudaEnum(source, 1), "elementwise.cu's binary op list must be BinaryOp's constants, in order");
    }
}
