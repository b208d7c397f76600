#!/usr/bin/env bash
# Top-N and rating accuracy of each training objective on ML-100K, for BENCHMARKS.md ("Retrieval
# objective"). Runs the benchmarks module's TrainingBench, one JVM per split:
#
#   benchmarks/retrieval_objective.sh objectives    # u1..u5 and random 10% seeds 42/0/1, rating / retrieval / joint
#   benchmarks/retrieval_objective.sh sweep         # the retrieval weight sweep (u1 and random seed 42)
#   benchmarks/retrieval_objective.sh user42        # user 42's served top 10 from a rating-only and a default model
#   benchmarks/retrieval_objective.sh CONFIG...     # any TrainingBench configs on u1 and random seed 42
#
# Needs ../shared/data/ml-100k (or DATA=DIR); builds the benchmarks module when it is missing or stale.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/common.sh"
cd "$MARQUEE_HOME"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" MKL_NUM_THREADS="${MKL_NUM_THREADS:-1}"
DATA=${DATA:-../shared/data/ml-100k}
ensure_built benchmarks
bench() { # SPLIT SEEDS CONFIG...
  "$JAVA_HOME/bin/java" -Dai.djl.offline=true -Dbench.baselines=true -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
    --add-modules jdk.incubator.vector -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" \
    dev.marquee.benchmarks.TrainingBench "$DATA" "$@" 2>&1 | grep --line-buffered -vE '^(WARNING|INFO|SLF4J)|PanamaVector|logIncubatorSetup'
}
OBJECTIVES=(objective=rating objective=retrieval default)
case "${1:-objectives}" in
  objectives)
    for s in u1 u2 u3 u4 u5; do echo "== $s"; bench "$s" 42 "${OBJECTIVES[@]}"; done
    echo "== random 10%"; bench random 42,0,1 "${OBJECTIVES[@]}" ;;
  sweep)
    W=(rw=0.05 rw=0.1 rw=0.2 rw=0.4 rw=0.7 rw=1 rw=2)
    echo "== u1"; bench u1 42 objective=rating "${W[@]}" objective=retrieval
    echo "== random 10% seed 42"; bench random 42 objective=rating "${W[@]}" objective=retrieval ;;
  user42)
    OUT=${OUT:-/tmp/marquee-user42}
    PORT=${PORT:-50093}
    mkdir -p "$OUT"
    for objective in rating joint; do
      bin/trainer train --data "$DATA" --split none --objective "$objective" --out "$OUT/model-$objective" >/dev/null 2>&1
      bin/indexer build --model "$OUT/model-$objective" --index "$OUT/index-$objective" >/dev/null 2>&1
      bin/server --model "$OUT/model-$objective" --index "$OUT/index-$objective" --port "$PORT" --no-watch >"$OUT/server.log" 2>&1 &
      pid=$!
      until bin/client health --target "localhost:$PORT" >/dev/null 2>&1; do sleep 0.3; done
      echo "== --objective $objective"
      bin/client recommend --target "localhost:$PORT" --user 42 --k 10 2>/dev/null
      kill -TERM $pid; wait $pid 2>/dev/null || true
    done ;;
  *)
    echo "== u1"; bench u1 42 "$@"
    echo "== random 10% seed 42"; bench random 42 "$@" ;;
esac
