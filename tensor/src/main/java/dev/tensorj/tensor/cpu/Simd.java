package dev.tensorj.tensor.cpu;

/**
 * Whether the incubating Vector API ({@code jdk.incubator.vector}) can be used. Detected once; the
 * kernels test {@link #enabled()} before calling {@link VectorKernels}, so that class (and the module)
 * is only loaded when present. {@code -Dtensorj.vector=false} forces the plain-Java path.
 */
final class Simd {
    static final boolean AVAILABLE = detect();
    /** Tests turn this off to run the plain-Java twins of the vector loops in the same JVM. */
    private static volatile boolean allowed = true;

    private Simd() {
    }

    /** Floats in one vector of the kernels' shape (8 or 16); 8 without the Vector API. */
    static int lanes() {
        return AVAILABLE ? VectorKernels.lanes() : 8;
    }

    /** Whether kernels should take their vector loops now. */
    static boolean enabled() {
        return AVAILABLE && allowed;
    }

    /** For tests: false forces the plain-Java loops until set back to true. */
    static void allow(boolean vectorLoops) {
        allowed = vectorLoops;
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
