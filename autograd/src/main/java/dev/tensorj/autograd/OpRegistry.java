package dev.tensorj.autograd;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Every differentiable op of autograd, with sample inputs, its derivative and tolerances. It drives
 * the generated gradcheck tests and the derivatives page (docs/derivatives.md); a test fails when a
 * Variable op has no entry here. Later op families (convolution, pooling, recurrent...) add theirs.
 */
public final class OpRegistry {
    private static final List<OpSpec> OPS = new ArrayList<>();

    private OpRegistry() {
    }

    public static List<OpSpec> all() {
        return Collections.unmodifiableList(OPS);
    }

    /** Registers an op (for op families outside this module, e.g. nn's convolutions). */
    public static synchronized void register(OpSpec spec) {
        for (OpSpec existing : OPS) {
            if (existing.name().equals(spec.name())) throw new IllegalArgumentException("OpRegistry: '" + spec.name() + "' is registered twice");
        }
        OPS.add(spec);
    }

    // ---- sample inputs ----

    static Tensor normal(Generator g, int... shape) {
        return Tensor.normal(0, 1, DType.FLOAT64, g, shape);
    }

    /** Values in [lo, hi]. */
    static Tensor uniform(Generator g, double lo, double hi, int... shape) {
        return Tensor.uniform(lo, hi, DType.FLOAT64, g, shape);
    }

    /** Values with |x| in [0.2, 1.5] and random sign: away from kinks at 0 (relu, abs) and poles (1/x). */
    static Tensor awayFromZero(Generator g, int... shape) {
        Tensor magnitude = uniform(g, 0.2, 1.5, shape);
        Tensor sign = Tensor.bernoulli(0.5, g, shape).to(DType.FLOAT64).mul(2).sub(1);
        return magnitude.mul(sign);
    }

    private static Function<Generator, Tensor[]> inputs(Function<Generator, Tensor>... makers) {
        return g -> {
            Tensor[] t = new Tensor[makers.length];
            for (int i = 0; i < makers.length; i++) t[i] = makers[i].apply(g);
            return t;
        };
    }

    private static void op(String name, String family, String derivative, Function<Generator, Tensor[]> sample, GradCheck.Fn fn) {
        register(new OpSpec(name, family, derivative, sample, fn, true, 1e-5, 1e-3));
    }

    private static void firstOrderOnly(String name, String family, String derivative, Function<Generator, Tensor[]> sample, GradCheck.Fn fn) {
        register(new OpSpec(name, family, derivative, sample, fn, false, 1e-5, 1e-3));
    }

