#!/usr/bin/env bash
# Trains C1 briefly with --tensorboard, serves the runs with TensorBoard on loopback and photographs its
# dashboards with headless Chromium into docs/images/tensorboard/ (scalars, images, predictions, histograms, hparams).
#   scripts/tensorboard-screenshot.sh [EPOCHS] [LIMIT]      (default: 3 epochs on 6,000 training images)
# Needs: Fashion-MNIST (see README), the `tensorboard` command (pip install tensorboard; or set TENSORBOARD
# to its path) and Chromium (apt-get install -y chromium; or set CHROMIUM). Two runs are trained (batch 64
# and 256) so that the charts and the HParams table compare something. Everything started is stopped at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-3}
limit=${2:-6000}
tensorboard=${TENSORBOARD:-$(command -v tensorboard || true)}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -n "$tensorboard" ] || { echo "tensorboard-screenshot: no tensorboard command (pip install tensorboard, or set TENSORBOARD)" >&2; exit 2; }
[ -n "$chromium" ] || { echo "tensorboard-screenshot: no Chromium (apt-get install -y chromium, or set CHROMIUM)" >&2; exit 2; }

work=$(mktemp -d)
runs="$work/runs"
out=docs/images/tensorboard
port=${TENSORBOARD_PORT:-6077}
tb_pid=""
cleanup() {
  if [ -n "$tb_pid" ]; then kill "$tb_pid" 2> /dev/null || true; wait "$tb_pid" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

for batch in 64 256; do
  echo "tensorboard-screenshot: training c1 (batch $batch, $epochs epochs, $limit images)" >&2
  ./tensorj train c1 --epochs "$epochs" --limit "$limit" --batch-size "$batch" --tensorboard "$runs" --out "$work/plots-$batch" > "$work/train-$batch.log" 2>&1 \
    || { tail -20 "$work/train-$batch.log" >&2; exit 1; }
  sleep 1 # distinct run names (they carry the time to the second)
done

"$tensorboard" --logdir "$runs" --host 127.0.0.1 --port "$port" > "$work/tensorboard.log" 2>&1 &
tb_pid=$!
for _ in $(seq 60); do
  curl -sf "http://127.0.0.1:$port/data/runs" > /dev/null 2>&1 && break
  sleep 1
done
curl -sf "http://127.0.0.1:$port/data/runs" > /dev/null || { cat "$work/tensorboard.log" >&2; echo "tensorboard-screenshot: TensorBoard did not start" >&2; exit 1; }
# wait until TensorBoard has loaded both runs' scalars
for _ in $(seq 30); do
  [ "$(curl -sf "http://127.0.0.1:$port/data/plugin/scalars/tags" | grep -o 'epoch_loss' | wc -l)" -ge 2 ] && break
  sleep 1
done

mkdir -p "$out"
shoot() { # shoot NAME URL-FRAGMENT [WIDTH,HEIGHT]
  "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --hide-scrollbars --user-data-dir="$work/chromium" --window-size="${3:-1400,1000}" --virtual-time-budget=15000 \
    --screenshot="$out/$1.png" "http://127.0.0.1:$port/$2" > "$work/chromium-$1.log" 2>&1 \
    || { tail -5 "$work/chromium-$1.log" >&2; exit 1; }
  echo "tensorboard-screenshot: wrote $out/$1.png" >&2
}
shoot scalars '#scalars&_smoothingWeight=0&tagFilter=epoch_'
shoot images '#images'
shoot predictions '#images&tagFilter=predictions' 1400,900
shoot histograms '#histograms&tagFilter=weights%2F0%5C.weight%7Cgradients%2F0%5C.weight'
shoot hparams '#hparams' 2400,600
