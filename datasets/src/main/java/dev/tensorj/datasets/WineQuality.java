package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;

/**
 * Wine Quality (Cortez et al. 2009, UCI): 11 physicochemical measurements per wine as FLOAT32
 * {@code [N, 11]} and the quality score 0–10 given by tasters as INT64 {@code [N]}; 1,599 red and
 * 4,898 white wines. For regression, cast the targets: {@code data.withTargets(Transforms.to(DType.FLOAT32))}.
 *
 * <p>The UCI files are semicolon-separated with a quoted header line.
 */
public final class WineQuality {
    static final String URL = "https://archive.ics.uci.edu/ml/machine-learning-databases/wine-quality/";
    static final DataFile RED = DataFile.of("wine-quality", "winequality-red.csv", URL,
            "4a402cf041b025d4566d954c3b9ba8635a3a8a01e039005d97d6a710278cf05e");
    static final DataFile WHITE = DataFile.of("wine-quality", "winequality-white.csv", URL,
            "76c3f809815c17c07212622f776311faeb31e87610d52c26d87d6e361b169836");

    /** Quality scores run from 0 to 10. */
    public static final int NUM_SCORES = 11;

    private WineQuality() {
    }

    /** The 1,599 red wines. */
    public static TensorDataset red() {
        return read(DataLocator.standard().locate(RED));
    }

    /** The 4,898 white wines. */
    public static TensorDataset white() {
        return read(DataLocator.standard().locate(WHITE));
    }

    public static TensorDataset red(DataLocator locator) {
        return read(locator.locate(RED));
    }

    /** Reads a file in the UCI layout: 11 feature columns, then {@code quality}. */
    public static TensorDataset read(Path file) {
        CsvTable table = CsvTable.read(file, ';', true);
        int quality = table.column("quality");
        Tensor features = table.features(table.columnsExcept(quality));
        return new TensorDataset(features, table.classLabels(quality, NUM_SCORES), List.of());
    }
}
