package dev.tensorj.cuda.vendor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every function we bind, against its declaration in NVIDIA's headers: the number of parameters, and each
 * one's kind (pointer or handle: ADDRESS; size_t / long long: JAVA_LONG; double; float; int or enum:
 * JAVA_INT), then the result. A wrong arity or a swapped long/int would corrupt the call stack on the GPU
 * machine; here it is a test failure naming the function and the parameter. Skipped without the headers.
 */
class HeaderSignaturesTest {

    /** The headers' text, comments removed, or null when the header folder is not on this machine. */
    static String headers(String wheelFolder, String header, String... files) throws Exception {
        Path include = HeaderConstantsTest.includeFolder(wheelFolder, header);
        if (include == null) return null;
        StringBuilder text = new StringBuilder();
        for (String file : files) {
            if (Files.isRegularFile(include.resolve(file))) text.append(Files.readString(include.resolve(file))).append('\n');
        }
        return text.toString().replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
    }

    /** The layout a C parameter or result type takes in our descriptors. */
    static MemoryLayout layoutOf(String cType) {
        String t = cType.replace("const", " ").replaceAll("\\b(CUBLASWINAPI|CUDNNWINAPI|CUDNN_DEPRECATED|CUBLASAPI)\\b", " ").trim();
        if (t.contains("*") || t.matches(".*(Handle_t|Descriptor_t|Stream_t)(\\s+\\w+)?")) return ValueLayout.ADDRESS;
        if (t.startsWith("double")) return ValueLayout.JAVA_DOUBLE;
        if (t.startsWith("float")) return ValueLayout.JAVA_FLOAT;
        if (t.startsWith("size_t") || t.startsWith("long long") || t.startsWith("int64_t")) return ValueLayout.JAVA_LONG;
        return ValueLayout.JAVA_INT; // int and the status/enum typedefs
    }

    /** {@code name}'s declaration: the result type and the parameter types, as written. */
    static List<String> declaration(String text, String name) {
        Matcher m = Pattern.compile("([\\w\\s\\*]+?)\\b" + Pattern.quote(name) + "\\s*\\(([^;{]*?)\\)\\s*;").matcher(text);
        assertTrue(m.find(), name + " is declared in the headers");
        List<String> parts = new ArrayList<>();
        parts.add(m.group(1).trim().replaceAll("\\s+", " "));
        String parameters = m.group(2).trim();
        if (!parameters.equals("void") && !parameters.isEmpty()) {
            for (String p : parameters.split(",")) parts.add(p.trim().replaceAll("\\s+", " "));
        }
        return parts;
    }

    static void check(String text, List<NativeFunction> functions) {
        for (NativeFunction function : functions) {
            List<String> declared = declaration(text, function.name());
            List<MemoryLayout> ours = function.descriptor().argumentLayouts();
            assertEquals(declared.size() - 1, ours.size(), function.name() + ": parameters " + declared.subList(1, declared.size()));
            for (int i = 0; i < ours.size(); i++) {
                String parameter = declared.get(i + 1);
                assertEquals(kind(layoutOf(parameter.replaceAll("\\w+$", "").isBlank() ? parameter : parameter.replaceAll("\\s*\\b\\w+$", ""))),
                        kind(ours.get(i)), function.name() + " parameter " + i + " '" + parameter + "'");
            }
            String result = declared.getFirst();
            assertEquals(kind(layoutOf(result)), kind(function.descriptor().returnLayout().orElseThrow()), function.name() + " result '" + result + "'");
        }
    }

    /** A layout's kind, without its name or byte order. */
    static String kind(MemoryLayout layout) {
        return layout instanceof java.lang.foreign.AddressLayout ? "ADDRESS" : ((ValueLayout) layout).carrier().getSimpleName();
    }

    @Test
    void everyCublasBindingMatchesItsDeclaration() throws Exception {
        String text = headers(Cublas.WHEEL_FOLDER, "cublas_api.h", "cublas_api.h");
        assumeTrue(text != null, "no cublas_api.h on this machine");
        check(text, Cublas.FUNCTIONS);
    }

    @Test
    void everyCudnnBindingMatchesItsDeclaration() throws Exception {
        String text = headers(Cudnn.WHEEL_FOLDER, "cudnn.h", "cudnn_graph.h", "cudnn_ops.h", "cudnn_cnn.h");
        assumeTrue(text != null, "no cudnn.h on this machine");
        check(text, Cudnn.FUNCTIONS);
    }

    @Test
    void theTypeClassifierReadsTheHeadersKinds() {
        assertEquals("ADDRESS", kind(layoutOf("const cudnnTensorDescriptor_t")));
        assertEquals("ADDRESS", kind(layoutOf("cublasHandle_t")));
        assertEquals("ADDRESS", kind(layoutOf("const float*")));
        assertEquals("long", kind(layoutOf("long long int")));
        assertEquals("long", kind(layoutOf("size_t")));
        assertEquals("int", kind(layoutOf("cudnnConvolutionFwdAlgo_t")));
        assertEquals("double", kind(layoutOf("double")));
        assertTrue(Stream.of("int").allMatch(t -> kind(layoutOf(t)).equals("int")));
    }
}
