package dev.tensorj.gradcheck;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Parses the shapes of {@link GradCheckTest#inputs}: {@code "3x4"}, {@code "2, 3, 5"}, or {@code ""} for a scalar. */
final class Shapes {
    private Shapes() {
    }

    static int[] parse(String where, String shape) {
        String s = shape.trim();
        if (s.isEmpty()) return new int[0];
        String[] parts = s.split("\\s*[x,]\\s*");
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new ExtensionConfigurationException("@GradCheckTest " + where + ": input shape '" + shape + "' is not like \"3x4\" or \"2, 3\"");
            }
            if (dims[i] < 1) throw new ExtensionConfigurationException("@GradCheckTest " + where + ": input shape '" + shape + "' has a size below 1");
        }
        return dims;
    }
}
