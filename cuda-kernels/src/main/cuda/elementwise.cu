// Fill, copy/cast, unary, binary and where over strided (and broadcast) operands.
// Op codes are the ordinals of dev.tensorj.tensor.UnaryOp and BinaryOp; UnaryOp.apply / BinaryOp.apply are
// the definitions these switch statements follow.
#include "indexing.cuh"

extern "C" __global__ void fill_f32(float* out, Layout ol, int n, float value) {
    TJ_FOR_EACH(i, n) out[tj_position(ol, i)] = value;
}

extern "C" __global__ void fill_f64(double* out, Layout ol, int n, double value) {
    TJ_FOR_EACH(i, n) out[tj_position(ol, i)] = value;
}

extern "C" __global__ void fill_i64(long long* out, Layout ol, int n, long long value) {
    TJ_FOR_EACH(i, n) out[tj_position(ol, i)] = value;
}

// copy_<from>_<to>: dst[i] = (to) src[i]. Float to INT64 truncates toward zero, like Java's (long) cast
// (NaN gives 0 and out-of-range values saturate, as in Java).
template <typename S, typename D>
__device__ __forceinline__ D tj_convert(S v) { return (D) v; }
template <> __device__ __forceinline__ long long tj_convert<float, long long>(float v) {
    if (v != v) return 0;
    if (v >= 9.2233720368547758e18f) return INT64_MAX;
    if (v <= -9.2233720368547758e18f) return INT64_MIN;
    return (long long) v;
}
template <> __device__ __forceinline__ long long tj_convert<double, long long>(double v) {
    if (v != v) return 0;
    if (v >= 9.2233720368547758e18) return INT64_MAX;
    if (v <= -9.2233720368547758e18) return INT64_MIN;
    return (long long) v;
}

#define TJ_COPY(NAME, S, D) \
    extern "C" __global__ void NAME(const S* src, Layout sl, D* dst, Layout dl, int n) { \
        TJ_FOR_EACH(i, n) dst[tj_position(dl, i)] = tj_convert<S, D>(src[tj_position(sl, i)]); \
    }
TJ_COPY(copy_f32_f32, float, float)
TJ_COPY(copy_f32_f64, float, double)
TJ_COPY(copy_f32_i64, float, long long)
TJ_COPY(copy_f64_f32, double, float)
TJ_COPY(copy_f64_f64, double, double)
TJ_COPY(copy_f64_i64, double, long long)
TJ_COPY(copy_i64_f32, long long, float)
TJ_COPY(copy_i64_f64, long long, double)
TJ_COPY(copy_i64_i64, long long, long long)

// UnaryOp ordinals.
enum { NEG, ABS, EXP, LOG, SQRT, RSQRT, SIN, COS, TANH, SIGMOID, RELU, LEAKY_RELU, ELU, CLAMP, SIGN, POW, RECIPROCAL, SQUARE };

__device__ __forceinline__ float tj_unary(int op, float x, float alpha, float beta) {
    switch (op) {
        case NEG: return -x;
        case ABS: return fabsf(x);
        case EXP: return expf(x);
        case LOG: return logf(x);
        case SQRT: return sqrtf(x);
        case RSQRT: return 1.0f / sqrtf(x);
        case SIN: return sinf(x);
        case COS: return cosf(x);
        case TANH: return tanhf(x);
        case SIGMOID: return x >= 0 ? 1.0f / (1.0f + expf(-x)) : expf(x) / (1.0f + expf(x));
        case RELU: return x > 0 ? x : 0.0f * x; // 0 * x keeps NaN as NaN
        case LEAKY_RELU: return x > 0 ? x : alpha * x;
        case ELU: return x > 0 ? x : alpha * expm1f(x);
        case CLAMP: return x != x ? x : fminf(fmaxf(x, alpha), beta); // NaN stays NaN, like Math.min(Math.max(..))
        case SIGN: return x > 0 ? 1.0f : (x < 0 ? -1.0f : x); // keeps 0, -0 and NaN, like Math.signum
        case POW: return powf(x, alpha);
        case RECIPROCAL: return 1.0f / x;
        case SQUARE: return x * x;
        default: return nanf("");
    }
}

extern "C" __global__ void unary_f32(int op, float alpha, float beta, const float* x, Layout xl, float* out, Layout ol, int n) {
    TJ_FOR_EACH(i, n) out[tj_position(ol, i)] = tj_unary(op, x[tj_position(xl, i)], alpha, beta);
}

