package dev.tensorj.nn;

import dev.tensorj.autograd.Variable;

/** Calls a layer and, when its input does not fit, says which layer, what it expected and what it got. */
final class Layers {
    private Layers() {
    }

    static Variable call(Layer layer, String name, Variable input) {
        try {
            return layer.forward(input);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("layer ")) throw e;
            throw new IllegalArgumentException("layer " + name + " (" + layer.name() + "): input of shape "
                    + java.util.Arrays.toString(input.data().dims()) + " does not fit: " + e.getMessage(), e);
        }
    }
}
