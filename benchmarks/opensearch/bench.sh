#!/usr/bin/env bash
# Recommend through OpenSearch against the local index, for BENCHMARKS.md ("OpenSearch backend").
#   benchmarks/opensearch/bench.sh MODEL_DIR NAME [CALLS]
# Needs a cluster on 127.0.0.1:9200,9201 (benchmarks/opensearch/nodes.sh start ...). Builds the
# local index and the OpenSearch index (timed), starts one server per backend, and runs
# `bin/client bench` against each: closed loop at concurrency 1 (latency) and 8 (throughput).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
model=$1 name=$2 calls=${3:-2000}
os=http://127.0.0.1:9200,http://127.0.0.1:9201
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
users=1-943
echo "== local index build"
/usr/bin/time -f "local build %e s" bin/indexer build --model "$model" --index "$work/index" >/dev/null
echo "== opensearch index build (2 shards, 1 replica)"
bin/indexer build --backend opensearch --model "$model" --opensearch "$os" --index-name "$name" \
  --shards 2 --replicas 1 --green-timeout 900 2>&1 | grep -v "^loaded"
bin/server --model "$model" --index "$work/index" --port 50081 --no-watch >"$work/local.log" 2>&1 &
pids+=($!)
bin/server --model "$model" --backend opensearch --opensearch "$os" --index-name "$name" \
  --port 50082 --no-watch >"$work/os.log" 2>&1 &
pids+=($!)
for port in 50081 50082; do
  for _ in $(seq 1 120); do bin/client health --target "localhost:$port" >/dev/null 2>&1 && break; sleep 1; done
done
filters=("" "--genre Comedy,Romance --min-year 1980 --max-year 1998")
for f in "${filters[@]}"; do
  read -r -a filter <<<"$f"
  for c in 1 8; do
    for port in 50081 50082; do
      label=$([ $port = 50081 ] && echo local || echo opensearch)
      echo "== $label, concurrency $c, filter: ${f:-none}"
      bin/client bench --target "localhost:$port" -c "$c" -n "$calls" --warmup 200 --users "$users" \
        --deadline 5s "${filter[@]}"
    done
  done
done
