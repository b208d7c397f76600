#!/usr/bin/env bash
# The web page's map on a large catalogue (BENCHMARKS.md, "Web page"): a synthetic model of MOVIES
# movies (default 100,000) served with --exact and the page on, then headless Chromium pans and
# zooms the map for 120 frames (WebMapBenchIT) and prints the draw and frame times.
#
#   benchmarks/web_map.sh [MOVIES] [WORK_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MOVIES=${1:-100000}
WORK=${2:-target/web-map-bench}
mkdir -p "$WORK"
bin/indexer synth-model --movies "$MOVIES" --users 1000 --out "$WORK/model"
PORT=$((20000 + RANDOM % 20000)) HTTP=$((40000 + RANDOM % 20000))
bin/server --model "$WORK/model" --exact --port "$PORT" --http-port "$HTTP" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do grep -q "web page:" "$WORK/server.log" && break; sleep 0.5; done
grep "web page:" "$WORK/server.log"
./mvnw -B -q -o verify -pl client -am -Dtest=NONE -Dit.test=WebMapBenchIT -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dmarquee.bench.page="http://127.0.0.1:$HTTP/" 2>&1 | grep -E "^map:|ERROR|FAIL" || true
