package dev.tensorj.selection;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hyperparameters an {@link Objective} understands, by name and type. A {@link ParamGrid} is
 * checked against it before anything runs: every axis must name a known parameter of the declared
 * type, and every parameter must have a value.
 *
 * @param types parameter name to type, in declaration order
 */
public record ParamSchema(Map<String, ParamType> types) implements Serializable {
    public ParamSchema {
        types = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(types));
    }

    /** A schema from alternating names and types: {@code of("lr", DOUBLE, "batch", INT)}. */
    public static ParamSchema of(Object... namesAndTypes) {
        if (namesAndTypes.length % 2 != 0) throw new IllegalArgumentException("ParamSchema.of: expects name, type pairs");
        Map<String, ParamType> types = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) types.put((String) namesAndTypes[i], (ParamType) namesAndTypes[i + 1]);
        return new ParamSchema(types);
    }

    /** The type of {@code name}, or an error listing the known parameters. */
    public ParamType typeOf(String name) {
        ParamType type = types.get(name);
        if (type == null) throw new IllegalArgumentException("unknown parameter '" + name + "': the objective takes " + types.keySet());
        return type;
    }

    /** Fails with a clear message unless {@code grid} sets exactly these parameters with values of their types. */
    public void check(ParamGrid grid) {
        for (ParamGrid.Axis axis : grid.axes()) {
            ParamType type = typeOf(axis.name());
            for (Object value : axis.values()) {
                if (!type.accepts(value)) {
                    throw new IllegalArgumentException("parameter '" + axis.name() + "' is " + type + ", but the grid gives " + value + " ("
                            + value.getClass().getSimpleName() + ")");
                }
            }
        }
        for (String name : types.keySet()) {
            if (grid.axis(name) == null) throw new IllegalArgumentException("parameter '" + name + "' has no values in the grid " + grid.names());
        }
    }
}
