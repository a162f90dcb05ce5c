"""PyTorch's side of the training-step, GAN, recurrent and GEMM benchmarks: same models, shapes and work per call.

Each row mirrors a JMH benchmark of benchmarks/src/main/java/dev/tensorj/bench:
  step-<model>-<batch>  TrainingStepBenchmark.step: one training step (forward, loss, backward, optimiser step)
                        on random data; mlp = Linear 784-512-10 with Keras' RMSprop, c1/c2/autoencoder the
                        course's models (nn.models.FashionCnn, ConvAutoencoder) with Adam 1e-3; imdb-lstm the
                        IMDB exercise's Embedding(20000, 32) -> LSTM(32) -> Linear(32, 1) with Keras' RMSprop and
                        BCE on the logit, on random word indices [batch, 80]
  dcgan-256             GanStepBenchmark: TensorFlow's DCGAN tutorial, G's loss through a frozen D, D's loss on
                        real and (detached) fake images, two Adam steps
  cgan-notebook-128     GanStepBenchmark: the Fashion-MNIST notebook's conditional GAN in its half-batch loop
  dcgan-layer-<l>-fwd   DcganLayerBenchmark: each layer of that step on the input it sees there (-fwdbwd: with
                        the backward of sum(y) to the input and the parameters)
  lstm-fwd, lstm-fwdbwd RecurrentBenchmark: indices [32, 80] -> Embedding(20000, 32) -> LSTM(32), batch first;
                        backward from the gradient of ones on every step's output
  sgemm-<n>-t<threads>  GemmBenchmark: C = A B, square float32 (reported in GFLOP/s)
It prints one JSON object per row: {"row": ..., "ms": median, "min": ..., "gflops": ... (sgemm only)}.

    python benchmarks/pytorch/steps.py [--repeats 20] [--threads 2] [ROW_REGEX]

./bench --vs-pytorch runs it alternately with the JMH benchmarks and prints the ratios.
"""
import argparse
import json
import re

import torch
import torch.nn as nn
import torch.nn.functional as F

from layers import timed  # the same timing loop as layers.py (this folder)


def c1():
    return nn.Sequential(
        nn.Conv2d(1, 6, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 10, 3), nn.ReLU(), nn.BatchNorm2d(10), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(250, 128), nn.ReLU(), nn.Linear(128, 10))


def c2():
    return nn.Sequential(
        nn.Conv2d(1, 112, 3, padding=1), nn.BatchNorm2d(112), nn.ReLU(),
        nn.Conv2d(112, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(),
        nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(),
        nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(25088, 208), nn.ReLU(), nn.Dropout(0.1),
        nn.Linear(208, 160), nn.ReLU(), nn.Dropout(0.1),
        nn.Linear(160, 128), nn.ReLU(), nn.Dropout(0.1),
        nn.Linear(128, 10))


def autoencoder():
    return nn.Sequential(
        nn.Conv2d(1, 64, 3, padding=1), nn.ReLU(),
        nn.Conv2d(64, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Upsample(scale_factor=2), nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),
        nn.Upsample(scale_factor=2), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
        nn.Conv2d(64, 1, 3, padding=1))


class ImdbLstm(nn.Module):
    """The IMDB exercise's model: the LSTM's last hidden state feeds one logit (Keras' return_sequences=False)."""
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20000, 32)
        self.lstm = nn.LSTM(32, 32, batch_first=True)
        self.dense = nn.Linear(32, 1)

    def forward(self, x):
        return self.dense(self.lstm(self.embedding(x))[1][0][-1])


