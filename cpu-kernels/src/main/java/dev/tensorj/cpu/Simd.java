package dev.tensorj.cpu;

/**
 * The one SIMD switch: whether the kernels use the incubating Vector API ({@code jdk.incubator.vector}),
 * and at which width. {@code -Dtensorj.simd=auto} (the default) takes 512-bit vectors where the machine has
 * AVX-512, else 256-bit ones; {@code 256} or {@code 512} forces a width; {@code off} runs every kernel's
 * plain-Java twin (and the scalar GEMM micro-kernel). Without the module the kernels are plain Java
 * whatever the setting. Decided once per JVM: the kernels test {@link #enabled()} before calling
 * {@link VectorKernels}, so that class (and the module) is only loaded when in use.
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

    /** The value of {@code -Dtensorj.simd}: auto, off, 256 or 512. */
    static String setting() {
        String value = System.getProperty("tensorj.simd", "auto").trim().toLowerCase(java.util.Locale.ROOT);
        if (!value.equals("auto") && !value.equals("off") && !value.equals("256") && !value.equals("512")) {
            throw new IllegalArgumentException("tensorj.simd: expected auto, off, 256 or 512, got '" + value + "'");
        }
        return value;
    }

    private static boolean detect() {
        if (setting().equals("off")) return false;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            return VectorKernels.lanes() >= 4;
        } catch (LinkageError e) {
            return false;
        }
    }
}
