package dev.tensorj.tensor;

import java.util.Locale;

/** Where a tensor's storage lives: {@code cpu}, or {@code cuda:N} when a CUDA backend is present. */
public record Device(Kind kind, int index) {

    /** The kind of memory and processor. */
    public enum Kind {
        /** The host: Java arrays on the heap, computed by the reference or the fast CPU backend. */
        CPU,
        /** An NVIDIA GPU, through the cuda-kernels module. */
        CUDA
    }

    /** The host (there is only one; its index is 0). */
    public static final Device CPU = new Device(Kind.CPU, 0);

    /** Checks that the index is not negative, and 0 for the CPU. */
    public Device {
        if (index < 0) throw new IllegalArgumentException("Device: index must be >= 0, got " + index);
        if (kind == Kind.CPU && index != 0) throw new IllegalArgumentException("Device: cpu has no index, got cpu:" + index);
    }

    /** The GPU of that CUDA ordinal ({@code torch.device("cuda", index)}). */
    public static Device cuda(int index) {
        return new Device(Kind.CUDA, index);
    }

    /** Parses {@code "cpu"}, {@code "cuda"} (= cuda:0) or {@code "cuda:N"}. */
    public static Device parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) return CPU;
        if (t.equals("cuda")) return cuda(0);
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("Device: cannot parse '" + text + "', expected 'cpu', 'cuda' or 'cuda:N'");
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + index;
    }
}
