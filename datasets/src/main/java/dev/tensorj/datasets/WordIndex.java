package dev.tensorj.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A vocabulary ranked by frequency: word → rank, 1 = most frequent (Keras'
 * {@code imdb_word_index.json}: "the" = 1, "and" = 2, ...), read from a flat JSON object of
 * string keys and integer values.
 */
public final class WordIndex {
    private final Map<String, Integer> ranks;
    private final String[] wordsByRank;

    private WordIndex(Map<String, Integer> ranks) {
        this.ranks = new HashMap<>(ranks);
        int maxRank = ranks.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        this.wordsByRank = new String[maxRank + 1];
        ranks.forEach((word, rank) -> wordsByRank[rank] = word);
    }

    /** Reads a JSON object {@code {"word": rank, ...}} with positive integer ranks. */
    public static WordIndex read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DatasetException.inFile(file, "cannot be read: " + e, e);
        }
        return new WordIndex(new FlatJsonObject(file, text).parse());
    }

    /** The rank of {@code word}, or 0 when the word is not in the vocabulary. */
    public int rank(String word) {
        return ranks.getOrDefault(word, 0);
    }

    /** The word of {@code rank}, or {@code null} when no word has it. */
    public String word(int rank) {
        return rank > 0 && rank < wordsByRank.length ? wordsByRank[rank] : null;
    }

    /** Number of words. */
    public int size() {
        return ranks.size();
    }

    /** A parser for one JSON object whose values are all integers. */
    private static final class FlatJsonObject {
        private final Path file;
        private final String text;
        private int position;

        FlatJsonObject(Path file, String text) {
            this.file = file;
            this.text = text;
        }

        Map<String, Integer> parse() {
            Map<String, Integer> result = new HashMap<>();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                position++;
            } else {
                while (true) {
                    String key = string();
                    expect(':');
                    int value = integer();
                    if (value <= 0) throw error("rank " + value + " of \"" + key + "\" is not positive");
                    if (result.put(key, value) != null) throw error("the key \"" + key + "\" appears twice");
                    skipSpace();
                    char c = next();
                    if (c == '}') break;
                    if (c != ',') throw error("expected ',' or '}' but found '" + c + "'");
                }
            }
            skipSpace();
            if (position != text.length()) throw error("unexpected text after the object");
            return result;
        }

        private String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') return value.toString();
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                char escape = next();
                switch (escape) {
                    case '"', '\\', '/' -> value.append(escape);
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        if (position + 4 > text.length()) throw error("truncated \\u escape");
                        try {
                            value.append((char) Integer.parseInt(text, position, position + 4, 16));
                        } catch (NumberFormatException e) {
                            throw error("bad \\u escape '" + text.substring(position, position + 4) + "'");
                        }
                        position += 4;
                    }
                    default -> throw error("unknown escape '\\" + escape + "'");
                }
            }
        }

        private int integer() {
            skipSpace();
            int start = position;
            if (position < text.length() && text.charAt(position) == '-') position++;
            while (position < text.length() && Character.isDigit(text.charAt(position))) position++;
            try {
                return Integer.parseInt(text, start, position, 10);
            } catch (NumberFormatException e) {
                throw error("expected an integer value");
            }
        }

        private void expect(char wanted) {
            skipSpace();
            char c = next();
            if (c != wanted) throw error("expected '" + wanted + "' but found '" + c + "'");
        }

        private char next() {
            if (position >= text.length()) throw error("the JSON text ends early");
            return text.charAt(position++);
        }

        private char peek() {
            return position < text.length() ? text.charAt(position) : 0;
        }

        private void skipSpace() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) position++;
        }

        private DatasetException error(String problem) {
            return DatasetException.inFile(file, "bad JSON at character " + position + ": " + problem);
        }
    }
}
