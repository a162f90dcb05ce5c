# The check behind the methodology fitting report: PyTorch's Adam with weight_decay=0.01 on the six-layer
# 784-60x6-10 net collapses to the uniform prediction too. Run: /usr/bin/python3 scripts/methodology_l2_pytorch.py 0.01 100
# after ./tensorj export mnist-png /tmp/m28png (Debian python3-torch, python3-pil).
import torch, glob, os, sys
from PIL import Image
import numpy as np
def load(split):
    xs, ys = [], []
    for d in sorted(os.listdir(f'/tmp/m28png/{split}')):
        for f in sorted(glob.glob(f'/tmp/m28png/{split}/{d}/*.png')):
            xs.append(np.asarray(Image.open(f), dtype=np.float32).reshape(-1) / 255.0); ys.append(int(d))
    return torch.tensor(np.stack(xs)), torch.tensor(ys)
xt, yt = load('train'); xv, yv = load('valid')
torch.manual_seed(42)
layers = [torch.nn.Linear(784, 60), torch.nn.ReLU()]
for i in range(5): layers += [torch.nn.Linear(60, 60), torch.nn.ReLU()]
net = torch.nn.Sequential(*layers, torch.nn.Linear(60, 10))
opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=float(sys.argv[1]))
for epoch in range(int(sys.argv[2])):
    perm = torch.randperm(600)
    for i in range(0, 600, 64):
        idx = perm[i:i+64]
        loss = torch.nn.functional.cross_entropy(net(xt[idx]), yt[idx])
        opt.zero_grad(); loss.backward(); opt.step()
    if epoch % 10 == 9:
        with torch.no_grad():
            print(epoch + 1, float(torch.nn.functional.cross_entropy(net(xt), yt)), float((net(xt).argmax(1) == yt).float().mean()), float(torch.nn.functional.cross_entropy(net(xv), yv)), float((net(xv).argmax(1) == yv).float().mean()))
