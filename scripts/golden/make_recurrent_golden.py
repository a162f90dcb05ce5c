#!/usr/bin/python3
"""Writes the PyTorch golden file that tensorj's RecurrentGoldenTest (module nn) compares GRU, RNN and LSTM against.

Run from the repository root with any PyTorch (written with 2.13.0+cpu; Debian's python3-torch works too):

    python3 scripts/golden/make_recurrent_golden.py [OUTPUT]

OUTPUT defaults to nn/src/test/resources/golden/recurrent.safetensors. Seeded, so a rerun with the same
PyTorch writes the same numbers. For each case NAME it stores, as float32:

  NAME.<parameter>        the layer's state_dict (PyTorch's names: weight_ih_l0, bias_hh_l1_reverse, ...)
  NAME.input, NAME.h0     (and NAME.c0 for the LSTM) the inputs
  NAME.out_weights, NAME.h_weights   the loss  sum(output * out_weights) + sum(h_n * h_weights)
  NAME.output, NAME.h_n   PyTorch's results
  NAME.grad.<parameter>, NAME.grad.input, NAME.grad.h0 (, NAME.grad.c0)   the loss's gradients

The file is written by hand (an 8-byte little-endian header length, a JSON header, raw little-endian
data), as scripts/golden/make_golden.py does; the `safetensors` package is not needed.
"""
import json
import struct
import sys
from pathlib import Path

import torch

# name, layer type, kwargs (input 4, hidden 5), T, B
CASES = [
    ("gru", torch.nn.GRU, dict(num_layers=2, batch_first=True, bidirectional=True), 7, 3),
    ("gru_single", torch.nn.GRU, dict(num_layers=1, batch_first=False, bidirectional=False), 9, 2),
    ("rnn_tanh", torch.nn.RNN, dict(num_layers=2, batch_first=False, bidirectional=True, nonlinearity="tanh"), 7, 3),
    ("rnn_relu", torch.nn.RNN, dict(num_layers=2, batch_first=True, bidirectional=False, nonlinearity="relu"), 7, 3),
    ("lstm", torch.nn.LSTM, dict(num_layers=2, batch_first=True, bidirectional=True), 7, 3),
]


def save_safetensors(tensors, path, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        data = t.detach().contiguous().cpu().to(torch.float32).numpy().astype("<f4", copy=False).tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


def main():
    out_path = Path(sys.argv[1] if len(sys.argv) > 1 else "nn/src/test/resources/golden/recurrent.safetensors")
    torch.manual_seed(2026)
    tensors = {}
    for name, kind, kwargs, steps, batch in CASES:
        layer = kind(4, 5, **kwargs)
        states = kwargs["num_layers"] * (2 if kwargs["bidirectional"] else 1)
        x = torch.randn((batch, steps, 4) if kwargs["batch_first"] else (steps, batch, 4), requires_grad=True)
        h0 = (0.5 * torch.randn(states, batch, 5)).requires_grad_()
        c0 = (0.5 * torch.randn(states, batch, 5)).requires_grad_() if kind is torch.nn.LSTM else None
        output, final = layer(x, (h0, c0) if c0 is not None else h0)
        h_n = final[0] if c0 is not None else final
        out_weights, h_weights = torch.randn(output.shape), torch.randn(h_n.shape)
        ((output * out_weights).sum() + (h_n * h_weights).sum()).backward()
        for key, value in layer.state_dict().items():
            tensors[f"{name}.{key}"] = value
            tensors[f"{name}.grad.{key}"] = dict(layer.named_parameters())[key].grad
        tensors.update({f"{name}.input": x, f"{name}.h0": h0, f"{name}.out_weights": out_weights, f"{name}.h_weights": h_weights,
                        f"{name}.output": output, f"{name}.h_n": h_n, f"{name}.grad.input": x.grad, f"{name}.grad.h0": h0.grad})
        if c0 is not None:
            tensors[f"{name}.c0"] = c0
            tensors[f"{name}.grad.c0"] = c0.grad
    save_safetensors(tensors, out_path, {"torch": torch.__version__, "cases": ", ".join(c[0] for c in CASES)})
    print(f"wrote {len(tensors)} tensors to {out_path} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
