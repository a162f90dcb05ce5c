package dev.tensorj.cuda;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the kernel entry points of a PTX text: each {@code .visible .entry name(} followed by its
 * {@code .param} lines up to the closing parenthesis. Used to check the embedded kernels against {@link Kernel}.
 */
public final class PtxEntries {
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+([A-Za-z_$][\\w$]*)\\s*\\(([^)]*)\\)", Pattern.DOTALL);
    private static final Pattern PARAM = Pattern.compile("\\.param\\b");

    private PtxEntries() {
    }

    /** Kernel name to parameter count, in the order the PTX declares them. */
    public static Map<String, Integer> parse(String ptx) {
        Map<String, Integer> entries = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(ptx);
        while (m.find()) {
            Matcher p = PARAM.matcher(m.group(2));
            int count = 0;
            while (p.find()) count++;
            entries.put(m.group(1), count);
        }
        return entries;
    }
}
