"""PyTorch's figures for the lines SgemmGpuBenchmark prints (cuBLAS SGEMM, cuDNN convolution), same machine."""
import sys
import time

try:
    import torch
except ImportError:
    print("torch: not installed, no comparison")
    sys.exit(0)
if not torch.cuda.is_available():
    print("torch: no CUDA device")
    sys.exit(0)

torch.backends.cuda.matmul.allow_tf32 = False  # plain FP32, like our kernel
torch.backends.cudnn.allow_tf32 = False


def median(op):
    for _ in range(2):
        op()
    torch.cuda.synchronize()
    times = []
    for _ in range(5):
        start = time.perf_counter()
        op()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return sorted(times)[2]


print("device:", torch.cuda.get_device_name(0), "torch", torch.__version__)
for n in (1024, 4096, 8192):
    a = torch.randn(n, n, device="cuda")
    b = torch.randn(n, n, device="cuda")
    s = median(lambda: a @ b)
    print(f"torch sgemm n={n}: {s * 1e3:.3f} ms, {2 * n ** 3 / s / 1e9:.0f} GFLOP/s")
x = torch.randn(128, 32, 14, 14, device="cuda")
w = torch.randn(64, 32, 3, 3, device="cuda")
s = median(lambda: torch.nn.functional.conv2d(x, w, padding=1))
print(f"torch conv2d 128x32x14x14 * 64x32x3x3: {s * 1e3:.3f} ms")