def training_step(model_name, batch):
    images = torch.rand(batch, 1, 28, 28)
    if model_name == "imdb-lstm":
        net = ImdbLstm()
        opt = torch.optim.RMSprop(net.parameters(), lr=0.001, alpha=0.9, eps=1e-7)  # Keras' RMSprop
        x, y, loss_fn = torch.randint(0, 20000, (batch, 80)), torch.randint(0, 2, (batch, 1)).float(), nn.BCEWithLogitsLoss()
    elif model_name == "mlp":
        net = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))
        opt = torch.optim.RMSprop(net.parameters(), lr=0.001, alpha=0.9, eps=1e-7)  # Keras' RMSprop
        x, y, loss_fn = images.reshape(batch, 784), torch.randint(0, 10, (batch,)), nn.CrossEntropyLoss()
    elif model_name == "autoencoder":
        net = autoencoder()
        opt = torch.optim.Adam(net.parameters(), lr=0.001)
        x, y, loss_fn = images, images, nn.MSELoss()
    else:
        net = c1() if model_name == "c1" else c2()
        opt = torch.optim.Adam(net.parameters(), lr=0.001)
        x, y, loss_fn = images, torch.randint(0, 10, (batch,)), nn.CrossEntropyLoss()
    net.train()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        return loss.item()
    return step


