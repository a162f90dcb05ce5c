#!/usr/bin/env bash
# Runs inside an unpacked GPU bundle (scripts/gpu-bundle.sh), in this order, each step's output under $OUT
# (the GPU machine's output folder) when set:
#   1. every cuda-kernels test, the @Tag("gpu") ones included (each path forced: AcceleratedPathsGpuTest) -> tests.txt
#      (less ElementwiseOpListTest, which reads src/main/cuda and runs in CI)
#   2. the plain SgemmGpuBenchmark, then PyTorch's figures for the same shapes (torch_bench.py)        -> bench.txt
#   3. the JMH GPU benchmarks: SGEMM ours/cuBLAS, C2's convolutions ours/cuBLAS/cuDNN, training steps  -> jmh-*.txt/json
#   4. with the data packed (--with-data): ./tensorj train c1 and c2 --device cuda, one epoch each    -> train-*.txt
# cuBLAS 13 / cuDNN 9 come from the Python wheels (nvidia/cu13/lib, nvidia/cudnn/lib), passed as tensorj.cuda.libs.
# Environment: TENSORJ_GPU_STEPS (default "tests bench jmh train"), TENSORJ_JMH_OPTS (default short runs: "-wi 1 -w 1 -i 2 -r 1 -f 1").
# Exit status: the tests'.
set -uo pipefail
cd "$(dirname "$0")"
reports="${OUT:-$PWD/reports}"
mkdir -p "$reports"
steps="${TENSORJ_GPU_STEPS:-tests bench jmh train}"
[ -d data ] && export TENSORJ_DATA="$PWD/data"
read -r -a jvm_flags < jvm-flags   # written by scripts/gpu-bundle.sh from the root pom
libs=""
if command -v python3 >/dev/null; then
  for sp in $(python3 -c 'import site,sys; print(" ".join(site.getsitepackages() + [site.getusersitepackages()]))' 2>/dev/null); do
    for sub in nvidia/cu13/lib nvidia/cudnn/lib nvidia/cublas/lib; do [ -d "$sp/$sub" ] && libs="$libs${libs:+:}$sp/$sub"; done
  done
fi
echo "vendor library folders: ${libs:-none found}" | tee "$reports/libs.txt"
for f in ${libs//:/ }; do ls "$f" | grep -E 'libcublas|libcudnn\.so' | sed "s|^|  $f/|" | tee -a "$reports/libs.txt"; done
export LD_LIBRARY_PATH="$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"   # cuDNN's engines load libcublasLt / nvrtc by name
java=(runtime/bin/java "${jvm_flags[@]}" -Xss8m -Xmx16g -XX:+UseParallelGC -Djava.awt.headless=true -Dtensorj.offline=true -Dtensorj.cuda.libs="$libs")  # offline: no downloads (and no java.net.http in the runtime)
cp="test-classes:$(echo lib/*.jar | tr ' ' ':')"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$reports/gpu.txt"
status=0
if [[ " $steps " == *" tests "* ]]; then
  "${java[@]}" -jar junit-platform-console-standalone-*.jar execute --class-path "$cp" \
    --select-package dev.tensorj.cuda --exclude-classname '.*ElementwiseOpListTest' --details=tree --disable-banner --reports-dir "$reports" 2>&1 | tee "$reports/tests.txt"
  status=${PIPESTATUS[0]}
fi
if [[ " $steps " == *" bench "* ]]; then
  "${java[@]}" -cp "$cp" dev.tensorj.cuda.SgemmGpuBenchmark 2>&1 | tee "$reports/bench.txt"
  command -v python3 >/dev/null && python3 torch_bench.py 2>&1 | tee -a "$reports/bench.txt"
fi
if [[ " $steps " == *" jmh "* ]]; then
  read -r -a jmh_opts <<< "${TENSORJ_JMH_OPTS:--wi 1 -w 1 -i 2 -r 1 -f 1}"
  for bench in GpuSgemmBenchmark GpuConvBenchmark GpuTrainingStepBenchmark; do
    "${java[@]}" -cp "$cp" dev.tensorj.bench.gpu.GpuBenchMain "$bench" "${jmh_opts[@]}" -jvmArgsAppend "-Dtensorj.cuda.libs=$libs" \
      -rf json -rff "$reports/jmh-$bench.json" 2>&1 | tee "$reports/jmh-$bench.txt"
  done
fi
if [[ " $steps " == *" train "* ]] && [ -d data ]; then
  for model in c1 c2; do
    "${java[@]}" -cp "$cp" dev.tensorj.examples.TensorjCli train "$model" --device cuda --epochs 1 --batch-size 64 --out "$reports/train-$model" \
      2>&1 | tee "$reports/train-$model.txt"
  done
fi
exit "$status"
