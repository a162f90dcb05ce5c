#!/usr/bin/python3
"""Writes the PyTorch golden files that tensorj's interop tests compare against.

Run from the repository root with Debian's PyTorch (apt-get install python3-torch python3-torchvision):

    /usr/bin/python3 scripts/golden/make_golden.py [OUTPUT_DIR]

OUTPUT_DIR defaults to examples/src/test/resources/golden. Everything is seeded, so a rerun with the
same PyTorch writes the same numbers. For each model it writes

  NAME.weights.safetensors   the model's state_dict, exactly as safetensors.torch.save_file would
                             (skipped for ResNet18, see below)
  NAME.io.safetensors        fixed inputs and targets, PyTorch's outputs, the loss and the gradients
                             (grad.<parameter name>, grad.input)

The files are written by hand (an 8-byte little-endian header length, a JSON header, raw little-endian
data): the format is that simple, and the `safetensors` pip package is not needed.

ResNet18's 11.7 M weights (47 MB) are too big to commit, so its weights are not stored: each state_dict
entry is filled from SplitMix64 (the generator tensorj's Generator implements, bit for bit) as
offset + scale * (2u - 1) with u uniform in [0, 1), and the recipe (seed, offset, scale per key, in
torchvision's key order and with torchvision's shapes) goes into resnet18.io.safetensors' metadata.
The Java test rebuilds the identical state_dict from it, saves it as safetensors, loads it into
tensorj's ResNet18 strictly (so torchvision's names and shapes are checked), and compares.
"""
import json
import struct
import sys
from pathlib import Path

import numpy as np
import torch
import torchvision

DTYPES = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"), torch.int64: ("I64", "<i8")}


def save_safetensors(tensors, path, metadata=None):
    """Writes a dict of name -> tensor as a safetensors file (data 8-byte aligned, as the reference writer does)."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        code, np_dtype = DTYPES[t.dtype]
        data = t.numpy().astype(np_dtype, copy=False).tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


MASK = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15


def splitmix_uniform(seed, n):
    """u_1..u_n of tensorj's Generator(seed).nextDouble(): SplitMix64 (Steele, Lea & Flood), (z >>> 11) * 2^-53."""
    with np.errstate(over="ignore"):
        i = np.arange(1, n + 1, dtype=np.uint64)
        z = np.uint64(seed & MASK) + i * np.uint64(GOLDEN_GAMMA)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def fill_from_recipe(model, base_seed):
    """Fills every state_dict entry deterministically; returns the recipe as [[key, shape, seed, offset, scale], ...]."""
    recipe = []
    with torch.no_grad():
        for index, (key, t) in enumerate(model.state_dict().items()):
            if t.dtype == torch.int64:  # num_batches_tracked
                t.zero_()
                recipe.append([key, list(t.shape), 0, 0.0, 0.0])
                continue
            seed = base_seed + index
            if key.endswith("running_var"):
                offset, scale = 1.0, 0.5
            elif key.endswith("running_mean") or key.endswith("bias"):
                offset, scale = 0.0, 0.1
            elif t.dim() == 1:  # BatchNorm weight
                offset, scale = 1.0, 0.2
            else:  # conv / linear weight: He-uniform bound sqrt(6 / fan_in) keeps activations in range
                offset, scale = 0.0, float(np.sqrt(6.0 / (t[0].numel())))
            u = splitmix_uniform(seed, t.numel())
            values = (offset + scale * (2.0 * u - 1.0)).astype(np.float32)
            t.copy_(torch.from_numpy(values.reshape(tuple(t.shape))))
            recipe.append([key, list(t.shape), seed, offset, scale])
    return recipe


