#!/usr/bin/env bash
# Runs inside an unpacked GPU bundle (scripts/gpu-bundle.sh): every cuda-kernels test, the @Tag("gpu") ones
# included, with the bundled Java runtime; then the GPU benchmark and PyTorch's figures for the same shapes.
# Reports go to $OUT (the GPU machine's output folder) when set. Exit status: the tests'.
set -uo pipefail
cd "$(dirname "$0")"
reports="${OUT:-$PWD/reports}"
mkdir -p "$reports"
[ -d data ] && export TENSORJ_DATA="$PWD/data"
read -r -a jvm_flags < jvm-flags   # written by scripts/gpu-bundle.sh from the root pom
java=(runtime/bin/java "${jvm_flags[@]}" -Xss8m -Xmx16g -XX:+UseParallelGC -Djava.awt.headless=true -Dtensorj.offline=true)  # offline: no downloads (and no java.net.http in the runtime)
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
"${java[@]}" -jar junit-platform-console-standalone-*.jar execute --class-path "test-classes:$(echo lib/*.jar | tr ' ' ':')" \
  --select-package dev.tensorj.cuda --details=tree --disable-banner --reports-dir "$reports" 2>&1 | tee "$reports/tests.txt"
status=${PIPESTATUS[0]}
"${java[@]}" -cp "test-classes:$(echo lib/*.jar | tr ' ' ':')" dev.tensorj.cuda.SgemmGpuBenchmark 2>&1 | tee "$reports/bench.txt"
command -v python3 >/dev/null && python3 torch_bench.py 2>&1 | tee -a "$reports/bench.txt"
exit "$status"
