#!/usr/bin/env bash
# Variants of the index at one scale: transform (none vs cosine), quantization, graph parameters,
# build threads, and a harder norm spread. Usage: benchmarks/indexer_variants.sh MOVIES OUT_DIR
# (writes models and indexes under OUT_DIR; prints one verify line per variant).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-100000}
OUT=${2:-/work/bench/indexer/variants}
mkdir -p "$OUT"
IX=bin/indexer
quiet() { grep -vE '^(WARNING|INFO|[A-Z][a-z]{2} [0-9]+, )' || true; }
for sigma in 0.5 1.0; do
  M="$OUT/m$N-s$sigma"
  [ -d "$M" ] || $IX synth-model --movies "$N" --users 2000 --factors 40 --seed 42 --norm-sigma "$sigma" --out "$M" 2>&1 | quiet
done
run() { # name sigma build-args...
  local name=$1 sigma=$2; shift 2
  local I="$OUT/i$N-s$sigma-$name"
  local b
  b=$($IX build --model "$OUT/m$N-s$sigma" --index "$I" --json "$@" 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print("graph_s=%.1f total_s=%.1f bytes=%d" % (d["graph_s"], d["total_s"], d["bytes"]))')
  $IX verify --model "$OUT/m$N-s$sigma" --index "$I" --users 1000 --sweep 10,50,200 --warmup 500 --exact-threshold 0 --json 2>/dev/null \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join("C=%d:r=%.4f,p50=%.3fms" % (p["num_candidates"], p["recall_at_k"], p["p50_ms"]) for p in d["sweep"]))' \
    | sed "s|^|$name sigma=$sigma $b |"
}
run none-m32-b200-t2 0.5 --threads 2
run none-m32-b200-t1 0.5 --threads 1
run cosine-m32-b200 0.5 --transform cosine --threads 2
run int8-m32-b200 0.5 --quantize int8 --threads 2
run int4-m32-b200 0.5 --quantize int4 --threads 2
run none-m16-b100 0.5 --m 16 --beam-width 100 --threads 2
run none-m32-b200 1.0 --threads 2
run cosine-m32-b200 1.0 --transform cosine --threads 2
run none-m16-b100 1.0 --m 16 --beam-width 100 --threads 2
