package dev.tensorj.autograd;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Every op of the registry passes gradcheck in float64 (with its non-contiguous and broadcast variants). */
class GradCheckRegistryTest {
    /** Public Variable methods that are not differentiable ops. */
    private static final Set<String> NOT_OPS = Set.of("constant", "parameter", "detach", "setRequiresGrad", "setName", "setData", "setGrad",
            "registerHook", "gradVariable");

    @TestFactory
    Stream<DynamicTest> firstOrder() {
        return OpRegistry.all().stream().map(op -> DynamicTest.dynamicTest(op.name(), () -> {
            Tensor[] inputs = op.sampleInputs().apply(new Generator(42));
            GradCheck.check(op.fn(), GradCheck.Options.defaults().withTolerance(op.atol(), op.rtol()), inputs);
        }));
    }

    @TestFactory
    Stream<DynamicTest> secondOrder() {
        return OpRegistry.all().stream().filter(OpSpec::secondOrder).map(op -> DynamicTest.dynamicTest(op.name(), () -> {
            Tensor[] inputs = op.sampleInputs().apply(new Generator(7));
            GradCheck.checkSecondOrder(op.fn(), GradCheck.Options.defaults().withTolerance(1e-4, 1e-3), inputs);
        }));
    }

    @Test
    void everyVariableOpHasARegistryEntry() {
        Set<String> registered = new TreeSet<>();
        for (OpSpec op : OpRegistry.all()) registered.add(op.method());
        Set<String> missing = new TreeSet<>();
        for (Method m : Variable.class.getDeclaredMethods()) {
            boolean returnsVariables = m.getReturnType() == Variable.class || m.getReturnType() == List.class;
            if (!Modifier.isPublic(m.getModifiers()) || !returnsVariables || NOT_OPS.contains(m.getName())) continue;
            if (!registered.contains(m.getName())) missing.add(m.getName());
        }
        for (Method m : F.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !registered.contains(m.getName())) missing.add("F." + m.getName());
        }
        for (OpRegistry.Family family : OpRegistry.FAMILIES) {
            for (Method m : family.type().getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !registered.contains(m.getName())) missing.add(family.name() + "." + m.getName());
            }
        }
        assertTrue(missing.isEmpty(), "differentiable ops without a gradcheck entry in OpRegistry: " + missing);
    }

    @Test
    void everyFamilyDeclaresItsOpsAndEveryOpNamesItsFamily() {
        for (OpRegistry.Family family : OpRegistry.FAMILIES) {
            long count = OpRegistry.all().stream().filter(op -> op.family().equals(family.name())).count();
            assertTrue(count > 0, family.name() + " declares no ops");
            assertEquals(family.name(), family.type().getSimpleName(), "a family is named after its file");
        }
        assertEquals(OpRegistry.all().size(), OpRegistry.all().stream().map(OpSpec::name).distinct().count(), "op names are unique");
    }

    @Test
    void aWrongGradientIsCaughtWithAReport() {
        CustomFunction wrong = new CustomFunction() {
            @Override
            protected Tensor forward(Context ctx, Tensor... x) {
                ctx.saveForBackward(x[0]);
                return x[0].square();
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor g) {
                return new Tensor[] {g.mul(ctx.saved(0))}; // should be 2x
            }
        };
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.check(v -> wrong.apply(v), Tensor.randn(new Generator(1), 2, 3)));
        assertTrue(e.getMessage().contains("element [0, 0]") && e.getMessage().contains("analytic") && e.getMessage().contains("numeric"), e.getMessage());
    }

    @Test
    void largeInputsUseRandomDirections() {
        GradCheck.check(v -> v[0].tanh().sum(new int[] {1}, false), Tensor.randn(new Generator(3), 40, 30));
    }
}
