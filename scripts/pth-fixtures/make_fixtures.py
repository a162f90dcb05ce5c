#!/usr/bin/python3
"""Writes the small PyTorch checkpoints that nn's TorchCheckpoint tests read, and what they must contain.

Run with Debian's PyTorch (apt-get install python3-torch python3-torchvision; tested with torch 1.13,
torchvision 0.14):

    /usr/bin/python3 scripts/pth-fixtures/make_fixtures.py nn/src/test/resources/pth

Writes, all seeded and a few KB each:
  zip_dtypes.pth        torch.save (zip, PyTorch >= 1.6): float32, float64, int64, float16, bfloat16,
                        int32, bool, a 0-d int64 and an empty tensor
  zip_views.pth         views sharing one storage: transpose, offset slice, stepped slice, expand (stride 0)
  legacy_stream.pth     the same kinds through _use_new_zipfile_serialization=False (pickle stream)
  legacy_rebuild_v1.pth a pickle stream whose tensors use torch._utils._rebuild_tensor, as PyTorch 0.1.x
                        wrote (torchvision's vgg16-397923af.pth is such a file)
  legacy_big_endian.pth the same as a big-endian machine would write it (sys_info little_endian False)
  legacy_tar.pth        the tar format of PyTorch < 0.1.10 (sys_info, storages, tensors, pickle), built
                        by hand and checked with torch.load, with a storage view
  tiny_cnn.pth          the state_dict of a small Conv-BN-ReLU-MaxPool-Linear net, with an input and its
                        output in expected.json so the Java model can be checked end to end
  malicious_*.pth       state_dicts smuggling os.system, posix.system and builtins.eval (must be refused)
Files written by torch.save's legacy format name storages by memory address, so they differ byte for
byte between runs (not in content).
  expected.json         every tensor of every valid fixture: dtype, shape, values (row-major); also
                        inputs and outputs of torch's adaptive_avg_pool2d
  *_keys.txt            torchvision resnet18 / alexnet / vgg16 state_dict keys with shapes
"""
import collections
import io
import json
import os
import pickle
import struct
import sys
import tarfile

import torch
import torch.nn as nn

OUT = sys.argv[1] if len(sys.argv) > 1 else "nn/src/test/resources/pth"
# What the malicious files would run if anything executed them: harmless, and the tests check it never appears.
MARKER = "tensorj-pth-fixture-was-executed"
COMMAND = "touch " + MARKER


def path(name):
    return os.path.join(OUT, name)


def describe(t):
    t = t.detach()
    values = t.float() if t.dtype in (torch.float16, torch.bfloat16) else t
    values = values.long() if t.dtype in (torch.int32, torch.bool) else values
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape),
            "values": values.contiguous().flatten().tolist()}


def check_same(file, expected):
    loaded = torch.load(file)
    assert list(loaded.keys()) == list(expected.keys()), (file, list(loaded.keys()))
    for k, v in expected.items():
        assert loaded[k].dtype == v.dtype and torch.equal(loaded[k], v), (file, k)


def dtypes_dict():
    g = torch.Generator().manual_seed(1)
    d = collections.OrderedDict()
    d["f32"] = torch.randn(2, 3, generator=g)
    d["f64"] = torch.randn(4, generator=g, dtype=torch.float64)
    d["i64"] = torch.tensor([-3, 0, 2 ** 40], dtype=torch.int64)
    d["f16"] = torch.tensor([[0.5, -1.25], [65504.0, 6.1035e-05]], dtype=torch.float16)
    d["bf16"] = torch.tensor([1.0, -2.5, 3.0e38], dtype=torch.bfloat16)
    d["i32"] = torch.tensor([7, -8], dtype=torch.int32)
    d["flag"] = torch.tensor([True, False, True])
    d["scalar"] = torch.tensor(5, dtype=torch.int64)
    d["empty"] = torch.zeros(0, 3)
    return d