def randomise_batch_norm_buffers(model, generator):
    """Non-trivial running statistics, so that eval mode tests them."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.copy_(torch.randn(m.num_features, generator=generator) * 0.1)
                m.running_var.copy_(torch.rand(m.num_features, generator=generator) + 0.5)
                m.weight.copy_(torch.rand(m.num_features, generator=generator) + 0.5)
                m.bias.copy_(torch.randn(m.num_features, generator=generator) * 0.1)


def forward_backward(model, x, target, out):
    """Train-mode output, loss, gradients of every parameter and of the input (cross-entropy, mean)."""
    model.train()
    x = x.clone().requires_grad_(True)
    output = model(x)
    loss = torch.nn.functional.cross_entropy(output, target)
    loss.backward()
    out["output"] = output
    out["loss"] = loss.reshape(())
    out["grad.input"] = x.grad
    for name, p in model.named_parameters():
        out["grad." + name] = p.grad


def mlp(folder, generator):
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 4))
    save_safetensors(model.state_dict(), folder / "mlp.weights.safetensors")
    x = torch.randn(5, 8, generator=generator)
    target = torch.randint(0, 4, (5,), generator=generator)
    io = {"input": x, "target": target}
    forward_backward(model, x, target, io)
    save_safetensors(io, folder / "mlp.io.safetensors", {"model": "Linear(8,16) ReLU Linear(16,4); cross_entropy mean"})


def cnn(folder, generator):
    model = torch.nn.Sequential(
        torch.nn.Conv2d(3, 4, 3, padding=1), torch.nn.BatchNorm2d(4), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(4, 6, 3, stride=2, padding=1), torch.nn.BatchNorm2d(6), torch.nn.ReLU(),
        torch.nn.Flatten(), torch.nn.Linear(24, 5))
    randomise_batch_norm_buffers(model, generator)
    save_safetensors(model.state_dict(), folder / "cnn.weights.safetensors")
    x = torch.randn(4, 3, 8, 8, generator=generator)
    target = torch.randint(0, 5, (4,), generator=generator)
    io = {"input": x, "target": target}
    model.eval()
    with torch.no_grad():
        io["eval_output"] = model(x)
    forward_backward(model, x, target, io)
    for name, b in model.named_buffers():  # running statistics after the training-mode forward
        if not name.endswith("num_batches_tracked"):
            io["after." + name] = b
    save_safetensors(io, folder / "cnn.io.safetensors", {"model": "Conv(3,4,3,p1) BN ReLU MaxPool2 Conv(4,6,3,s2,p1) BN ReLU Flatten Linear(24,5)"})


def resnet18(folder, generator):
    model = torchvision.models.resnet18(num_classes=10)
    recipe = fill_from_recipe(model, base_seed=1000)
    # 4 images of 64x64: layer4's batch statistics then average 16 values per channel; with 2 images of
    # 32x32 they average 2, and float32 itself is off by 3e-4 from float64 (PyTorch against PyTorch)
    x = torch.randn(4, 3, 64, 64, generator=generator)
    target = torch.randint(0, 10, (4,), generator=generator)
    io = {"input": x, "target": target}
    model.eval()
    with torch.no_grad():
        io["eval_output"] = model(x)
    forward_backward(model, x, target, io)
    keep = {"grad.input", "grad.conv1.weight", "grad.bn1.weight", "grad.layer1.0.conv1.weight", "grad.layer2.0.downsample.0.weight",
            "grad.layer4.1.bn2.weight", "grad.fc.weight", "grad.fc.bias"}  # a few MB at most
    io = {k: v for k, v in io.items() if not k.startswith("grad.") or k in keep}
    save_safetensors(io, folder / "resnet18.io.safetensors",
                     {"model": "torchvision.models.resnet18(num_classes=10), weights from the recipe", "recipe": json.dumps(recipe, separators=(",", ":"))})


def main():
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/src/test/resources/golden")
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    generator = torch.Generator().manual_seed(1234)
    mlp(folder, generator)
    cnn(folder, generator)
    resnet18(folder, generator)
    (folder / "VERSIONS.txt").write_text(f"torch {torch.__version__}, torchvision {torchvision.__version__}, numpy {np.__version__}\n"
                                         "regenerate: /usr/bin/python3 scripts/golden/make_golden.py\n")
    print("golden files written to", folder)


if __name__ == "__main__":
    main()
