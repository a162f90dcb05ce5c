package dev.tensorj.bench;

import dev.tensorj.autograd.Grad;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.RMSprop;
import dev.tensorj.datasets.Batch;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Whole training steps through autograd: the framework overhead on tiny work (Linear 4→4 at batch 1,
 * forward + backward + SGD update; PyTorch 125 µs on this machine, the anchors) and the MNIST MLP
 * 784-512-10 step at batch 128 (RMSprop; PyTorch's epoch of 469 such steps takes 1.5 s, ≈ 3.2 ms/step).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AutogradStepBenchmark {
    private Variable weight, bias;
    private Variable input;
    private Trainer mlp;
    private Batch mlpBatch;

    @Setup
    public void setUp() {
        Generator g = new Generator(1);
        weight = new Variable(Tensor.randn(g, 4, 4), true);
        bias = new Variable(Tensor.randn(g, 4), true);
        input = new Variable(Tensor.randn(g, 1, 4), false);
        Sequential model = new Sequential(new Linear(784, 512, true, g), Activation.relu(), new Linear(512, 10, true, g));
        mlp = new Trainer(model, RMSprop.keras(model.parameters()), Losses.crossEntropy()).verbose(false);
        mlpBatch = new Batch(Tensor.rand(g, 128, 784), Tensor.randint(0, 10, g, 128));
    }

    /** y = x W^T + b, L = sum(y^2), backward, p -= 0.001 dL/dp, zero the gradients. */
    @Benchmark
    public double tinyLinearStep() {
        Variable y = input.matmul(weight.t()).add(bias);
        Variable loss = y.mul(y).sum();
        loss.backward();
        try (var noGrad = Grad.disabled()) {
            weight.data().subInPlace(weight.grad().mul(0.001));
            bias.data().subInPlace(bias.grad().mul(0.001));
        }
        weight.zeroGrad();
        bias.zeroGrad();
        return loss.data().item();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double mnistMlpStep() {
        return mlp.trainStep(mlpBatch).loss();
    }
}
