package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.io.SafeTensors;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GRU, RNN (tanh and relu) and LSTM layers against PyTorch: {@code golden/recurrent.safetensors}, written
 * by {@code scripts/golden/make_recurrent_golden.py} (torch 2.13.0+cpu), holds each case's state_dict,
 * inputs, initial states, PyTorch's output and final hidden state, and the gradients of
 * sum(output · out_weights) + sum(h_n · h_weights) with respect to the input, h0 (c0) and every
 * parameter. Each case runs on the fused sequence nodes and on the unrolled cells; every tensor must
 * match with a relative error max|tensorj - torch| / max|torch| of at most 1e-5 (float32).
 */
class RecurrentGoldenTest {
    static final double TOLERANCE = 1e-5;

    private static Map<String, Tensor> golden() throws Exception {
        var url = RecurrentGoldenTest.class.getResource("/golden/recurrent.safetensors");
        assertNotNull(url, "golden/recurrent.safetensors missing; regenerate with scripts/golden/make_recurrent_golden.py");
        return SafeTensors.load(Path.of(url.toURI()));
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        assertArrayEquals(expected.dims(), actual.dims(), what + ": shape");
        double scale = expected.to(DType.FLOAT64).abs().max().item();
        double error = expected.to(DType.FLOAT64).sub(actual.to(DType.FLOAT64)).abs().max().item() / (scale == 0 ? 1 : scale);
        System.out.printf(Locale.ROOT, "golden %-34s rel. error %.2e%n", what, error);
        assertTrue(error <= TOLERANCE, what + ": relative error " + error + " > " + TOLERANCE);
    }

    @ParameterizedTest(name = "{0}, unrolled {5}")
    @CsvSource({"gru, 2, true, true, '', false", "gru, 2, true, true, '', true", "gru_single, 1, false, false, '', false",
            "rnn_tanh, 2, false, true, tanh, false", "rnn_tanh, 2, false, true, tanh, true", "rnn_relu, 2, true, false, relu, false",
            "lstm, 2, true, true, '', false"})
    void layerMatchesPyTorch(String name, int layers, boolean batchFirst, boolean bidirectional, String nonlinearity, boolean unrolled) throws Exception {
        Map<String, Tensor> io = golden();
        Generator g = new Generator(1);
        RecurrentLayer layer = name.startsWith("gru") ? new GRU(4, 5, layers, batchFirst, bidirectional, 0, g).unrolled(unrolled)
                : name.startsWith("rnn") ? new RNN(4, 5, layers, batchFirst, bidirectional, 0, nonlinearity.equals("relu"), g).unrolled(unrolled)
                : new LSTM(4, 5, layers, batchFirst, bidirectional, 0, g).unrolled(unrolled);
        for (var p : layer.namedParameters().entrySet()) {
            Tensor value = io.get(name + "." + p.getKey());
            assertNotNull(value, name + ": no golden value for " + p.getKey());
            p.getValue().data().copyFrom(value);
        }
        Variable x = new Variable(io.get(name + ".input"), true), h0 = new Variable(io.get(name + ".h0"), true);
        Variable c0 = io.containsKey(name + ".c0") ? new Variable(io.get(name + ".c0"), true) : null;
        RecurrentLayer.Output out = layer.run(x, h0, c0);
        out.output().mul(new Variable(io.get(name + ".out_weights"), false)).sum()
                .add(out.h().mul(new Variable(io.get(name + ".h_weights"), false)).sum()).backward();
        String tag = name + (unrolled ? " unrolled" : " fused");
        assertClose(tag + " output", io.get(name + ".output"), out.output().data());
        assertClose(tag + " h_n", io.get(name + ".h_n"), out.h().data());
        assertClose(tag + " grad.input", io.get(name + ".grad.input"), x.grad());
        assertClose(tag + " grad.h0", io.get(name + ".grad.h0"), h0.grad());
        if (c0 != null) assertClose(tag + " grad.c0", io.get(name + ".grad.c0"), c0.grad());
        for (var p : layer.namedParameters().entrySet()) {
            assertClose(tag + " grad." + p.getKey(), io.get(name + ".grad." + p.getKey()), p.getValue().grad());
        }
    }
}
