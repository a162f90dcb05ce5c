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

    public List<Variable> params() {
        return params;
    }

    public double get(String option) {
        Double v = options.get(option);
        if (v == null) throw new IllegalArgumentException("ParamGroup: no option '" + option + "' (have " + options.keySet() + ")");
        return v;
    }

    public void set(String option, double value) {
        options.put(option, value);
    }

    public Map<String, Double> options() {
        return options;
    }
}
