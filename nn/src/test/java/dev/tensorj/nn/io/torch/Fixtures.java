package dev.tensorj.nn.io.torch;

import dev.tensorj.nn.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoints written by {@code scripts/pth-fixtures/make_fixtures.py} (Debian's python3-torch
 * 1.13) and what they hold, from its {@code expected.json}.
 */
final class Fixtures {
    static final List<String> VALID = List.of("zip_dtypes.pth", "zip_views.pth", "legacy_stream.pth", "legacy_rebuild_v1.pth", "legacy_big_endian.pth", "legacy_tar.pth", "tiny_cnn.pth");
    static final List<String> MALICIOUS = List.of("malicious_posix_system.pth", "malicious_builtins_eval.pth", "malicious_os_system.pth");
    /** The file a malicious fixture's payload would create if anything ran it. */
    static final String MARKER = "tensorj-pth-fixture-was-executed";

    private Fixtures() {
    }

    /** One expected tensor: torch's dtype name, shape and row-major values. */
    record Expected(String dtype, int[] shape, List<?> values) {
    }

    static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/pth/expected.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path file(String name) {
        return dir().resolve(name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Expected> expected(String fixture) {
        try {
            Map<String, Object> all = (Map<String, Object>) Json.parse(Files.readString(dir().resolve("expected.json")));
            Map<String, Object> tensors = (Map<String, Object>) all.get(fixture);
            Map<String, Expected> out = new LinkedHashMap<>();
            tensors.forEach((name, v) -> {
                Map<String, Object> m = (Map<String, Object>) v;
                List<?> shape = (List<?>) m.get("shape");
                int[] dims = shape.stream().mapToInt(d -> (int) (long) (Long) d).toArray();
                out.put(name, new Expected((String) m.get("dtype"), dims, (List<?>) m.get("values")));
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "name shape dtype" lines of a torchvision key list; shape "64x3x7x7", or "scalar". */
    static Map<String, int[]> keyShapes(String file) {
        try {
            Map<String, int[]> out = new LinkedHashMap<>();
            for (String line : Files.readAllLines(dir().resolve(file))) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] parts = line.split(" ");
                int[] dims = parts[1].equals("scalar") ? new int[0] : java.util.Arrays.stream(parts[1].split("x")).mapToInt(Integer::parseInt).toArray();
                out.put(parts[0], dims);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
