package dev.tensorj.cuda;

import dev.tensorj.autograd.Variable;
import dev.tensorj.datasets.FashionMnist;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.loss.Loss;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.tensor.Device;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Course model C1 (Fashion-MNIST: Dense 784-128 ReLU, Dense 128-10, Adam, batch 128) trains on the GPU to
 * the accuracy it reaches on the CPU from the same seed. Needs a GPU and the data; budget on a GPU machine
 * about a minute (2 epochs each on GPU and CPU).
 */
@Tag("gpu")
class C1OnGpuTest {
    private static final int EPOCHS = 2, BATCH = 128;

    @BeforeEach
    void gpuAndData() {
        GpuTests.assumeGpu();
        boolean data;
        try {
            FashionMnist.test();
            data = true;
        } catch (RuntimeException | LinkageError e) { // LinkageError: a runtime without java.net.http
            data = false;
        }
        assumeTrue(data, "Fashion-MNIST is not installed");
    }

    private static double trainAndTest(Device device) {
        TensorDataset train = FashionMnist.train(), test = FashionMnist.test();
        Tensor x = train.inputs().reshape(train.size(), 784).mul(1.0 / 255), y = train.targets();
        Tensor xTest = test.inputs().reshape(test.size(), 784).mul(1.0 / 255).to(device), yTest = test.targets();
        Generator g = new Generator(42);
        Layer model = new Sequential(Linear.glorot(784, 128, true, g), Activation.relu(), Linear.glorot(128, 10, true, g)).to(device);
        Adam optimizer = new Adam(model.parameters(), 0.001, 0.9, 0.999, 1e-7, 0, false);
        Loss loss = Losses.crossEntropy();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (int start = 0; start + BATCH <= train.size(); start += BATCH) {
                Variable out = model.forward(new Variable(x.narrow(0, start, BATCH).to(device), false));
                Variable l = loss.compute(out, y.narrow(0, start, BATCH).to(device));
                optimizer.zeroGrad();
                l.backward();
                optimizer.step();
            }
        }
        Tensor predicted = model.forward(new Variable(xTest, false)).data().argmax(1).to(Device.CPU);
        return predicted.eq(yTest).mean().item();
    }

    @Test
    void trainsToTheCpuAccuracy() {
        double gpu = trainAndTest(GpuTests.GPU), cpu = trainAndTest(Device.CPU);
        System.out.printf("C1, %d epochs: test accuracy %.4f on the GPU, %.4f on the CPU%n", EPOCHS, gpu, cpu);
        assertTrue(gpu > 0.8 && Math.abs(gpu - cpu) < 0.01, "GPU accuracy " + gpu + " vs CPU " + cpu);
    }
}
