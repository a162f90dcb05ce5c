package dev.tensorj.gradcheck;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test method that checks a differentiable op: the method takes a {@link GradChecker} and hands it
 * the op, a function of one {@code Variable} per entry of {@link #inputs}. JUnit then runs, in float64 with
 * inputs drawn from {@link #domain}:
 * <ul>
 *   <li>"first order": analytic gradients (your backward) against central differences, on contiguous,
 *       non-contiguous and broadcast inputs ({@code GradCheck.check});</li>
 *   <li>"second order" (unless {@code secondOrder = false}): the gradients of the gradients
 *       ({@code GradCheck.checkSecondOrder}), for ops whose backward is itself differentiable.</li>
 * </ul>
 * A failure names the input, the element, the analytic and numeric values and their error.
 * <pre>
 *   class CubeTest {
 *       &#64;GradCheckTest(inputs = "3x4", secondOrder = false)
 *       void cube(GradChecker check) {
 *           check.op(x -&gt; new Cube().apply(x[0]));
 *       }
 *   }
 * </pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(GradCheckExtension.class)
public @interface GradCheckTest {
    /** The shape of each input, e.g. {@code {"3x4", "4"}}; {@code ""} is a scalar. */
    String[] inputs();

    /** Where the inputs' values are drawn from. */
    Domain domain() default Domain.NORMAL;

    /** Whether to check second derivatives too. */
    boolean secondOrder() default true;

    /** Absolute tolerance (PyTorch's gradcheck default). */
    double atol() default 1e-5;

    /** Relative tolerance (PyTorch's gradcheck default). */
    double rtol() default 1e-3;

    /** The seed of the inputs: the same seed gives the same inputs and the same verdict. */
    long seed() default 42;
}
