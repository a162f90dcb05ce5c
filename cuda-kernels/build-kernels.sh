#!/usr/bin/env bash
# Compiles every src/main/cuda/*.cu into <name>.fatbin (SASS for sm_80 and sm_90, PTX for compute_90, so
# newer GPUs JIT it) and <name>.ptx (read by the tests, which check every kernel's name and parameter count).
# Called by Maven in generate-resources. Without nvcc it warns and exits 0: the build goes on, CPU only.
# Usage: build-kernels.sh SOURCE_DIR OUTPUT_DIR
#   NVCC=/path/to/nvcc overrides the lookup; NVCC=none builds without kernels (as on a machine without nvcc).
set -euo pipefail
src=$1 out=$2
nvcc=${NVCC:-$(command -v nvcc || true)}
if [ -z "$nvcc" ] && [ -x /usr/local/cuda/bin/nvcc ]; then nvcc=/usr/local/cuda/bin/nvcc; fi
[ "$nvcc" = none ] && nvcc=
if [ -z "$nvcc" ]; then
  echo "[WARNING] tensorj cuda-kernels: nvcc not found (PATH, /usr/local/cuda/bin); the CUDA kernels are not built and the jar runs CPU only." >&2
  rm -rf "$out" # kernels of an earlier build would be stale
  exit 0
fi
mkdir -p "$out"
gencode=(-gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 -gencode arch=compute_90,code=compute_90)
list=()
for cu in "$src"/*.cu; do
  name=$(basename "$cu" .cu)
  # Rebuild only when a source or the shared header is newer than the output.
  if [ ! -f "$out/$name.fatbin" ] || [ "$cu" -nt "$out/$name.fatbin" ] || [ "$src/indexing.cuh" -nt "$out/$name.fatbin" ]; then
    echo "[INFO] nvcc $name.cu"
    "$nvcc" -O3 -std=c++17 -I"$src" "${gencode[@]}" -fatbin -o "$out/$name.fatbin" "$cu"
    "$nvcc" -O3 -std=c++17 -I"$src" -arch=compute_90 -ptx -o "$out/$name.ptx" "$cu"
  fi
  list+=("$name")
done
printf '%s\n' "${list[@]}" > "$out/modules.txt"
