package dev.tensorj.tensor;

/**
 * Storage in a Java array on the heap: {@code float[]} for FLOAT32, {@code double[]} for FLOAT64,
 * {@code long[]} for INT64. Shared by the reference and the fast CPU backend.
 */
public final class CpuStorage extends Storage {
    private final float[] floats;
    private final double[] doubles;
    private final long[] longs;

    /** A zero-filled array of {@code size} elements of the dtype. */
    public CpuStorage(DType dtype, int size) {
        super(dtype, size);
        this.floats = dtype == DType.FLOAT32 ? new float[size] : null;
        this.doubles = dtype == DType.FLOAT64 ? new double[size] : null;
        this.longs = dtype == DType.INT64 ? new long[size] : null;
    }

    private CpuStorage(float[] data) {
        super(DType.FLOAT32, data.length);
        this.floats = data;
        this.doubles = null;
        this.longs = null;
    }

    private CpuStorage(double[] data) {
        super(DType.FLOAT64, data.length);
        this.floats = null;
        this.doubles = data;
        this.longs = null;
    }

    private CpuStorage(long[] data) {
        super(DType.INT64, data.length);
        this.floats = null;
        this.doubles = null;
        this.longs = data;
    }

    /** Wraps an array without copying it. */
    public static CpuStorage wrap(float[] data) {
        return new CpuStorage(data);
    }

    /** Wraps an array without copying it (FLOAT64). */
    public static CpuStorage wrap(double[] data) {
        return new CpuStorage(data);
    }

    /** Wraps an array without copying it (INT64). */
    public static CpuStorage wrap(long[] data) {
        return new CpuStorage(data);
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    /** The backing array of a FLOAT32 storage (throws for another dtype); writes bypass the version counter. */
    public float[] floats() {
        if (floats == null) throw new IllegalStateException("CpuStorage: FLOAT32 array asked of a " + dtype() + " storage");
        return floats;
    }

    /** The backing array of a FLOAT64 storage (throws for another dtype); writes bypass the version counter. */
    public double[] doubles() {
        if (doubles == null) throw new IllegalStateException("CpuStorage: FLOAT64 array asked of a " + dtype() + " storage");
        return doubles;
    }

    /** The backing array of an INT64 storage (throws for another dtype); writes bypass the version counter. */
    public long[] longs() {
        if (longs == null) throw new IllegalStateException("CpuStorage: INT64 array asked of a " + dtype() + " storage");
        return longs;
    }

    /** Reads one element as a double, whatever the dtype (INT64 beyond 2^53 loses precision). */
    public double getDouble(int position) {
        return switch (dtype()) {
            case FLOAT32 -> floats[position];
            case FLOAT64 -> doubles[position];
            case INT64 -> longs[position];
        };
    }

    /** Writes one element from a double: rounded for FLOAT32, truncated toward zero for INT64. */
    public void setDouble(int position, double value) {
        switch (dtype()) {
            case FLOAT32 -> floats[position] = (float) value;
            case FLOAT64 -> doubles[position] = value;
            case INT64 -> longs[position] = (long) value;
        }
    }

    /** Reads one element as a long, whatever the dtype (floats truncate toward zero). */
    public long getLong(int position) {
        return switch (dtype()) {
            case FLOAT32 -> (long) floats[position];
            case FLOAT64 -> (long) doubles[position];
            case INT64 -> longs[position];
        };
    }

    /** Writes one element given as a long, converted to the dtype. */
    public void setLong(int position, long value) {
        switch (dtype()) {
            case FLOAT32 -> floats[position] = value;
            case FLOAT64 -> doubles[position] = value;
            case INT64 -> longs[position] = value;
        }
    }
}