    static {
        registerConvolutionOps();
        registerRecurrentOps();
        Function<Generator, Tensor> m34 = g -> normal(g, 3, 4);
        Function<Generator, Tensor> row4 = g -> normal(g, 4);
        Function<Generator, Tensor> positive34 = g -> uniform(g, 0.5, 2.0, 3, 4);
        Function<Generator, Tensor> away34 = g -> awayFromZero(g, 3, 4);

        // ---- Elementwise ----
        op("add", "Elementwise", "d(a+b)/da = 1, d(a+b)/db = 1", inputs(m34, row4), v -> v[0].add(v[1]));
        op("sub", "Elementwise", "d(a-b)/da = 1, d(a-b)/db = -1", inputs(m34, row4), v -> v[0].sub(v[1]));
        op("mul", "Elementwise", "d(ab)/da = b, d(ab)/db = a", inputs(m34, row4), v -> v[0].mul(v[1]));
        op("div", "Elementwise", "d(a/b)/da = 1/b, d(a/b)/db = -a/b^2", inputs(m34, g -> awayFromZero(g, 4)), v -> v[0].div(v[1]));
        op("pow", "Elementwise", "d(a^b)/da = b a^(b-1), d(a^b)/db = a^b ln a", inputs(positive34, g -> uniform(g, 0.5, 2, 3, 4)), v -> v[0].pow(v[1]));
        op("maximum", "Elementwise", "1 where a > b, 1/2 on ties, else 0", inputs(m34, m34), v -> v[0].maximum(v[1]));
        op("minimum", "Elementwise", "1 where a < b, 1/2 on ties, else 0", inputs(m34, m34), v -> v[0].minimum(v[1]));
        op("add(scalar)", "Elementwise", "d(x+c)/dx = 1", inputs(m34), v -> v[0].add(2.5));
        op("sub(scalar)", "Elementwise", "d(x-c)/dx = 1", inputs(m34), v -> v[0].sub(2.5));
        op("mul(scalar)", "Elementwise", "d(cx)/dx = c", inputs(m34), v -> v[0].mul(-1.5));
        op("div(scalar)", "Elementwise", "d(x/c)/dx = 1/c", inputs(m34), v -> v[0].div(4));
        op("rsub", "Elementwise", "d(c-x)/dx = -1", inputs(m34), v -> v[0].rsub(1));
        op("rdiv", "Elementwise", "d(c/x)/dx = -c/x^2", inputs(away34), v -> v[0].rdiv(2));
        op("pow(scalar)", "Elementwise", "d(x^c)/dx = c x^(c-1)", inputs(positive34), v -> v[0].pow(2.5));
        op("neg", "Elementwise", "d(-x)/dx = -1", inputs(m34), v -> v[0].neg());
        op("abs", "Elementwise", "d|x|/dx = sign(x)", inputs(away34), v -> v[0].abs());
        op("exp", "Elementwise", "d e^x/dx = e^x", inputs(m34), v -> v[0].exp());
        op("log", "Elementwise", "d ln x/dx = 1/x", inputs(positive34), v -> v[0].log());
        op("sqrt", "Elementwise", "d sqrt(x)/dx = 1/(2 sqrt x)", inputs(positive34), v -> v[0].sqrt());
        op("rsqrt", "Elementwise", "d x^(-1/2)/dx = -x^(-3/2)/2", inputs(positive34), v -> v[0].rsqrt());
        op("square", "Elementwise", "d x^2/dx = 2x", inputs(m34), v -> v[0].square());
        op("reciprocal", "Elementwise", "d(1/x)/dx = -1/x^2", inputs(away34), v -> v[0].reciprocal());
        op("sin", "Elementwise", "d sin x/dx = cos x", inputs(m34), v -> v[0].sin());
        op("cos", "Elementwise", "d cos x/dx = -sin x", inputs(m34), v -> v[0].cos());
        op("clamp", "Elementwise", "1 inside [min, max], 0 outside", inputs(g -> awayFromZero(g, 3, 4).mul(2)), v -> v[0].clamp(-1, 1));
        op("where", "Elementwise", "g to a where the condition holds, to b elsewhere",
                inputs(m34, m34), v -> Variable.where(Tensor.of(1, 0, 0, 1), v[0], v[1]));

        // ---- Activations ----
        op("relu", "Activations", "1 for x > 0, else 0", inputs(away34), v -> v[0].relu());
        op("leakyRelu", "Activations", "1 for x > 0, else the slope", inputs(away34), v -> v[0].leakyRelu(0.2));
        op("elu", "Activations", "1 for x > 0, else alpha e^x", inputs(away34), v -> v[0].elu(1.0));
        op("sigmoid", "Activations", "s (1 - s)", inputs(m34), v -> v[0].sigmoid());
        op("tanh", "Activations", "1 - tanh^2", inputs(m34), v -> v[0].tanh());
        op("softmax", "Activations", "y * (g - sum(g y))", inputs(m34), v -> v[0].softmax(1));
        op("logSoftmax", "Activations", "g - softmax * sum(g)", inputs(m34), v -> v[0].logSoftmax(-1));

        // ---- Reductions ----
        op("sum", "Reductions", "1 for every summed element", inputs(g -> normal(g, 2, 3, 4)), v -> v[0].sum(new int[] {0, 2}, false));
        op("sum(all)", "Reductions", "1 for every element", inputs(m34), v -> v[0].sum());
        op("mean", "Reductions", "1/n for every averaged element", inputs(g -> normal(g, 2, 3, 4)), v -> v[0].mean(new int[] {1}, true));
        op("max", "Reductions", "1 at the maximum (shared among ties)", inputs(m34), v -> v[0].max(new int[] {1}, false));
        op("min", "Reductions", "1 at the minimum (shared among ties)", inputs(m34), v -> v[0].min(new int[] {0}, true));
        op("var", "Reductions", "2 (x - mean) / (n - correction) (composite)", inputs(m34), v -> v[0].var(new int[] {1}, 1, false));
        op("std", "Reductions", "(x - mean) / ((n - correction) std) (composite)", inputs(m34), v -> v[0].std(new int[] {1}, 0, true));
        op("logsumexp", "Reductions", "softmax(x) (composite)", inputs(m34), v -> v[0].logsumexp(new int[] {1}, false));

        // ---- MatMul ----
        op("matmul", "MatMul", "dA = G B^T, dB = A^T G", inputs(m34, g -> normal(g, 4, 2)), v -> v[0].matmul(v[1]));
        op("matmul(batched)", "MatMul", "per matrix, summed over broadcast batches", inputs(g -> normal(g, 2, 3, 4), g -> normal(g, 4, 5)), v -> v[0].matmul(v[1]));
        op("linear", "MatMul", "dx = G W, dW = G^T x, db = column sums of G (leading axes as rows)",
                inputs(g -> normal(g, 2, 3, 4), g -> normal(g, 5, 4), g -> normal(g, 5)), v -> v[0].linear(v[1], v[2]));
        op("linear(no bias, vector)", "MatMul", "a vector input is one row", inputs(g -> normal(g, 4), g -> normal(g, 5, 4)), v -> v[0].linear(v[1], null));
        op("matmul(vector)", "MatMul", "a vector is a 1-row / 1-column matrix", inputs(m34, row4), v -> v[0].matmul(v[1]));

        // ---- Movement ----
        op("reshape", "Movement", "the gradient reshaped back", inputs(m34), v -> v[0].reshape(2, 6));
        op("view", "Movement", "the gradient reshaped back", inputs(m34), v -> v[0].view(6, 2));
        op("flatten", "Movement", "the gradient reshaped back", inputs(g -> normal(g, 2, 3, 2)), v -> v[0].flatten(1, 2));
        op("permute", "Movement", "the gradient permuted back by the inverse permutation", inputs(g -> normal(g, 2, 3, 4)), v -> v[0].permute(2, 0, 1));
        op("transpose", "Movement", "the gradient transposed back", inputs(g -> normal(g, 2, 3, 4)), v -> v[0].transpose(0, 2));
        op("t", "Movement", "the gradient transposed back", inputs(m34), v -> v[0].t());
        op("slice", "Movement", "the gradient placed into zeros at the sliced positions", inputs(g -> normal(g, 3, 7)), v -> v[0].slice(1, 1, 7, 2));
        op("narrow", "Movement", "the gradient placed into zeros at the narrowed positions", inputs(m34), v -> v[0].narrow(0, 1, 2));
        op("select", "Movement", "the gradient placed into zeros at the selected index", inputs(m34), v -> v[0].select(1, 2));
        op("squeeze", "Movement", "the gradient reshaped back", inputs(g -> normal(g, 3, 1, 4)), v -> v[0].squeeze(1));
        op("unsqueeze", "Movement", "the gradient reshaped back", inputs(m34), v -> v[0].unsqueeze(0));
        op("expand", "Movement", "the gradient summed over the broadcast axes", inputs(g -> normal(g, 3, 1)), v -> v[0].expand(2, 3, 4));
        op("contiguous", "Movement", "the gradient passes through", inputs(m34), v -> v[0].t().contiguous());
        op("concat", "Movement", "each input gets its slice of the gradient", inputs(m34, g -> normal(g, 3, 2)), v -> Variable.concat(1, v[0], v[1]));
        op("stack", "Movement", "each input gets its slice of the gradient", inputs(m34, m34), v -> Variable.stack(0, v[0], v[1]));
        op("split", "Movement", "each part is a narrow", inputs(g -> normal(g, 5, 2)), v -> v[0].split(2, 0).get(2).mul(3).add(v[0].split(2, 0).get(0).sum()));
        op("chunk", "Movement", "each part is a narrow", inputs(g -> normal(g, 2, 6)), v -> v[0].chunk(3, 1).get(1));
        op("squeeze(all)", "Movement", "the gradient reshaped back", inputs(g -> normal(g, 1, 3, 1)), v -> v[0].squeeze());

        // ---- Indexing ----
        op("gather", "Indexing", "scatter-add of the gradient to the gathered positions",
                inputs(m34), v -> v[0].gather(1, Tensor.fromArray(new long[] {0, 3, 3, 1, 2, 2}, 3, 2)));
        op("indexSelect", "Indexing", "index-add of the gradient rows (repeats add up)",
                inputs(m34), v -> v[0].indexSelect(0, Tensor.ofLongs(2, 0, 2, 1)));
        op("scatterAdd", "Indexing", "target: 1; src: the gradient gathered at the index",
                inputs(m34, g -> normal(g, 3, 2)), v -> v[0].scatterAdd(1, Tensor.fromArray(new long[] {0, 3, 3, 3, 2, 1}, 3, 2), v[1]));

        op("embedding", "Indexing", "index-add of the gradient rows into the table (repeats add up; rows read at paddingIdx get none, tested apart)",
                inputs(g -> normal(g, 5, 3)), v -> v[0].embedding(Tensor.fromArray(new long[] {4, 0, 4, 2, 1, 0}, 2, 3), -1));
    }

