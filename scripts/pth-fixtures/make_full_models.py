#!/usr/bin/python3
"""Writes full-size, randomly initialised torchvision models as checkpoints, for a manual end-to-end check
of nn's TorchCheckpoint reader and its ResNet/AlexNet/VGG models (too large to commit; not used in CI):

    /usr/bin/python3 scripts/pth-fixtures/make_full_models.py /tmp/pth-full
    TENSORJ_PTH_FULL=/tmp/pth-full mvn -pl nn -am test -Dtest=TorchvisionWeightsTest -Dsurefire.failIfNoSpecifiedTests=false

Files, in the formats of torchvision's own downloads: resnet18.pth and alexnet.pth as zip checkpoints (like
resnet18-f37072fd.pth and alexnet-owt-7be5be79.pth), vgg16.pth as a legacy pickle stream (like
vgg16-397923af.pth), plus reference.json: for each model a seeded input and torchvision's output in eval
mode. The BatchNorm running statistics are randomised so that they matter.
"""
import json
import os
import sys

import torch
import torchvision.models as tvm

OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/pth-full"


def describe(t):
    return {"shape": list(t.shape), "values": t.detach().float().contiguous().flatten().tolist()}


def main():
    os.makedirs(OUT, exist_ok=True)
    reference = {}
    for name, build, size, legacy in (("resnet18", tvm.resnet18, 64, False), ("alexnet", tvm.alexnet, 96, False), ("vgg16", tvm.vgg16, 64, True)):
        torch.manual_seed(0)
        model = build()
        with torch.no_grad():
            for m in model.modules():
                if isinstance(m, torch.nn.BatchNorm2d):
                    m.running_mean.normal_(0, 0.1)
                    m.running_var.uniform_(0.5, 1.5)
                    m.num_batches_tracked.fill_(7)
        model.eval()
        x = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(1))
        with torch.no_grad():
            y = model(x)
        torch.save(model.state_dict(), os.path.join(OUT, name + ".pth"), _use_new_zipfile_serialization=not legacy)
        reference[name] = {"input": describe(x), "output": describe(y)}
        print(name, os.path.getsize(os.path.join(OUT, name + ".pth")), "bytes", "legacy" if legacy else "zip")
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(reference, f)


if __name__ == "__main__":
    main()
