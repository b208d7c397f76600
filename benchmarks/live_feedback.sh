#!/usr/bin/env bash
# Fold-in quality of live ratings (BENCHMARKS.md, "Live ratings"): on MovieLens 100K, hold out the
# last 20 ratings of 200 users (LiveFeedbackBench prepare), train a model without them, serve it with
# an event log, measure Recall@10 and RMSE on each user's last 10, send the other 10 through
# RateMovies, measure again; then retrain on the dataset plus that log (trainer --events) and
# measure the same users on the retrained model.
#
#   benchmarks/live_feedback.sh [OUT_DIR] [LAMBDA...]      # default /tmp/live-feedback, lambdas 1 3 10
#
# DATA (default ../shared/data/ml-100k) and PORT (default 50093) can be set; REUSE=1 keeps OUT_DIR's
# held-out data and first model from an earlier run (only the logs and the retrain are redone).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT=${1:-/tmp/live-feedback}
[ $# -gt 0 ] && shift
LAMBDAS=${*:-1 3 10}
DATA=${DATA:-../shared/data/ml-100k}
PORT=${PORT:-50093}
if [ "${REUSE:-0}" = 1 ] && [ -d "$OUT/m0" ]; then
  rm -rf "$OUT"/events-* "$OUT/m1"
else
  rm -rf "$OUT" && mkdir -p "$OUT"
  benchmarks/run.sh LiveFeedbackBench prepare "$DATA" "$OUT" 200 42
  bin/trainer train --data "$OUT/base" --valid-pct 0 --seed 42 --out "$OUT/m0" >"$OUT/train-m0.log" 2>&1
fi

serve() { # MODEL EVENTS [FLAGS...]
  local model=$1 events=$2
  shift 2
  bin/server --model "$model" --exact --events "$events" --port "$PORT" --no-watch "$@" >"$OUT/server.log" 2>&1 &
  PID=$!
  until MARQUEE_TARGET=localhost:$PORT bin/client health >/dev/null 2>&1; do
    kill -0 $PID 2>/dev/null || { cat "$OUT/server.log"; exit 1; }
    sleep 0.2
  done
}
stop() { kill -TERM $PID; wait $PID || true; }
trap 'kill -TERM ${PID:-0} 2>/dev/null || true' EXIT

for l in $LAMBDAS; do
  serve "$OUT/m0" "$OUT/events-$l" --fold-in-lambda "$l"
  benchmarks/run.sh LiveFeedbackBench measure "localhost:$PORT" "$OUT" "model without them, fold-in lambda $l" send
  stop
done
first=$(echo $LAMBDAS | cut -d' ' -f1)
bin/trainer train --data "$OUT/base" --events "$OUT/events-$first" --valid-pct 0 --seed 42 --out "$OUT/m1" >"$OUT/train-m1.log" 2>&1
grep '^events' "$OUT/train-m1.log"
serve "$OUT/m1" "$OUT/events-$first"
benchmarks/run.sh LiveFeedbackBench measure "localhost:$PORT" "$OUT" "full retrain on data + log (trainer --events)"
grep 'replayed' "$OUT/server.log"
stop
