package dev.tensorj.autograd;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The derivatives page (docs/derivatives.md), generated from the {@link OpRegistry} so the docs
 * cannot drift from the code: a test compares the committed page with this output.
 */
public final class DerivativesPage {
    private DerivativesPage() {
    }

    /** The page's Markdown: one table per op family listing each op and its derivative, as written in docs/derivatives.md. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Derivatives of the differentiable ops\n\n")
                .append("Generated from `OpRegistry` by `DerivativesPage` — do not edit by hand; regenerate with\n")
                .append("`mvn -pl autograd test -Dtest=DerivativesPageTest -Dtensorj.updateDocs=true`.\n\n")
                .append("Every op below passes `GradCheck` in float64 (analytic vs central differences) with contiguous,\n")
                .append("non-contiguous and broadcast inputs, run by `GradCheckRegistryTest`; \"2nd order\" marks the ops whose\n")
                .append("backward is itself differentiable and passes the second-order check. `g` is the gradient of the output.\n");
        Map<String, List<OpSpec>> byFamily = new LinkedHashMap<>();
        for (OpSpec op : OpRegistry.all()) byFamily.computeIfAbsent(op.family(), k -> new java.util.ArrayList<>()).add(op);
        byFamily.forEach((family, ops) -> {
            sb.append("\n## ").append(family).append("\n\n| op | derivative | 2nd order | gradcheck |\n|---|---|---|---|\n");
            for (OpSpec op : ops) {
                sb.append("| `").append(op.name()).append("` | ").append(op.derivative().replace("|", "\\|")).append(" | ")
                        .append(op.secondOrder() ? "yes" : "no").append(" | float64, atol ").append(op.atol()).append(", rtol ").append(op.rtol()).append(" |\n");
            }
        });
        return sb.toString();
    }
}
