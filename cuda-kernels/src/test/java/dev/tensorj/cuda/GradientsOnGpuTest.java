package dev.tensorj.cuda;

import dev.tensorj.autograd.OpRegistry;
import dev.tensorj.autograd.OpSpec;
import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Device;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every differentiable op of the {@link OpRegistry}: its output and the gradients of its inputs, in FLOAT32,
 * on the GPU match the CPU's (for a random upstream gradient). Ops whose sample function builds CPU
 * tensors of its own cannot run on the GPU unchanged; they are listed, and at least half must run.
 */
@Tag("gpu")
class GradientsOnGpuTest {

    @BeforeEach
    void gpu() {
        GpuTests.assumeGpu();
    }

    private static Tensor[] run(OpSpec spec, Tensor[] inputs, Tensor upstreamSeedShape, Device device, List<Tensor> outputs) {
        Variable[] vars = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i].to(device);
            vars[i] = new Variable(t, t.dtype().isFloatingPoint());
        }
        Variable out = spec.fn().apply(vars);
        Tensor upstream = upstreamSeedShape.to(device);
        out.backward(upstream);
        outputs.add(out.data().to(Device.CPU));
        Tensor[] grads = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) grads[i] = vars[i].grad() == null ? null : vars[i].grad().to(Device.CPU);
        return grads;
    }

    @Test
    void everyRegisteredOpMatchesTheCpu() {
        List<String> failures = new ArrayList<>(), cpuOnly = new ArrayList<>();
        int ran = 0;
        for (OpSpec spec : OpRegistry.all()) {
            Tensor[] inputs = spec.sampleInputs().apply(new Generator(3));
            for (int i = 0; i < inputs.length; i++) if (inputs[i].dtype() == DType.FLOAT64) inputs[i] = inputs[i].to(DType.FLOAT32);
            List<Tensor> cpuOut = new ArrayList<>(), gpuOut = new ArrayList<>();
            Tensor shapeProbe = spec.fn().apply(wrap(inputs)).data();
            Tensor upstream = Tensor.randn(new Generator(5), shapeProbe.dims()).to(shapeProbe.dtype());
            Tensor[] cpu = run(spec, inputs, upstream, Device.CPU, cpuOut);
            Tensor[] gpu;
            try {
                gpu = run(spec, inputs, upstream, GpuTests.GPU, gpuOut);
            } catch (IllegalArgumentException e) {
                if (String.valueOf(e.getMessage()).contains("cpu")) {
                    cpuOnly.add(spec.name());
                    continue;
                }
                throw e;
            }
            ran++;
            try {
                GpuTests.assertClose(spec.name() + " output", cpuOut.get(0), gpuOut.get(0), 1e-3);
                for (int i = 0; i < cpu.length; i++) {
                    if (cpu[i] != null) GpuTests.assertClose(spec.name() + " gradient of input " + i, cpu[i], gpu[i], 1e-3);
                }
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        System.out.println("gradients on the GPU: " + ran + " ops ran; sample functions that build CPU tensors: " + cpuOnly);
        assertTrue(failures.isEmpty(), failures.size() + " ops differ on the GPU:\n" + String.join("\n", failures));
        assertTrue(ran * 2 >= OpRegistry.all().size(), "only " + ran + " of " + OpRegistry.all().size() + " ops ran on the GPU; CPU-only: " + cpuOnly);
    }

    private static Variable[] wrap(Tensor[] inputs) {
        Variable[] vars = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) vars[i] = new Variable(inputs[i], false);
        return vars;
    }
}
