package dev.tensorj.nn.optim;

import dev.tensorj.autograd.Variable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parameters that share hyper-parameters (lr, momentum, betas, weight decay...). */
public final class ParamGroup {
    private final List<Variable> params;
    private final Map<String, Double> options;

    ParamGroup(List<Variable> params, Map<String, Double> options) {
        this.params = List.copyOf(params);
        this.options = new LinkedHashMap<>(options);
    }

    /** The group's parameters, in the order given (an unmodifiable copy). */
    public List<Variable> params() {
        return params;
    }

    /** A hyper-parameter by its PyTorch name ({@code "lr"}, {@code "momentum"}...); an unknown name is an error listing the known. */
    public double get(String option) {
        Double v = options.get(option);
        if (v == null) throw new IllegalArgumentException("ParamGroup: no option '" + option + "' (have " + options.keySet() + ")");
        return v;
    }

    /** Sets (or adds) a hyper-parameter; the optimiser reads it at its next step, so LR schedules work through this. */
    public void set(String option, double value) {
        options.put(option, value);
    }

    /** All hyper-parameters by name, in insertion order: the group's own map, not a copy. */
    public Map<String, Double> options() {
        return options;
    }
}