def dcgan_step(batch=256, latent=100, slope=0.3):
    generator = nn.Sequential(
        nn.Linear(latent, 7 * 7 * 256, bias=False), nn.BatchNorm1d(7 * 7 * 256), nn.LeakyReLU(slope),
        nn.Unflatten(1, (256, 7, 7)),
        nn.ConvTranspose2d(256, 128, 5, stride=1, padding=2, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(slope),
        nn.ConvTranspose2d(128, 64, 5, stride=2, padding=2, output_padding=1, bias=False), nn.BatchNorm2d(64), nn.LeakyReLU(slope),
        nn.ConvTranspose2d(64, 1, 5, stride=2, padding=2, output_padding=1, bias=False), nn.Tanh())
    discriminator = nn.Sequential(
        nn.Conv2d(1, 64, 5, stride=2, padding=2), nn.LeakyReLU(slope), nn.Dropout(0.3),
        nn.Conv2d(64, 128, 5, stride=2, padding=2), nn.LeakyReLU(slope), nn.Dropout(0.3),
        nn.Flatten(), nn.Linear(128 * 7 * 7, 1))
    g_opt = torch.optim.Adam(generator.parameters(), lr=1e-4)
    d_opt = torch.optim.Adam(discriminator.parameters(), lr=1e-4)
    real = torch.rand(batch, 1, 28, 28) * 2 - 1
    bce = nn.BCEWithLogitsLoss()

    def step():
        noise = torch.randn(batch, latent)
        g_opt.zero_grad(set_to_none=True)
        d_opt.zero_grad(set_to_none=True)
        fake = generator(noise)
        for p in discriminator.parameters():  # D frozen for G's loss, as GanTrainer does
            p.requires_grad_(False)
        fake_logits = discriminator(fake)
        g_loss = bce(fake_logits, torch.ones_like(fake_logits))
        g_loss.backward()
        for p in discriminator.parameters():
            p.requires_grad_(True)
        real_logits = discriminator(real)
        fake_logits = discriminator(fake.detach())
        d_loss = bce(real_logits, torch.ones_like(real_logits)) + bce(fake_logits, torch.zeros_like(fake_logits))
        d_loss.backward()
        g_opt.step()
        d_opt.step()
        return d_loss.item()
    return step


class CganGenerator(nn.Module):
    """The Fashion-MNIST notebook's conditional generator (nn.models.ConditionalGan.generator)."""
    def __init__(self, latent=100):
        super().__init__()
        self.noise = nn.Sequential(nn.Linear(latent, 7 * 7 * 256), nn.LeakyReLU(0.2), nn.Unflatten(1, (256, 7, 7)))
        self.label = nn.Sequential(nn.Embedding(10, 50), nn.Linear(50, 49), nn.Unflatten(1, (1, 7, 7)))
        self.trunk = nn.Sequential(
            nn.ConvTranspose2d(257, 128, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
            nn.ConvTranspose2d(128, 128, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
            nn.ConvTranspose2d(128, 1, 7, stride=1, padding=3), nn.Tanh())

    def forward(self, noise, labels):
        return self.trunk(torch.cat([self.noise(noise), self.label(labels)], 1))


class CganDiscriminator(nn.Module):
    """The notebook's conditional discriminator (TensorFlow's 'same' on stride 2 pads bottom and right: F.pad)."""
    def __init__(self):
        super().__init__()
        self.label = nn.Sequential(nn.Embedding(10, 50), nn.Linear(50, 784), nn.Unflatten(1, (1, 28, 28)))
        self.conv1, self.conv2 = nn.Conv2d(2, 128, 3, stride=2), nn.Conv2d(128, 128, 3, stride=2)
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(0.4), nn.Linear(128 * 7 * 7, 1))

    def forward(self, images, labels):
        x = torch.cat([images, self.label(labels)], 1)
        x = F.leaky_relu(self.conv1(F.pad(x, (0, 1, 0, 1))), 0.2)
        x = F.leaky_relu(self.conv2(F.pad(x, (0, 1, 0, 1))), 0.2)
        return self.head(x)


def cgan_step(batch=128, latent=100):
    """GanStepBenchmark.cganFashionNotebookStepBatch128: the notebook's loop (D on half a batch of real images, D on
    half a batch of fakes made without gradients, then G on a full batch through the frozen D), Adam 2e-4, beta1 0.5."""
    generator, discriminator = CganGenerator(latent), CganDiscriminator()
    g_opt = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    d_opt = torch.optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    real, labels = torch.rand(batch, 1, 28, 28) * 2 - 1, torch.arange(batch) % 10
    bce, half = nn.BCEWithLogitsLoss(), batch // 2

    def step():
        d_opt.zero_grad(set_to_none=True)
        logits = discriminator(real[:half], labels[:half])
        real_loss = bce(logits, torch.ones_like(logits))
        real_loss.backward()
        d_opt.step()
        fake_labels = torch.randint(0, 10, (half,))
        with torch.no_grad():
            fakes = generator(torch.randn(half, latent), fake_labels)
        d_opt.zero_grad(set_to_none=True)
        logits = discriminator(fakes, fake_labels)
        fake_loss = bce(logits, torch.zeros_like(logits))
        fake_loss.backward()
        d_opt.step()
        g_labels = torch.randint(0, 10, (batch,))
        g_opt.zero_grad(set_to_none=True)
        for p in discriminator.parameters():
            p.requires_grad_(False)
        logits = discriminator(generator(torch.randn(batch, latent), g_labels), g_labels)
        g_loss = bce(logits, torch.ones_like(logits))
        g_loss.backward()
        for p in discriminator.parameters():
            p.requires_grad_(True)
        g_opt.step()
        return real_loss.item() + fake_loss.item()
    return step


class EmbeddingLstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20000, 32)
        self.lstm = nn.LSTM(32, 32, batch_first=True)

    def forward(self, x):
        return self.lstm(self.embedding(x))[0]


def lstm_rows():
    model = EmbeddingLstm()
    indices = torch.randint(0, 20000, (32, 80))

    def forward():
        with torch.no_grad():
            return model(indices)

    def forward_backward():
        y = model(indices)
        y.backward(torch.ones_like(y))
        grad = model.embedding.weight.grad
        model.zero_grad(set_to_none=True)
        return grad
    return forward, forward_backward


DCGAN_BATCH = 256


def dcgan_layer(name, with_backward):
    """One layer of the DCGAN step on the input it sees there (DcganLayerBenchmark's rows), in training mode."""
    slope = 0.3
    layers = {
        "g-linear": (lambda: nn.Linear(100, 7 * 7 * 256, bias=False), (DCGAN_BATCH, 100)),
        "g-bn-leaky-12544": (lambda: nn.Sequential(nn.BatchNorm1d(7 * 7 * 256), nn.LeakyReLU(slope)), (DCGAN_BATCH, 7 * 7 * 256)),
        "g-convT-256-128": (lambda: nn.ConvTranspose2d(256, 128, 5, stride=1, padding=2, bias=False), (DCGAN_BATCH, 256, 7, 7)),
        "g-bn-leaky-128": (lambda: nn.Sequential(nn.BatchNorm2d(128), nn.LeakyReLU(slope)), (DCGAN_BATCH, 128, 7, 7)),
        "g-convT-128-64": (lambda: nn.ConvTranspose2d(128, 64, 5, stride=2, padding=2, output_padding=1, bias=False), (DCGAN_BATCH, 128, 7, 7)),
        "g-bn-leaky-64": (lambda: nn.Sequential(nn.BatchNorm2d(64), nn.LeakyReLU(slope)), (DCGAN_BATCH, 64, 14, 14)),
        "g-convT-64-1": (lambda: nn.ConvTranspose2d(64, 1, 5, stride=2, padding=2, output_padding=1, bias=False), (DCGAN_BATCH, 64, 14, 14)),
        "g-tanh": (lambda: nn.Tanh(), (DCGAN_BATCH, 1, 28, 28)),
        "d-conv-1-64": (lambda: nn.Conv2d(1, 64, 5, stride=2, padding=2), (DCGAN_BATCH, 1, 28, 28)),
        "d-leaky-dropout-64": (lambda: nn.Sequential(nn.LeakyReLU(slope), nn.Dropout(0.3)), (DCGAN_BATCH, 64, 14, 14)),
        "d-conv-64-128": (lambda: nn.Conv2d(64, 128, 5, stride=2, padding=2), (DCGAN_BATCH, 64, 14, 14)),
        "d-leaky-dropout-128": (lambda: nn.Sequential(nn.LeakyReLU(slope), nn.Dropout(0.3)), (DCGAN_BATCH, 128, 7, 7)),
        "d-linear": (lambda: nn.Linear(128 * 7 * 7, 1), (DCGAN_BATCH, 128 * 7 * 7)),
    }
    make, shape = layers[name]
    module, data = make(), torch.randn(*shape)
    module.train()

    def forward():
        return module(data)

    def forward_backward():
        x = data.requires_grad_(True)
        y = module(x)
        y.backward(torch.ones_like(y))
        module.zero_grad(set_to_none=True)
        x.grad = None
        return y
    return forward_backward if with_backward else forward


DCGAN_LAYERS = ("g-linear", "g-bn-leaky-12544", "g-convT-256-128", "g-bn-leaky-128", "g-convT-128-64", "g-bn-leaky-64", "g-convT-64-1",
                "g-tanh", "d-conv-1-64", "d-leaky-dropout-64", "d-conv-64-128", "d-leaky-dropout-128", "d-linear")


def sgemm(n):
    a, b = torch.rand(n, n), torch.rand(n, n)
    out = torch.empty(n, n)
    return lambda: torch.matmul(a, b, out=out)


def rows(threads):
    table = {}
    for name in ("mlp-128", "c1-64", "c1-1000", "c2-64", "c2-1000", "autoencoder-1000", "imdb-lstm-32"):
        model, batch = name.rsplit("-", 1)
        table["step-" + name] = (lambda m=model, b=int(batch): training_step(m, b), threads)
    table["dcgan-256"] = (dcgan_step, threads)
    table["cgan-notebook-128"] = (cgan_step, threads)
    for layer in DCGAN_LAYERS:
        table[f"dcgan-layer-{layer}-fwd"] = (lambda l=layer: dcgan_layer(l, False), threads)
        table[f"dcgan-layer-{layer}-fwdbwd"] = (lambda l=layer: dcgan_layer(l, True), threads)
    table["lstm-fwd"] = (lambda: lstm_rows()[0], threads)
    table["lstm-fwdbwd"] = (lambda: lstm_rows()[1], threads)
    for n in (1024, 2048):
        for t in (1, 2):
            table[f"sgemm-{n}-t{t}"] = (lambda n=n: sgemm(n), t)
    return table


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--min-seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--list", action="store_true", help="print the row names and stop")
    parser.add_argument("pattern", nargs="?", default=".", help="a regular expression the row names must contain a match of")
    args = parser.parse_args()
    table = rows(args.threads)
    if args.list:
        print("\n".join(table))
        return
    torch.manual_seed(3)
    print(json.dumps({"torch": torch.__version__, "threads": args.threads}), flush=True)
    for name, (make, threads) in table.items():
        if not re.search(args.pattern, name):
            continue
        torch.set_num_threads(threads)
        op = make()
        median, best = timed(op, args.repeats, args.min_seconds)
        row = {"row": name, "ms": round(median, 4), "min": round(best, 4)}
        if name.startswith("sgemm"):
            n = int(name.split("-")[1])
            row["gflops"] = round(2 * n ** 3 / (median * 1e-3) / 1e9, 1)
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
