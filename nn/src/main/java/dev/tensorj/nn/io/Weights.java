package dev.tensorj.nn.io;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.io.torch.TorchCheckpoint;

import java.io.IOException;
import java.nio.file.Path;

/** Loads pretrained weights into a module from either a safetensors file or a PyTorch checkpoint. */
public final class Weights {
    private Weights() {
    }

    /**
     * Loads {@code file} into the module's parameters and buffers by name: a {@code .safetensors} file
     * through {@link SafeTensors#loadInto}, anything else ({@code .pth}, {@code .pt}, {@code .bin}) as a
     * PyTorch checkpoint through {@link TorchCheckpoint#loadInto}. Either way every missing (strict),
     * unexpected (strict) and shape-mismatched key is reported at once and nothing is modified unless
     * the whole file fits.
     */
    public static void loadInto(Layer module, Path file, boolean strict) throws IOException {
        if (file.getFileName().toString().endsWith(".safetensors")) SafeTensors.loadInto(module, file, strict);
        else TorchCheckpoint.loadInto(module, file, strict);
    }
}