    private static void registerRecurrentOps() {
        // the cell state c0 and the weights W_ih [4H, I], W_hh [4H, H] for H = 2, I = 3, B = 2, T = 3
        Function<Generator, Tensor> gates = g -> normal(g, 2, 8), cell = g -> normal(g, 2, 2);
        op("lstmCell(composite)", "Recurrent", "i, f, o = σ, g = tanh of the gate slices; c' = f c + i g, h' = o tanh c'",
                inputs(gates, cell), v -> lstmBoth(Recurrent.lstmCellComposite(v[0], v[1])));
        firstOrderOnly("lstmCell", "Recurrent", "fused: dc' += dh' o (1 - tanh² c'); di = dc' g σ'(i), df = dc' c σ'(f), dg = dc' i (1 - g²), do = dh' tanh c' σ'(o); dc = dc' f",
                inputs(gates, cell), v -> lstmBoth(Recurrent.lstmCell(v[0], v[1])));
        Function<Generator, Tensor[]> sequence = inputs(g -> normal(g, 3, 2, 3), g -> normal(g, 2, 2), cell,
                g -> normal(g, 8, 3), g -> normal(g, 8, 2), g -> normal(g, 8), g -> normal(g, 8));
        firstOrderOnly("lstm", "Recurrent", "backpropagation through time: per step the cell's backward, dh_{t-1} = dGates_t W_hh; dW_ih = Σ dGates_t^T x_t, dW_hh = Σ dGates_t^T h_{t-1}",
                sequence, v -> lstmAll(Recurrent.lstm(v[0], v[1], v[2], v[3], v[4], v[5], v[6])));
        op("lstm(unrolled)", "Recurrent", "the graph of composite cells, step by step",
                sequence, v -> lstmAll(Recurrent.lstmUnrolled(v[0], v[1], v[2], v[3], v[4], v[5], v[6], false)));
        op("gruCell", "Recurrent", "composite: r, z = σ, n = tanh(x W_in + b_in + r (h W_hn + b_hn)), h' = (1 - z) n + z h",
                inputs(g -> normal(g, 2, 3), cell, g -> normal(g, 6, 3), g -> normal(g, 6, 2), g -> normal(g, 6), g -> normal(g, 6)),
                v -> Recurrent.gruCell(v[0], v[1], v[2], v[3], v[4], v[5]));
        op("rnnCell", "Recurrent", "composite: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)",
                inputs(g -> normal(g, 2, 3), cell, g -> normal(g, 2, 3), g -> normal(g, 2, 2), g -> normal(g, 2), g -> normal(g, 2)),
                v -> Recurrent.rnnCell(v[0], v[1], v[2], v[3], v[4], v[5], false));
    }

