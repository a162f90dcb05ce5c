package dev.tensorj.nn.io;

import dev.tensorj.tensor.Tensor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A child process for {@link CrashSafetyTest}: overwrites one safetensors file again and again, each
 * version holding two 8 MB tensors filled with the version number, until it is killed.
 */
public final class CheckpointWriterMain {
    private CheckpointWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        for (int version = 1; ; version++) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            tensors.put("a", Tensor.full(version, 2048, 1024));
            tensors.put("b", Tensor.full(version, 2048, 1024));
            SafeTensors.save(tensors, Map.of("version", Integer.toString(version)), file);
            System.out.println(version);
            System.out.flush();
        }
    }
}
