package dev.tensorj.selection;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParamGridTest {
    private static final ParamGrid COURSE = ParamGrid.builder().ints("batch", 256, 512, 1024).doubles("lr", 0.001, 0.01, 0.1).doubles("wd", 0.001, 0.01, 0.1)
            .ints("hidden", 50, 80, 100).ints("epochs", 50, 100, 150).build();

    @Test
    void theProductHasTheLastAxisFastest() {
        assertEquals(243, COURSE.size());
        List<Params> all = COURSE.configurations();
        assertEquals(Map.of("batch", 256, "lr", 0.001, "wd", 0.001, "hidden", 50, "epochs", 50), all.get(0).values());
        assertEquals(Map.of("batch", 256, "lr", 0.001, "wd", 0.001, "hidden", 50, "epochs", 100), all.get(1).values());
        assertEquals(Map.of("batch", 256, "lr", 0.001, "wd", 0.001, "hidden", 80, "epochs", 50), all.get(3).values());
        assertEquals(Map.of("batch", 1024, "lr", 0.1, "wd", 0.1, "hidden", 100, "epochs", 150), all.get(242).values());
        for (int i = 0; i < all.size(); i++) assertEquals(i, all.get(i).id());
        assertEquals(243, all.stream().map(Params::values).distinct().count());
        assertEquals("batch=256 lr=0.001 wd=0.001 hidden=50 epochs=50", all.get(0).toString());
    }

    @Test
    void samplingIsSeededDistinctAndInGridOrder() {
        List<Params> a = COURSE.sample(20, 5), b = COURSE.sample(20, 5), c = COURSE.sample(20, 6);
        assertEquals(a, b);
        assertTrue(!a.equals(c));
        assertEquals(20, a.stream().map(Params::id).distinct().count());
        for (int i = 1; i < a.size(); i++) assertTrue(a.get(i - 1).id() < a.get(i).id());
        for (Params p : a) assertEquals(COURSE.configuration(p.id()), p);
        assertEquals(243, COURSE.sample(1000, 1).size());
    }

    @Test
    void badGridsAreClearErrorsBeforeAnythingRuns() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> ParamGrid.builder().ints("batch"));
        assertEquals("ParamGrid: axis 'batch' is empty; give it at least one value", empty.getMessage());
        ParamGrid unknown = ParamGrid.builder().ints("batch", 1).doubles("lr", 0.1).doubles("wd", 0.1).ints("hidden", 1).ints("epochs", 1).doubles("momentum", 0.9).build();
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> GridSearch.of(new MlpObjective(3), unknown));
        assertEquals("unknown parameter 'momentum': the objective takes [batch, lr, wd, hidden, epochs]", u.getMessage());
        ParamGrid wrongType = ParamGrid.builder().ints("batch", 1).ints("lr", 1).doubles("wd", 0.1).ints("hidden", 1).ints("epochs", 1).build();
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> GridSearch.of(new MlpObjective(3), wrongType));
        assertEquals("parameter 'lr' is double, but the grid gives 1 (Integer)", w.getMessage());
        ParamGrid missing = ParamGrid.builder().ints("batch", 1).build();
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> GridSearch.of(new MlpObjective(3), missing));
        assertTrue(m.getMessage().startsWith("parameter 'lr' has no values"), m.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ParamGrid.builder().ints("batch", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ParamGrid.builder().ints("batch", 1).ints("batch", 2));
    }

    @Test
    void textSpecsAreTypedByTheSchema() {
        ParamGrid grid = ParamGrid.parse("batch=32,64; lr=0.1 ;wd=0;hidden=5;epochs=2", MlpObjective.SCHEMA);
        assertEquals(2, grid.size());
        assertEquals(0.1, grid.configuration(1).getDouble("lr"));
        assertEquals(64, grid.configuration(1).getInt("batch"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ParamGrid.parse("batch=3.5", MlpObjective.SCHEMA));
        assertEquals("parameter 'batch': '3.5' is not an int", bad.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ParamGrid.parse("momentum=0.9", MlpObjective.SCHEMA));
        assertTrue(unknown.getMessage().startsWith("unknown parameter 'momentum'"));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> ParamGrid.parse("batch=", MlpObjective.SCHEMA));
        assertTrue(empty.getMessage().contains("is empty"));
    }
}