def views_dict():
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    d = collections.OrderedDict()
    d["base"] = base
    d["transposed"] = base.t()
    d["offset_slice"] = base[1:3, 2:5]
    d["stepped"] = base[:, ::2]
    d["row"] = base[3]
    d["expanded"] = torch.tensor([1.0, 2.0, 3.0]).expand(2, 3)
    return d


def storage_bytes(storage):
    """A typed storage's elements as raw little-endian bytes."""
    return torch.empty(0, dtype=storage.dtype).set_(storage, 0, (storage.size(),), (1,)).numpy().tobytes()


def save_legacy_rebuild_v1(file, tensors, big_endian=False):
    """A legacy pickle stream as PyTorch 0.1.x wrote it: tensors via torch._utils._rebuild_tensor.
    big_endian writes what a big-endian machine would (sys_info little_endian False, swapped data)."""
    storages = collections.OrderedDict()
    keys = {}

    class V1(object):
        def __init__(self, t):
            self.t = t

        def __reduce__(self):
            t = self.t
            return torch._utils._rebuild_tensor, (t.storage(), t.storage_offset(), tuple(t.size()), t.stride())

    class P(pickle.Pickler):
        def persistent_id(self, obj):
            if isinstance(obj, torch.storage.TypedStorage):
                key = keys.setdefault(obj._cdata, str(1000 + len(keys)))  # deterministic, unlike torch's addresses
                storages.setdefault(key, obj)
                return ("storage", torch.FloatStorage if obj.dtype == torch.float32 else torch.LongStorage, key, "cpu", obj.size(), None)
            return None

    with open(file, "wb") as f:
        for header in (0x1950a86a20f9469cfc6c, 1001, dict(protocol_version=1001, little_endian=not big_endian, type_sizes=dict(short=2, int=4, long=8))):
            pickle.dump(header, f, protocol=2)
        P(f, protocol=2).dump(collections.OrderedDict((k, V1(v)) for k, v in tensors.items()))
        order = sorted(storages.keys())
        pickle.dump(order, f, protocol=2)
        for k in order:
            s = storages[k]
            f.write(struct.pack(">q" if big_endian else "<q", s.size()))
            data = storage_bytes(s)
            if big_endian:
                size = s.element_size()
                data = b"".join(data[i:i + size][::-1] for i in range(0, len(data), size))
            f.write(data)


