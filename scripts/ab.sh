#!/usr/bin/env bash
# Same-JVM A/B of one benchmark method: git revision REV (A) against the working tree (B).
#   scripts/ab.sh REV CLASS METHOD [FIELD=VALUE[,FIELD=VALUE...] | -] [ROUNDS] [BURST_MS]
#   e.g. scripts/ab.sh HEAD~1 ConvLayerBenchmark forward layer=conv6to10
# REV is built in a temporary git worktree, the working tree as it is; both builds then run in one JVM,
# each in its own class loader, in alternating bursts (see benchmarks/.../SameJvmAb.java). Extra JVM
# options go in AB_JAVA_OPTS (default: a fixed, pre-touched 2 GB heap with ParallelGC, as ./bench uses: without the pre-touch,
# first touches of fresh heap made some bursts 8x slower).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
if [ $# -lt 3 ]; then
  sed -n '2,3p' "$0" >&2
  exit 2
fi
rev=$1; shift
work=$(mktemp -d)
trap 'git worktree remove --force "$work/a" > /dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q --detach "$work/a" "$rev"
echo "ab: building $rev (A) and the working tree (B)" >&2
(cd "$work/a" && mvn -B -ntp -q -pl benchmarks -am package -DskipTests > "$work/build-a.log" 2>&1) || { tail -20 "$work/build-a.log" >&2; exit 1; }
mvn -B -ntp -q -pl benchmarks -am package -DskipTests > "$work/build-b.log" 2>&1 || { tail -20 "$work/build-b.log" >&2; exit 1; }
java $TENSORJ_JVM_FLAGS ${AB_JAVA_OPTS:--Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:+UseParallelGC} \
  -cp benchmarks/target/classes dev.tensorj.bench.SameJvmAb "$work/a/benchmarks/target" benchmarks/target "$@"
