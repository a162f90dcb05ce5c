package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A delimited text table (CSV, or semicolon-separated like the UCI Wine Quality files), read
 * whole and checked: every row must have as many fields as the first line, and every value asked
 * for as a number must parse, else the error names the file, line and column.
 *
 * <p>Fields may be wrapped in double quotes (which may then hold the separator; {@code ""} is a
 * quote); blank lines are skipped. The table keeps text; {@link #features}, {@link #classLabels}
 * and {@link #encodedLabels} turn columns into tensors.
 */
public final class CsvTable {
    private final Path file;
    private final List<String> header;
    private final List<String[]> rows;
    private final int[] lineNumbers;

    private CsvTable(Path file, List<String> header, List<String[]> rows, int[] lineNumbers) {
        this.file = file;
        this.header = header;
        this.rows = rows;
        this.lineNumbers = lineNumbers;
    }

    /**
     * Reads a table.
     *
     * @param separator the field separator, e.g. {@code ','} or {@code ';'}
     * @param hasHeader whether the first line names the columns (it is then not a row)
     */
    public static CsvTable read(Path file, char separator, boolean hasHeader) {
        return read(file, separator, hasHeader, 0);
    }

    /** {@link #read(Path, char, boolean)} after skipping the first {@code skipLines} lines (e.g. a preamble). */
    public static CsvTable read(Path file, char separator, boolean hasHeader, int skipLines) {
        List<String> header = List.of();
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int expectedFields = -1;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                lineNumber++;
                if (lineNumber <= skipLines || line.isBlank()) continue;
                String[] fields = split(file, lineNumber, line, separator);
                if (expectedFields < 0) expectedFields = fields.length;
                else if (fields.length != expectedFields) {
                    throw DatasetException.inFile(file, "line " + lineNumber + " has " + fields.length + " fields, expected " + expectedFields
                            + " like the first line (separator '" + separator + "')");
                }
                if (hasHeader && header.isEmpty()) {
                    header = List.of(fields);
                } else {
                    rows.add(fields);
                    lines.add(lineNumber);
                }
            }
        } catch (IOException e) {
            throw DatasetException.inFile(file, "cannot be read: " + e, e);
        }
        if (rows.isEmpty()) throw DatasetException.inFile(file, "has no data rows");
        return new CsvTable(file, header, rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Splits one line at the separator, honouring double quotes. */
    private static String[] split(Path file, int lineNumber, String line, char separator) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') quoted = false;
                else field.append(c);
            } else if (c == '"') quoted = true;
            else if (c == separator) {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else field.append(c);
        }
        if (quoted) throw DatasetException.inFile(file, "line " + lineNumber + " has an unclosed double quote");
        fields.add(field.toString().strip());
        return fields.toArray(String[]::new);
    }

    public Path file() {
        return file;
    }

    /** The column names, or an empty list when the file has no header. */
    public List<String> header() {
        return header;
    }

    public int rowCount() {
        return rows.size();
    }

    public int columnCount() {
        return rows.getFirst().length;
    }

    /** The text of one cell. */
    public String cell(int row, int column) {
        return rows.get(row)[checkColumn(column)];
    }

    /** The index of the column with this header name. */
    public int column(String name) {
        int index = header.indexOf(name);
        if (index < 0) throw DatasetException.inFile(file, "has no column named '" + name + "'; columns are " + header);
        return index;
    }

    /** All columns but {@code excluded}, in order: the usual feature columns beside a target column. */
    public int[] columnsExcept(int excluded) {
        checkColumn(excluded);
        return java.util.stream.IntStream.range(0, columnCount()).filter(c -> c != excluded).toArray();
    }

    /** The given columns as a FLOAT32 tensor {@code [rows, columns.length]}. */
    public Tensor features(int... columns) {
        float[] values = new float[rows.size() * columns.length];
        for (int r = 0; r < rows.size(); r++) {
            for (int j = 0; j < columns.length; j++) values[r * columns.length + j] = (float) number(r, columns[j]);
        }
        return Tensor.fromArray(values, rows.size(), columns.length);
    }

    /** A numeric column as a FLOAT32 tensor {@code [rows]}, e.g. a regression target. */
    public Tensor numbers(int column) {
        return features(column).reshape(rows.size());
    }

    /**
     * A column of integer class labels as INT64 {@code [rows]}, each checked to be in
     * {@code [0, numClasses)}.
     */
    public Tensor classLabels(int column, int numClasses) {
        long[] labels = new long[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            String text = cell(r, column);
            try {
                labels[r] = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw problemAt(r, column, "'" + text + "' is not an integer class label");
            }
            if (labels[r] < 0 || labels[r] >= numClasses) {
                throw problemAt(r, column, "label " + labels[r] + " is out of range (expected 0 to " + (numClasses - 1) + ")");
            }
        }
        return Tensor.fromArray(labels, labels.length);
    }

    /**
     * Label encoding of a text column: the distinct values, sorted, are the class names, and
     * each row gets the index of its value (scikit-learn's {@code LabelEncoder}).
     */
    public List<String> classNames(int column) {
        Map<String, Boolean> distinct = new TreeMap<>();
        for (int r = 0; r < rows.size(); r++) distinct.put(cell(r, column), true);
        return List.copyOf(distinct.keySet());
    }

    /** A text column label-encoded against {@code classNames} as INT64 {@code [rows]}; an unknown value is an error. */
    public Tensor encodedLabels(int column, List<String> classNames) {
        long[] labels = new long[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            int index = classNames.indexOf(cell(r, column));
            if (index < 0) throw problemAt(r, column, "class '" + cell(r, column) + "' is not one of " + classNames);
            labels[r] = index;
        }
        return Tensor.fromArray(labels, labels.length);
    }

    /** A classification dataset: all other columns as features, the label-encoded text of {@code targetColumn} as targets. */
    public TensorDataset classification(int targetColumn) {
        List<String> classNames = classNames(targetColumn);
        return new TensorDataset(features(columnsExcept(targetColumn)), encodedLabels(targetColumn, classNames), classNames);
    }

    /** A regression dataset: all other columns as features, {@code targetColumn} as FLOAT32 targets {@code [rows]}. */
    public TensorDataset regression(int targetColumn) {
        return new TensorDataset(features(columnsExcept(targetColumn)), numbers(targetColumn));
    }

    private double number(int row, int column) {
        String text = cell(row, column);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw problemAt(row, column, "'" + text + "' is not a number");
        }
    }

    private DatasetException problemAt(int row, int column, String problem) {
        String name = header.isEmpty() ? "" : " ('" + header.get(column) + "')";
        return DatasetException.inFile(file, "line " + lineNumbers[row] + ", column " + (column + 1) + name + ": " + problem);
    }

    private int checkColumn(int column) {
        if (column < 0 || column >= columnCount()) {
            throw new IndexOutOfBoundsException(file + ": column " + column + " is out of range for a table of " + columnCount() + " columns");
        }
        return column;
    }

    @Override
    public String toString() {
        return "CsvTable(" + file + ", " + rows.size() + " rows x " + columnCount() + " columns" + (header.isEmpty() ? "" : ", " + Arrays.toString(header.toArray())) + ")";
    }
}
