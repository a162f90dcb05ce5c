package dev.tensorj.selection;

import dev.tensorj.tensor.Generator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A grid of hyperparameters: named axes of typed values. {@link #configurations()} is their
 * cartesian product in a stable order — the first axis varies slowest, the last fastest, like
 * nested loops written in axis order (and {@code itertools.product}) — and {@link #sample} draws
 * N of them at random for a random search.
 * <pre>{@code
 * ParamGrid grid = ParamGrid.builder().ints("batch", 256, 512).doubles("lr", 0.001, 0.01).build();
 * }</pre>
 */
public final class ParamGrid {
    /** One axis: a parameter and the values it takes, in order. */
    public record Axis(String name, ParamType type, List<Object> values) {
        public Axis {
            values = List.copyOf(values);
        }
    }

    private final List<Axis> axes;

    private ParamGrid(List<Axis> axes) {
        this.axes = List.copyOf(axes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A grid from text, one axis per {@code name=v1,v2,...} separated by {@code ;}, typed by
     * {@code schema}: e.g. {@code "batch=256,512;lr=0.001,0.01"}. Unknown names and values that do not
     * parse as the parameter's type are errors that name them.
     */
    public static ParamGrid parse(String spec, ParamSchema schema) {
        Builder builder = builder();
        for (String part : spec.split(";")) {
            if (part.isBlank()) continue;
            int eq = part.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("grid axis '" + part + "': expected name=value1,value2,...");
            String name = part.substring(0, eq).trim();
            ParamType type = schema.typeOf(name);
            List<Object> values = new ArrayList<>();
            for (String text : part.substring(eq + 1).split(",")) if (!text.isBlank()) values.add(type.parse(name, text));
            builder.axis(name, type, values);
        }
        return builder.build();
    }

    public List<Axis> axes() {
        return axes;
    }

    /** The axis named {@code name}, or null. */
    public Axis axis(String name) {
        return axes.stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }

    public List<String> names() {
        return axes.stream().map(Axis::name).toList();
    }

    /** The number of configurations, the product of the axis sizes. */
    public int size() {
        long size = 1;
        for (Axis axis : axes) size *= axis.values().size();
        if (size > Integer.MAX_VALUE) throw new IllegalStateException("ParamGrid: " + size + " configurations are too many");
        return (int) size;
    }

    /** The configuration at position {@code id} of the cartesian product (mixed-radix digits, last axis fastest). */
    public Params configuration(int id) {
        if (id < 0 || id >= size()) throw new IndexOutOfBoundsException("ParamGrid: configuration " + id + " of " + size());
        Map<String, Object> values = new LinkedHashMap<>();
        int rest = id;
        Object[] chosen = new Object[axes.size()];
        for (int a = axes.size() - 1; a >= 0; a--) {
            List<Object> options = axes.get(a).values();
            chosen[a] = options.get(rest % options.size());
            rest /= options.size();
        }
        for (int a = 0; a < axes.size(); a++) values.put(axes.get(a).name(), chosen[a]);
        return new Params(id, values);
    }

    /** All configurations, in grid order. */
    public List<Params> configurations() {
        List<Params> all = new ArrayList<>(size());
        for (int id = 0; id < size(); id++) all.add(configuration(id));
        return all;
    }

    /** {@code n} distinct configurations drawn uniformly with {@code seed} (all of them when n ≥ size), in grid order. */
    public List<Params> sample(int n, long seed) {
        if (n <= 0) throw new IllegalArgumentException("ParamGrid.sample: n must be positive, got " + n);
        if (n >= size()) return configurations();
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Generator generator = new Generator(seed);
        for (int i = 0; i < n; i++) { // partial Fisher–Yates: the first n places get a uniform n-subset
            int j = i + (int) generator.nextLong(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = Arrays.copyOf(order, n);
        Arrays.sort(chosen);
        return Arrays.stream(chosen).mapToObj(this::configuration).toList();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ParamGrid(" + size() + " configurations:");
        for (Axis axis : axes) sb.append(' ').append(axis.name()).append(axis.values());
        return sb.append(')').toString();
    }

    /** Adds axes in order; {@link #build()} rejects empty axes, repeated names and mixed types. */
    public static final class Builder {
        private final List<Axis> axes = new ArrayList<>();

        public Builder ints(String name, int... values) {
            return axis(name, ParamType.INT, Arrays.stream(values).boxed().map(v -> (Object) v).toList());
        }

        public Builder doubles(String name, double... values) {
            return axis(name, ParamType.DOUBLE, Arrays.stream(values).boxed().map(v -> (Object) v).toList());
        }

        public Builder strings(String name, String... values) {
            return axis(name, ParamType.STRING, List.of((Object[]) values));
        }

        /** An axis of {@code values}, each of which must be of {@code type}. */
        public Builder axis(String name, ParamType type, List<?> values) {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("ParamGrid: an axis needs a name");
            if (axes.stream().anyMatch(a -> a.name().equals(name))) throw new IllegalArgumentException("ParamGrid: axis '" + name + "' is given twice");
            if (values.isEmpty()) throw new IllegalArgumentException("ParamGrid: axis '" + name + "' is empty; give it at least one value");
            for (Object value : values) {
                if (!type.accepts(value)) throw new IllegalArgumentException("ParamGrid: axis '" + name + "' is " + type + ", but holds " + value);
            }
            if (values.stream().distinct().count() != values.size()) throw new IllegalArgumentException("ParamGrid: axis '" + name + "' repeats a value: " + values);
            axes.add(new Axis(name, type, new ArrayList<>(values)));
            return this;
        }

        public ParamGrid build() {
            if (axes.isEmpty()) throw new IllegalArgumentException("ParamGrid: no axes");
            return new ParamGrid(axes);
        }
    }
}
