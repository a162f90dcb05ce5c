package dev.tensorj.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV reading on small files: separators, headers, quotes, label encoding, and every kind of bad row. */
class CsvTableTest {
    @TempDir
    Path dir;

    @Test
    void semicolonFileWithQuotedHeaderBecomesARegressionDataset() {
        Path file = TestFiles.write(dir.resolve("wine.csv"), "\"a\";\"b\";\"quality\"\n1.5;2;5\n-3;4e1;6\n\n");
        CsvTable table = CsvTable.read(file, ';', true);
        assertEquals(List.of("a", "b", "quality"), table.header());
        TensorDataset data = table.regression(table.column("quality"));
        assertArrayEquals(new float[] {1.5f, 2, -3, 40}, data.inputs().toFloatArray());
        assertArrayEquals(new float[] {5, 6}, data.targets().toFloatArray());
    }

    @Test
    void textClassesAreLabelEncodedInSortedOrder() {
        Path file = TestFiles.write(dir.resolve("iris.data"), "5.1,3.5,Iris-setosa\n6.3,3.3,Iris-virginica\n7.0,3.2,\"Iris-versicolor\"\n");
        TensorDataset data = CsvTable.read(file, ',', false).classification(2);
        assertEquals(List.of("Iris-setosa", "Iris-versicolor", "Iris-virginica"), data.classNames());
        assertArrayEquals(new long[] {0, 2, 1}, data.labels());
        assertArrayEquals(new int[] {3, 2}, data.inputs().shape().toArray());
    }

    @Test
    void quotedFieldsMayHoldTheSeparatorAndQuotes() {
        Path file = TestFiles.write(dir.resolve("q.csv"), "name,x\n\"a, \"\"b\"\"\",1\n");
        assertEquals("a, \"b\"", CsvTable.read(file, ',', true).cell(0, 0));
    }

    @Test
    void rowWithTheWrongNumberOfFieldsNamesItsLine() {
        Path file = TestFiles.write(dir.resolve("bad.csv"), "a,b,c\n1,2,3\n4,5\n");
        assertProblem(() -> CsvTable.read(file, ',', true), file, "line 3 has 2 fields, expected 3");
    }

    @Test
    void textInANumericColumnNamesLineAndColumn() {
        Path file = TestFiles.write(dir.resolve("bad.csv"), "a,b\n1,2\n3,x\n");
        CsvTable table = CsvTable.read(file, ',', true);
        assertProblem(() -> table.features(0, 1), file, "line 3, column 2 ('b'): 'x' is not a number");
    }

    @Test
    void classLabelOutOfRangeIsAnError() {
        Path file = TestFiles.write(dir.resolve("iris.csv"), "3,2,setosa,versicolor\n1,2,0\n1,2,1\n1,2,2\n");
        assertProblem(() -> Iris.read(file), file, "line 4, column 3: label 2 is out of range (expected 0 to 1)");
    }

    @Test
    void irisHeaderMustMatchTheRows() {
        Path file = TestFiles.write(dir.resolve("iris.csv"), "150,2,setosa,versicolor\n1,2,0\n1,2,1\n");
        assertProblem(() -> Iris.read(file), file, "should be '<rows>,<features>,<class names...>'");
    }

    @Test
    void emptyFileAndUnclosedQuoteAreErrors() {
        Path empty = TestFiles.write(dir.resolve("empty.csv"), "a,b\n");
        assertProblem(() -> CsvTable.read(empty, ',', true), empty, "has no data rows");
        Path quote = TestFiles.write(dir.resolve("quote.csv"), "a,\"b\n");
        assertProblem(() -> CsvTable.read(quote, ',', false), quote, "line 1 has an unclosed double quote");
    }

    static void assertProblem(org.junit.jupiter.api.function.Executable action, Path file, String expected) {
        DatasetException e = assertThrows(DatasetException.class, action);
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(expected),
                "expected the message to name " + file + " and say '" + expected + "', got: " + e.getMessage());
    }
}
