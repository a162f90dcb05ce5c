package dev.tensorj.selection.spark;

import dev.tensorj.selection.ResultTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A {@link ResultTable} as a Spark {@code Dataset<Row>} (typed columns), written as CSV and Parquet. */
public final class SparkResults {
    private static final Set<String> INTS = Set.of("config", "fold", "folds", "epochs_run", "attempt");
    private static final Set<String> DOUBLES = Set.of("val_loss", "val_f1", "val_accuracy", "train_seconds", "setup_seconds");

    private SparkResults() {
    }

    /** The table's rows with typed columns: ints, longs and doubles where the values are numbers, strings otherwise. */
    public static Dataset<Row> toDataFrame(SparkSession spark, ResultTable table) {
        List<String> header = table.header();
        List<List<String>> cells = table.cells();
        DataType[] types = new DataType[header.size()];
        for (int c = 0; c < header.size(); c++) types[c] = typeOf(header.get(c), table, cells, c);
        List<StructField> fields = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) fields.add(DataTypes.createStructField(header.get(c), types[c], true));
        List<Row> rows = new ArrayList<>();
        for (List<String> row : cells) {
            Object[] values = new Object[row.size()];
            for (int c = 0; c < row.size(); c++) values[c] = convert(row.get(c), types[c]);
            rows.add(RowFactory.create(values));
        }
        return spark.createDataFrame(rows, DataTypes.createStructType(fields));
    }

    private static DataType typeOf(String column, ResultTable table, List<List<String>> cells, int c) {
        if (INTS.contains(column)) return DataTypes.IntegerType;
        if (column.equals("seed")) return DataTypes.LongType;
        if (DOUBLES.contains(column)) return DataTypes.DoubleType;
        if (table.paramNames().contains(column) && !table.rows().isEmpty()) {
            Object value = table.rows().get(0).trial().params().values().get(column);
            if (value instanceof Integer) return DataTypes.IntegerType;
            if (value instanceof Double) return DataTypes.DoubleType;
        }
        return DataTypes.StringType;
    }

    private static Object convert(String text, DataType type) {
        if (type == DataTypes.IntegerType) return Integer.parseInt(text);
        if (type == DataTypes.LongType) return Long.parseLong(text);
        if (type == DataTypes.DoubleType) return Double.parseDouble(text);
        return text;
    }

    /** Writes the rows as one CSV file (with header) under {@code dir/results-csv/} and as Parquet under {@code dir/results.parquet/}. */
    public static void write(Dataset<Row> rows, Path dir) {
        rows.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(dir.resolve("results-csv").toString());
        rows.coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir.resolve("results.parquet").toString());
    }

    /** The schema of {@link #toDataFrame}, for documentation. */
    public static StructType schema(SparkSession spark, ResultTable table) {
        return toDataFrame(spark, table).schema();
    }
}
