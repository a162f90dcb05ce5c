package dev.tensorj.selection;

import java.util.Locale;

/** The type of a hyperparameter: the values an axis of a {@link ParamGrid} may hold. */
public enum ParamType {
    INT(Integer.class), DOUBLE(Double.class), STRING(String.class);

    private final Class<?> javaType;

    ParamType(Class<?> javaType) {
        this.javaType = javaType;
    }

    /** Whether {@code value} is of this type (an INT is not accepted where a DOUBLE is declared, nor the reverse). */
    public boolean accepts(Object value) {
        return javaType.isInstance(value);
    }

    /** {@code text} as a value of this type, or an error naming the parameter, the text and the type. */
    public Object parse(String parameter, String text) {
        String trimmed = text.trim();
        try {
            return switch (this) {
                case INT -> Integer.parseInt(trimmed);
                case DOUBLE -> Double.parseDouble(trimmed);
                case STRING -> trimmed;
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + parameter + "': '" + text + "' is not " + (this == INT ? "an int" : "a double"));
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
