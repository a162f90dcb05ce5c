"""Reference values for FunctionalGapsTest (autograd): pooling options, adaptive pooling, grouped
transposed convolution and F.interpolate, from PyTorch (run with Debian's python3-torch 1.13):

    python3 autograd/src/test/resources/pytorch/functional_gaps_reference.py

Inputs are permutations p(i) = (i * 37) mod n of 0..n-1 (distinct, exact in float32, no ties), the
same that FunctionalGapsTest.perm builds; the printed arrays are pasted into the test."""
import torch
import torch.nn.functional as F

torch.set_printoptions(precision=8)


def perm(*shape, scale=1.0):
    n = 1
    for s in shape:
        n *= s
    return (torch.arange(n, dtype=torch.float64) * 37 % n).reshape(shape) * scale


def show(name, t):
    values = ", ".join(repr(round(float(v), 7)) for v in t.flatten())
    print(f"// {name}: shape {list(t.shape)}")
    print(f"double[] {name} = {{{values}}};")


x65 = perm(1, 1, 6, 5)
show("maxCeil", F.max_pool2d(x65, (3, 2), stride=2, padding=1, ceil_mode=True))
show("avgCeil", F.avg_pool2d(x65, (3, 2), stride=2, padding=1, ceil_mode=True))
show("avgCeilNoPad", F.avg_pool2d(x65, (3, 2), stride=2, padding=1, ceil_mode=True, count_include_pad=False))
x56 = perm(1, 1, 5, 6)
show("avgNoPad", F.avg_pool2d(x56, 3, stride=2, padding=1, count_include_pad=False))
show("avgCeilDrop", F.avg_pool2d(perm(1, 1, 5, 5), 2, stride=2, padding=1, ceil_mode=True))
show("max1dDilatedCeil", F.max_pool1d(perm(1, 2, 10), 3, stride=2, padding=1, dilation=2, ceil_mode=True))
show("avg1dCeilNoPad", F.avg_pool1d(perm(1, 1, 8), 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False))
x57 = perm(1, 1, 5, 7)
show("adaptiveAvg", F.adaptive_avg_pool2d(x57, (3, 4)))
show("adaptiveMax", F.adaptive_max_pool2d(x57, (3, 4)))
xt, wt, bt = perm(1, 4, 3, 3, scale=0.1), perm(4, 3, 3, 2, scale=0.01), perm(6, scale=0.5)
show("convTransposeGroups", F.conv_transpose2d(xt, wt, bt, stride=(2, 1), padding=(1, 0), output_padding=(1, 0), groups=2))
x34, x45, x35 = perm(1, 1, 3, 4), perm(1, 1, 4, 5), perm(1, 1, 3, 5)
show("nearestSize", F.interpolate(x34, size=(5, 7), mode="nearest"))
show("nearestScale", F.interpolate(x45, scale_factor=(1.5, 0.7), mode="nearest"))
show("nearestThirds", F.interpolate(perm(1, 1, 3, 5), size=(9, 3), mode="nearest"))
show("bilinearSize", F.interpolate(x35, size=(5, 3), mode="bilinear", align_corners=False))
show("bilinearScale", F.interpolate(x34, scale_factor=(1.5, 2.3), mode="bilinear", align_corners=False))
show("bilinearAlign", F.interpolate(x34, scale_factor=(1.7, 0.8), mode="bilinear", align_corners=True))
show("bilinearRecompute", F.interpolate(x34, scale_factor=1.7, mode="bilinear", recompute_scale_factor=True))
