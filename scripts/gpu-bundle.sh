#!/usr/bin/env bash
# Builds .gpu-bundle/ for a GPU machine that has no JDK: a jlink'ed Java 25 runtime, the tensorj jars with
# cuda-kernels' test classes, JCuda, the JUnit console launcher, the JMH GPU benchmarks (benchmarks/, with JMH)
# and the command line (examples/, for "train c2 --device cuda"), and scripts/gpu/run.sh, packed as one
# .tgz under 64 MiB (the limit for carrying it to the GPU machine). Then, on that machine, from the repo root:
#     bash .gpu-bundle/run.sh          (GPU tests, the JMH GPU benchmarks, PyTorch's figures, C1/C2 from the CLI)
# cuBLAS 13 and cuDNN 9 are not packed (about 1 GB): run.sh finds them in the Python wheels there.
# Builds with "mvn package" in one reactor (nothing is installed into ~/.m2).
# Options: --with-data  also packs Fashion-MNIST (~30 MB) so the C1-on-GPU test runs there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
with_data=false
[ "${1:-}" = "--with-data" ] && with_data=true

out=.gpu-bundle
stage=cuda-kernels/target/gpu-bundle
rm -rf "$stage" "$out"
mkdir -p "$stage/lib" "$out"

echo "gpu-bundle: building (needs nvcc for the kernels)..."
command -v nvcc >/dev/null || [ -x /usr/local/cuda/bin/nvcc ] || { echo "gpu-bundle: nvcc not found: the jar would have no kernels" >&2; exit 1; }
# One reactor build: cuda-kernels' test classes, and every module's runtime jars (benchmarks and examples need
# them all: tensor, kernels, autograd, nn, datasets, JCuda, JMH, picocli) copied from the reactor itself.
mvn -B -ntp -q -pl cuda-kernels,benchmarks,examples -am package -DskipTests dependency:copy-dependencies -DincludeScope=runtime \
  -DoutputDirectory="$PWD/$stage/lib" \
  -DexcludeGroupIds=org.junit,org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian,org.knowm.xchart,org.apache.pdfbox,de.erichseifert.vectorgraphics2d,de.rototor.pdfbox,com.madgag,commons-logging
# JCuda's natives jar also carries the 24 MB NVPTX compiler binding we never load: keep the driver's library only.
natives=$(ls "$stage"/lib/jcuda-natives-*.jar)
(cd "$stage" && mkdir natives && cd natives && unzip -q "$PWD/../lib/$(basename "$natives")" && rm -f lib/libJNvPTXCompiler-* lib/libJNvrtc-* \
  && rm "$PWD/../lib/$(basename "$natives")" && zip -q -r "$PWD/../lib/$(basename "$natives")" . && cd .. && rm -rf natives)
cp cuda-kernels/target/tensorj-cuda-kernels-*.jar benchmarks/target/tensorj-benchmarks-*.jar examples/target/tensorj-examples-*.jar "$stage/lib/"
cp -r cuda-kernels/target/test-classes "$stage/test-classes"
mvn -B -ntp -q dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1 -DoutputDirectory="$PWD/$stage"

# The runtime: the modules jdeps finds in our jars, less java.desktop (nn's plots) and java.net.http (dataset
# downloads), which the GPU tests never load and which would take the bundle past 64 MiB; plus the Vector API.
modules=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 -q \
  "$stage"/lib/tensorj-*.jar "$stage"/lib/jcuda-[0-9]*.jar "$stage"/lib/jmh-core-*.jar "$stage/test-classes" | tr ',' '\n' | grep -v -e '^java.desktop$' -e '^java.net.http$' | paste -sd,)
modules="$modules,java.logging,java.management,java.xml,jdk.unsupported,jdk.incubator.vector,jdk.zipfs"  # java.xml: JUnit's XML reports; jdk.zipfs: its package scan of jars
echo "gpu-bundle: jlink modules $modules"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-9 --output "$stage/runtime"
strip --strip-unneeded "$stage"/runtime/lib/server/libjvm.so 2>/dev/null || echo "gpu-bundle: strip not found, libjvm.so keeps its symbols"

cp scripts/gpu/run.sh scripts/gpu/torch_bench.py "$stage/"
echo "$TENSORJ_JVM_FLAGS" > "$stage/jvm-flags"   # the root pom's flags, read by run.sh
if $with_data; then
  mkdir -p "$stage/data/fashion-mnist"
  cp /usr/share/datasets/fashion-mnist/*.gz "$stage/data/fashion-mnist/"
fi
tar -C "$stage" -czf "$out/tensorj-gpu.tgz" .
cat > "$out/run.sh" <<'RUN'
#!/usr/bin/env bash
# Unpacks the bundle next to this script and runs the GPU tests and benchmark (see scripts/gpu-bundle.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${TMPDIR:-/tmp}/tensorj-gpu"
rm -rf "$dir" && mkdir -p "$dir" && tar -C "$dir" -xzf "$here/tensorj-gpu.tgz"
exec bash "$dir/run.sh" "$@"
RUN
size=$(stat -c %s "$out/tensorj-gpu.tgz")
echo "gpu-bundle: $out/tensorj-gpu.tgz is $((size / 1048576)) MiB"
[ "$size" -lt $((64 * 1048576)) ] || { echo "gpu-bundle: over the 64 MiB carry limit" >&2; exit 1; }
