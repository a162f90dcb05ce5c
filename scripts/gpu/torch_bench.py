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

# ---- the shapes of the JMH GPU benchmarks (benchmarks/.../bench/gpu), FP32 (TF32 off above) ----
import torch.nn as nn
import torch.nn.functional as F

for layer, (cin, cout) in {"1to112": (1, 112), "112to64": (112, 64), "64to128": (64, 128)}.items():
    x = torch.randn(64, cin, 28, 28, device="cuda")
    w = torch.randn(cout, cin, 3, 3, device="cuda")
    dy = torch.randn(64, cout, 28, 28, device="cuda")
    fwd = median(lambda: F.conv2d(x, w, padding=1))
    bwd_in = median(lambda: torch.nn.grad.conv2d_input(x.shape, w, dy, padding=1))
    bwd_w = median(lambda: torch.nn.grad.conv2d_weight(x, w.shape, dy, padding=1))
    print(f"torch conv C2 {layer} batch 64: forward {fwd * 1e6:.0f} us, backward-input {bwd_in * 1e6:.0f} us, backward-weight {bwd_w * 1e6:.0f} us")


def c1():
    return nn.Sequential(nn.Conv2d(1, 6, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 10, 3), nn.ReLU(), nn.BatchNorm2d(10), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(250, 128), nn.ReLU(), nn.Linear(128, 10))


def c2():
    return nn.Sequential(nn.Conv2d(1, 112, 3, padding=1), nn.BatchNorm2d(112), nn.ReLU(), nn.Conv2d(112, 64, 3, padding=1), nn.BatchNorm2d(64),
                         nn.ReLU(), nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(25088, 208), nn.ReLU(), nn.Dropout(0.1), nn.Linear(208, 160), nn.ReLU(), nn.Dropout(0.1),
                         nn.Linear(160, 128), nn.ReLU(), nn.Dropout(0.1), nn.Linear(128, 10))


for name, make in (("c1", c1), ("c2", c2)):
    model = make().cuda()
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    xb = torch.rand(64, 1, 28, 28, device="cuda")
    yb = torch.randint(0, 10, (64,), device="cuda")

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        opt.step()
        return loss.item()

    print(f"torch training step {name} batch 64: {median(step) * 1e3:.3f} ms")

# DCGAN (TensorFlow's tutorial, as nn/models/Dcgan): batch 256, latent 100, both losses and both updates.
gen = nn.Sequential(nn.Linear(100, 7 * 7 * 256, bias=False), nn.BatchNorm1d(7 * 7 * 256), nn.LeakyReLU(0.3), nn.Unflatten(1, (256, 7, 7)),
                    nn.ConvTranspose2d(256, 128, 5, 1, 2, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(0.3),
                    nn.ConvTranspose2d(128, 64, 5, 2, 2, output_padding=1, bias=False), nn.BatchNorm2d(64), nn.LeakyReLU(0.3),
                    nn.ConvTranspose2d(64, 1, 5, 2, 2, output_padding=1, bias=False), nn.Tanh()).cuda()
disc = nn.Sequential(nn.Conv2d(1, 64, 5, 2, 2), nn.LeakyReLU(0.3), nn.Dropout(0.3), nn.Conv2d(64, 128, 5, 2, 2), nn.LeakyReLU(0.3), nn.Dropout(0.3),
                     nn.Flatten(), nn.Linear(128 * 7 * 7, 1)).cuda()
g_opt, d_opt = torch.optim.Adam(gen.parameters(), 1e-4), torch.optim.Adam(disc.parameters(), 1e-4)
real = torch.rand(256, 1, 28, 28, device="cuda") * 2 - 1


def gan_step():
    g_opt.zero_grad()
    d_opt.zero_grad()
    fake = gen(torch.randn(256, 100, device="cuda"))
    fake_logits = disc(fake)
    g_loss = F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))
    g_loss.backward()
    g_opt.step()
    d_opt.zero_grad()
    real_logits, fake_logits = disc(real), disc(fake.detach())
    d_loss = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits)) + \
        F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    d_loss.backward()
    d_opt.step()
    return d_loss.item()


print(f"torch training step dcgan batch 256: {median(gan_step) * 1e3:.3f} ms")
print(f"torch peak memory: {torch.cuda.max_memory_allocated() / 2**20:.1f} MiB")
