"""tensorj beside PyTorch in one session: `./bench --vs-pytorch [ROW_REGEX]`.

For every row (benchmarks/pytorch/steps.py --list names them) it runs tensorj's JMH benchmark and then
PyTorch's script for the same work, one row after the other, so both see the same machine (each side's figure is
its median time per call: JMH runs in sample mode, which times every call); it measures the
two-thread FMA peak before and after (a low or moving peak means a disturbed run) and prints a Markdown
table with the ratio PyTorch time / tensorj time (above 1: tensorj is faster; for GEMM, tensorj GFLOP/s /
PyTorch GFLOP/s, and the share of the peak). Training-step rows are also given as seconds per epoch of
60,000 images, as the README's speed table has them.

On a shared VM a neighbour can take a core for seconds at a time and halve one measurement. `--rounds N`
measures every row N times, tensorj and PyTorch alternating, and reports the median of each side (the
per-round figures are printed as they come); an SGEMM row then also measures the FMA peak before each of
its rounds and gives its share of the median of those peaks.

PyTorch: the first that imports of $TENSORJ_PYTORCH (a python executable), the virtual environment
benchmarks/target/pytorch-venv (created with `torch==2.13.0+cpu` from pip's configured index when
missing, what users install today), and Debian's python3-torch (/usr/bin/python3, 1.13); it says which ran.
"""
import argparse
import datetime
import json
import math
import os
import pathlib
import platform
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
STEPS = ROOT / "benchmarks/pytorch/steps.py"
VENV = ROOT / "benchmarks/target/pytorch-venv"
WANTED = "torch==2.13.0+cpu"

# row -> (JMH include regex, JMH -p parameters)
JMH_ROWS = {
    **{f"step-{m}": ("TrainingStepBenchmark.step$", [f"model={m}"])
       for m in ("mlp-128", "c1-64", "c1-1000", "c2-64", "c2-1000", "autoencoder-1000", "imdb-lstm-32")},
    "dcgan-256": ("GanStepBenchmark.dcganMnistStepBatch256$", []),
    "cgan-notebook-128": ("GanStepBenchmark.cganFashionNotebookStepBatch128$", []),
    **{f"dcgan-layer-{l}-{m}": (f"DcganLayerBenchmark.{j}$", [f"layer={l}"])
       for l in ("g-linear", "g-bn-leaky-12544", "g-convT-256-128", "g-bn-leaky-128", "g-convT-128-64", "g-bn-leaky-64", "g-convT-64-1",
                 "g-tanh", "d-conv-1-64", "d-leaky-dropout-64", "d-conv-64-128", "d-leaky-dropout-128", "d-linear")
       for m, j in (("fwd", "forward"), ("fwdbwd", "forwardBackward"))},
    "lstm-fwd": ("RecurrentBenchmark.forward$", []),
    "lstm-fwdbwd": ("RecurrentBenchmark.forwardBackward$", []),
    # into a C allocated once, as steps.py's torch.matmul(a, b, out=c)
    **{f"sgemm-{n}-t{t}": ("GemmBenchmark.matmulInto$", [f"shape={n}", f"threads={t}"]) for n in (1024, 2048) for t in (1, 2)},
}


def find_python(explicit):
    candidates = [explicit] if explicit else []
    candidates += [str(VENV / "bin/python"), "/usr/bin/python3"]
    for python in candidates:
        version = torch_version(python)
        if version:
            return python, version
        if python == str(VENV / "bin/python") and not explicit:
            print(f"vs-pytorch: creating {VENV} with {WANTED} from pip's configured index", file=sys.stderr)
            try:
                subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
                subprocess.run([python, "-m", "pip", "install", "-q", "--retries", "0", "--timeout", "15", WANTED, "numpy"],
                               check=True, timeout=900)
            except (subprocess.SubprocessError, OSError) as e:
                print(f"vs-pytorch: could not install {WANTED} ({e}); trying Debian's python3-torch", file=sys.stderr)
            version = torch_version(python)
            if version:
                return python, version
    sys.exit("vs-pytorch: no PyTorch found: set TENSORJ_PYTORCH to a python with torch, or let it install "
             f"{WANTED} (pip's index must serve it), or apt-get install python3-torch")