def save_tar(file, tensors):
    """The tar checkpoint of PyTorch < 0.1.10, with one storage view."""
    def pk(obj):
        return pickle.dumps(obj, protocol=2)

    buf = {}
    buf["sys_info"] = pk(dict(protocol_version=1001, little_endian=True, type_sizes=dict(short=2, int=4, long=8)))
    # storages: one per tensor's base storage, keyed by strings
    storages = collections.OrderedDict()
    ids = {}  # deterministic keys, unlike torch's addresses
    key_of = lambda t: ids.setdefault(t.storage()._cdata, str(500 + len(ids)))
    for name, t in tensors.items():
        storages.setdefault(key_of(t), t.storage())
    s = io.BytesIO()
    s.write(pk(len(storages)))
    for key, st in storages.items():
        cls = {torch.float32: torch.FloatStorage, torch.int64: torch.LongStorage, torch.float64: torch.DoubleStorage}[st.dtype]
        s.write(pk((key, "cpu", cls)))
        s.write(struct.pack("<q", st.size()))
        s.write(storage_bytes(st))
    # a view "900" of the first storage, elements [2, 2 + 4)
    first = next(iter(storages))
    s.write(pk([("900", first, 2, 4)]))
    buf["storages"] = s.getvalue()
    # tensors: int keys; "viewed" uses the storage view
    t = io.BytesIO()
    records = []
    for i, (name, x) in enumerate(tensors.items()):
        records.append((100 + i, key_of(x), x))
    t.write(pk(len(records) + 1))
    cls_of = {torch.float32: torch.FloatTensor, torch.int64: torch.LongTensor, torch.float64: torch.DoubleTensor}
    for key, storage_key, x in records:
        t.write(pk((key, storage_key, cls_of[x.dtype])))
        t.write(struct.pack("<ii", x.dim(), 0))
        t.write(struct.pack("<%dq" % x.dim(), *x.size()))
        t.write(struct.pack("<%dq" % x.dim(), *x.stride()))
        t.write(struct.pack("<q", x.storage_offset()))
    t.write(pk((199, "900", torch.FloatTensor)))
    t.write(struct.pack("<ii", 2, 0) + struct.pack("<2q", 2, 2) + struct.pack("<2q", 2, 1) + struct.pack("<q", 0))
    buf["tensors"] = t.getvalue()

    class P(pickle.Pickler):
        def persistent_id(self, obj):
            return str(obj[1]) if isinstance(obj, tuple) and len(obj) == 2 and obj[0] == "tensor-ref" else None

    p = io.BytesIO()
    ordered = collections.OrderedDict((name, ("tensor-ref", 100 + i)) for i, name in enumerate(tensors))
    ordered["viewed"] = ("tensor-ref", 199)
    P(p, protocol=2).dump(ordered)
    buf["pickle"] = p.getvalue()
    with tarfile.open(file, "w", format=tarfile.PAX_FORMAT) as tar:
        for name in ("sys_info", "pickle", "storages", "tensors"):
            info = tarfile.TarInfo(name)
            info.size = len(buf[name])
            info.mtime = 0
            tar.addfile(info, io.BytesIO(buf[name]))


class Evil(object):
    def __init__(self, function):
        self.function = function

    def __reduce__(self):
        return self.function, (COMMAND,)


def write_zip_record(file, pickle_bytes):
    """A genuine PyTorch zip container around a hand-written data.pkl."""
    writer = torch._C.PyTorchFileWriter(file)
    writer.write_record("data.pkl", pickle_bytes, len(pickle_bytes))
    writer.write_record("version", b"3\n", 2)
    writer.write_end_of_file()


def refused(file):
    try:
        torch.load(file, weights_only=True)
    except Exception:
        return True
    return False


def tiny_cnn():
    torch.manual_seed(3)
    net = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.BatchNorm2d(2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(2 * 2 * 2, 3))
    # give BatchNorm non-trivial running statistics
    net.train()
    for _ in range(3):
        net(torch.randn(5, 1, 4, 4))
    net.eval()
    x = torch.randn(2, 1, 4, 4)
    with torch.no_grad():
        y = net(x)
    return net, x, y


