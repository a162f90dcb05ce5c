package dev.tensorj.cpu;

import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The fast im2col/col2im against the reference loops: strides, padding, dilation, odd sizes, batch 1. Exact (no arithmetic but sums of the same terms in col2im). */
class ConvWindowsConformanceTest {

    static Stream<ConvGeometry> geometries() {
        return Stream.of(ConvGeometry.of(3, 1, 1), ConvGeometry.of(3, 1, 0), ConvGeometry.of(2, 2, 0), ConvGeometry.of(5, 2, 2),
                new ConvGeometry(3, 2, 2, 1, 0, 1, 2, 1), new ConvGeometry(1, 4, 1, 3, 0, 2, 1, 1), ConvGeometry.of(3, 3, 2),
                // padding wider than the kernel reaches (whole rows of padding), dilated and strided columns
                new ConvGeometry(1, 1, 1, 2, 3, 3, 1, 1), new ConvGeometry(3, 3, 1, 2, 1, 4, 1, 3));
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void im2colAndCol2imMatchTheReference(ConvGeometry g) {
        for (int[] shape : new int[][] {{2, 3, 7, 9}, {1, 1, 5, 5}, {3, 2, 11, 6}}) {
            Tensor x = Tensor.randn(new Generator(shape[2]), shape);
            int rows = shape[1] * g.kernelH() * g.kernelW(), windows = g.outH(shape[2]) * g.outW(shape[3]);
            Tensor fast = Tensor.zeros(shape[0], rows, windows), reference = Tensor.zeros(shape[0], rows, windows);
            CpuBackend.INSTANCE.im2col(x, g, -7, fast);
            ReferenceBackend.INSTANCE.im2col(x, g, -7, reference);
            assertArrayEquals(reference.toFloatArray(), fast.toFloatArray(), "im2col " + g + " on " + java.util.Arrays.toString(shape));
            Tensor cols = Tensor.randn(new Generator(5), shape[0], rows, windows);
            Tensor back = Tensor.zeros(shape), backRef = Tensor.zeros(shape);
            CpuBackend.INSTANCE.col2im(cols, g, back);
            ReferenceBackend.INSTANCE.col2im(cols, g, backRef);
            assertArrayEquals(backRef.toFloatArray(), back.toFloatArray(), 1e-5f, "col2im " + g + " on " + java.util.Arrays.toString(shape));
        }
    }
}
