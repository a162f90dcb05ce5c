package dev.tensorj.cuda.vendor;

/**
 * A vendor library that loaded and bound, or the reason it did not (one line, for the log).
 *
 * @param <T> the binding
 */
public record Loaded<T>(T library, String reason) {
    public static <T> Loaded<T> of(T library) {
        return new Loaded<>(library, null);
    }

    public static <T> Loaded<T> missing(String reason) {
        return new Loaded<>(null, reason);
    }

    public boolean available() {
        return library != null;
    }
}
