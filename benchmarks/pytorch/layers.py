"""PyTorch's side of ConvLayerBenchmark, measured on this machine, so the two can be compared side by side.

The anchors' layer table (docs/performance.md) was measured on a Zen 3 with AVX2; a machine of another kind gives other figures
for both frameworks. Run this next to `./bench ConvLayerBenchmark` (alternate the two, take each one's
median) and compare the ratios, not the absolute times.

    apt-get install python3-torch libopenblas0-openmp
    /usr/bin/python3 benchmarks/pytorch/layers.py [--repeats 30] [--threads 2]

Same shapes and the same work per call as ConvLayerBenchmark: batch 64, NCHW, float32; forward with the
parameters requiring grad; forward+backward of sum(y) (gradient of ones) to the input and the parameters,
then the gradients set to None.
"""
import argparse
import time

import torch
import torch.nn as nn

LAYERS = {
    "conv1to6": (lambda: nn.Conv2d(1, 6, 3), (64, 1, 28, 28)),
    "conv6to10": (lambda: nn.Conv2d(6, 10, 3), (64, 6, 13, 13)),
    "conv1to112": (lambda: nn.Conv2d(1, 112, 3, padding=1), (64, 1, 28, 28)),
    "conv112to64": (lambda: nn.Conv2d(112, 64, 3, padding=1), (64, 112, 28, 28)),
    "conv64to128": (lambda: nn.Conv2d(64, 128, 3, padding=1), (64, 64, 28, 28)),
    "maxpool128": (lambda: nn.MaxPool2d(2), (64, 128, 28, 28)),
    "batchnorm112": (lambda: nn.BatchNorm2d(112), (64, 112, 28, 28)),
    "linear25088": (lambda: nn.Linear(25088, 208), (64, 25088)),
}


def timed(op, repeats, min_seconds=0.0):
    """Median and minimum in ms of at least `repeats` calls (and `min_seconds`), after a warm-up of a third as many."""
    for _ in range(max(3, repeats // 3)):
        op()
    times, start_all = [], time.perf_counter()
    while len(times) < repeats or time.perf_counter() - start_all < min_seconds:
        start = time.perf_counter()
        op()
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    return times[len(times) // 2], times[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("layers", nargs="*", default=list(LAYERS), choices=list(LAYERS), metavar="LAYER",
                        help="any of " + ", ".join(LAYERS) + " (default: all)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(3)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    print(f"{'layer':<14} {'fwd median':>10} {'fwd min':>8} {'f+b median':>10} {'f+b min':>8}   (ms)")
    for name in args.layers:
        make, shape = LAYERS[name]
        module = make()
        data = torch.randn(*shape)

        def forward():
            return module(data)

        def forward_backward():
            x = data.detach().requires_grad_(True)
            y = module(x)
            y.backward(torch.ones_like(y))
            module.zero_grad(set_to_none=True)
            return x.grad

        fwd = timed(forward, args.repeats)
        fb = timed(forward_backward, args.repeats)
        print(f"{name:<14} {fwd[0]:>10.2f} {fwd[1]:>8.2f} {fb[0]:>10.2f} {fb[1]:>8.2f}", flush=True)


if __name__ == "__main__":
    main()
