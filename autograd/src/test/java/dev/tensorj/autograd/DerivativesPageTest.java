package dev.tensorj.autograd;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/derivatives.md is generated from the registry; this fails when it is stale. */
class DerivativesPageTest {
    @Test
    void committedPageMatchesTheRegistry() throws Exception {
        Path page = Path.of("..", "docs", "derivatives.md");
        String expected = DerivativesPage.markdown();
        if (Boolean.getBoolean("tensorj.updateDocs")) {
            Files.createDirectories(page.getParent());
            Files.writeString(page, expected);
        }
        String actual = Files.exists(page) ? Files.readString(page) : "(missing)";
        assertEquals(expected, actual, "docs/derivatives.md is stale: regenerate it with "
                + "mvn -pl autograd test -Dtest=DerivativesPageTest -Dtensorj.updateDocs=true");
    }
}
