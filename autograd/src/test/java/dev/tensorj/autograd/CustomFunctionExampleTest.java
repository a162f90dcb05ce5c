package dev.tensorj.autograd;

import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The README's example: a custom op checked with GradCheck in two lines. */
class CustomFunctionExampleTest {

    /** y = x^3, dy/dx = 3 x^2. */
    static final class Cube extends CustomFunction {
        @Override
        protected Tensor forward(Context ctx, Tensor... x) {
            ctx.saveForBackward(x[0]);
            return x[0].pow(3);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor gradOutput) {
            return new Tensor[] {gradOutput.mul(ctx.saved(0).square()).mul(3)};
        }
    }

    @Test
    void cubePassesGradCheck() {
        GradCheck.check(x -> new Cube().apply(x[0]), Tensor.randn(3, 4));
    }
}
