#!/usr/bin/env bash
# Runs a program of the benchmarks module (benchmarks/src/main/java), building it first when it is
# missing or older than the sources:
#
#   benchmarks/run.sh TrainingBench DATA_DIR SPLIT SEEDS CONFIG...    # model quality of training configs
#   benchmarks/run.sh RecallBench MODEL INDEX [USERS] [K] [OVERSAMPLE] [EF]   # served recall vs exact
#   benchmarks/run.sh ServedRecall REF_TARGET TARGET [USERS] [K]       # recall of one server's answers vs another's, over gRPC
#   benchmarks/run.sh FoldInCheck MODEL                                # new-user fold-in RMSE by lambda
#   benchmarks/run.sh IndexChecksumBench INDEX [ROUNDS]               # cost of the index checksum checks
#   benchmarks/run.sh InterceptorOverhead MODEL INDEX [ROUNDS] [CALLS]  # per-call cost of metrics, tokens, limit
#   benchmarks/run.sh LiveFeedbackBench prepare|measure ...            # live-rating fold-in quality (live_feedback.sh)
#   benchmarks/run.sh jmh FilterBenchmark -p model=MODEL -p index=INDEX [JMH OPTIONS]   # JMH timings
#
# `jmh` runs JMH's own command line (`benchmarks/run.sh jmh -h` lists its options; -f 1 -wi 1 -i 1
# -w 1s -r 1s is a quick look). MARQUEE_JAVA_OPTS go to the JVM (e.g. -Xmx4g); JMH's forks inherit them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/common.sh"
PROGRAM=${1:?usage: benchmarks/run.sh PROGRAM|jmh ARGS... (see the comment at the top of this script)}
shift
MARQUEE_SIMD=1
# As bin/trainer: DJL offline (libtorch comes from its jar), one OpenMP/MKL thread, serial GC.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" MKL_NUM_THREADS="${MKL_NUM_THREADS:-1}"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}"
if [ "$PROGRAM" = TrainingBench ]; then
  export MARQUEE_JAVA_OPTS="-Dai.djl.offline=true -XX:+UseSerialGC ${MARQUEE_JAVA_OPTS:-}"
fi
case $PROGRAM in
  jmh) run_module benchmarks org.openjdk.jmh.Main "$@" ;;
  *) run_module benchmarks "dev.marquee.benchmarks.$PROGRAM" "$@" ;;
esac
