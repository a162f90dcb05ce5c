package dev.tensorj.tensor.cpu;

/**
 * Whether the incubating Vector API ({@code jdk.incubator.vector}) can be used. Detected once; the
 * kernels test {@link #AVAILABLE} before calling {@link VectorKernels}, so that class (and the module)
 * is only loaded when present. {@code -Dtensorj.vector=false} forces the plain-Java path.
 */
final class Simd {
    static final boolean AVAILABLE = detect();

    private Simd() {
    }

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("tensorj.vector", "true"))) return false;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            return VectorKernels.lanes() >= 4;
        } catch (LinkageError e) {
            return false;
        }
    }
}
