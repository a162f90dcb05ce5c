package dev.tensorj.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Fisher's Iris: 150 flowers, 4 measurements in cm (sepal length, sepal width, petal length,
 * petal width) as FLOAT32 {@code [150, 4]}, and the species as INT64 labels 0 setosa, 1 versicolor,
 * 2 virginica (50 each, in class order: shuffle before splitting).
 *
 * <p>The file is scikit-learn's {@code iris.csv} (the corrected values of Fisher's paper; UCI's
 * {@code iris.data} has two known errata). Its first line is {@code 150,4,setosa,versicolor,virginica}:
 * the row count, the feature count and the class names, all checked.
 */
public final class Iris {
    static final DataFile FILE = DataFile.of("iris", "iris.csv",
            "https://raw.githubusercontent.com/scikit-learn/scikit-learn/1.2.1/sklearn/datasets/data/",
            "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449");

    public static final List<String> FEATURE_NAMES = List.of("sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)");

    private Iris() {
    }

    public static TensorDataset load() {
        return load(DataLocator.standard());
    }

    public static TensorDataset load(DataLocator locator) {
        return read(locator.locate(FILE));
    }

    /** Reads a file in scikit-learn's iris.csv layout. */
    public static TensorDataset read(Path file) {
        List<String> header = firstLine(file);
        CsvTable table = CsvTable.read(file, ',', false, 1);
        if (header.size() < 3 || !header.get(0).equals(Integer.toString(table.rowCount())) || !header.get(1).equals(Integer.toString(table.columnCount() - 1))) {
            throw DatasetException.inFile(file, "first line " + header + " should be '<rows>,<features>,<class names...>' with rows "
                    + table.rowCount() + " and features " + (table.columnCount() - 1));
        }
        List<String> classNames = header.subList(2, header.size());
        int target = table.columnCount() - 1;
        return new TensorDataset(table.features(table.columnsExcept(target)), table.classLabels(target, classNames.size()), classNames);
    }

    private static List<String> firstLine(Path file) {
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = reader.readLine();
            return line == null ? List.of() : Arrays.stream(line.split(",")).map(String::strip).toList();
        } catch (IOException e) {
            throw DatasetException.inFile(file, "cannot be read: " + e, e);
        }
    }
}
