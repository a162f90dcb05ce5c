package dev.tensorj.cuda;

import dev.tensorj.tensor.Backend;
import dev.tensorj.tensor.Device;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shared by the {@code @Tag("gpu")} tests: the skip, and running one kernel on the reference and on the GPU. */
final class GpuTests {
    static final Device GPU = Device.cuda(0);

    private GpuTests() {
    }

    /** Call from {@code @BeforeEach} (not {@code @BeforeAll}, whose skip Surefire reports as "Tests run: 0"). */
    static void assumeGpu() {
        CudaRuntime.Probe probe = CudaRuntime.probe(0);
        assumeTrue(probe.available(), () -> "no GPU: " + probe.reason());
    }

    /** An operand: a base tensor and the view the kernel sees (transposed, sliced, broadcast ...). */
    record Operand(Tensor base, UnaryOperator<Tensor> view) {
        static Operand of(Tensor base) {
            return new Operand(base, t -> t);
        }
    }

    interface Kernel {
        void run(Backend backend, Tensor[] t);
    }

    /**
     * Runs {@code kernel} on the reference backend (on host copies) and on the GPU (on device copies), then
     * compares every operand from {@code firstOutput} on: |gpu - ref| &lt;= tol (1 + |ref|), NaN where NaN.
     */
    static void compare(String what, double tol, int firstOutput, Kernel kernel, Operand... operands) {
        Tensor[] host = new Tensor[operands.length], device = new Tensor[operands.length];
        for (int i = 0; i < operands.length; i++) {
            host[i] = operands[i].view().apply(operands[i].base().copy());
            device[i] = operands[i].view().apply(operands[i].base().to(GPU));
        }
        kernel.run(ReferenceBackend.INSTANCE, host);
        kernel.run(device[0].backend(), device);
        for (int i = firstOutput; i < operands.length; i++) assertClose(what + ", operand " + i, host[i], device[i].to(Device.CPU), tol);
    }

    static void assertClose(String what, Tensor expected, Tensor actual, double tol) {
        assertArrayEquals(expected.dims(), actual.dims(), what + ": shape");
        double[] e = expected.to(dev.tensorj.tensor.DType.FLOAT64).contiguous().toDoubleArray();
        double[] a = actual.to(dev.tensorj.tensor.DType.FLOAT64).contiguous().toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            boolean ok = Double.isNaN(e[i]) ? Double.isNaN(a[i]) : Math.abs(a[i] - e[i]) <= tol * (1 + Math.abs(e[i])) || a[i] == e[i];
            int at = i;
            assertTrue(ok, () -> what + ": element " + at + " is " + a[at] + ", the reference gives " + e[at] + " (tolerance " + tol + ")");
        }
    }
}
