#!/usr/bin/env bash
# Soak test of a server run for others (#12): `client bench` at concurrency 50 (deadline 10 s, so a
# busy shared machine is not counted as a failure) for MINUTES minutes
# against a server with bearer tokens and metrics, while the pair is reloaded every 30 s (SIGHUP)
# and the token file is rewritten and re-read every minute (a second token rotates; the bench's stays).
#
#   benchmarks/soak.sh MODEL INDEX [MINUTES] [SERVER FLAGS...]
#
# Prints the bench summary (every call must be OK), the reload count from the server's log, and
# the server's RSS after a one-minute warm-up and at the end (growth must be <= 10 %). Exits 1 when
# a call failed, a reload was refused or the RSS grew more. PORT (default 50095) can be set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MODEL=$1 INDEX=$2 MINUTES=${3:-10}
shift 2
[ $# -gt 0 ] && shift
PORT=${PORT:-50095}
WORK=$(mktemp -d /tmp/marquee-soak.XXXX)
TOKEN=$(head -c 32 /dev/urandom | base64 | tr -d '=+/')
line() { echo "$1:$(printf %s "$2" | sha256sum | cut -d' ' -f1)"; }
line bench "$TOKEN" >"$WORK/tokens"
printf %s "$TOKEN" >"$WORK/token"
bin/server --model "$MODEL" --index "$INDEX" --port "$PORT" --no-watch --auth-tokens "$WORK/tokens" \
  --public-health --metrics-port 0 "$@" >"$WORK/server.out" 2>"$WORK/server.err" &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null; kill $BENCH 2>/dev/null || true' EXIT
export MARQUEE_TARGET=localhost:$PORT
until bin/client health >/dev/null 2>&1; do
  kill -0 $PID 2>/dev/null || { cat "$WORK/server.err"; exit 1; }
  sleep 0.2
done
rss() { awk '/VmRSS/ {print $2}' /proc/$PID/status; }
bin/client bench -c 50 -d "${MINUTES}m" --deadline 10s --token-file "$WORK/token" --json >"$WORK/bench.json" 2>"$WORK/bench.err" &
BENCH=$!
START=$(date +%s)
RSS_WARM=""
i=0
while kill -0 $BENCH 2>/dev/null; do
  sleep 30
  kill -0 $BENCH 2>/dev/null || break
  i=$((i + 1))
  if [ $((i % 2)) -eq 0 ]; then # every minute: a new second token beside the bench's
    { line bench "$TOKEN"; line "rotating-$i" "$(head -c 16 /dev/urandom | base64)"; } >"$WORK/tokens.new"
    mv "$WORK/tokens.new" "$WORK/tokens"
  fi
  kill -HUP $PID # reloads the token file, then the model and index
  [ -z "$RSS_WARM" ] && [ $(($(date +%s) - START)) -ge 60 ] && RSS_WARM=$(rss)
  echo "t=$(($(date +%s) - START))s rss=$(rss) kB"
done
wait $BENCH || true
RSS_END=$(rss)
METRICS=$(grep -o 'http://[^ ]*/metrics' "$WORK/server.out")
python3 - "$WORK/bench.json" "$RSS_WARM" "$RSS_END" "$WORK/server.err" "$METRICS" <<'PY'
import json, sys, urllib.request
bench, warm, end, log, metrics = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
d = json.load(open(bench))
lines = open(log).read().splitlines()
reloads = sum(l.startswith('reloaded:') for l in lines)
refused = sum('refused' in l for l in lines)
tokens = sum(l.startswith('tokens reloaded') for l in lines)
text = urllib.request.urlopen(metrics).read().decode()
ok = [l for l in text.splitlines() if l.startswith('marquee_grpc_calls_total{code="OK",method="marquee.v1.Recommender/Recommend"}')]
growth = (end - warm) / warm * 100
print('calls %d  calls/s %.0f  p50 %.2f ms  p99 %.2f ms  errors %d  codes %s' % (
    d['count'], d['calls_per_second'], d['latency_ms']['p50'], d['latency_ms']['p99'], d['errors'], d['status_codes']))
print('reloads %d, token reloads %d, refused %d; metrics: %s' % (reloads, tokens, refused, ok[0] if ok else 'none'))
print('RSS after warm-up %d kB, at the end %d kB: %+.1f %%' % (warm, end, growth))
sys.exit(0 if d['errors'] == 0 and refused == 0 and growth <= 10 else 1)
PY
