package dev.tensorj.nn.optim;

import dev.tensorj.autograd.Grad;
import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. Parameters come in groups ({@link ParamGroup}), each with
 * its own hyper-parameters (e.g. a smaller learning rate for a pretrained backbone). Parameters that
 * do not require grad, or have no gradient yet, are skipped. The updates run under
 * {@link Grad#disabled()} and change {@code param.data()} in place, as {@code torch.optim} does.
 */
public abstract class Optimizer {
    private final List<ParamGroup> groups = new ArrayList<>();
    /** Per-parameter state (momentum buffers, moment estimates, step counts), keyed by identity. */
    protected final Map<Variable, Map<String, Tensor>> state = new IdentityHashMap<>();
    private final Map<Variable, Integer> steps = new IdentityHashMap<>();
    /** State-dict names of the parameters, for messages (see {@link #nameParameters}). */
    private final Map<Variable, String> names = new IdentityHashMap<>();

    /**
     * One group holding {@code params} with the hyper-parameters {@code defaults} by name ({@code "lr"},
     * {@code "weight_decay"}...), which also fill the options that a later {@link #addParamGroup} leaves out.
     */
    protected Optimizer(List<Variable> params, Map<String, Double> defaults) {
        groups.add(new ParamGroup(params, defaults));
    }

    /** Adds a group with its own options; missing options take the optimiser's defaults. */
    public void addParamGroup(List<Variable> params, Map<String, Double> options) {
        Map<String, Double> merged = new LinkedHashMap<>(groups.get(0).options());
        merged.putAll(options);
        groups.add(new ParamGroup(params, merged));
    }

    /** The groups in the order they were added, the constructor's first (PyTorch's {@code param_groups}): the optimiser's own list. */
    public List<ParamGroup> paramGroups() {
        return groups;
    }

    /** The learning rate of the first group. */
    public double lr() {
        return groups.get(0).get("lr");
    }

    /** Sets the learning rate of every group (what LR schedules call). */
    public void setLr(double lr) {
        for (ParamGroup g : groups) g.set("lr", lr);
    }

    /**
     * Gives the parameters their state-dict names (e.g. {@code model.namedParameters()}), so that errors
     * name the parameter at fault; {@code Trainer} does this for its model. Without names, errors give the
     * parameter's index (as in {@link #stateDict()}) and shape.
     */
    public Optimizer nameParameters(Map<String, Variable> namedParameters) {
        namedParameters.forEach((name, p) -> names.put(p, name));
        return this;
    }

    /**
     * One update of every parameter that has a gradient. The state follows its parameter's dtype and
     * device (after {@code Layer.to(DType)} or {@code to(Device)}, as PyTorch's {@code load_state_dict}
     * casts it); a gradient of another shape, dtype or device than its parameter is an error that names
     * the parameter.
     */
    public void step() {
        try (var noGrad = Grad.disabled()) {
            int index = 0;
            for (ParamGroup group : groups) {
                for (Variable p : group.params()) {
                    int i = index++;
                    if (!p.requiresGrad() || p.grad() == null) continue;
                    Map<String, Tensor> state = stateOf(p);
                    checkGradientAndFollow(p, i, state);
                    int step = steps.merge(p, 1, Integer::sum);
                    update(p.data(), p.grad(), group, state, step);
                }
            }
        }
    }

    private void checkGradientAndFollow(Variable p, int index, Map<String, Tensor> state) {
        Tensor data = p.data(), grad = p.grad();
        if (!java.util.Arrays.equals(grad.dims(), data.dims()) || grad.dtype() != data.dtype() || !grad.device().equals(data.device())) {
            throw new IllegalStateException(getClass().getSimpleName() + ".step: the gradient of " + describe(p, index) + " is "
                    + grad.shape() + " " + grad.dtype() + " on " + grad.device() + " (a gradient hook or Variable.setData that changed it?)");
        }
        for (var e : state.entrySet()) {
            Tensor t = e.getValue();
            if (!t.dtype().isFloatingPoint()) continue;
            if (t.rank() > 0 && !java.util.Arrays.equals(t.dims(), data.dims())) {
                throw new IllegalStateException(getClass().getSimpleName() + ".step: its state '" + e.getKey() + "' " + t.shape() + " does not fit "
                        + describe(p, index) + " (state loaded from another model?)");
            }
            if (t.dtype() != data.dtype() || !t.device().equals(data.device())) e.setValue(t.to(data.dtype()).to(data.device()));
        }
    }

    /** "parameter 'fc.weight' [10, 784] FLOAT32", or "parameter 3 [10, 784] FLOAT32" without a name. */
    private String describe(Variable p, int index) {
        String name = names.containsKey(p) ? names.get(p) : p.name();
        return "parameter " + (name != null ? "'" + name + "' (index " + index + ")" : index) + " " + p.data().shape() + " " + p.data().dtype();
    }

    /**
     * Updates one parameter in place. {@code state} is this parameter's own map (empty at the first
     * step); {@code step} counts this parameter's updates from 1.
     */
    protected abstract void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Tensor> state, int step);

    /** Clears the gradients of all parameters. */
    public void zeroGrad() {
        for (ParamGroup group : groups) for (Variable p : group.params()) p.zeroGrad();
    }

    private Map<String, Tensor> stateOf(Variable p) {
        return state.computeIfAbsent(p, k -> new HashMap<>());
    }

    /**
     * The optimiser's state for checkpoints, like PyTorch's {@code state_dict()}: entries
     * {@code "state.<i>.<name>"} for parameter i (numbered across groups in order), plus
     * {@code "step.<i>"} and the groups' hyper-parameters {@code "group.<g>.<option>"}, as tensors.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        int index = 0;
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup group = groups.get(g);
            for (var option : group.options().entrySet()) {
                out.put("group." + g + "." + option.getKey(), Tensor.scalar(option.getValue(), dev.tensorj.tensor.DType.FLOAT64));
            }
            for (Variable p : group.params()) {
                Map<String, Tensor> s = state.get(p);
                String prefix = "state." + index + ".";
                if (s != null) s.forEach((name, t) -> out.put(prefix + name, t.copy()));
                Integer step = steps.get(p);
                if (step != null) out.put("step." + index, Tensor.scalar(step, dev.tensorj.tensor.DType.INT64));
                index++;
            }
        }
        return out;
    }

    /**
     * Restores what {@link #stateDict()} saved, for the same parameters in the same order. State tensors
     * are cast to their parameter's dtype and device (as PyTorch); one of another shape is an error that
     * names its key and the parameter, and nothing is loaded.
     */
    public void loadStateDict(Map<String, Tensor> saved) {
        List<Variable> all = new ArrayList<>();
        for (ParamGroup group : groups) all.addAll(group.params());
        for (var e : saved.entrySet()) {
            String[] parts = e.getKey().split("\\.", 3);
            if (!parts[0].equals("state") || parts.length < 3) continue;
            int i = parameterIndex(all, parts[1], e.getKey());
            Tensor t = e.getValue(), p = all.get(i).data();
            if (t.dtype().isFloatingPoint() && t.rank() > 0 && !java.util.Arrays.equals(t.dims(), p.dims())) {
                throw new IllegalArgumentException("Optimizer.loadStateDict: key '" + e.getKey() + "' has shape " + t.shape() + " but "
                        + describe(all.get(i), i) + "; nothing loaded");
            }
        }
        state.clear();
        steps.clear();
        for (var e : saved.entrySet()) {
            String[] parts = e.getKey().split("\\.", 3);
            switch (parts[0]) {
                case "group" -> {
                    int g = Integer.parseInt(parts[1]);
                    if (g >= groups.size()) throw new IllegalArgumentException("Optimizer.loadStateDict: group " + g + " does not exist (have " + groups.size() + ")");
                    groups.get(g).set(parts[2], e.getValue().item());
                }
                case "state" -> {
                    Tensor p = parameter(all, parts[1], e.getKey()).data(), t = e.getValue();
                    Tensor restored = t.dtype().isFloatingPoint() ? t.to(p.dtype()).to(p.device()) : t;
                    stateOf(parameter(all, parts[1], e.getKey())).put(parts[2], restored == t ? t.copy() : restored);
                }
                case "step" -> steps.put(parameter(all, parts[1], e.getKey()), (int) e.getValue().itemLong());
                default -> throw new IllegalArgumentException("Optimizer.loadStateDict: unexpected key '" + e.getKey() + "'");
            }
        }
    }

    private static Variable parameter(List<Variable> all, String index, String key) {
        return all.get(parameterIndex(all, index, key));
    }

    private static int parameterIndex(List<Variable> all, String index, String key) {
        int i = Integer.parseInt(index);
        if (i >= all.size()) throw new IllegalArgumentException("Optimizer.loadStateDict: key '" + key + "' names parameter " + i + " but there are " + all.size());
        return i;
    }
}
