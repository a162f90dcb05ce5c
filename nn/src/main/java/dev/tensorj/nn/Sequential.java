package dev.tensorj.nn;

import dev.tensorj.autograd.Variable;

import java.util.ArrayList;
import java.util.List;

/** Modules applied one after the other; they are named "0", "1", ... as in PyTorch. */
public class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** Appends a layer (named by its index). */
    public Sequential add(Module module) {
        registerModule(Integer.toString(layers.size()), module);
        layers.add(module);
        return this;
    }

    public Module get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }

    public List<Module> layers() {
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
