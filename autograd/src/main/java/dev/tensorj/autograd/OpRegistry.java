package dev.tensorj.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every differentiable op of autograd, collected from the op-family files, where each op is declared
 * once beside its forward and backward (their static {@code ops()} methods). It drives the generated
 * gradcheck tests, the GPU-vs-CPU gradient test and the derivatives page (docs/derivatives.md); the
 * coverage test fails when a public op of {@link Variable}, {@link F} or a family has no entry.
 */
public final class OpRegistry {
    /** An op-family file and its declarations. */
    public record Family(String name, Class<?> type, Supplier<List<OpSpec>> ops) {
    }

    /** The op families, in the order of the derivatives page. A new family is one line here. */
    public static final List<Family> FAMILIES = List.of(
            new Family("Elementwise", Elementwise.class, Elementwise::ops),
            new Family("Activations", Activations.class, Activations::ops),
            new Family("Reductions", Reductions.class, Reductions::ops),
            new Family("MatMul", MatMul.class, MatMul::ops),
            new Family("Movement", Movement.class, Movement::ops),
            new Family("Indexing", Indexing.class, Indexing::ops),
            new Family("Conv", Conv.class, Conv::ops),
            new Family("Pool", Pool.class, Pool::ops),
            new Family("Resize", Resize.class, Resize::ops),
            new Family("Norm", Norm.class, Norm::ops),
            new Family("Recurrent", Recurrent.class, Recurrent::ops),
            new Family("Losses", Losses.class, Losses::ops));

    private static final List<OpSpec> OPS = new ArrayList<>();

    static {
        for (Family family : FAMILIES) {
            for (OpSpec spec : family.ops().get()) register(spec.inFamily(family.name()));
        }
    }

    private OpRegistry() {
    }

    /**
     * Every registered differentiable op, in registration order (read-only): what the gradcheck tests and the derivatives page
     * walk.
     */
    public static List<OpSpec> all() {
        return Collections.unmodifiableList(OPS);
    }

    /** Registers an op of a family outside this module (give it its family with {@link OpSpec#inFamily}). */
    public static synchronized void register(OpSpec spec) {
        if (spec.family() == null) throw new IllegalArgumentException("OpRegistry: '" + spec.name() + "' has no family (use OpSpec.inFamily)");
        for (OpSpec existing : OPS) {
            if (existing.name().equals(spec.name())) throw new IllegalArgumentException("OpRegistry: '" + spec.name() + "' is registered twice");
        }
        OPS.add(spec);
    }
}
