#!/usr/bin/env bash
# RateMovies throughput and Recommend latency under writes (BENCHMARKS.md, "Live ratings"), load from
# `client bench` against one server with an event log on this machine's disk (every acknowledged
# call fsynced, group commit).
#
#   benchmarks/live_bench.sh MODEL [EVENTS_DIR] [SERVER FLAGS...]   # EVENTS_DIR default: a fresh temp dir
#
# 1. RateMovies at c=50, one rating per call, 10 s after a 3 s warm-up: acknowledged ratings/s.
# 2. Recommend k=10, open loop 200 calls/s for 10 s after 500 unmeasured calls (a fresh client JVM
#    is not warm; without them its own start dominated the p99): idle, then while RateMovies runs open loop
#    at WRITE_RPS calls/s (default 2,000, the throughput bar), then while it runs flat out at c=50.
# 3. GetModelInfo (an almost empty RPC) at c=50 for 10 s: what this machine allows any RPC just now.
# A bench with failed calls still prints its line. CLIENT (default bin/client), PORT (default 50091)
# and WRITE_RPS can be set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MODEL=$1
EVENTS=${2:-$(mktemp -d /tmp/live-bench-events.XXXXXX)}
shift $(( $# >= 2 ? 2 : 1 ))
CLIENT=${CLIENT:-bin/client}
WRITE_RPS=${WRITE_RPS:-2000}
PORT=${PORT:-50091}
bin/server --model "$MODEL" --exact --events "$EVENTS" --port "$PORT" --no-watch "$@" >"/tmp/live-bench-$PORT.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
export MARQUEE_TARGET=localhost:$PORT
until "$CLIENT" health >/dev/null 2>&1; do
  kill -0 $PID 2>/dev/null || { cat "/tmp/live-bench-$PORT.log"; exit 1; }
  sleep 0.2
done
bench() { "$CLIENT" bench "$@" --json 2>/dev/null || true; }
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
bench --call recommend --rps 200 -c 50 -d 10s --warmup 500 | summary "recommend 200/s, idle"
bench --call rate --rps "$WRITE_RPS" -c 50 -d 16s >/tmp/live-bench-rate.json &
W=$!
sleep 1.5
bench --call recommend --rps 200 -c 50 -d 10s --warmup 500 | summary "recommend 200/s, rate $WRITE_RPS/s"
wait $W
summary "  (the writes: rate $WRITE_RPS/s)" </tmp/live-bench-rate.json
bench --call rate -c 50 -d 16s >/tmp/live-bench-rate.json &
W=$!
sleep 1.5
bench --call recommend --rps 200 -c 50 -d 10s --warmup 500 | summary "recommend 200/s, rate flat out"
wait $W
summary "  (the writes: rate c=50)" </tmp/live-bench-rate.json
bench --call info -c 50 -d 10s | summary "info c=50 (empty RPC, reference)"
echo "events: $(ls "$EVENTS" | wc -l) segment(s), $(du -sh "$EVENTS" | cut -f1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
