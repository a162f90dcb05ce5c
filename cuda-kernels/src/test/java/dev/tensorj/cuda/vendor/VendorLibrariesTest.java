package dev.tensorj.cuda.vendor;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Loading cuBLAS 13 and cuDNN 9, where their files are on this machine ({@code -Dtensorj.cuda.libs=FOLDERS},
 * {@code LD_LIBRARY_PATH} or the Python wheels): every bound symbol is exported, and the calls that need no
 * GPU (versions, error strings) answer. Skipped where the libraries are absent (CI); the "not found" path is
 * tested everywhere.
 */
class VendorLibrariesTest {

    @Test
    void aMissingLibraryIsAReasonNamingWhereItLookedNeverAnError() {
        String old = System.getProperty(NativeLibraries.LIBS_PROPERTY);
        try {
            System.setProperty(NativeLibraries.LIBS_PROPERTY, "/nonexistent-tensorj-folder");
            NativeLibraries.Found found = NativeLibraries.load("libtensorj-not-a-library.so.7", "nvidia/nothing/lib");
            assertFalse(found.loaded());
            assertTrue(found.reason().startsWith("libtensorj-not-a-library.so.7 was not found in [/nonexistent-tensorj-folder"), found.reason());
            assertTrue(found.reason().contains("-Dtensorj.cuda.libs=FOLDER or LD_LIBRARY_PATH"), found.reason());
        } finally {
            if (old == null) System.clearProperty(NativeLibraries.LIBS_PROPERTY);
            else System.setProperty(NativeLibraries.LIBS_PROPERTY, old);
        }
    }

    @Test
    void aLibraryOfTheWrongKindIsAReasonNamingTheMissingSymbol() throws Exception {
        Path libm = java.util.stream.Stream.of("/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib64/libm.so.6", "/lib64/libm.so.6")
                .map(Path::of).filter(Files::isRegularFile).findFirst().orElse(null);
        assumeTrue(libm != null, "no libm.so.6 to stand in for a library of another version");
        Path folder = Files.createTempDirectory("tensorj-libs");
        Files.createSymbolicLink(folder.resolve("libcublas.so.13"), libm);
        String old = System.getProperty(NativeLibraries.LIBS_PROPERTY);
        try {
            System.setProperty(NativeLibraries.LIBS_PROPERTY, folder.toString());
            Loaded<Cublas> cublas = Cublas.load();
            assertFalse(cublas.available());
            assertTrue(cublas.reason().contains("libcublas.so.13 at " + folder) && cublas.reason().contains("cublasCreate_v2 is not exported"),
                    cublas.reason());
        } finally {
            if (old == null) System.clearProperty(NativeLibraries.LIBS_PROPERTY);
            else System.setProperty(NativeLibraries.LIBS_PROPERTY, old);
        }
    }

    static NativeLibraries.Found located(String library, String wheelFolder) {
        NativeLibraries.Found found = NativeLibraries.load(library, wheelFolder);
        assumeTrue(found.loaded(), () -> "skipped: " + found.reason());
        return found;
    }

    @Test
    void everyCublasFunctionWeBindIsExported() {
        SymbolLookup library = located(Cublas.LIBRARY, Cublas.WHEEL_FOLDER).lookup();
        for (NativeFunction function : Cublas.FUNCTIONS) {
            assertTrue(library.find(function.name()).isPresent(), function.name() + " in " + Cublas.LIBRARY);
        }
        Loaded<Cublas> cublas = Cublas.load();
        assertTrue(cublas.available(), cublas.reason());
        assertTrue(cublas.library().version().startsWith("13."), "cublasGetProperty: " + cublas.library().version());
    }

    @Test
    void everyCudnnFunctionWeBindIsExported() {
        SymbolLookup library = located(Cudnn.LIBRARY, Cudnn.WHEEL_FOLDER).lookup();
        for (NativeFunction function : Cudnn.FUNCTIONS) {
            assertTrue(library.find(function.name()).isPresent(), function.name() + " in " + Cudnn.LIBRARY);
        }
        Loaded<Cudnn> cudnn = Cudnn.load();
        assertTrue(cudnn.available(), cudnn.reason());
        long version = cudnn.library().version();
        assertTrue(version >= 90000 && version < 100000, "cudnnGetVersion " + version);
        assertEquals("CUDNN_STATUS_SUCCESS (0)", cudnn.library().errorString(0));
        assertTrue(cudnn.library().errorString(2000).startsWith("CUDNN_STATUS_BAD_PARAM"), cudnn.library().errorString(2000));
    }

    @Test
    void aSymbolTheLibraryLacksIsAnUnsatisfiedLinkErrorNamingIt() {
        SymbolLookup library = located(Cublas.LIBRARY, Cublas.WHEEL_FOLDER).lookup();
        var missing = NativeFunction.of("cublasNoSuchFunction_v99", java.lang.foreign.ValueLayout.JAVA_INT);
        var e = org.junit.jupiter.api.Assertions.assertThrows(UnsatisfiedLinkError.class, () -> missing.bind(library));
        assertTrue(e.getMessage().contains("cublasNoSuchFunction_v99"), e.getMessage());
    }

    @Test
    void theWheelFoldersAreSearchedAfterThePropertyAndLdLibraryPath() {
        List<Path> folders = NativeLibraries.searchFolders("nvidia/cu13/lib");
        String property = System.getProperty(NativeLibraries.LIBS_PROPERTY);
        if (property != null && !property.isBlank()) {
            assertEquals(Path.of(property.split(java.io.File.pathSeparator)[0].trim()), folders.get(0), "the property comes first");
        }
        for (Path folder : folders) assertFalse(folder.toString().isBlank());
        try (Arena arena = Arena.ofConfined()) {
            assertTrue(arena.allocate(8).byteSize() == 8); // the FFM API is usable in this JVM (native access enabled for tests)
        }
    }
}
