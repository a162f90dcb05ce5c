package dev.tensorj.cuda.vendor;

import dev.tensorj.tensor.ConvGeometry;

import java.util.Arrays;

/**
 * What cuDNN's descriptors say about one 2-D convolution, worked out in plain Java (tested without a GPU):
 * the input and output as NCHW tensors with their strides ({@code cudnnSetTensor4dDescriptorEx}), the
 * filter's KCRS dimensions ({@code cudnnSetFilter4dDescriptor}: it has no strides, so the weight must be
 * contiguous) and the convolution's {@code pad_h, pad_w, u, v, dilation_h, dilation_w}
 * ({@code cudnnSetConvolution2dDescriptor}, cross-correlation as we compute it). A record, so it is also the
 * key under which a plan (descriptors and chosen algorithms) is cached.
 */
public record ConvDescriptors(Tensor4d input, int[] filter, int[] convolution, Tensor4d output) {

    /** An NCHW tensor: dimensions and element strides. */
    public record Tensor4d(int[] dims, int[] strides) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor4d t && Arrays.equals(dims, t.dims) && Arrays.equals(strides, t.strides);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(dims) + Arrays.hashCode(strides);
        }

        @Override
        public String toString() {
            return Arrays.toString(dims) + " strides " + Arrays.toString(strides);
        }
    }

    /**
     * The descriptors for {@code y = conv(x, w)}, or null when cuDNN cannot read the layout (a broadcast axis,
     * stride 0, with more than one element). Strides of size-1 axes, which nothing reads, become those of a
     * contiguous tensor, which cuDNN accepts.
     */
    public static ConvDescriptors of(int[] xDims, int[] xStrides, int[] wDims, ConvGeometry g, int[] yDims, int[] yStrides) {
        if (xDims.length != 4 || wDims.length != 4 || yDims.length != 4) {
            throw new IllegalArgumentException("cuDNN conv2d: expected 4-D input, weight and output, got " + Arrays.toString(xDims) + ", "
                    + Arrays.toString(wDims) + ", " + Arrays.toString(yDims));
        }
        if (wDims[2] != g.kernelH() || wDims[3] != g.kernelW() || wDims[1] != xDims[1] || yDims[1] != wDims[0]) {
            throw new IllegalArgumentException("cuDNN conv2d: weight " + Arrays.toString(wDims) + " does not fit input " + Arrays.toString(xDims)
                    + ", output " + Arrays.toString(yDims) + " and " + g);
        }
        if (yDims[2] != g.outH(xDims[2]) || yDims[3] != g.outW(xDims[3])) {
            throw new IllegalArgumentException("cuDNN conv2d: output " + Arrays.toString(yDims) + " is not " + g + " of " + Arrays.toString(xDims));
        }
        Tensor4d x = tensor(xDims, xStrides), y = tensor(yDims, yStrides);
        if (x == null || y == null) return null;
        int[] convolution = {g.padH(), g.padW(), g.strideH(), g.strideW(), g.dilationH(), g.dilationW()};
        return new ConvDescriptors(x, wDims.clone(), convolution, y);
    }

    /** An NCHW descriptor of these dims and strides (size-1 axes get contiguous strides), or null for a broadcast axis. */
    public static Tensor4d tensor(int[] dims, int[] strides) {
        int[] normalised = new int[4];
        int contiguous = 1;
        for (int axis = 3; axis >= 0; axis--) {
            if (dims[axis] == 1) normalised[axis] = contiguous;
            else if (strides[axis] <= 0) return null;
            else normalised[axis] = strides[axis];
            contiguous *= Math.max(1, dims[axis]);
        }
        return new Tensor4d(dims.clone(), normalised);
    }

    /** The output size cuDNN's {@code cudnnGetConvolution2dForwardOutputDim} gives: {@code 1 + (in + 2 pad - ((k - 1) dilation + 1)) / stride}. */
    public static int cudnnOutputSize(int in, int kernel, int pad, int stride, int dilation) {
        return 1 + (in + 2 * pad - ((kernel - 1) * dilation + 1)) / stride;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvDescriptors d && input.equals(d.input) && Arrays.equals(filter, d.filter)
                && Arrays.equals(convolution, d.convolution) && output.equals(d.output);
    }

    @Override
    public int hashCode() {
        return ((input.hashCode() * 31 + Arrays.hashCode(filter)) * 31 + Arrays.hashCode(convolution)) * 31 + output.hashCode();
    }

    @Override
    public String toString() {
        return "conv2d(input " + input + ", filter " + Arrays.toString(filter) + ", pad/stride/dilation " + Arrays.toString(convolution)
                + ", output " + output + ")";
    }
}
