package dev.tensorj.bench.gpu;

import dev.tensorj.cuda.CudaBackend;
import dev.tensorj.datasets.Batch;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.gan.GanTrainer;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.models.Dcgan;
import dev.tensorj.nn.models.FashionCnn;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.nn.train.Metric;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One training step on cuda:0 (forward, loss, backward, Adam; the loss read back, which synchronises): the
 * course's C1 and C2 on Fashion-MNIST-sized batches of 64, and the DCGAN on MNIST-sized batches of 256 (both
 * losses and updates). Random data stands in for the images: the arithmetic does not depend on them. The
 * device memory statistics are printed at the end of each trial (flat across iterations is the target).
 * PyTorch's step for the same models: {@code scripts/gpu/torch_bench.py}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class GpuTrainingStepBenchmark {
    @Param({"c1", "c2", "dcgan"})
    public String model;

    @Param({"ours", "auto"})
    public String path;

    private CudaBackend backend;
    private Trainer trainer;
    private GanTrainer gan;
    private Batch batch;
    private Tensor realImages;

    @Setup
    public void setUp() {
        backend = GpuBench.open(path);
        Generator g = new Generator(3);
        if (model.equals("dcgan")) {
            Layer generator = Dcgan.generator(100, 7, 1, g).to(GpuBench.GPU), discriminator = Dcgan.discriminator(7, 1, g).to(GpuBench.GPU);
            gan = new GanTrainer(generator, discriminator, new Adam(generator.parameters(), 1e-4), new Adam(discriminator.parameters(), 1e-4),
                    100, false, new Generator(4));
            realImages = Tensor.rand(g, 256, 1, 28, 28).mul(2).sub(1).to(GpuBench.GPU);
        } else {
            Layer net = (model.equals("c1") ? FashionCnn.c1(g) : FashionCnn.c2(g)).to(GpuBench.GPU);
            trainer = new Trainer(net, new Adam(net.parameters(), 0.001), Losses.crossEntropy(), Metric.accuracy());
            batch = new Batch(Tensor.rand(g, 64, 1, 28, 28).to(GpuBench.GPU), Tensor.randint(0, 10, g, 64).to(GpuBench.GPU));
        }
    }

    @Benchmark
    public double step() {
        return gan != null ? gan.step(realImages, null).discriminator() : trainer.trainStep(batch).loss();
    }

    @TearDown
    public void memory() {
        System.out.println("\n" + model + " on " + backend.paths() + ": " + backend.report());
    }
}
