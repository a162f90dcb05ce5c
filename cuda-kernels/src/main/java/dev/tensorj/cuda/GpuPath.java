package dev.tensorj.cuda;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Which implementation runs an op family on the GPU: our kernels (always there), cuBLAS or cuDNN (where their
 * libraries load). Chosen once per backend from system properties, so every path can be forced and tested:
 * <ul>
 *   <li>{@code tensorj.cuda.path=ours|cublas|cudnn|auto} for all families (default {@code auto});</li>
 *   <li>{@code tensorj.cuda.path.gemm=ours|cublas|auto} for matrix products;</li>
 *   <li>{@code tensorj.cuda.path.conv=ours|cublas|cudnn|auto} for the three convolution passes
 *       ({@code cublas}: our im2col/col2im with cuBLAS's GEMM; {@code ours}: our im2col and SGEMM);</li>
 *   <li>{@code tensorj.cuda.path.norm=ours|cudnn|auto} for training-mode batch norm, forward and backward
 *       (the global {@code cublas} leaves it on ours: cuBLAS has none).</li>
 * </ul>
 * {@code auto} takes the fastest that loaded (cuDNN, then cuBLAS, then ours); a forced path whose library did
 * not load is an error naming the reason, never a silent fall-back.
 */
public enum GpuPath {
    OURS("our kernels"), CUBLAS("cuBLAS"), CUDNN("cuDNN");

    public static final String PROPERTY = "tensorj.cuda.path";

    private final String label;

    GpuPath(String label) {
        this.label = label;
    }

    /** How the path is named in the run's summary: "our kernels", "cuBLAS", "cuDNN". */
    public String label() {
        return label;
    }

    /** The paths of the families that have a choice: matrix products, convolutions, batch norm. */
    public record Choice(GpuPath gemm, GpuPath conv, GpuPath norm) {
    }

    /**
     * Resolves the properties ({@code property} reads one, null when unset) against what loaded; a reason is
     * null when that library loaded. Throws {@link IllegalStateException} for a forced path that cannot run,
     * {@link IllegalArgumentException} for a value that is none of the choices.
     */
    static Choice choose(UnaryOperator<String> property, String cublasMissing, String cudnnMissing) {
        String all = value(property, PROPERTY, "ours", "cublas", "cudnn", "auto");
        String gemm = value(property, PROPERTY + ".gemm", "ours", "cublas", "auto");
        String conv = value(property, PROPERTY + ".conv", "ours", "cublas", "cudnn", "auto");
        if (gemm == null) gemm = all == null || all.equals("cudnn") ? "auto" : all;
        if (conv == null) conv = all == null ? "auto" : all;
        String norm = value(property, PROPERTY + ".norm", "ours", "cudnn", "auto");
        if (norm == null) norm = all == null ? "auto" : all.equals("cublas") ? "ours" : all;
        GpuPath gemmPath = switch (gemm) {
            case "ours" -> OURS;
            case "cublas" -> forced(CUBLAS, "gemm", cublasMissing);
            default -> cublasMissing == null ? CUBLAS : OURS;
        };
        GpuPath convPath = switch (conv) {
            case "ours" -> OURS;
            case "cublas" -> forced(CUBLAS, "conv", cublasMissing);
            case "cudnn" -> forced(CUDNN, "conv", cudnnMissing);
            default -> cudnnMissing == null ? CUDNN : cublasMissing == null ? CUBLAS : OURS;
        };
        GpuPath normPath = switch (norm) {
            case "ours" -> OURS;
            case "cudnn" -> forced(CUDNN, "norm", cudnnMissing);
            default -> cudnnMissing == null ? CUDNN : OURS;
        };
        return new Choice(gemmPath, convPath, normPath);
    }

    private static GpuPath forced(GpuPath path, String family, String missing) {
        if (missing != null) {
            throw new IllegalStateException(PROPERTY + " forces " + path.label + " for " + family + ", but it is not available: " + missing);
        }
        return path;
    }

    private static String value(UnaryOperator<String> property, String name, String... choices) {
        String raw = property.apply(name);
        if (raw == null || raw.isBlank()) return null;
        String v = raw.trim().toLowerCase(Locale.ROOT);
        for (String choice : choices) if (choice.equals(v)) return v;
        throw new IllegalArgumentException("-D" + name + "=" + raw + ": expected one of " + String.join(", ", choices));
    }
}
