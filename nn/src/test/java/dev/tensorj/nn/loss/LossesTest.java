package dev.tensorj.nn.loss;

import dev.tensorj.autograd.Reduction;
import dev.tensorj.autograd.GradCheck;
import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Loss values against hand computations, and their gradients against finite differences. */
class LossesTest {

    private static Variable v(float... values) {
        return new Variable(Tensor.of(values), true);
    }

    @Test
    void mseAndMae() {
        assertEquals((1 + 4 + 0) / 3.0, Losses.mse().compute(v(1, 2, 3), Tensor.of(0, 4, 3)).data().item(), 1e-6);
        assertEquals((1 + 2 + 0) / 3.0, Losses.mae().compute(v(1, 2, 3), Tensor.of(0, 4, 3)).data().item(), 1e-6);
        assertEquals(5, Losses.mse(Reduction.SUM).compute(v(1, 2, 3), Tensor.of(0, 4, 3)).data().item(), 1e-6);
    }

    @Test
    void crossEntropyFromLogits() {
        Variable logits = new Variable(Tensor.of(new float[] {2, 1, 0}, new float[] {0, 0, 3}), true);
        double row0 = -(2 - Math.log(Math.exp(2) + Math.exp(1) + 1));
        double row1 = -(3 - Math.log(2 + Math.exp(3)));
        assertEquals((row0 + row1) / 2, Losses.crossEntropy().compute(logits, Tensor.ofLongs(0, 2)).data().item(), 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy().compute(logits, Tensor.ofLongs(0, 3)));
        assertEquals("crossEntropy: label 3 is out of range for 3 classes (expected 0 to 2)", e.getMessage());
    }

    @Test
    void categoricalAndSparseAgree() {
        Tensor logits = Tensor.randn(new Generator(1), 5, 4);
        Tensor labels = Tensor.ofLongs(0, 3, 2, 1, 3);
        double sparse = Losses.crossEntropy().compute(new Variable(logits, false), labels).data().item();
        double categorical = Losses.categoricalCrossEntropyFromLogits().compute(new Variable(logits, false), labels.oneHot(4)).data().item();
        double fromProbabilities = Losses.categoricalCrossEntropy().compute(new Variable(logits.softmax(1), false), labels.oneHot(4)).data().item();
        assertEquals(sparse, categorical, 1e-5);
        assertEquals(sparse, fromProbabilities, 1e-4);
    }

    @Test
    void bceWithLogitsIsStableAndEqualsBceOfSigmoid() {
        Tensor x = Tensor.of(-3, -0.5f, 0, 2);
        Tensor t = Tensor.of(0, 1, 1, 0);
        double withLogits = Losses.bceWithLogits().compute(new Variable(x, false), t).data().item();
        double plain = Losses.bce().compute(new Variable(x.sigmoid(), false), t).data().item();
        assertEquals(plain, withLogits, 1e-5);
        double extreme = Losses.bceWithLogits().compute(new Variable(Tensor.of(200f, -200f), false), Tensor.of(0, 1)).data().item();
        assertEquals(200, extreme, 1e-3, "no overflow for large logits");
    }

    @Test
    void lossGradientsPassGradCheck() {
        Tensor targets = Tensor.uniform(0, 1, DType.FLOAT64, new Generator(2), 3, 4);
        GradCheck.check(v -> Losses.bceWithLogits().compute(v[0], targets), Tensor.randn(new Generator(3), 3, 4));
        GradCheck.check(v -> Losses.mse().compute(v[0], targets), Tensor.randn(new Generator(4), 3, 4));
        GradCheck.check(v -> Losses.crossEntropy().compute(v[0], Tensor.ofLongs(1, 0, 3)), Tensor.randn(new Generator(5), 3, 4));
        GradCheck.check(v -> Losses.bce().compute(v[0], targets), Tensor.uniform(0.1, 0.9, DType.FLOAT64, new Generator(6), 3, 4));
    }

    @Test
    void everyLossHasAReductionOverloadAndBceDefaultsToKerasClip() {
        Tensor logits = Tensor.randn(new Generator(7), 3, 4);
        Tensor oneHot = Tensor.ofLongs(1, 0, 3).oneHot(4);
        Variable x = new Variable(logits, false);
        double mean = Losses.categoricalCrossEntropyFromLogits().compute(x, oneHot).data().item();
        assertEquals(3 * mean, Losses.categoricalCrossEntropyFromLogits(Reduction.SUM).compute(x, oneHot).data().item(), 1e-5);
        assertArrayEquals(new int[] {3}, Losses.categoricalCrossEntropy(Reduction.NONE).compute(new Variable(logits.softmax(1), false), oneHot).data().dims());
        assertEquals(3 * Losses.nll().compute(x, Tensor.ofLongs(1, 0, 3)).data().item(), Losses.nll(Reduction.SUM).compute(x, Tensor.ofLongs(1, 0, 3)).data().item(), 1e-5);
        assertArrayEquals(new float[] {1, 2, 0}, Losses.mae(Reduction.NONE).compute(v(1, 2, 3), Tensor.of(0, 4, 3)).data().toFloatArray(), 1e-6f);
        Variable zero = new Variable(Tensor.fromArray(new double[] {0}, 1), false);
        Tensor one = Tensor.fromArray(new double[] {1}, 1);
        assertEquals(-Math.log(1e-7), Losses.bce().compute(zero, one).data().item(), 1e-9, "Keras' clip: p to [1e-7, 1 - 1e-7]");
        assertEquals(100, Losses.bce(Reduction.MEAN, dev.tensorj.autograd.BceClamp.LOG_TERMS).compute(zero, one).data().item(), 1e-12, "PyTorch's clamp");
    }
}
