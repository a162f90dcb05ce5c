#!/usr/bin/env bash
# A real Spark cluster on this machine, loopback only: starts a standalone master and two workers
# (one core each) from the Spark jars Maven downloaded, runs `./tensorj tune mnist-grid` against it
# with the arguments given (default: --limit 8), and stops the cluster, also on failure or Ctrl-C.
#
#   scripts/spark-standalone.sh                      # 8 configurations of the course grid
#   scripts/spark-standalone.sh --limit 40 --shipping broadcast
#
# Nothing is installed: a temporary SPARK_HOME holds links to the jars in examples/target/lib
# (Spark's own, without ours, which the driver ships to the executors as spark.jars). Logs stay in
# the printed work folder. SPARK_MASTER_PORT (default 7077) and WORKER_MEMORY (default 2g) change
# the cluster, KILL_ONE_EXECUTOR_AFTER=S kills one executor JVM (kill -9) S seconds after the cluster
# is up, to watch Spark retry its task on a new executor; SUBMIT=1 submits with Spark's SparkSubmit
# (the examples jar, ours as --jars) instead of ./tensorj; EXECUTOR_MEMORY (default 1g) each executor's heap; TENSORJ_HEAP (default 2g here) the driver's heap.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/jdk.sh
./tensorj --version > /dev/null   # builds when needed, fills examples/target/lib

PORT="${SPARK_MASTER_PORT:-7077}"
WORKER_MEMORY="${WORKER_MEMORY:-2g}"
WORK="$(mktemp -d /tmp/tensorj-spark.XXXXXX)"
export SPARK_HOME="$WORK/spark" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf"
for jar in examples/target/lib/*.jar; do
  case "$(basename "$jar")" in
    tensorj-*|picocli-*|xchart-*|progressbar-*|jline-*) ;;   # ours: shipped by the driver
    *) ln -s "$ROOT/$jar" "$SPARK_HOME/jars/" ;;
  esac
done
# the daemons log at INFO (the script waits for their start-up lines); executors inherit this conf
cat > "$SPARK_HOME/conf/log4j2.properties" << 'LOG'
rootLogger.level = info
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
LOG

# the same opens as the launcher and the pom (docs/selection.md)
OPENS="--enable-native-access=ALL-UNNAMED -XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.util.calendar; do
  OPENS="$OPENS --add-opens=java.base/$p=ALL-UNNAMED"
done
CP="$SPARK_HOME/conf:$SPARK_HOME/jars/*"

PIDS=()
stop() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2> /dev/null || true; done
  echo "spark-standalone: cluster stopped; logs in $WORK" >&2
}
trap stop EXIT

await() { # file, text, what
  for _ in $(seq 1 120); do
    if grep -q "$2" "$1" 2> /dev/null; then return 0; fi
    sleep 0.5
  done
  echo "spark-standalone: $3 did not start within 60 s; see $1" >&2
  exit 1
}

START=$(date +%s.%N)
java $OPENS -Xmx512m -cp "$CP" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port 0 > "$WORK/master.log" 2>&1 &
PIDS+=($!)
await "$WORK/master.log" "I have been elected leader" "the master"
for i in 1 2; do
  java $OPENS -Xmx512m -cp "$CP" org.apache.spark.deploy.worker.Worker "spark://127.0.0.1:$PORT" --host 127.0.0.1 --cores 1 \
    --memory "$WORKER_MEMORY" --work-dir "$WORK/worker$i" --webui-port 0 > "$WORK/worker$i.log" 2>&1 &
  PIDS+=($!)
done
await "$WORK/worker1.log" "Successfully registered with master" "worker 1"
await "$WORK/worker2.log" "Successfully registered with master" "worker 2"
UP=$(date +%s.%N)
printf 'spark-standalone: master spark://127.0.0.1:%s and 2 workers up in %.1f s (work folder %s)\n' "$PORT" "$(echo "$UP - $START" | bc)" "$WORK" >&2

if [ -n "${KILL_ONE_EXECUTOR_AFTER:-}" ]; then
  ( sleep "$KILL_ONE_EXECUTOR_AFTER"
    for pid in $(pgrep -f CoarseGrainedExecutorBackend || true); do   # only ours: its folder is under $WORK
      if [[ "$(readlink "/proc/$pid/cwd" 2> /dev/null)" == "$WORK"/* ]]; then
        echo "spark-standalone: killing executor JVM $pid" >&2; kill -9 "$pid"; break
      fi
    done ) &
fi

ARGS=("$@")
[ ${#ARGS[@]} -eq 0 ] && ARGS=(--limit 8)
if [ -n "${SUBMIT:-}" ]; then
  # the same job through Spark's own submitter: the examples jar, ours as --jars
  JARS=$(ls "$ROOT"/examples/target/lib/{tensorj-,xchart,progressbar,jline,picocli}*.jar | tr '\n' ',' | sed 's/,$//')
  java $OPENS --add-modules=jdk.incubator.vector -Xmx"${TENSORJ_HEAP:-2g}" -Djava.awt.headless=true -cp "$ROOT/selection/src/main/resources:$SPARK_HOME/jars/*" \
    org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$PORT" --class dev.tensorj.examples.TensorjCli \
    --conf "spark.executor.memory=${EXECUTOR_MEMORY:-1g}" --jars "$JARS" "$ROOT"/examples/target/tensorj-examples-*.jar tune mnist-grid "${ARGS[@]}"
else
  TENSORJ_HEAP="${TENSORJ_HEAP:-2g}" ./tensorj tune mnist-grid --master "spark://127.0.0.1:$PORT" \
    --conf "spark.executor.memory=${EXECUTOR_MEMORY:-1g}" "${ARGS[@]}"
fi
