package dev.tensorj.gradcheck;

import dev.tensorj.autograd.CustomFunction;
import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The annotation run through the JUnit platform, as a user's build runs it: passing, failing and misdeclared ops. */
class GradCheckExtensionTest {

    /** y = x^3 with a hand-written backward: 3 x^2 g (or a wrong one). */
    static final class Cube extends CustomFunction {
        private final double factor;

        Cube(double factor) {
            this.factor = factor;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... x) {
            ctx.saveForBackward(x[0]);
            return x[0].pow(3);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[] {g.mul(ctx.saved(0).square()).mul(factor)};
        }
    }

    static class CorrectOps {
        @GradCheckTest(inputs = "3x4", secondOrder = false)
        void cube(GradChecker check) {
            check.op(x -> new Cube(3).apply(x[0]));
        }

        @GradCheckTest(inputs = {"3x4", "4"}, domain = Domain.POSITIVE)
        void broadcastRatio(GradChecker check) {
            check.op(v -> v[0].div(v[1]).log().mul(v[0]));
        }

        @GradCheckTest(inputs = {"2, 3", "2x3", ""})
        void threeInputsOneScalar(GradChecker check) {
            check.op(v -> v[0].mul(v[1]).tanh().mul(v[2]));
        }
    }

    static class WrongOp {
        @GradCheckTest(inputs = "3x4", secondOrder = false)
        void cube(GradChecker check) {
            check.op(x -> new Cube(2).apply(x[0])); // should be 3 x^2
        }
    }

    static class MisdeclaredOp {
        @GradCheckTest(inputs = {"3x4", "4"})
        void noChecker(Variable x) {
        }
    }

    static class ForgottenCheck {
        @GradCheckTest(inputs = "3")
        void nothingChecked(GradChecker check) {
        }
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    @Test
    void correctOpsPassFirstAndSecondOrder() {
        Events events = run(CorrectOps.class);
        assertEquals(5, events.succeeded().count(), "cube (first order) + two ops x (first, second order)");
        assertEquals(0, events.failed().count());
    }

    @Test
    void aWrongBackwardFailsWithTheElementAndBothValues() {
        Events events = run(WrongOp.class);
        assertEquals(1, events.failed().count());
        String message = events.failed().stream().findFirst().orElseThrow().getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow().getMessage();
        assertTrue(message.contains("element") && message.contains("analytic") && message.contains("numeric"), message);
    }

    @Test
    void aMisdeclaredOpIsAClearConfigurationError() {
        var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(MisdeclaredOp.class)).execute();
        String all = results.allEvents().failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).flatMap(r -> r.getThrowable()).map(Throwable::getMessage).orElse(""))
                .reduce("", String::concat);
        assertTrue(all.contains("noChecker") && all.contains("expected one parameter of type GradChecker"), all);
    }

    @Test
    void aMethodThatChecksNothingFails() {
        Events events = run(ForgottenCheck.class);
        assertEquals(2, events.failed().count(), "first and second order");
    }

    @Test
    void shapesParseOrSayWhatIsExpected() {
        assertEquals(0, Shapes.parse("t", "").length);
        assertEquals(3, Shapes.parse("t", "2, 3x 4").length);
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.junit.jupiter.api.extension.ExtensionConfigurationException.class, () -> Shapes.parse("t", "3 by 4"));
        assertTrue(e.getMessage().contains("\"3x4\""), e.getMessage());
    }
}
