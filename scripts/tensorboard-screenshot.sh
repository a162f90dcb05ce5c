#!/usr/bin/env bash
# Trains C1 briefly with --tensorboard while TensorBoard serves the runs on loopback, and photographs its
# dashboards with headless Chromium into docs/images/tensorboard/: scalars, images, predictions, histograms
# and hparams of two finished runs, then live.png while a third run is training (stopped after the picture).
#   scripts/tensorboard-screenshot.sh [EPOCHS] [LIMIT]      (default: 5 epochs on 6,000 training images)
# Needs: Fashion-MNIST (see README), the `tensorboard` command (pip install tensorboard; or set TENSORBOARD
# to its path) and Chromium (apt-get install -y chromium; or set CHROMIUM). Two runs are trained (batch 256,
# then 64) so that the charts and the HParams table compare something. Everything started is stopped at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-5}
limit=${2:-6000}
tensorboard=${TENSORBOARD:-$(command -v tensorboard || true)}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -n "$tensorboard" ] || { echo "tensorboard-screenshot: no tensorboard command (pip install tensorboard, or set TENSORBOARD)" >&2; exit 2; }
[ -n "$chromium" ] || { echo "tensorboard-screenshot: no Chromium (apt-get install -y chromium, or set CHROMIUM)" >&2; exit 2; }

work=$(mktemp -d)
runs="$work/runs"
out=docs/images/tensorboard
port=${TENSORBOARD_PORT:-6077}
url="http://127.0.0.1:$port"
tb_pid=""
train_pid=""
cleanup() {
  for pid in $train_pid $tb_pid; do kill "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$runs" "$out"

train() { # train BATCH EPOCHS: ./tensorj train c1 with --tensorboard, output to a log
  echo "tensorboard-screenshot: training c1 (batch $1, $2 epochs, $limit images)" >&2
  exec ./tensorj train c1 --epochs "$2" --limit "$limit" --batch-size "$1" --tensorboard "$runs" --out "$work/plots-$1-$2" > "$work/train-$1-$2.log" 2>&1
}
shoot() { # shoot NAME URL-FRAGMENT [WIDTH,HEIGHT]
  "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --hide-scrollbars --user-data-dir="$work/chromium" --window-size="${3:-1400,1000}" --virtual-time-budget=15000 \
    --screenshot="$out/$1.png" "$url/$2" > "$work/chromium-$1.log" 2>&1 \
    || { tail -5 "$work/chromium-$1.log" >&2; exit 1; }
  echo "tensorboard-screenshot: wrote $out/$1.png" >&2
}

"$tensorboard" --logdir "$runs" --host 127.0.0.1 --port "$port" --reload_interval 2 > "$work/tensorboard.log" 2>&1 &
tb_pid=$!
for _ in $(seq 60); do
  curl -sf "$url/data/runs" > /dev/null 2>&1 && break
  sleep 1
done
curl -sf "$url/data/runs" > /dev/null || { cat "$work/tensorboard.log" >&2; echo "tensorboard-screenshot: TensorBoard did not start" >&2; exit 1; }

(train 256 "$epochs") || { tail -20 "$work/train-256-$epochs.log" >&2; exit 1; }
sleep 1 # distinct run names (they carry the time to the second)
(train 64 "$epochs") || { tail -20 "$work/train-64-$epochs.log" >&2; exit 1; }
done_runs=$(ls "$runs")
# wait until TensorBoard has loaded both runs' last epoch
for run in $done_runs; do
  for _ in $(seq 30); do
    [ "$(curl -sf "$url/data/plugin/scalars/scalars?run=$run&tag=epoch_loss" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' 2> /dev/null)" = "$epochs" ] && break
    sleep 1
  done
done
shoot scalars '#scalars&_smoothingWeight=0&tagFilter=epoch_'
shoot images '#images'
shoot predictions '#images&tagFilter=predictions' 1400,900
shoot histograms '#histograms&tagFilter=weights%2F0%5C.weight%7Cgradients%2F0%5C.weight'
shoot hparams '#hparams' 2400,600

# the live picture: a third run (batch 128, 20 epochs) photographed once TensorBoard shows its second epoch,
# then stopped; what it wrote stays readable (the event files end at a whole record)
sleep 1
(train 128 20) &
train_pid=$!
live_run=""
for _ in $(seq 600); do
  kill -0 "$train_pid" 2> /dev/null || break
  run=$(ls "$runs" | grep -vxF "$done_runs" | head -1 || true)
  if [ -n "$run" ] && curl -sf "$url/data/plugin/scalars/scalars?run=$run&tag=epoch_loss" | python3 -c 'import json,sys; sys.exit(0 if len(json.load(sys.stdin)) >= 2 else 1)' 2> /dev/null; then
    live_run=$run
    break
  fi
  sleep 1
done
[ -n "$live_run" ] || { tail -20 "$work/train-128-20.log" >&2; echo "tensorboard-screenshot: the live run ended before TensorBoard showed two epochs" >&2; exit 1; }
shoot live '#scalars&_smoothingWeight=0&tagFilter=%5E(epoch%7Cbatch)_(loss%7Caccuracy)' 1400,1000
kill -0 "$train_pid" 2> /dev/null || { echo "tensorboard-screenshot: the live run had ended before live.png was taken" >&2; exit 1; }
echo "tensorboard-screenshot: $live_run was still training when live.png was taken; stopping it" >&2
