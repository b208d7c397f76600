#!/usr/bin/env bash
# Server benchmarks for BENCHMARKS.md ("Server"), load from `client bench` (async stub, one connection).
#
#   benchmarks/server_bench.sh throughput MODEL INDEX [ROUNDS] [SERVER FLAGS...]
#       GetModelInfo (an almost empty RPC) and Recommend k=10 at concurrency 50 against the same
#       server, alternating 4-second rounds after a 5-second warm-up of each; prints calls/s, p50, p99.
#   benchmarks/server_bench.sh latency MODEL INDEX USERS [SERVER FLAGS...]
#       one client (-c 1): 5,000 calls of each after 500 warm-up calls; users drawn from 1-USERS.
#
# Both print the server's RSS. CLIENT (default bin/client) and PORT (default 50090) can be set.
# Throughput calls have a 10 s deadline, so a busy shared machine slows a round instead of ending it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MODE=$1 MODEL=$2 INDEX=$3
shift 3
CLIENT=${CLIENT:-bin/client}
PORT=${PORT:-50090}
ARG=${1:-5}
[ $# -gt 0 ] && shift
bin/server --model "$MODEL" --index "$INDEX" --port "$PORT" --no-watch "$@" >"/tmp/server-bench-$PORT.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
export MARQUEE_TARGET=localhost:$PORT
T0=$(date +%s%N)
until "$CLIENT" health >/dev/null 2>&1; do
  kill -0 $PID 2>/dev/null || { cat "/tmp/server-bench-$PORT.log"; exit 1; }
  sleep 0.2
done
echo "serving after $(( ($(date +%s%N) - T0) / 1000000 )) ms; idle $(grep VmRSS /proc/$PID/status | tr -s ' \t' ' ')"
summary() {
  python3 -c "
import json, sys
d = json.load(sys.stdin); l = d['latency_ms']
print('%-10s %-9s calls/s %8.0f  p50 %6.2f ms  p99 %6.2f ms  errors %d' % (sys.argv[1], sys.argv[2], d['calls_per_second'], l['p50'], l['p99'], d['errors']))
" "$@"
}
case $MODE in
  throughput)
    "$CLIENT" bench --call info -c 50 -d 5s --deadline 10s >/dev/null 2>&1 || true
    "$CLIENT" bench --call recommend -c 50 -d 5s --deadline 10s >/dev/null 2>&1 || true
    for r in $(seq "$ARG"); do
      for call in info recommend; do
        "$CLIENT" bench --call $call -c 50 -d 4s --k 10 --deadline 10s --json 2>/dev/null | summary "round $r" $call
      done
    done ;;
  latency)
    for call in info recommend; do
      "$CLIENT" bench --call $call -c 1 -n 5000 --warmup 500 --k 10 --users "1-$ARG" --json 2>/dev/null | summary "c=1" $call
    done ;;
  *) echo "mode must be throughput or latency" >&2; exit 2 ;;
esac
echo "after load $(grep -E 'VmRSS' /proc/$PID/status | tr -s ' \t' ' '); load average $(cut -d' ' -f1-3 /proc/loadavg)"
