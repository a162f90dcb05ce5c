package dev.tensorj.tensorboard;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * A histogram as TensorBoard's {@code HistogramProto} holds it: the count, min, max, sum and sum of
 * squares of the values, and buckets given by their right edges ({@code bucketLimits[i]}) and counts;
 * bucket i covers {@code (bucketLimits[i-1], bucketLimits[i]]}, the first one starting at {@code min}.
 *
 * @param count        how many finite values were counted
 * @param bucketLimits right edges, increasing; the last equals {@code max}
 * @param bucketCounts values per bucket, as doubles (the proto's type)
 */
public record Histogram(double min, double max, double count, double sum, double sumOfSquares, double[] bucketLimits, double[] bucketCounts) {
    /** As {@code tf.summary.histogram}: 30 equal-width buckets from the smallest value to the largest. */
    public static final int DEFAULT_BUCKETS = 30;

    public Histogram {
        if (bucketLimits.length != bucketCounts.length) {
            throw new IllegalArgumentException("Histogram: " + bucketLimits.length + " bucket limits but " + bucketCounts.length + " bucket counts");
        }
    }

    /**
     * The histogram of the finite values among {@code values} in {@code buckets} equal-width buckets
     * between their min and max (one bucket when all are equal; none when there are no finite values).
     * NaN and infinities are left out of every statistic, so a diverging layer still gets a picture.
     */
    public static Histogram of(double[] values, int buckets) {
        return of(values.length, i -> values[i], buckets);
    }

    /** {@link #of(double[], int)} for floats, without a double copy of a large tensor. */
    public static Histogram of(float[] values, int buckets) {
        return of(values.length, i -> values[i], buckets);
    }

    private static Histogram of(int n, IntToDoubleFunction values, int buckets) {
        if (buckets < 1) throw new IllegalArgumentException("Histogram.of: buckets must be >= 1, got " + buckets);
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0, sumOfSquares = 0;
        long count = 0;
        for (int i = 0; i < n; i++) {
            double v = values.applyAsDouble(i);
            if (!Double.isFinite(v)) continue;
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            sumOfSquares += v * v;
            count++;
        }
        if (count == 0) return new Histogram(0, 0, 0, 0, 0, new double[0], new double[0]);
        if (min == max) return new Histogram(min, max, count, sum, sumOfSquares, new double[] {max}, new double[] {count});
        double width = (max - min) / buckets;
        double[] limits = new double[buckets];
        for (int i = 0; i < buckets; i++) limits[i] = min + (i + 1) * width;
        limits[buckets - 1] = max;
        double[] counts = new double[buckets];
        for (int i = 0; i < n; i++) {
            double v = values.applyAsDouble(i);
            if (!Double.isFinite(v)) continue;
            int bucket = (int) Math.ceil((v - min) / width) - 1; // (limit[i-1], limit[i]] -> i; min itself -> bucket 0
            counts[Math.clamp(bucket, 0, buckets - 1)]++;
        }
        return new Histogram(min, max, count, sum, sumOfSquares, limits, counts);
    }

    /** {@link #of(double[], int)} with {@link #DEFAULT_BUCKETS}. */
    public static Histogram of(double[] values) {
        return of(values, DEFAULT_BUCKETS);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Histogram h && min == h.min && max == h.max && count == h.count && sum == h.sum && sumOfSquares == h.sumOfSquares
                && Arrays.equals(bucketLimits, h.bucketLimits) && Arrays.equals(bucketCounts, h.bucketCounts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bucketLimits) + Arrays.hashCode(bucketCounts);
    }

    @Override
    public String toString() {
        return "Histogram[count=" + count + ", min=" + min + ", max=" + max + ", buckets=" + bucketLimits.length + "]";
    }
}