def torch_version(python):
    if not python or not os.path.exists(python):
        return None
    try:
        out = subprocess.run([python, "-c", "import torch; print(torch.__version__)"], capture_output=True, text=True, timeout=120)
    except (subprocess.SubprocessError, OSError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def bench(*args, env=None):
    return subprocess.run([str(ROOT / "bench"), *args], capture_output=True, text=True, cwd=ROOT, env=env)


def fma_peak():
    """The FP32 FMA peak in GFLOP/s on {1: one thread, 2: two threads}."""
    out = bench("--fma-peak")
    one, two = re.search(r"fma-peak-1thread ([\d.]+)", out.stdout), re.search(r"fma-peak-2threads ([\d.]+)", out.stdout)
    if not (one and two):
        sys.exit("vs-pytorch: ./bench --fma-peak failed:\n" + out.stdout + out.stderr)
    return {1: float(one.group(1)), 2: float(two.group(1))}


def jmh(row, jmh_args):
    include, params = JMH_ROWS[row]
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        result_file = f.name
    args = [include]
    for p in params:
        args += ["-p", p]
    # JMH in sample mode times every call, so tensorj's figure is the median time per call, as PyTorch's is
    # (steps.py): a mean would count each call a busy neighbour slowed down, the median only moves when half do
    # rowsOnly: no FMA-peak benchmarks beside the row and no summary table (20 s per row); the peaks are taken here
    env = dict(os.environ, BENCH_JAVA_OPTS=(os.environ.get("BENCH_JAVA_OPTS", "") + " -Dtensorj.bench.rowsOnly=true").strip())
    out = bench(*args, *jmh_args, "-bm", "sample", "-tu", "ms", "-rf", "json", "-rff", result_file, env=env)
    if out.returncode != 0:
        sys.exit(f"vs-pytorch: JMH failed on {row}:\n{out.stdout[-3000:]}{out.stderr[-3000:]}")
    results = json.loads(pathlib.Path(result_file).read_text())
    os.unlink(result_file)
    # pick this row's own result (a regular expression can match more than one benchmark)
    wanted = dict(p.split("=", 1) for p in params)
    mine = [r for r in results if re.search(include, r["benchmark"]) and all(r.get("params", {}).get(k) == v for k, v in wanted.items())]
    if len(mine) != 1:
        sys.exit(f"vs-pytorch: expected one JMH result for {row}, got {len(mine)} of {[r['benchmark'] for r in results]}")
    metric = mine[0]["primaryMetric"]
    median = metric["scorePercentiles"]["50.0"]
    if metric["scoreUnit"] != "ms/op":
        sys.exit(f"vs-pytorch: expected JMH's sample mode in ms/op for {row}, got {metric['scoreUnit']}")
    if row.startswith("sgemm"):
        n = int(row.split("-")[1])
        return {"gflops": 2 * n ** 3 / (median * 1e-3) / 1e9, "ms": median}
    return {"ms": median}


def pytorch(python, row, repeats, min_seconds):
    out = subprocess.run([python, str(STEPS), "--repeats", str(repeats), "--min-seconds", str(min_seconds), f"^{re.escape(row)}$"],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        sys.exit(f"vs-pytorch: {STEPS.name} failed on {row}:\n{out.stderr[-3000:]}")
    for line in out.stdout.splitlines():
        data = json.loads(line)
        if data.get("row") == row:
            return data
    sys.exit(f"vs-pytorch: {STEPS.name} printed no row {row}")


def per_epoch(row, ms):
    batch = int(row.rsplit("-", 1)[1])
    examples = 20000 if row.startswith("step-imdb") else 60000  # IMDB: 25,000 reviews less the 20 % validation split
    return ms * math.ceil(examples / batch) / 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pattern", nargs="?", default=".", help="rows to run: a regular expression (default: all)")
    parser.add_argument("--jmh", default="-f 1 -wi 2 -i 3", help="JMH options for each row (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=15, help="PyTorch calls per row, at least (default: %(default)s)")
    parser.add_argument("--min-seconds", type=float, default=5.0, help="PyTorch seconds per row, at least (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure each row this many times, tensorj and PyTorch alternating; report the medians (default: %(default)s)")
    parser.add_argument("--out", help="also write the table to this Markdown file")
    args = parser.parse_args()
    if args.rounds < 1:
        sys.exit(f"vs-pytorch: --rounds must be at least 1, got {args.rounds}")
    if args.out:  # checked before the run, not after its half hour
        folder = pathlib.Path(args.out).resolve().parent
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            sys.exit(f"vs-pytorch: cannot write --out {args.out}: {folder} is not a writable folder")
    selected = [r for r in JMH_ROWS if re.search(args.pattern, r)]
    if not selected:
        sys.exit(f"vs-pytorch: no row matches {args.pattern!r}; rows: {', '.join(JMH_ROWS)}")
    python, version = find_python(os.environ.get("TENSORJ_PYTORCH"))
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    print(f"vs-pytorch: PyTorch {version} ({python}), {os.cpu_count()} cores, {cpu}", flush=True)
    before = fma_peak()
    print(f"vs-pytorch: FMA peak before {before[1]:.0f} GFLOP/s (1 thread), {before[2]:.0f} (2 threads)", flush=True)
    lines = []
    for row in selected:
        sgemm = row.startswith("sgemm")
        threads = int(row.rsplit("-t", 1)[1]) if sgemm else 2
        key, unit = ("gflops", "GFLOP/s") if sgemm else ("ms", "ms")
        ours_runs, theirs_runs, peaks = [], [], []
        for r in range(args.rounds):
            if sgemm and args.rounds > 1:
                peaks.append(fma_peak()[threads])
            ours_runs.append(jmh(row, args.jmh.split()))
            theirs_runs.append(pytorch(python, row, args.repeats, args.min_seconds))
            if args.rounds > 1:
                peak = f", FMA peak {peaks[-1]:.0f}" if peaks else ""
                print(f"  {row} round {r + 1}/{args.rounds}: tensorj {ours_runs[-1][key]:.2f}, "
                      f"PyTorch {theirs_runs[-1][key]:.2f} {unit}{peak}", flush=True)
        ours, theirs = {key: statistics.median(x[key] for x in ours_runs)}, {key: statistics.median(x[key] for x in theirs_runs)}
        if sgemm:
            peak = statistics.median(peaks) if peaks else before[threads]
            ratio = ours["gflops"] / theirs["gflops"]
            line = (f"| {row} | {ours['gflops']:.0f} GFLOP/s ({ours['gflops'] / peak:.0%} of the {threads}-thread peak) | "
                    f"{theirs['gflops']:.0f} GFLOP/s ({theirs['gflops'] / peak:.0%}) | {ratio:.2f} |")
        else:
            ratio = theirs["ms"] / ours["ms"]
            if row.startswith("step-"):
                line = f"| {row} | {ours['ms']:.1f} ms ({per_epoch(row, ours['ms']):.1f} s/epoch) | {theirs['ms']:.1f} ms ({per_epoch(row, theirs['ms']):.1f} s/epoch) | {ratio:.2f} |"
            else:
                line = f"| {row} | {ours['ms']:.2f} ms | {theirs['ms']:.2f} ms | {ratio:.2f} |"
        lines.append(line)
        print(line, flush=True)
    after = fma_peak()
    header = [f"tensorj vs PyTorch {version}, {datetime.date.today()}, {cpu}, {os.cpu_count()} cores; "
              f"FMA peak {before[2]:.0f} GFLOP/s before, {after[2]:.0f} after (2 threads; {before[1]:.0f} and {after[1]:.0f} on one). "
              "Ratio above 1: tensorj faster." + (f" Medians of {args.rounds} alternating rounds per row; SGEMM as a share of the "
                                                   "median FMA peak measured before its rounds." if args.rounds > 1 else ""), "",
              "| row | tensorj (JMH) | PyTorch | ratio |", "|---|---:|---:|---:|"]
    table = "\n".join(header + lines)
    print("\n" + table)
    if args.out:
        pathlib.Path(args.out).write_text(table + "\n")


if __name__ == "__main__":
    main()
