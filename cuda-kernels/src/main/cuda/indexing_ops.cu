// gather, scatter-add and index-select along one axis (PyTorch semantics), with INT64 indices. The Java side
// checks the index range on the host before launching; a kernel skips an index outside [0, size) rather
// than touch memory it does not own.
#include "indexing.cuh"

// Position in x of out's ordinal-th element, with the coordinate along `axis` replaced by `at`.
__device__ __forceinline__ int tj_position_replacing(const Layout& shapeOf, const Layout& target, int ordinal, int axis, int at) {
    int position = target.offset;
    for (int i = shapeOf.rank - 1; i >= 0; i--) {
        int size = shapeOf.shape[i];
        int coordinate = ordinal % size;
        ordinal /= size;
        position += (i == axis ? at : coordinate) * target.strides[i];
    }
    return position;
}

// out[..., j, ...] = x[..., index[..., j, ...], ...]; index has out's shape.
extern "C" __global__ void gather_f32(const float* x, Layout xl, int axis, const long long* index, Layout il,
                                      float* out, Layout ol, int n) {
    TJ_FOR_EACH(e, n) {
        long long at = index[tj_position(il, e)];
        if (at < 0 || at >= xl.shape[axis]) continue;
        out[tj_position(ol, e)] = x[tj_position_replacing(ol, xl, e, axis, (int) at)];
    }
}

// target[..., index[..., j, ...], ...] += src[..., j, ...]; index has src's shape. atomicAdd: entries that
// hit one target element are summed in an unspecified order (float sums may differ in the last bits).
extern "C" __global__ void scatter_add_f32(float* target, Layout tl, int axis, const long long* index, Layout il,
                                           const float* src, Layout sl, int n) {
    TJ_FOR_EACH(e, n) {
        long long at = index[tj_position(il, e)];
        if (at < 0 || at >= tl.shape[axis]) continue;
        atomicAdd(&target[tj_position_replacing(sl, tl, e, axis, (int) at)], src[tj_position(sl, e)]);
    }
}

// out = x with the entries of the 1-D index taken along axis; index is read through its own 1-D Layout.
extern "C" __global__ void index_select_f32(const float* x, Layout xl, int axis, const long long* index, Layout il,
                                            float* out, Layout ol, int n) {
    TJ_FOR_EACH(e, n) {
        int t = e, j = 0;
        for (int i = ol.rank - 1; i >= axis; i--) { j = t % ol.shape[i]; t /= ol.shape[i]; }
        long long at = index[il.offset + j * il.strides[0]];
        if (at < 0 || at >= xl.shape[axis]) continue;
        out[tj_position(ol, e)] = x[tj_position_replacing(ol, xl, e, axis, (int) at)];
    }
}
