package dev.tensorj.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array: a {@link Storage} plus an offset, a shape and strides (in elements).
 *
 * <pre>
 *   element(i0, i1, ..., ik) = storage[offset + i0*strides[0] + i1*strides[1] + ... + ik*strides[k]]
 * </pre>
 *
 * Views ({@link #view}, {@link #permute}, {@link #transpose}, {@link #slice}, {@link #select},
 * {@link #expand}, ...) share the storage and copy nothing; broadcasting is a stride of 0. Every op
 * checks its inputs here, names itself in its errors, allocates its output and hands the arithmetic
 * to the {@link Backend} of the tensor's device.
 *
 * <p>{@code equals} is identity: compare values with {@link #allClose}.
 */
public final class Tensor {
    private final Storage storage;
    private final int offset;
    private final int[] shape;
    private final int[] strides;

    /** A view of {@code storage}; checks that every element it can address is inside the storage. */
    public Tensor(Storage storage, int offset, int[] shape, int[] strides) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("Tensor: shape " + Arrays.toString(shape) + " and strides " + Arrays.toString(strides) + " differ in rank");
        }
        this.storage = storage;
        this.offset = offset;
        this.shape = shape.clone();
        this.strides = strides.clone();
        checkInBounds();
    }

    private void checkInBounds() {
        if (Shape.numel(shape) == 0) return;
        long lo = offset, hi = offset;
        for (int i = 0; i < shape.length; i++) {
            long extent = (long) (shape[i] - 1) * strides[i];
            if (extent < 0) lo += extent; else hi += extent;
        }
        if (lo < 0 || hi >= storage.size()) {
            throw new IllegalArgumentException("Tensor: view with offset " + offset + ", shape " + Arrays.toString(shape)
                    + " and strides " + Arrays.toString(strides) + " reaches outside its storage of " + storage.size() + " elements");
        }
    }

    // =====================================================================================
    // Creation
    // =====================================================================================

    /** A zero-filled contiguous tensor. */
    public static Tensor zeros(DType dtype, Device device, int... shape) {
        Shape.of(shape); // validates
        Storage storage = Backends.forDevice(device).allocate(dtype, Shape.numel(shape));
        return new Tensor(storage, 0, shape, Shape.contiguousStrides(shape));
    }

    /** A zero-filled contiguous CPU tensor. */
    public static Tensor zeros(DType dtype, int... shape) {
        return zeros(dtype, Device.CPU, shape);
    }

    /** A zero-filled contiguous FLOAT32 CPU tensor ({@code torch.zeros(shape)}). */
    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT32, Device.CPU, shape);
    }

    /** A new contiguous tensor of the same shape, dtype and device, filled with zeros. */
    public Tensor zerosLike() {
        return zeros(dtype(), device(), shape);
    }

    /** A FLOAT32 CPU tensor of ones. */
    public static Tensor ones(int... shape) {
        return full(1.0, DType.FLOAT32, shape);
    }

    /** A CPU tensor of ones of the given dtype. */
    public static Tensor ones(DType dtype, int... shape) {
        return full(1.0, dtype, shape);
    }

    /** A new contiguous tensor of the same shape, dtype and device, filled with ones. */
    public Tensor onesLike() {
        return zerosLike().fill(1.0);
    }

    /** A CPU tensor of the given dtype with every element {@code value} ({@code torch.full}). */
    public static Tensor full(double value, DType dtype, int... shape) {
        return zeros(dtype, shape).fill(value);
    }

    /** A FLOAT32 CPU tensor with every element {@code value}. */
    public static Tensor full(double value, int... shape) {
        return full(value, DType.FLOAT32, shape);
    }

    /** A 0-dimensional FLOAT32 tensor holding {@code value}. */
    public static Tensor scalar(double value) {
        return scalar(value, DType.FLOAT32);
    }

    /** A 0-dimensional tensor of the given dtype holding {@code value} (rounded to it). */
    public static Tensor scalar(double value, DType dtype) {
        return zeros(dtype).fill(value);
    }

    /** 0, 1, ..., end - 1 as INT64 (like {@code torch.arange(end)}). */
    public static Tensor arange(long end) {
        return arange(0, end);
    }

    /** start, start + 1, ..., end - 1 as INT64. */
    public static Tensor arange(long start, long end) {
        long[] values = new long[(int) Math.max(0, end - start)];
        for (int i = 0; i < values.length; i++) values[i] = start + i;
        return fromArray(values, values.length);
    }

    /** start, start + step, ... while below end (above, for a negative step), as FLOAT32. */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0 || !Double.isFinite(step)) throw new IllegalArgumentException("arange: step must be finite and non-zero, got " + step);
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float) (start + i * step);
        return fromArray(values, n);
    }

    /** {@code steps} evenly spaced values from start to end inclusive, as FLOAT32. */
    public static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        float[] values = new float[steps];
        for (int i = 0; i < steps; i++) values[i] = (float) (steps == 1 ? start : start + (end - start) * i / (steps - 1));
        return fromArray(values, steps);
    }

    /** The n x n identity matrix. */
    public static Tensor eye(int n) {
        return eye(n, n);
    }

    /** A rows x columns FLOAT32 matrix with ones on the main diagonal and zeros elsewhere. */
    public static Tensor eye(int rows, int columns) {
        float[] values = new float[rows * columns];
        for (int i = 0; i < Math.min(rows, columns); i++) values[i * columns + i] = 1;
        return fromArray(values, rows, columns);
    }

    /** A 1-D FLOAT32 tensor of the given values. */
    public static Tensor of(float... values) {
        return fromArray(values.clone(), values.length);
    }

    /** A 2-D FLOAT32 tensor from rows of equal length. */
    public static Tensor of(float[]... rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        float[] values = new float[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != columns) {
                throw new IllegalArgumentException("Tensor.of: row " + r + " has " + rows[r].length + " values, expected " + columns + " like row 0");
            }
            System.arraycopy(rows[r], 0, values, r * columns, columns);
        }
        return fromArray(values, rows.length, columns);
    }

    /** A 1-D INT64 tensor of the given values. */
    public static Tensor ofLongs(long... values) {
        return fromArray(values.clone(), values.length);
    }

    /** Wraps {@code data} (not copied) as a contiguous FLOAT32 CPU tensor of the given shape. */
    public static Tensor fromArray(float[] data, int... shape) {
        checkDataLength("fromArray", data.length, shape);
        return new Tensor(CpuStorage.wrap(data), 0, shape, Shape.contiguousStrides(shape));
    }

    /** Wraps {@code data} (not copied) as a contiguous FLOAT64 CPU tensor of the given shape. */
    public static Tensor fromArray(double[] data, int... shape) {
        checkDataLength("fromArray", data.length, shape);
        return new Tensor(CpuStorage.wrap(data), 0, shape, Shape.contiguousStrides(shape));
    }

    /** Wraps {@code data} (not copied) as a contiguous INT64 CPU tensor of the given shape. */
    public static Tensor fromArray(long[] data, int... shape) {
        checkDataLength("fromArray", data.length, shape);
        return new Tensor(CpuStorage.wrap(data), 0, shape, Shape.contiguousStrides(shape));
    }

    private static void checkDataLength(String op, int length, int[] shape) {
        Shape.of(shape);
        if (Shape.numel(shape) != length) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + Arrays.toString(shape)
                    + " (expected " + Shape.numel(shape) + ")");
        }
    }

    // ---- random ----

    /** Uniform in [0, 1), FLOAT32, from the global generator. */
    public static Tensor rand(int... shape) {
        return rand(Generator.global(), shape);
    }

    /** Uniform in [0, 1), FLOAT32, from {@code generator}. */
    public static Tensor rand(Generator generator, int... shape) {
        return uniform(0, 1, DType.FLOAT32, generator, shape);
    }

    /** Uniform in [low, high) of the given dtype, from {@code generator} ({@code torch.empty(...).uniform_}). */
    public static Tensor uniform(double low, double high, DType dtype, Generator generator, int... shape) {
        Tensor t = zeros(dtype, shape);
        t.backend().fillUniform(t, low, high, generator);
        return t;
    }

    /** Standard normal, FLOAT32, from the global generator. */
    public static Tensor randn(int... shape) {
        return randn(Generator.global(), shape);
    }

    /** Standard normal, FLOAT32, from {@code generator}. */
    public static Tensor randn(Generator generator, int... shape) {
        return normal(0, 1, DType.FLOAT32, generator, shape);
    }

    /** Normal with the given mean and standard deviation, of the given dtype, from {@code generator}. */
    public static Tensor normal(double mean, double std, DType dtype, Generator generator, int... shape) {
        Tensor t = zeros(dtype, shape);
        t.backend().fillNormal(t, mean, std, generator);
        return t;
    }

    /** Integers uniform in [low, high), INT64. */
    public static Tensor randint(long low, long high, int... shape) {
        return randint(low, high, Generator.global(), shape);
    }

    /** Integers uniform in [low, high), INT64, from {@code generator}; throws unless low &lt; high. */
    public static Tensor randint(long low, long high, Generator generator, int... shape) {
        if (high <= low) throw new IllegalArgumentException("randint: high (" + high + ") must be greater than low (" + low + ")");
        int n = Shape.numel(shape);
        long[] values = new long[n];
        for (int i = 0; i < n; i++) values[i] = low + generator.nextLong(high - low);
        return fromArray(values, shape);
    }

    /** 1 with probability p, else 0, FLOAT32. */
    public static Tensor bernoulli(double p, int... shape) {
        return bernoulli(p, Generator.global(), shape);
    }

    /** 1 with probability p, else 0, FLOAT32, from {@code generator}; p must be in [0, 1]. */
    public static Tensor bernoulli(double p, Generator generator, int... shape) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
        Tensor t = zeros(shape);
        t.backend().fillBernoulli(t, p, generator);
        return t;
    }

    // =====================================================================================
    // Properties
    // =====================================================================================

    /** The shape as an immutable {@link Shape} (for printing, comparing and errors; {@link #dims} gives the array). */
    public Shape shape() {
        return Shape.of(shape);
    }

    /** The shape as a fresh array. */
    public int[] dims() {
        return shape.clone();
    }

    /** Size of one axis; negative axes count from the end. */
    public int size(int axis) {
        return shape[Shape.normalizeAxis("size", axis, shape.length)];
    }

    /** The strides as a fresh array: how many storage elements one step along each axis moves (0 for a broadcast axis). */
    public int[] strides() {
        return strides.clone();
    }

    /** The stride of one axis, in elements; negative axes count from the end. */
    public int stride(int axis) {
        return strides[Shape.normalizeAxis("stride", axis, shape.length)];
    }

    /** Where element (0, ..., 0) sits in the storage, in elements. */
    public int offset() {
        return offset;
    }

    /** The number of axes (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** The number of elements, the product of the sizes. */
    public int numel() {
        return Shape.numel(shape);
    }

    /** The element type, that of the storage. */
    public DType dtype() {
        return storage.dtype();
    }

    /** Where the storage lives. */
    public Device device() {
        return storage.device();
    }

    /** The storage this tensor views. Only backends should read or write it. */
    public Storage storage() {
        return storage;
    }

    /** The storage's in-place modification count (shared by all views of it). */
    public int version() {
        return storage.version();
    }

    /** The backend that computes on this tensor's device (the fast CPU backend when present, else the reference). */
    public Backend backend() {
        return Backends.forDevice(device());
    }

    /** Whether the two tensors are views of the same memory (NumPy's {@code shares_memory}, by storage). */
    public boolean sharesMemoryWith(Tensor other) {
        return storage == other.storage;
    }

    /** Whether this tensor is its storage's only layout: contiguous, from offset 0, covering all of it. */
    public boolean coversItsStorage() {
        return isContiguous() && offset == 0 && numel() == storage.size();
    }

    /** True when the elements are laid out row-major without gaps (sizes 1 may have any stride). */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 1) continue;
            if (strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    // =====================================================================================
    // Views: share storage, copy nothing
    // =====================================================================================

    /**
     * The same elements in a new shape, as a view; one size may be -1 (inferred). Fails when the
     * strides do not allow a view: use {@link #reshape}, which copies then.
     */
    public Tensor view(int... newShape) {
        int[] target = inferShape("view", newShape);
        int[] newStrides = ViewStrides.compute(shape, strides, target);
        if (newStrides == null) {
            throw new IllegalArgumentException("view: shape " + Arrays.toString(shape) + " with strides " + Arrays.toString(strides)
                    + " cannot be viewed as " + Arrays.toString(target) + " without a copy; use reshape() or contiguous() first");
        }
        return new Tensor(storage, offset, target, newStrides);
    }

    /** Like {@link #view} when the strides allow it, otherwise a contiguous copy in the new shape. */
    public Tensor reshape(int... newShape) {
        int[] target = inferShape("reshape", newShape);
        int[] newStrides = ViewStrides.compute(shape, strides, target);
        if (newStrides != null) return new Tensor(storage, offset, target, newStrides);
        return contiguous().view(target);
    }

    private int[] inferShape(String op, int[] requested) {
        int[] target = requested.clone();
        int inferred = -1;
        int known = 1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) {
                if (inferred >= 0) throw new IllegalArgumentException(op + ": only one size may be -1 in " + Arrays.toString(requested));
                inferred = i;
            } else if (target[i] < 0) {
                throw new IllegalArgumentException(op + ": negative size in " + Arrays.toString(requested));
            } else {
                known *= target[i];
            }
        }
        int n = numel();
        if (inferred >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException(op + ": cannot infer -1 in " + Arrays.toString(requested) + " for " + n + " elements of shape " + Arrays.toString(shape));
            }
            target[inferred] = n / known;
        }
        if (Shape.numel(target) != n) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(shape) + " (" + n + " elements) cannot become "
                    + Arrays.toString(requested) + " (" + Shape.numel(target) + " elements)");
        }
        return target;
    }

    /** Axes reordered: result axis i is this tensor's axis {@code order[i]}. */
    public Tensor permute(int... order) {
        if (order.length != shape.length) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " has " + order.length + " axes, tensor of shape "
                    + Arrays.toString(shape) + " has " + shape.length);
        }
        boolean[] seen = new boolean[shape.length];
        int[] newShape = new int[shape.length];
        int[] newStrides = new int[shape.length];
        for (int i = 0; i < order.length; i++) {
            int axis = Shape.normalizeAxis("permute", order[i], shape.length);
            if (seen[axis]) throw new IllegalArgumentException("permute: axis " + order[i] + " repeated in " + Arrays.toString(order));
            seen[axis] = true;
            newShape[i] = shape[axis];
            newStrides[i] = strides[axis];
        }
        return new Tensor(storage, offset, newShape, newStrides);
    }

    /** Swaps two axes. */
    public Tensor transpose(int axis0, int axis1) {
        int a = Shape.normalizeAxis("transpose", axis0, shape.length);
        int b = Shape.normalizeAxis("transpose", axis1, shape.length);
        int[] order = new int[shape.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** The transpose of a matrix (2-D only, like {@code torch.Tensor.t}); 1-D and 0-D are returned as they are. */
    public Tensor t() {
        if (shape.length > 2) throw new IllegalArgumentException("t: expects a tensor of rank <= 2, got shape " + Arrays.toString(shape) + "; use transpose(a, b)");
        return shape.length < 2 ? this : transpose(0, 1);
    }

    /**
     * Elements {@code start, start + step, ...} below {@code end} along an axis (Python's
     * {@code x[start:end:step]}); negative start/end count from the end and are clamped like Python.
     */
    public Tensor slice(int axis, int start, int end, int step) {
        int a = Shape.normalizeAxis("slice", axis, shape.length);
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        int size = shape[a];
        int s = clampIndex(start, size);
        int e = clampIndex(end, size);
        int length = e > s ? (e - s + step - 1) / step : 0;
        int[] newShape = shape.clone();
        int[] newStrides = strides.clone();
        newShape[a] = length;
        newStrides[a] = strides[a] * step;
        return new Tensor(storage, length == 0 ? offset : offset + s * strides[a], newShape, newStrides);
    }

    /** Elements {@code start .. end - 1} along an axis, a view ({@code x[start:end]}); negative indices count from the end. */
    public Tensor slice(int axis, int start, int end) {
        return slice(axis, start, end, 1);
    }

    private static int clampIndex(int index, int size) {
        int i = index < 0 ? index + size : index;
        return Math.max(0, Math.min(size, i));
    }

    /**
     * The elements in reverse order along each of {@code axes}, as a view: the offset moves to the last
     * element of each axis and its stride changes sign (NumPy's {@code x[::-1]}; PyTorch's {@code flip}
     * copies). A bidirectional RNN reads its reverse direction this way without moving data.
     */
    public Tensor flip(int... axes) {
        int[] newStrides = strides.clone();
        int newOffset = offset;
        boolean[] seen = new boolean[shape.length];
        for (int axis : axes) {
            int a = Shape.normalizeAxis("flip", axis, shape.length);
            if (seen[a]) throw new IllegalArgumentException("flip: axis " + axis + " appears twice in " + Arrays.toString(axes));
            seen[a] = true;
            if (shape[a] > 1) newOffset += (shape[a] - 1) * strides[a];
            newStrides[a] = -strides[a];
        }
        return new Tensor(storage, Shape.numel(shape) == 0 ? offset : newOffset, shape, newStrides);
    }

    /** {@code length} elements from {@code start} along an axis (like {@code torch.narrow}), strictly checked. */
    public Tensor narrow(int axis, int start, int length) {
        int a = Shape.normalizeAxis("narrow", axis, shape.length);
        if (start < 0 || length < 0 || start + length > shape[a]) {
            throw new IllegalArgumentException("narrow: start " + start + " and length " + length + " do not fit axis " + axis
                    + " of size " + shape[a] + " in shape " + Arrays.toString(shape));
        }
        return slice(a, start, start + length, 1);
    }

    /** The sub-tensor at {@code index} along an axis, with that axis removed. */
    public Tensor select(int axis, int index) {
        int a = Shape.normalizeAxis("select", axis, shape.length);
        int i = index < 0 ? index + shape[a] : index;
        if (i < 0 || i >= shape[a]) {
            throw new IllegalArgumentException("select: index " + index + " is out of range for axis " + axis + " of size " + shape[a]
                    + " in shape " + Arrays.toString(shape));
        }
        return new Tensor(storage, offset + i * strides[a], removeAt(shape, a), removeAt(strides, a));
    }

    /** Removes every axis of size 1. */
    public Tensor squeeze() {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) if (shape[i] != 1) keep.add(i);
        int[] newShape = new int[keep.size()];
        int[] newStrides = new int[keep.size()];
        for (int i = 0; i < newShape.length; i++) {
            newShape[i] = shape[keep.get(i)];
            newStrides[i] = strides[keep.get(i)];
        }
        return new Tensor(storage, offset, newShape, newStrides);
    }

    /** Removes one axis, which must have size 1. */
    public Tensor squeeze(int axis) {
        int a = Shape.normalizeAxis("squeeze", axis, shape.length);
        if (shape[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " has size " + shape[a] + " in shape " + Arrays.toString(shape) + ", expected 1");
        }
        return new Tensor(storage, offset, removeAt(shape, a), removeAt(strides, a));
    }

    /** Inserts an axis of size 1 at {@code axis} (0..rank; negative counts from the end of the result). */
    public Tensor unsqueeze(int axis) {
        int a = Shape.normalizeAxis("unsqueeze", axis, shape.length + 1);
        int[] newShape = insertAt(shape, a, 1);
        int stride = a < shape.length ? strides[a] * shape[a] : 1;
        return new Tensor(storage, offset, newShape, insertAt(strides, a, stride));
    }

    /**
     * Broadcasts to a larger shape without copying: axes of size 1 (and new leading axes) get stride 0;
     * -1 keeps a size.
     */
    public Tensor expand(int... newShape) {
        if (newShape.length < shape.length) {
            throw new IllegalArgumentException("expand: cannot expand shape " + Arrays.toString(shape) + " to fewer axes " + Arrays.toString(newShape));
        }
        int lead = newShape.length - shape.length;
        int[] target = newShape.clone();
        int[] newStrides = new int[newShape.length];
        for (int i = 0; i < newShape.length; i++) {
            if (i < lead) {
                if (target[i] < 0) throw new IllegalArgumentException("expand: -1 not allowed for new leading axis " + i + " in " + Arrays.toString(newShape));
                newStrides[i] = 0;
                continue;
            }
            int old = shape[i - lead];
            if (target[i] == -1) target[i] = old;
            if (target[i] == old) {
                newStrides[i] = strides[i - lead];
            } else if (old == 1) {
                newStrides[i] = 0;
            } else {
                throw new IllegalArgumentException("expand: shape " + Arrays.toString(shape) + " cannot be expanded to " + Arrays.toString(newShape)
                        + ": axis " + i + " has size " + old + " (expected 1 or " + target[i] + ")");
            }
        }
        return new Tensor(storage, offset, target, newStrides);
    }

    /** {@link #expand} with NumPy naming. */
    public Tensor broadcastTo(int... newShape) {
        return expand(newShape);
    }

    /** All axes into one. */
    public Tensor flatten() {
        return reshape(numel());
    }

    /** Axes {@code startAxis..endAxis} (inclusive) merged into one, like {@code torch.flatten}. */
    public Tensor flatten(int startAxis, int endAxis) {
        if (shape.length == 0) return reshape(1);
        int s = Shape.normalizeAxis("flatten", startAxis, shape.length);
        int e = Shape.normalizeAxis("flatten", endAxis, shape.length);
        if (s > e) throw new IllegalArgumentException("flatten: start axis " + startAxis + " comes after end axis " + endAxis);
        int[] newShape = new int[shape.length - (e - s)];
        int merged = 1;
        for (int i = s; i <= e; i++) merged *= shape[i];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i < s || i > e) newShape[j++] = shape[i];
            else if (i == s) newShape[j++] = merged;
        }
        return reshape(newShape);
    }

    /** This tensor if already contiguous, otherwise a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : copy();
    }

    /** A contiguous copy (always copies). */
    public Tensor copy() {
        Tensor out = zeros(dtype(), device(), shape);
        backend().copy(this, out);
        return out;
    }

    /** A copy in another dtype (this tensor when the dtype is already right). */
    public Tensor to(DType newDtype) {
        if (newDtype == dtype()) return this;
        Tensor out = zeros(newDtype, device(), shape);
        backend().copy(this, out);
        return out;
    }

    /** A copy on another device (this tensor when already there). */
    public Tensor to(Device target) {
        if (target.equals(device())) return this;
        return DeviceTransfer.copy(this, target);
    }

    // =====================================================================================
    // Elementwise
    // =====================================================================================

    /** this + other, broadcast, in the promoted dtype ({@link DType#promote}). */
    public Tensor add(Tensor other) { return binary(BinaryOp.ADD, "add", other); }
    /** this - other, broadcast, in the promoted dtype. */
    public Tensor sub(Tensor other) { return binary(BinaryOp.SUB, "sub", other); }
    /** this * other elementwise (not the matrix product: that is {@link #matmul}), broadcast. */
    public Tensor mul(Tensor other) { return binary(BinaryOp.MUL, "mul", other); }
    /** this / other elementwise, broadcast; on INT64 it truncates toward zero and throws on a zero divisor. */
    public Tensor div(Tensor other) { return binary(BinaryOp.DIV, "div", other); }
    /** this raised to {@code exponent} elementwise, broadcast. */
    public Tensor pow(Tensor exponent) { return binary(BinaryOp.POW, "pow", exponent); }
    /** The larger of the two at each position, broadcast ({@code torch.maximum}); NaN wins. */
    public Tensor maximum(Tensor other) { return binary(BinaryOp.MAXIMUM, "maximum", other); }
    /** The smaller of the two at each position, broadcast ({@code torch.minimum}); NaN wins. */
    public Tensor minimum(Tensor other) { return binary(BinaryOp.MINIMUM, "minimum", other); }

    /** this + value; an INT64 tensor stays INT64 for a whole value and becomes FLOAT32 otherwise. */
    public Tensor add(double value) { return binary(BinaryOp.ADD, "add", scalarLike(value)); }
    /** this - value. */
    public Tensor sub(double value) { return binary(BinaryOp.SUB, "sub", scalarLike(value)); }
    /** this * value. */
    public Tensor mul(double value) { return binary(BinaryOp.MUL, "mul", scalarLike(value)); }
    /** this / value. */
    public Tensor div(double value) { return binary(BinaryOp.DIV, "div", scalarLike(value)); }
    /** max(this, value) at each position. */
    public Tensor maximum(double value) { return binary(BinaryOp.MAXIMUM, "maximum", scalarLike(value)); }
    /** min(this, value) at each position. */
    public Tensor minimum(double value) { return binary(BinaryOp.MINIMUM, "minimum", scalarLike(value)); }

    /** value - this. */
    public Tensor rsub(double value) { return scalarLike(value).binary(BinaryOp.SUB, "rsub", this); }

    /** value / this. */
    public Tensor rdiv(double value) { return scalarLike(value).binary(BinaryOp.DIV, "rdiv", this); }

    // comparisons give a mask of 1s and 0s (FLOAT32, or FLOAT64 when an input is FLOAT64)
    /** A mask, 1 where this == other (broadcast), else 0. */
    public Tensor eq(Tensor other) { return binary(BinaryOp.EQ, "eq", other); }
    /** A mask, 1 where this != other (broadcast), else 0. */
    public Tensor ne(Tensor other) { return binary(BinaryOp.NE, "ne", other); }
    /** A mask, 1 where this &lt; other (broadcast), else 0. */
    public Tensor lt(Tensor other) { return binary(BinaryOp.LT, "lt", other); }
    /** A mask, 1 where this &lt;= other (broadcast), else 0. */
    public Tensor le(Tensor other) { return binary(BinaryOp.LE, "le", other); }
    /** A mask, 1 where this &gt; other (broadcast), else 0. */
    public Tensor gt(Tensor other) { return binary(BinaryOp.GT, "gt", other); }
    /** A mask, 1 where this &gt;= other (broadcast), else 0. */
    public Tensor ge(Tensor other) { return binary(BinaryOp.GE, "ge", other); }
    /** A mask, 1 where this == value, else 0. */
    public Tensor eq(double value) { return binary(BinaryOp.EQ, "eq", scalarLike(value)); }
    /** A mask, 1 where this != value, else 0. */
    public Tensor ne(double value) { return binary(BinaryOp.NE, "ne", scalarLike(value)); }
    /** A mask, 1 where this &lt; value, else 0. */
    public Tensor lt(double value) { return binary(BinaryOp.LT, "lt", scalarLike(value)); }
    /** A mask, 1 where this &lt;= value, else 0. */
    public Tensor le(double value) { return binary(BinaryOp.LE, "le", scalarLike(value)); }
    /** A mask, 1 where this &gt; value, else 0. */
    public Tensor gt(double value) { return binary(BinaryOp.GT, "gt", scalarLike(value)); }
    /** A mask, 1 where this &gt;= value, else 0. */
    public Tensor ge(double value) { return binary(BinaryOp.GE, "ge", scalarLike(value)); }

    /** -x elementwise. */
    public Tensor neg() { return unary(UnaryOp.NEG, "neg", 0, 0); }
    /** |x| elementwise. */
    public Tensor abs() { return unary(UnaryOp.ABS, "abs", 0, 0); }
    /** e^x elementwise (INT64 input gives FLOAT32, as for every inexact unary op). */
    public Tensor exp() { return unary(UnaryOp.EXP, "exp", 0, 0); }
    /** The natural logarithm elementwise: -inf at 0, NaN below. */
    public Tensor log() { return unary(UnaryOp.LOG, "log", 0, 0); }
    /** The square root elementwise; NaN below 0. */
    public Tensor sqrt() { return unary(UnaryOp.SQRT, "sqrt", 0, 0); }
    /** 1 / sqrt(x) elementwise. */
    public Tensor rsqrt() { return unary(UnaryOp.RSQRT, "rsqrt", 0, 0); }
    /** sin(x) elementwise, x in radians. */
    public Tensor sin() { return unary(UnaryOp.SIN, "sin", 0, 0); }
    /** cos(x) elementwise, x in radians. */
    public Tensor cos() { return unary(UnaryOp.COS, "cos", 0, 0); }
    /** The hyperbolic tangent elementwise, in (-1, 1). */
    public Tensor tanh() { return unary(UnaryOp.TANH, "tanh", 0, 0); }
    /** The logistic function 1 / (1 + e^-x) elementwise, in (0, 1), computed without overflow. */
    public Tensor sigmoid() { return unary(UnaryOp.SIGMOID, "sigmoid", 0, 0); }
    /** max(x, 0) elementwise (NaN stays NaN, as in PyTorch). */
    public Tensor relu() { return unary(UnaryOp.RELU, "relu", 0, 0); }
    /** x for x &gt; 0, else negativeSlope * x ({@code F.leaky_relu}; Keras calls the slope alpha). */
    public Tensor leakyRelu(double negativeSlope) { return unary(UnaryOp.LEAKY_RELU, "leakyRelu", negativeSlope, 0); }
    /** x for x &gt; 0, else alpha * (e^x - 1) ({@code F.elu}). */
    public Tensor elu(double alpha) { return unary(UnaryOp.ELU, "elu", alpha, 0); }
    /** -1, 0 or 1 by the sign of each element. */
    public Tensor sign() { return unary(UnaryOp.SIGN, "sign", 0, 0); }
    /** 1 / x elementwise. */
    public Tensor reciprocal() { return unary(UnaryOp.RECIPROCAL, "reciprocal", 0, 0); }
    /** x * x elementwise. */
    public Tensor square() { return unary(UnaryOp.SQUARE, "square", 0, 0); }
    /** x^exponent elementwise ({@link #pow(Tensor)} for a tensor exponent). */
    public Tensor pow(double exponent) { return unary(UnaryOp.POW, "pow", exponent, 0); }

    /** Each element limited to [min, max]. */
    public Tensor clamp(double min, double max) {
        if (min > max) throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        return unary(UnaryOp.CLAMP, "clamp", min, max);
    }

    /**
     * An activation's input gradient in one pass: {@code grad} times op's derivative read from this tensor, which is
     * the activation's output for TANH and SIGMOID and its input for RELU and LEAKY_RELU (alpha: the negative slope);
     * see {@link UnaryOp#backward}. PyTorch's {@code tanh_backward}, {@code threshold_backward} and the like.
     */
    public Tensor unaryBackward(UnaryOp op, Tensor grad, double alpha) {
        if (!op.hasFusedBackward()) throw new IllegalArgumentException("unaryBackward: " + op + " has no fused backward; expected TANH, SIGMOID, RELU or LEAKY_RELU");
        if (!Arrays.equals(shape, grad.shape)) {
            throw new IllegalArgumentException("unaryBackward(" + op + "): the gradient's shape " + Arrays.toString(grad.shape)
                    + " differs from the saved tensor's " + Arrays.toString(shape) + "; expected the same shape");
        }
        checkSameDevice("unaryBackward", this, grad);
        DType dtype = DType.promote(DType.promote(dtype(), grad.dtype()), DType.FLOAT32);
        Tensor out = zeros(dtype, device(), shape);
        backend().unaryBackward(op, to(dtype), grad.to(dtype), alpha, out);
        return out;
    }

    /** condition != 0 ? a : b, with broadcasting of all three. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        checkSameDevice("where", condition, a);
        checkSameDevice("where", a, b);
        DType dtype = DType.promote(a.dtype(), b.dtype());
        int[] outShape = Shape.broadcast("where", Shape.broadcast("where", condition.shape, a.shape), b.shape);
        Tensor out = zeros(dtype, a.device(), outShape);
        a.backend().where(condition.expand(outShape), a.to(dtype).expand(outShape), b.to(dtype).expand(outShape), out);
        return out;
    }

    private Tensor unary(UnaryOp op, String name, double alpha, double beta) {
        Tensor x = this;
        if (dtype() == DType.INT64 && !op.exactOnLongs()) x = to(DType.FLOAT32);
        Tensor out = zeros(x.dtype(), device(), shape);
        backend().unary(op, x, alpha, beta, out);
        return out;
    }

    private Tensor binary(BinaryOp op, String name, Tensor other) {
        checkSameDevice(name, this, other);
        DType computeType = DType.promote(dtype(), other.dtype());
        DType outType = op.isComparison() ? (computeType == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32) : computeType;
        int[] outShape = Shape.broadcast(name, shape, other.shape);
        Tensor out = zeros(outType, device(), outShape);
        backend().binary(op, this.to(computeType).expand(outShape), other.to(computeType).expand(outShape), out);
        return out;
    }

    /** A 0-d tensor of this tensor's dtype (float32 when this is int64 and the value is not whole). */
    private Tensor scalarLike(double value) {
        DType type = dtype() == DType.INT64 && value != Math.rint(value) ? DType.FLOAT32 : dtype();
        Tensor s = zeros(type, device());
        backend().fill(s, value);
        return s;
    }

    static void checkSameDevice(String op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException(op + ": tensors are on different devices, " + a.device() + " and " + b.device()
                    + "; move one with to(device) first");
        }
    }

    // ---- in place (bump the version counter, so autograd can catch a modified saved tensor) ----

    /** this += other (other broadcast to this shape). Returns this. */
    public Tensor addInPlace(Tensor other) {
        return inPlace(BinaryOp.ADD, "addInPlace", other);
    }

    /** this += alpha * other. Returns this. */
    public Tensor addInPlace(Tensor other, double alpha) {
        return inPlace(BinaryOp.ADD, "addInPlace", alpha == 1 ? other : other.mul(alpha));
    }

    /** this -= other (other broadcast to this shape). Returns this. */
    public Tensor subInPlace(Tensor other) {
        return inPlace(BinaryOp.SUB, "subInPlace", other);
    }

    /** this *= other (other broadcast to this shape). Returns this. */
    public Tensor mulInPlace(Tensor other) {
        return inPlace(BinaryOp.MUL, "mulInPlace", other);
    }

    /** this *= value. Returns this. */
    public Tensor mulInPlace(double value) {
        return inPlace(BinaryOp.MUL, "mulInPlace", scalarLike(value));
    }

    /** this /= other (other broadcast to this shape). Returns this. */
    public Tensor divInPlace(Tensor other) {
        return inPlace(BinaryOp.DIV, "divInPlace", other);
    }

    private Tensor inPlace(BinaryOp op, String name, Tensor other) {
        checkSameDevice(name, this, other);
        Shape.broadcast(name, shape, other.shape);
        Tensor source;
        try {
            source = other.to(dtype()).expand(shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(other.shape) + " cannot be broadcast to the target's shape "
                    + Arrays.toString(shape));
        }
        if (!isContiguous() && hasOverlap()) throw new IllegalArgumentException(name + ": target with strides " + Arrays.toString(strides) + " overlaps itself (a broadcast view); copy it first");
        backend().binary(op, this, source, this);
        storage.bumpVersion();
        return this;
    }

    /** Sets every element to value. Returns this. */
    public Tensor fill(double value) {
        backend().fill(this, value);
        storage.bumpVersion();
        return this;
    }

    /** Sets every element to 0 ({@code zero_()}). Returns this. */
    public Tensor zero() {
        return fill(0);
    }

    /** Copies source (broadcast to this shape, cast to this dtype) into this tensor. Returns this. */
    public Tensor copyFrom(Tensor source) {
        checkSameDevice("copyFrom", this, source);
        Tensor src;
        try {
            src = source.expand(shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("copyFrom: source of shape " + Arrays.toString(source.shape)
                    + " cannot be broadcast to the target's shape " + Arrays.toString(shape));
        }
        backend().copy(src, this);
        storage.bumpVersion();
        return this;
    }

    private boolean hasOverlap() {
        for (int i = 0; i < shape.length; i++) if (strides[i] == 0 && shape[i] > 1) return true;
        return false;
    }

    // =====================================================================================
    // Reductions
    // =====================================================================================

    /** Sum of all elements, as a 0-d tensor. */
    public Tensor sum() { return reduce(ReduceOp.SUM, "sum", new int[0], false); }
    /** Sum over the given axes, which are removed from the shape. */
    public Tensor sum(int... axes) { return reduce(ReduceOp.SUM, "sum", axes, false); }
    /** Sum over the given axes (all when empty); {@code keepDim} keeps them as size 1 so the result broadcasts against this. */
    public Tensor sum(int[] axes, boolean keepDim) { return reduce(ReduceOp.SUM, "sum", axes, keepDim); }
    /** Mean of all elements, as a 0-d tensor (floating dtypes only). */
    public Tensor mean() { return reduce(ReduceOp.MEAN, "mean", new int[0], false); }
    /** Mean over the given axes, which are removed from the shape. */
    public Tensor mean(int... axes) { return reduce(ReduceOp.MEAN, "mean", axes, false); }
    /** Mean over the given axes (all when empty), keeping them as size 1 when {@code keepDim}. */
    public Tensor mean(int[] axes, boolean keepDim) { return reduce(ReduceOp.MEAN, "mean", axes, keepDim); }
    /** Largest element, as a 0-d tensor; throws when empty. */
    public Tensor max() { return reduce(ReduceOp.MAX, "max", new int[0], false); }
    /** Largest value over the given axes, which are removed (the values only: {@link #argmax(int)} gives the indices). */
    public Tensor max(int... axes) { return reduce(ReduceOp.MAX, "max", axes, false); }
    /** Largest value over the given axes (all when empty), keeping them as size 1 when {@code keepDim}. */
    public Tensor max(int[] axes, boolean keepDim) { return reduce(ReduceOp.MAX, "max", axes, keepDim); }
    /** Smallest element, as a 0-d tensor; throws when empty. */
    public Tensor min() { return reduce(ReduceOp.MIN, "min", new int[0], false); }
    /** Smallest value over the given axes, which are removed. */
    public Tensor min(int... axes) { return reduce(ReduceOp.MIN, "min", axes, false); }
    /** Smallest value over the given axes (all when empty), keeping them as size 1 when {@code keepDim}. */
    public Tensor min(int[] axes, boolean keepDim) { return reduce(ReduceOp.MIN, "min", axes, keepDim); }
    /** Product over the given axes (all when empty), keeping them as size 1 when {@code keepDim}; 1 over an empty axis. */
    public Tensor prod(int[] axes, boolean keepDim) { return reduce(ReduceOp.PROD, "prod", axes, keepDim); }

    /** Unbiased variance (divisor n - 1) over all elements. */
    public Tensor var() {
        return var(new int[0], 1, false);
    }

    /**
     * Variance over the given axes (all when empty) with divisor n - correction: 1 is the unbiased
     * estimate (PyTorch's default), 0 the population variance.
     */
    public Tensor var(int[] axes, int correction, boolean keepDim) {
        Tensor population = reduce(ReduceOp.VAR, "var", axes, keepDim);
        int n = numel() / Math.max(1, population.numel());
        if (correction == 0) return population;
        return population.mul((double) n / Math.max(0, n - correction));
    }

    /** Unbiased standard deviation (divisor n - 1) over all elements. */
    public Tensor std() {
        return var().sqrt();
    }

    /** Standard deviation over the given axes: the square root of {@link #var(int[], int, boolean)}. */
    public Tensor std(int[] axes, int correction, boolean keepDim) {
        return var(axes, correction, keepDim).sqrt();
    }

    /** log(sum(exp(x))) over the axes, computed stably as m + log(sum(exp(x - m))) with m the max. */
    public Tensor logsumexp(int[] axes, boolean keepDim) {
        Tensor m = max(axes, true);
        // an all -inf slice would give NaN from (-inf) - (-inf); use 0 there as PyTorch does
        Tensor safeMax = where(m.abs().eq(Double.POSITIVE_INFINITY), m.zerosLike(), m);
        Tensor result = sub(safeMax).exp().sum(axes, true).log().add(safeMax);
        return keepDim ? result : squeezeAxes(result, Shape.axisMask("logsumexp", axes, shape.length));
    }

    private Tensor reduce(ReduceOp op, String name, int[] axes, boolean keepDim) {
        boolean[] mask = Shape.axisMask(name, axes, shape.length);
        if ((op == ReduceOp.MEAN || op == ReduceOp.VAR) && dtype() == DType.INT64) {
            throw new IllegalArgumentException(name + ": expects a floating dtype, got INT64; call to(DType.FLOAT32) first");
        }
        int[] keptShape = shape.clone();
        for (int i = 0; i < shape.length; i++) {
            if (mask[i]) {
                if (shape[i] == 0 && (op == ReduceOp.MAX || op == ReduceOp.MIN)) {
                    throw new IllegalArgumentException(name + ": cannot reduce the empty axis " + i + " of shape " + Arrays.toString(shape));
                }
                keptShape[i] = 1;
            }
        }
        Tensor out = zeros(dtype(), device(), keptShape);
        backend().reduce(op, this, out);
        return keepDim ? out : squeezeAxes(out, mask);
    }

    private static Tensor squeezeAxes(Tensor t, boolean[] mask) {
        int kept = 0;
        for (boolean m : mask) if (!m) kept++;
        int[] newShape = new int[kept];
        for (int i = 0, j = 0; i < mask.length; i++) if (!mask[i]) newShape[j++] = t.shape[i];
        return t.view(newShape);
    }

    /** Index of the largest element of the flattened tensor (INT64, 0-d). */
    public Tensor argmax() {
        return flatten().argReduce(true, "argmax", 0, false);
    }

    /** Indices (INT64) of the largest values along an axis, keeping it as size 1 when {@code keepDim}; ties give the first. */
    public Tensor argmax(int axis, boolean keepDim) {
        return argReduce(true, "argmax", axis, keepDim);
    }

    /** Indices (INT64) of the largest values along an axis, which is removed ({@code torch.argmax(x, dim)}). */
    public Tensor argmax(int axis) {
        return argReduce(true, "argmax", axis, false);
    }

    /** Index of the smallest element of the flattened tensor (INT64, 0-d). */
    public Tensor argmin() {
        return flatten().argReduce(false, "argmin", 0, false);
    }

    /** Indices (INT64) of the smallest values along an axis, keeping it as size 1 when {@code keepDim}; ties give the first. */
    public Tensor argmin(int axis, boolean keepDim) {
        return argReduce(false, "argmin", axis, keepDim);
    }

    /** Indices (INT64) of the smallest values along an axis, which is removed. */
    public Tensor argmin(int axis) {
        return argReduce(false, "argmin", axis, false);
    }

    private Tensor argReduce(boolean max, String name, int axis, boolean keepDim) {
        int a = Shape.normalizeAxis(name, axis, shape.length);
        if (shape[a] == 0) throw new IllegalArgumentException(name + ": axis " + axis + " of shape " + Arrays.toString(shape) + " is empty");
        int[] keptShape = shape.clone();
        keptShape[a] = 1;
        Tensor out = zeros(DType.INT64, device(), keptShape);
        backend().argReduce(max, this, a, out);
        return keepDim ? out : out.squeeze(a);
    }

    // =====================================================================================
    // Linear algebra and softmax
    // =====================================================================================

    /**
     * Matrix product with NumPy/PyTorch semantics: 1-D x 1-D is a dot product; a 1-D operand is
     * promoted to a matrix (and the added axis removed after); N-D operands are stacks of matrices
     * whose batch axes broadcast.
     */
    public Tensor matmul(Tensor other) {
        return TensorMatMul.matmul(this, other);
    }

    /** Softmax along an axis: exp(x_i - max) / sum_j exp(x_j - max). */
    public Tensor softmax(int axis) {
        return softmax(axis, false, "softmax");
    }

    /** log(softmax(x)) = x - max - log(sum(exp(x - max))), computed stably along an axis. */
    public Tensor logSoftmax(int axis) {
        return softmax(axis, true, "logSoftmax");
    }

    private Tensor softmax(int axis, boolean log, String name) {
        if (!dtype().isFloatingPoint()) throw new IllegalArgumentException(name + ": expects a floating dtype, got " + dtype());
        int a = Shape.normalizeAxis(name, axis, shape.length);
        Tensor out = zeros(dtype(), device(), shape);
        backend().softmax(this, a, log, out);
        return out;
    }

    // =====================================================================================
    // Joining, splitting, indexing
    // =====================================================================================

    /** Joins tensors along an existing axis; all other sizes must agree. */
    public static Tensor concat(int axis, Tensor... tensors) {
        return Joining.concat(axis, tensors);
    }

    /** Joins tensors along an existing axis; all other sizes must agree. */
    public static Tensor concat(int axis, List<Tensor> tensors) {
        return Joining.concat(axis, tensors.toArray(new Tensor[0]));
    }

    /** Joins tensors of one shape along a new axis. */
    public static Tensor stack(int axis, Tensor... tensors) {
        return Joining.stack(axis, tensors);
    }

    /** Joins tensors of one shape along a new axis. */
    public static Tensor stack(int axis, List<Tensor> tensors) {
        return Joining.stack(axis, tensors.toArray(new Tensor[0]));
    }

    /** Views of {@code splitSize} elements each along an axis (the last may be smaller). */
    public List<Tensor> split(int splitSize, int axis) {
        return Joining.split(this, splitSize, axis);
    }

    /** Views of the given sizes along an axis; the sizes must add up to the axis size. */
    public List<Tensor> split(int[] sizes, int axis) {
        return Joining.split(this, sizes, axis);
    }

    /** {@code chunks} views of (nearly) equal size along an axis, like {@code torch.chunk}. */
    public List<Tensor> chunk(int chunks, int axis) {
        return Joining.chunk(this, chunks, axis);
    }

    /** PyTorch {@code gather}: out[i][j] = this[i][index[i][j]] for axis 1 (INT64 index of the output's shape). */
    public Tensor gather(int axis, Tensor index) {
        return TensorIndexing.gather(this, axis, index);
    }

    /** A copy of this tensor with src added at the positions index names along axis (PyTorch {@code scatter_add}). */
    public Tensor scatterAdd(int axis, Tensor index, Tensor src) {
        return TensorIndexing.scatterAddInto(copy(), axis, index, src);
    }

    /** In-place {@link #scatterAdd}. Returns this. */
    public Tensor scatterAddInPlace(int axis, Tensor index, Tensor src) {
        TensorIndexing.scatterAddInto(this, axis, index, src);
        storage.bumpVersion();
        return this;
    }

    /** The entries of the 1-D INT64 {@code index} along an axis (PyTorch {@code index_select}). */
    public Tensor indexSelect(int axis, Tensor index) {
        return TensorIndexing.indexSelect(this, axis, index);
    }

    /** One-hot encoding of an INT64 tensor of class indices: a FLOAT32 tensor with a new last axis of numClasses. */
    public Tensor oneHot(int numClasses) {
        return TensorIndexing.oneHot(this, numClasses);
    }

    // =====================================================================================
    // Convolution windows
    // =====================================================================================

    /**
     * im2col (PyTorch's {@code F.unfold}): this [N, C, H, W] to columns [N, C * kH * kW, outH * outW],
     * each column one window position; taps in the padding read {@code padValue}.
     */
    public Tensor unfold(ConvGeometry geometry, double padValue) {
        if (rank() != 4) throw new IllegalArgumentException("unfold: expects [N, C, H, W], got shape " + shape());
        geometry.check("unfold", shape[2], shape[3]);
        int outH = geometry.outH(shape[2]), outW = geometry.outW(shape[3]);
        Tensor cols = zeros(dtype(), device(), shape[0], shape[1] * geometry.kernelH() * geometry.kernelW(), outH * outW);
        if (cols.numel() > 0) backend().im2col(this, geometry, padValue, cols);
        return cols;
    }

    /**
     * col2im (PyTorch's {@code F.fold}), the adjoint of {@link #unfold}: columns [N, C * kH * kW, L] summed
     * back into an image [N, C, height, width].
     */
    public Tensor fold(ConvGeometry geometry, int height, int width) {
        int taps = geometry.kernelH() * geometry.kernelW();
        geometry.check("fold", height, width);
        int windows = geometry.outH(height) * geometry.outW(width);
        if (rank() != 3 || shape[1] % taps != 0 || shape[2] != windows) {
            throw new IllegalArgumentException("fold: expects columns [N, C * " + taps + ", " + windows + "] for a " + height + "x" + width
                    + " output, got shape " + shape());
        }
        Tensor out = zeros(dtype(), device(), shape[0], shape[1] / taps, height, width);
        if (numel() > 0) backend().col2im(this, geometry, out);
        return out;
    }

    /**
     * Max pooling of this [N, C, H, W]: returns {values [N, C, outH, outW], indices (INT64, same shape)},
     * each index the position h * W + w of the maximum within its channel's image.
     */
    public Tensor[] maxPool2dWithIndices(ConvGeometry geometry) {
        if (rank() != 4) throw new IllegalArgumentException("maxPool2d: expects [N, C, H, W], got shape " + shape());
        geometry.check("maxPool2d", shape[2], shape[3]);
        int[] outShape = {shape[0], shape[1], geometry.outH(shape[2]), geometry.outW(shape[3])};
        Tensor out = zeros(dtype(), device(), outShape);
        Tensor indices = zeros(DType.INT64, device(), outShape);
        if (out.numel() > 0) backend().maxPool2d(this, geometry, out, indices);
        return new Tensor[] {out, indices};
    }

    // =====================================================================================
    // Reading values
    // =====================================================================================

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) throw new IllegalArgumentException("item: expects a tensor with one element, got shape " + Arrays.toString(shape));
        return hostCopy().getDouble(0);
    }

    /** The single value of a one-element tensor, as a long (floats truncate toward zero). */
    public long itemLong() {
        if (numel() != 1) throw new IllegalArgumentException("itemLong: expects a tensor with one element, got shape " + Arrays.toString(shape));
        return hostCopy().getLong(0);
    }

    /** The element at a multi-index, as a double. */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " has " + index.length + " axes, tensor of shape "
                    + Arrays.toString(shape) + " has " + shape.length);
        }
        Tensor t = this;
        for (int i = 0; i < index.length; i++) t = t.select(0, index[i]);
        return t.item();
    }

    /** Sets the element at a multi-index. Returns this. */
    public Tensor set(double value, int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("set: index " + Arrays.toString(index) + " has " + index.length + " axes, tensor of shape "
                    + Arrays.toString(shape) + " has " + shape.length);
        }
        Tensor t = this;
        for (int i = 0; i < index.length; i++) t = t.select(0, index[i]);
        t.fill(value);
        return this;
    }

    /** The values in row-major order as floats (a copy). */
    public float[] toFloatArray() {
        return hostCopyOf(DType.FLOAT32).floats();
    }

    /** The values in row-major order as doubles (a copy). */
    public double[] toDoubleArray() {
        return hostCopyOf(DType.FLOAT64).doubles();
    }

    /** The values in row-major order as longs (a copy; floats truncate toward zero). */
    public long[] toLongArray() {
        return hostCopyOf(DType.INT64).longs();
    }

    private CpuStorage hostCopy() {
        return hostCopyOf(dtype());
    }

    /** A fresh contiguous CPU storage of this tensor's values in the given dtype. */
    private CpuStorage hostCopyOf(DType type) {
        Tensor onCpu = to(Device.CPU);
        Tensor out = zeros(type, Device.CPU, shape);
        Backends.cpu().copy(onCpu, out);
        return (CpuStorage) out.storage;
    }

    /**
     * |this - other| &lt;= atol + rtol * |other| elementwise, with equal shapes; NaNs are equal
     * when both are NaN.
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!Arrays.equals(shape, other.shape)) return false;
        double[] a = toDoubleArray();
        double[] b = other.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) {
                if (Double.isNaN(a[i]) != Double.isNaN(b[i])) return false;
                continue;
            }
            if (a[i] == b[i]) continue; // equal infinities
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) return false;
        }
        return true;
    }

    /** allClose with PyTorch's default tolerances (rtol 1e-5, atol 1e-8). */
    public boolean allClose(Tensor other) {
        return allClose(other, 1e-5, 1e-8);
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    // ---- small array helpers ----

    private static int[] removeAt(int[] a, int i) {
        int[] r = new int[a.length - 1];
        System.arraycopy(a, 0, r, 0, i);
        System.arraycopy(a, i + 1, r, i, a.length - i - 1);
        return r;
    }

    private static int[] insertAt(int[] a, int i, int value) {
        int[] r = new int[a.length + 1];
        System.arraycopy(a, 0, r, 0, i);
        r[i] = value;
        System.arraycopy(a, i, r, i + 1, a.length - i);
        return r;
    }
}
