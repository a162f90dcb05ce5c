package dev.tensorj.gradcheck;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a {@link GradCheckTest} method once per order ("first order", and "second order" unless turned off),
 * each time handing it a {@link GradChecker} set up for that order; a method that never calls
 * {@link GradChecker#op} fails, so a check cannot be skipped by mistake.
 */
public final class GradCheckExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(GradCheckTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        GradCheckTest spec = method.getAnnotation(GradCheckTest.class);
        String where = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        checkSignature(method, spec, where);
        List<TestTemplateInvocationContext> orders = new ArrayList<>();
        orders.add(invocation("first order (contiguous, non-contiguous, broadcast; float64)", new GradChecker(spec, where, false)));
        if (spec.secondOrder()) orders.add(invocation("second order (float64)", new GradChecker(spec, where, true)));
        return orders.stream();
    }

    /** The method takes exactly one GradChecker, and the shapes parse. */
    static void checkSignature(Method method, GradCheckTest spec, String where) {
        if (method.getParameterCount() != 1 || method.getParameterTypes()[0] != GradChecker.class) {
            throw new ExtensionConfigurationException("@GradCheckTest " + where + ": expected one parameter of type GradChecker, e.g. "
                    + "void " + method.getName() + "(GradChecker check) { check.op(x -> ...); }");
        }
        if (spec.inputs().length == 0) throw new ExtensionConfigurationException("@GradCheckTest " + where + ": give the shape of each input, e.g. inputs = \"3x4\"");
        for (String shape : spec.inputs()) Shapes.parse(where, shape);
    }

    private static TestTemplateInvocationContext invocation(String displayName, GradChecker checker) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return displayName;
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new Provide(checker), new RequireCheck(checker));
            }
        };
    }

    private record Provide(GradChecker checker) implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == GradChecker.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return checker;
        }
    }

    private record RequireCheck(GradChecker checker) implements AfterTestExecutionCallback {
        @Override
        public void afterTestExecution(ExtensionContext context) {
            if (context.getExecutionException().isEmpty() && !checker.ran()) {
                throw new AssertionError("@GradCheckTest " + context.getRequiredTestMethod().getName() + ": the method never called check.op(...), so nothing was checked");
            }
        }
    }
}
