package dev.tensorj.tensor.cpu;

/**
 * Whether the incubating Vector API ({@code --add-modules jdk.incubator.vector}) is there. Classes
 * that use it are only loaded when it is, so tensorj runs without the flag on its plain-Java paths.
 */
final class VectorSupport {
    static final boolean AVAILABLE = probe();

    private VectorSupport() {
    }

    private static boolean probe() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            Class.forName("jdk.incubator.vector.FloatVector");
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
