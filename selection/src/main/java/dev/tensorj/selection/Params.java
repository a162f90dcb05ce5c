package dev.tensorj.selection;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One configuration of a {@link ParamGrid}: a value for every parameter, and its index in the grid's
 * cartesian product (stable, so it names the configuration in every table and on every executor).
 *
 * @param id     the configuration's position in the full grid
 * @param values parameter name to value (Integer, Double or String), in the grid's axis order
 */
public record Params(int id, Map<String, Object> values) implements Serializable {
    public Params {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of an INT parameter. */
    public int getInt(String name) {
        return (Integer) get(name, Integer.class);
    }

    /** The value of a DOUBLE parameter. */
    public double getDouble(String name) {
        return (Double) get(name, Double.class);
    }

    /** The value of a STRING parameter. */
    public String getString(String name) {
        return (String) get(name, String.class);
    }

    private Object get(String name, Class<?> type) {
        Object value = values.get(name);
        if (value == null) throw new IllegalArgumentException("Params: no parameter '" + name + "' in " + values.keySet());
        if (!type.isInstance(value)) throw new IllegalArgumentException("Params: parameter '" + name + "' is " + value.getClass().getSimpleName() + ", not " + type.getSimpleName());
        return value;
    }

    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(" ");
        values.forEach((name, value) -> joiner.add(name + "=" + value));
        return joiner.toString();
    }
}