// An activation's input gradient in one pass, as UnaryOp.backward defines it: from the output y for tanh and
// sigmoid, from the input x for relu and leaky relu (alpha: the negative slope).
__device__ __forceinline__ float tj_unary_backward(int op, float s, float g, float alpha) {
    switch (op) {
        case TANH: return g * (1.0f - s * s);
        case SIGMOID: return g * (s * (1.0f - s));
        case RELU: return g * (s > 0 ? 1.0f : 0.0f); // g * 0 keeps a NaN gradient NaN
        case LEAKY_RELU: return s > 0 ? g : g * alpha;
        default: return nanf("");
    }
}

extern "C" __global__ void unary_backward_f32(int op, float alpha, const float* s, Layout sl, const float* g, Layout gl, float* out, Layout ol, int n) {
    TJ_FOR_EACH(i, n) out[tj_position(ol, i)] = tj_unary_backward(op, s[tj_position(sl, i)], g[tj_position(gl, i)], alpha);
}

// BinaryOp ordinals.
enum { ADD, SUB, MUL, DIV, BPOW, MAXIMUM, MINIMUM, EQ, NE, LT, LE, GT, GE };

__device__ __forceinline__ float tj_binary(int op, float a, float b) {
    switch (op) {
        case ADD: return a + b;
        case SUB: return a - b;
        case MUL: return a * b;
        case DIV: return a / b;
        case BPOW: return powf(a, b);
        case MAXIMUM: return (a != a || b != b) ? nanf("") : fmaxf(a, b); // NaN wins, like Math.max
        case MINIMUM: return (a != a || b != b) ? nanf("") : fminf(a, b);
        case EQ: return a == b ? 1.0f : 0.0f;
        case NE: return a != b ? 1.0f : 0.0f;
        case LT: return a < b ? 1.0f : 0.0f;
        case LE: return a <= b ? 1.0f : 0.0f;
        case GT: return a > b ? 1.0f : 0.0f;
        case GE: return a >= b ? 1.0f : 0.0f;
        default: return nanf("");
    }
}

extern "C" __global__ void binary_f32(int op, const float* a, Layout al, const float* b, Layout bl, float* out, Layout ol, int n) {
    TJ_FOR_EACH(i, n) out[tj_position(ol, i)] = tj_binary(op, a[tj_position(al, i)], b[tj_position(bl, i)]);
}

// INT64 operands (labels, indices): exact arithmetic and comparisons; DIV and POW (Java's division-by-zero
// error, Math.pow's rounding) stay on the host fallback.
__device__ __forceinline__ long long tj_binary_i64(int op, long long a, long long b) {
    switch (op) {
        case ADD: return a + b;
        case SUB: return a - b;
        case MUL: return a * b;
        case MAXIMUM: return a > b ? a : b;
        case MINIMUM: return a < b ? a : b;
        case EQ: return a == b;
        case NE: return a != b;
        case LT: return a < b;
        case LE: return a <= b;
        case GT: return a > b;
        case GE: return a >= b;
        default: return 0;
    }
}

extern "C" __global__ void binary_i64(int op, const long long* a, Layout al, const long long* b, Layout bl, long long* out, Layout ol, int n) {
    TJ_FOR_EACH(i, n) out[tj_position(ol, i)] = tj_binary_i64(op, a[tj_position(al, i)], b[tj_position(bl, i)]);
}

// Comparisons of INT64 operands into a FLOAT32 mask (e.g. predicted.eq(labels) for accuracy).
extern "C" __global__ void compare_i64_f32(int op, const long long* a, Layout al, const long long* b, Layout bl, float* out, Layout ol, int n) {
    TJ_FOR_EACH(i, n) out[tj_position(ol, i)] = (float) tj_binary_i64(op, a[tj_position(al, i)], b[tj_position(bl, i)]);
}

extern "C" __global__ void where_f32(const float* condition, Layout cl, const float* a, Layout al, const float* b, Layout bl,
                                     float* out, Layout ol, int n) {
    TJ_FOR_EACH(i, n) out[tj_position(ol, i)] = condition[tj_position(cl, i)] != 0.0f ? a[tj_position(al, i)] : b[tj_position(bl, i)];
}
