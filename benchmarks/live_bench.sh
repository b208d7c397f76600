#!/usr/bin/env bash
# RateMovies throughput and Recommend latency under writes (BENCHMARKS.md, "Live ratings"), load from
# `client bench` against one server with an event log on this machine's disk (every acknowledged
# call fsynced, group commit).
#
#   benchmarks/live_bench.sh MODEL [EVENTS_DIR] [SERVER FLAGS...]   # EVENTS_DIR default: a fresh temp dir
#
# 1. RateMovies at c=50, one rating per call, 10 s after a 3 s warm-up: acknowledged ratings/s.
# 2. Recommend k=10, open loop 200 calls/s for 10 s after 500 unmeasured calls (a fresh client JVM
#    is not warm; without them its own start dominated the p99), ROUNDS times (default 3) in turn:
#    idle, then while RateMovies runs open loop at WRITE_RPS calls/s (default 2,000, the throughput
#    bar). One 10 s p99 moves by 2-3x from run to run on this machine, so the rounds alternate and
#    the verdict compares the medians. Then once beside RateMovies flat out at c=50.
# 3. GetModelInfo (an almost empty RPC) at c=50 for 10 s: what this machine allows any RPC just now.
# A bench with failed calls still prints its line. CLIENT (default bin/client), PORT (default 50091),
# WRITE_RPS (calls/s), PER_CALL (ratings per RateMovies call in the open-loop writes, default 1),
# ROUNDS and SERVER_JAVA_OPTS (the server's MARQUEE_JAVA_OPTS) can be set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MODEL=$1
EVENTS=${2:-$(mktemp -d /tmp/live-bench-events.XXXXXX)}
shift $(( $# >= 2 ? 2 : 1 ))
CLIENT=${CLIENT:-bin/client}
WRITE_RPS=${WRITE_RPS:-2000}
ROUNDS=${ROUNDS:-3}
PER_CALL=${PER_CALL:-1}
PORT=${PORT:-50091}
MARQUEE_JAVA_OPTS=${SERVER_JAVA_OPTS:-} bin/server --model "$MODEL" --exact --events "$EVENTS" --port "$PORT" --no-watch "$@" >"/tmp/live-bench-$PORT.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
export MARQUEE_TARGET=localhost:$PORT
until "$CLIENT" health >/dev/null 2>&1; do
  kill -0 $PID 2>/dev/null || { cat "/tmp/live-bench-$PORT.log"; exit 1; }
  sleep 0.2
done
bench() { "$CLIENT" bench "$@" --json 2>/dev/null || true; }
p99() { python3 -c "import json, sys; print(json.load(sys.stdin)['latency_ms']['p99'])"; }
summary() {
  python3 -c "
import json, sys
d = json.load(sys.stdin); l = d['latency_ms']
print('%-34s calls/s %8.0f  p50 %6.2f ms  p99 %6.2f ms  errors %d' % (sys.argv[1], d['calls_per_second'], l['p50'], l['p99'], d['errors']))
" "$@"
}
echo "events in $EVENTS on $(df --output=source,fstype "$EVENTS" | tail -1)"
bench --call rate -c 50 -d 3s >/dev/null
bench --call recommend -c 10 -d 3s >/dev/null
bench --call rate -c 50 -d 10s | summary "rate c=50 (1 rating/call)"
P99S=/tmp/live-bench-$PORT.p99
: >"$P99S"
for round in $(seq "$ROUNDS"); do
  bench --call recommend --rps 200 -c 50 -d 10s --warmup 500 | tee /tmp/live-bench-rec.json |
    summary "recommend 200/s, idle ($round)"
  echo "idle $(p99 </tmp/live-bench-rec.json)" >>"$P99S"
  bench --call rate --rps "$WRITE_RPS" --movies-per-call "$PER_CALL" -c 50 -d 16s \
    >/tmp/live-bench-rate.json &
  W=$!
  sleep 1.5
  bench --call recommend --rps 200 -c 50 -d 10s --warmup 500 | tee /tmp/live-bench-rec.json |
    summary "recommend 200/s, rate $WRITE_RPS/s x$PER_CALL ($round)"
  echo "writes $(p99 </tmp/live-bench-rec.json)" >>"$P99S"
  wait $W
  summary "  (the writes: rate $WRITE_RPS/s x$PER_CALL)" </tmp/live-bench-rate.json
done
python3 -c "
import statistics, sys
p = {'idle': [], 'writes': []}
for line in open(sys.argv[1]):
    k, v = line.split()
    p[k].append(float(v))
i, w = statistics.median(p['idle']), statistics.median(p['writes'])
print('Recommend p99, median of %d rounds: idle %.2f ms, beside %s calls/s x %s ratings %.2f ms: %.2fx' % (len(p['idle']), i, sys.argv[2], sys.argv[3], w, w / i))
" "$P99S" "$WRITE_RPS" "$PER_CALL"
bench --call rate -c 50 -d 16s >/tmp/live-bench-rate.json &
W=$!
sleep 1.5
bench --call recommend --rps 200 -c 50 -d 10s --warmup 500 | summary "recommend 200/s, rate flat out"
wait $W
summary "  (the writes: rate c=50)" </tmp/live-bench-rate.json
bench --call info -c 50 -d 10s | summary "info c=50 (empty RPC, reference)"
echo "events: $(ls "$EVENTS" | wc -l) segment(s), $(du -sh "$EVENTS" | cut -f1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
