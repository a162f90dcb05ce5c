package dev.tensorj.bench;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * An A/B comparison of one benchmark method between two builds, in one JVM: each build's classes and
 * jars get their own class loader, and the two run in alternating bursts (in random order each round),
 * so a slow spell of the machine hits both alike. On these shared VMs, separate JMH forks of a
 * sub-millisecond layer can differ by ±40 % or more, while the medians of 30 alternating rounds repeat
 * within a few percent. Run it through {@code scripts/ab.sh REV ...}, which builds REV beside the working tree.
 * <pre>
 *   SameJvmAb DIR_A DIR_B CLASS METHOD [FIELD=VALUE[,FIELD=VALUE...] | -] [ROUNDS] [BURST_MS]
 * </pre>
 * DIR_A and DIR_B are two {@code benchmarks/target} folders (each with {@code classes/} and {@code lib/});
 * CLASS is a benchmark class of this package, e.g. {@code ConvLayerBenchmark}, METHOD one of its
 * {@code @Benchmark} methods, FIELD=VALUE sets {@code @Param} fields (String or int) before its {@code @Setup} runs.
 */
public final class SameJvmAb {
    private SameJvmAb() {
    }

    /** One build's instance of the benchmark, ready to run. */
    private record Build(String name, Object state, Method method) {
        Object run() {
            try {
                return method.invoke(state);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("SameJvmAb: " + method + " failed in build " + name, e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: SameJvmAb DIR_A DIR_B CLASS METHOD [FIELD=VALUE[,FIELD=VALUE...] | -] [ROUNDS (30)] [BURST_MS (100)]");
            System.exit(2);
        }
        String param = args.length > 4 ? args[4] : "-";
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 30;
        double burstSeconds = (args.length > 6 ? Double.parseDouble(args[6]) : 100) / 1000;
        Build[] builds = {load("A", Path.of(args[0]), args[2], args[3], param), load("B", Path.of(args[1]), args[2], args[3], param)};
        for (Build build : builds) { // warm-up: let the JIT compile both builds' code
            long end = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < end) build.run();
        }
        double[][] times = new double[2][rounds];
        Random order = new Random(1);
        int bFaster = 0;
        for (int round = 0; round < rounds; round++) {
            int first = order.nextInt(2);
            double[] ms = new double[2];
            for (int turn = 0; turn < 2; turn++) {
                int which = turn == 0 ? first : 1 - first;
                ms[which] = 1000 * QuickGuard.secondsPerCall(builds[which]::run, burstSeconds);
                times[which][round] = ms[which];
            }
            if (ms[1] < ms[0]) bFaster++;
        }
        System.out.printf(Locale.ROOT, "%s.%s%s, %d rounds of %.0f ms bursts:%n", args[2], args[3], param.equals("-") ? "" : " (" + param + ")",
                rounds, 1000 * burstSeconds);
        for (int i = 0; i < 2; i++) {
            double[] sorted = times[i].clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "  %s %-50s median %.4f ms, quartiles %.4f / %.4f, min %.4f%n", builds[i].name, args[i],
                    QuickGuard.median(times[i]), sorted[rounds / 4], sorted[3 * rounds / 4], sorted[0]);
        }
        System.out.printf(Locale.ROOT, "  B faster in %d of %d rounds%n", bFaster, rounds);
    }

    private static Build load(String name, Path dir, String className, String methodName, String param) throws Exception {
        ClassLoader loader = new URLClassLoader(classPath(dir), ClassLoader.getPlatformClassLoader());
        Class<?> type = loader.loadClass(SameJvmAb.class.getPackageName() + "." + className);
        Object state = type.getConstructor().newInstance();
        for (String assignment : param.equals("-") ? new String[0] : param.split(",")) {
            int eq = assignment.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("SameJvmAb: expected FIELD=VALUE[,FIELD=VALUE...] or -, got '" + param + "'");
            Field field = type.getField(assignment.substring(0, eq));
            String value = assignment.substring(eq + 1);
            field.set(state, field.getType() == int.class ? (Object) Integer.parseInt(value) : value);
        }
        for (Method setup : type.getMethods()) {
            if (hasAnnotation(setup, "Setup")) setup.invoke(state);
        }
        return new Build(name, state, type.getMethod(methodName));
    }

    /** Whether the method carries the JMH annotation of that simple name (the annotation classes live in the build's loader). */
    private static boolean hasAnnotation(Method method, String simpleName) {
        for (Annotation annotation : method.getAnnotations()) {
            if (annotation.annotationType().getSimpleName().equals(simpleName)) return true;
        }
        return false;
    }

    private static URL[] classPath(Path target) throws IOException {
        Path classes = target.resolve("classes"), lib = target.resolve("lib");
        if (!Files.isDirectory(classes) || !Files.isDirectory(lib)) {
            throw new IllegalArgumentException("SameJvmAb: " + target + " is not a built benchmarks/target folder (needs classes/ and lib/)");
        }
        List<URL> urls = new ArrayList<>();
        urls.add(url(classes));
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) urls.add(url(jar));
        }
        return urls.toArray(new URL[0]);
    }

    private static URL url(Path path) throws MalformedURLException {
        return path.toUri().toURL();
    }
}