def keys(model, file):
    with open(file, "w") as f:
        f.write("# %s state_dict: key, shape, dtype (torchvision %s)\n" % (type(model).__name__, __import__("torchvision").__version__))
        for k, v in model.state_dict().items():
            f.write("%s %s %s\n" % (k, "x".join(str(s) for s in v.shape) or "scalar", str(v.dtype).replace("torch.", "")))


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = collections.OrderedDict()

    d = dtypes_dict()
    torch.save(d, path("zip_dtypes.pth"))
    check_same(path("zip_dtypes.pth"), d)
    expected["zip_dtypes.pth"] = {k: describe(v) for k, v in d.items()}

    v = views_dict()
    torch.save(v, path("zip_views.pth"))
    check_same(path("zip_views.pth"), v)
    expected["zip_views.pth"] = {k: describe(t) for k, t in v.items()}

    legacy = collections.OrderedDict(list(d.items())[:5] + list(v.items())[:3])
    torch.save(legacy, path("legacy_stream.pth"), _use_new_zipfile_serialization=False)
    check_same(path("legacy_stream.pth"), legacy)
    expected["legacy_stream.pth"] = {k: describe(t) for k, t in legacy.items()}

    v1 = collections.OrderedDict([("weight", torch.arange(6, dtype=torch.float32).reshape(2, 3) / 4), ("bias", torch.tensor([1.5, -2.0])),
                                  ("weight_t", (torch.arange(6, dtype=torch.float32).reshape(2, 3) / 4).t()), ("count", torch.tensor([9], dtype=torch.int64))])
    v1["weight_t"] = v1["weight"].t()  # shares weight's storage
    save_legacy_rebuild_v1(path("legacy_rebuild_v1.pth"), v1)
    check_same(path("legacy_rebuild_v1.pth"), v1)
    expected["legacy_rebuild_v1.pth"] = {k: describe(t) for k, t in v1.items()}
    # torch.load ignores sys_info and cannot read this on a little-endian machine; the Java reader swaps
    save_legacy_rebuild_v1(path("legacy_big_endian.pth"), v1, big_endian=True)
    expected["legacy_big_endian.pth"] = expected["legacy_rebuild_v1.pth"]

    tar_tensors = collections.OrderedDict([("a", torch.arange(8, dtype=torch.float32).reshape(2, 4)), ("b", torch.tensor([4, 5], dtype=torch.int64)),
                                           ("c", torch.tensor([0.25, 0.5], dtype=torch.float64))])
    save_tar(path("legacy_tar.pth"), tar_tensors)
    loaded = torch.load(path("legacy_tar.pth"))
    want = collections.OrderedDict(tar_tensors)
    want["viewed"] = tar_tensors["a"].flatten()[2:6].reshape(2, 2)
    assert list(loaded.keys()) == list(want.keys())
    for k in want:
        assert torch.equal(loaded[k], want[k]), k
    expected["legacy_tar.pth"] = {k: describe(t) for k, t in want.items()}

    net, x, y = tiny_cnn()
    torch.save(net.state_dict(), path("tiny_cnn.pth"))
    expected["tiny_cnn.pth"] = {k: describe(t) for k, t in net.state_dict().items()}
    expected["tiny_cnn.io"] = {"input": describe(x), "output": describe(y)}

    # AdaptiveAvgPool2d as torch computes it: uneven windows (5x7 -> 3x4) and even ones (6x4 -> 3x2)
    for name, shape, out in (("adaptive_pool_uneven", (1, 2, 5, 7), (3, 4)), ("adaptive_pool_even", (2, 1, 6, 4), (3, 2))):
        x = torch.arange(float(torch.Size(shape).numel())).reshape(shape) / 8
        expected[name + ".io"] = {"input": describe(x), "output": describe(nn.functional.adaptive_avg_pool2d(x, out))}

    # malicious files: a valid tensor next to a payload; torch.load(weights_only=True) refuses them too
    torch.save(collections.OrderedDict([("weight", torch.ones(2)), ("payload", Evil(os.system))]), path("malicious_posix_system.pth"))
    torch.save(collections.OrderedDict([("weight", torch.ones(2)), ("payload", Evil(eval))]), path("malicious_builtins_eval.pth"),
               _use_new_zipfile_serialization=False)
    cmd = COMMAND.encode()
    write_zip_record(path("malicious_os_system.pth"), b"\x80\x02cos\nsystem\nX" + struct.pack("<I", len(cmd)) + cmd + b"\x85R.")
    for name in ("malicious_posix_system.pth", "malicious_builtins_eval.pth", "malicious_os_system.pth"):
        assert refused(path(name)), name
    assert not os.path.exists(MARKER)

    with open(path("expected.json"), "w") as f:
        json.dump(expected, f, indent=1)

    import torchvision.models as tvm
    keys(tvm.resnet18(), path("resnet18_keys.txt"))
    keys(tvm.alexnet(), path("alexnet_keys.txt"))
    keys(tvm.vgg16(), path("vgg16_keys.txt"))
    for name in sorted(os.listdir(OUT)):
        print("%8d  %s" % (os.path.getsize(path(name)), name))


if __name__ == "__main__":
    main()
