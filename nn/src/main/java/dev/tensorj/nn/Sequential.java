package dev.tensorj.nn;

import dev.tensorj.autograd.Variable;

import java.util.ArrayList;
import java.util.List;

/** Modules applied one after the other; they are named "0", "1", ... as in PyTorch. */
public class Sequential extends Layer {
    private final List<Layer> layers = new ArrayList<>();

    /** The layers in order, named "0", "1", ... ({@code nn.Sequential(...)}, Keras' {@code Sequential([...])}). */
    public Sequential(Layer... modules) {
        for (Layer m : modules) add(m);
    }

    /** Appends a layer (named by its index). */
    public Sequential add(Layer module) {
        registerLayer(Integer.toString(layers.size()), module);
        layers.add(module);
        return this;
    }

    /** The layer at {@code index} (0-based), as added. */
    public Layer get(int index) {
        return layers.get(index);
    }

    /** The number of layers. */
    public int size() {
        return layers.size();
    }

    /** The layers in order (an unmodifiable copy). */
    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    @Override
    public Variable forward(Variable input) {
        Variable x = input;
        for (int i = 0; i < layers.size(); i++) {
            x = Layers.call(layers.get(i), Integer.toString(i), x);
        }
        return x;
    }
}
