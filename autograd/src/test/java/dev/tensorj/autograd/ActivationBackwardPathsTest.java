package dev.tensorj.autograd;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/**
 * tanh, sigmoid, relu and leaky relu have two backward paths: the backend's one fused pass (a plain backward) and a
 * composition of differentiable ops (a backward with createGraph). Gradcheck checks the first in float64 and the
 * second-order checks the second; this checks that they agree with each other in float32, where the composition
 * rounds two or three times and the fused pass once, and that the createGraph gradient of tanh and sigmoid carries a
 * graph (relu's and leaky relu's derivative is a constant mask, so theirs has none on either path).
 */
class ActivationBackwardPathsTest {
    private static UnaryOperator<Variable> activation(String name) {
        return switch (name) {
            case "tanh" -> Variable::tanh;
            case "sigmoid" -> Variable::sigmoid;
            case "relu" -> Variable::relu;
            case "leakyRelu" -> x -> F.leakyRelu(x, 0.2);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"tanh", "sigmoid", "relu", "leakyRelu"})
    void theFusedAndTheComposedGradientAgree(String name) {
        Generator g = new Generator(5);
        Tensor input = Tensor.randn(g, 37, 41).mul(3), upstream = Tensor.randn(g, 37, 41);
        Variable x = new Variable(input, true);
        Variable y = activation(name).apply(x);
        Variable fused = Autograd.grad(List.of(y), List.of(x), List.of(upstream), true, false).get(0);
        Variable composed = Autograd.grad(List.of(y), List.of(x), List.of(upstream), false, true).get(0);
        assertFalse(fused.requiresGrad(), name + ": a plain backward gives a constant");
        boolean curved = name.equals("tanh") || name.equals("sigmoid");
        assertEquals(curved, composed.requiresGrad(), name + ": createGraph gives a gradient with its own graph where f'' is not 0");
        double[] f = fused.data().toDoubleArray(), c = composed.data().toDoubleArray(), u = upstream.toDoubleArray();
        for (int i = 0; i < f.length; i++) {
            // the composition's 1 - y² is 1 minus y² rounded to float: off by up to 2^-24 (where y is near ±1, far more
            // than an ulp of the small result); the fused pass takes it in double
            double tolerance = 3 * Math.ulp((float) c[i]) + Math.abs(u[i]) * 0x1p-23;
            assertEquals(c[i], f[i], tolerance, name + " element " + i);
        }
    }
}