    /** h and c of a step as one vector, so a gradcheck sees both outputs. */
    private static Variable lstmBoth(Recurrent.State s) {
        return Variable.concat(0, s.h().reshape(-1), s.c().reshape(-1));
    }

    /** Every step's h and the final c as one vector. */
    private static Variable lstmAll(Recurrent.Sequence s) {
        return Variable.concat(0, s.output().reshape(-1), s.c().reshape(-1));
    }

    private static void registerConvolutionOps() {
        dev.tensorj.tensor.ConvGeometry g3 = new dev.tensorj.tensor.ConvGeometry(3, 3, 1, 1, 1, 1, 1, 1);
        dev.tensorj.tensor.ConvGeometry strided = new dev.tensorj.tensor.ConvGeometry(3, 2, 2, 1, 1, 0, 1, 2);
        op("unfold", "Conv", "fold of the gradient (col2im)", inputs(g -> normal(g, 2, 2, 5, 4)), v -> v[0].unfold(strided, 0));
        op("fold", "Conv", "unfold of the gradient (im2col)", inputs(g -> normal(g, 2, 2 * 6, 6)), v -> v[0].fold(strided, 5, 4));
        firstOrderOnly("conv2d", "Conv", "fused kernel: dW = sum_n G_n unfold(x_n)^T, dx = fold(W^T G), db = sum G", inputs(g -> normal(g, 2, 3, 5, 5), g -> normal(g, 4, 3, 3, 3), g -> normal(g, 4)),
                v -> Conv.conv2d(v[0], v[1], v[2], g3, 1));
        firstOrderOnly("conv2d(strided, dilated)", "Conv", "as conv2d", inputs(g -> normal(g, 1, 2, 7, 6), g -> normal(g, 3, 2, 3, 2)),
                v -> Conv.conv2d(v[0], v[1], null, strided, 1));
        op("conv2d(composite)", "Conv", "unfold + matmul: the twice-differentiable form the fused kernel is checked against",
                inputs(g -> normal(g, 2, 3, 5, 5), g -> normal(g, 4, 3, 3, 3), g -> normal(g, 4)), v -> Conv.conv2dComposite(v[0], v[1], v[2], g3));
        op("conv2d(groups)", "Conv", "as conv2d, per group", inputs(g -> normal(g, 2, 4, 4, 4), g -> normal(g, 6, 2, 3, 3)),
                v -> Conv.conv2d(v[0], v[1], null, g3, 2));
        firstOrderOnly("conv1d", "Conv", "conv2d on a height-1 image", inputs(g -> normal(g, 2, 3, 9), g -> normal(g, 4, 3, 3), g -> normal(g, 4)),
                v -> Conv.conv1d(v[0], v[1], v[2], 2, 1, 1, 1));
        firstOrderOnly("convTranspose2d", "Conv", "fused kernel: y = conv2dBackwardInput(x, W), dx = conv2d(G, W), dW = conv2dBackwardWeight(G, x), db = sum G",
                inputs(g -> normal(g, 2, 3, 3, 3), g -> normal(g, 3, 2, 3, 3), g -> normal(g, 2)),
                v -> Conv.convTranspose2d(v[0], v[1], v[2], new dev.tensorj.tensor.ConvGeometry(3, 3, 2, 2, 1, 1, 1, 1), 1, 1));
        op("convTranspose2d(composite)", "Conv", "fold(W^T x): dx = W . unfold(G), dW from matmul; the form the fused kernel is checked against",
                inputs(g -> normal(g, 2, 3, 3, 3), g -> normal(g, 3, 2, 3, 3), g -> normal(g, 2)),
                v -> Conv.convTranspose2dComposite(v[0], v[1], v[2], new dev.tensorj.tensor.ConvGeometry(3, 3, 2, 2, 1, 1, 1, 1), 6, 6));
        op("maxPool2d", "Pool", "the gradient goes to the maximum of each window", inputs(g -> normal(g, 2, 2, 5, 5)),
                v -> Pool.maxPool2d(v[0], dev.tensorj.tensor.ConvGeometry.of(2, 2, 0)));
        op("maxPool2d(padded)", "Pool", "as maxPool2d; padding never wins", inputs(g -> normal(g, 1, 2, 5, 4)),
                v -> Pool.maxPool2d(v[0], dev.tensorj.tensor.ConvGeometry.of(3, 2, 1)));
        op("avgPool2d", "Pool", "1/(kH kW) to every pixel of each window", inputs(g -> normal(g, 2, 2, 4, 6)),
                v -> Pool.avgPool2d(v[0], dev.tensorj.tensor.ConvGeometry.of(2, 2, 0)));
        op("maxPool1d", "Pool", "as maxPool2d on a height-1 image", inputs(g -> normal(g, 2, 3, 9)), v -> Pool.maxPool1d(v[0], 2, 2, 0));
        op("globalAvgPool2d", "Pool", "1/(H W) everywhere", inputs(g -> normal(g, 2, 3, 4, 4)), v -> Pool.globalAvgPool2d(v[0]));
        op("globalMaxPool1d", "Pool", "1 at each channel's maximum", inputs(g -> normal(g, 2, 3, 7)), v -> Pool.globalMaxPool1d(v[0]));
        op("upsampleBilinear2d", "Pool", "A_H^T G A_W: the transposed interpolation matrices (bilinear upsampling is x -> A_H x A_W^T)",
                inputs(g -> normal(g, 2, 2, 3, 2)), v -> Pool.upsampleBilinear2d(v[0], 2, 3, false));
        op("upsampleBilinear2d(alignCorners)", "Pool", "as upsampleBilinear2d", inputs(g -> normal(g, 1, 2, 3, 3)), v -> Pool.upsampleBilinear2d(v[0], 2, 2, true));
        op("upsampleNearest2d", "Pool", "the gradient summed over each block", inputs(g -> normal(g, 2, 2, 3, 2)), v -> Pool.upsampleNearest2d(v[0], 2, 3));
        firstOrderOnly("batchNormTrain", "Norm", "fused: dbeta = sum dy, dgamma = sum dy x̂, dx = gamma invStd / M (M dy - dbeta - x̂ dgamma)",
                inputs(g -> normal(g, 4, 3, 2, 2), g -> normal(g, 3), g -> normal(g, 3)), v -> Norm.batchNormTrain(v[0], v[1], v[2], 1e-5).output());
        op("batchNormTrain(composite)", "Norm", "through the batch mean and variance (composite of reductions)", inputs(g -> normal(g, 4, 3, 2, 2), g -> normal(g, 3), g -> normal(g, 3)),
                v -> Norm.batchNormTrainComposite(v[0], v[1], v[2], 1e-5).output());
        firstOrderOnly("batchNorm1d", "Norm", "as batchNormTrain on [N, C]", inputs(g -> normal(g, 6, 3), g -> normal(g, 3), g -> normal(g, 3)),
                v -> Norm.batchNormTrain(v[0], v[1], v[2], 1e-5).output());
        op("batchNormEval", "Norm", "(x - mean) / sqrt(var + eps) * gamma + beta with fixed statistics", inputs(g -> normal(g, 4, 3), g -> normal(g, 3), g -> normal(g, 3)),
                v -> Norm.batchNormEval(v[0], Tensor.of(0.5f, -1f, 2f).to(DType.FLOAT64), Tensor.of(1f, 2f, 0.5f).to(DType.FLOAT64), v[1], v[2], 1e-5));
    }
}
