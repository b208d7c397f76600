#!/usr/bin/env bash
# Starts or stops a local OpenSearch cluster for benchmarks and manual runs (the integration test
# starts its own from Java: server/src/test/java/dev/marquee/server/testing/OpenSearchNodes.java).
#   benchmarks/opensearch/nodes.sh start HOME BASE N   # HOME: an unpacked opensearch-3.5.0 with the
#                                                      # k-NN plugin under plugins/opensearch-knn
#   benchmarks/opensearch/nodes.sh stop BASE
# Node i listens on 127.0.0.1:920i (HTTP) and 930i (transport); data, logs and pids under BASE.
# OpenSearch refuses to run as root, so as root each node runs in a user namespace as uid 1000.
set -euo pipefail
cmd=$1
case "$cmd" in
  start)
    home=$2 base=$3 n=$4
    java_home=${OPENSEARCH_JAVA_HOME:-${JAVA_HOME:?set JAVA_HOME to a JDK >= 21}}
    seeds=$(for ((i = 0; i < n; i++)); do printf '"127.0.0.1:%d",' $((9300 + i)); done)
    managers=$(for ((i = 0; i < n; i++)); do printf '"node-%d",' "$i"; done)
    for ((i = 0; i < n; i++)); do
      d="$base/node-$i"
      mkdir -p "$d/config" "$d/data" "$d/logs" "$d/tmp"
      cp -r "$home/config/." "$d/config/"
      cat > "$d/config/opensearch.yml" <<YML
cluster.name: marquee-bench
node.name: node-$i
path.data: $d/data
path.logs: $d/logs
network.host: 127.0.0.1
http.port: $((9200 + i))
transport.port: $((9300 + i))
discovery.seed_hosts: [${seeds%,}]
cluster.initial_cluster_manager_nodes: [${managers%,}]
cluster.routing.allocation.disk.threshold_enabled: false
YML
      prefix=()
      [ "$(id -u)" = 0 ] && prefix=(unshare --user --map-user=1000 --map-group=1000)
      OPENSEARCH_PATH_CONF="$d/config" OPENSEARCH_JAVA_HOME="$java_home" OPENSEARCH_TMPDIR="$d/tmp" \
        OPENSEARCH_JAVA_OPTS="${OPENSEARCH_JAVA_OPTS:--Xms512m -Xmx512m -XX:TieredStopAtLevel=1}" \
        "${prefix[@]}" "$home/bin/opensearch" -q >"$d/logs/stdout.log" 2>&1 &
      echo $! > "$d/pid"
    done
    for _ in $(seq 1 180); do
      if curl -fs "http://127.0.0.1:9200/_cluster/health?wait_for_status=green&wait_for_nodes=$n&timeout=1s" >/dev/null 2>&1; then
        echo "cluster green: $n nodes on 127.0.0.1:9200.."$((9199 + n))
        exit 0
      fi
      sleep 1
    done
    echo "error: cluster not green after 180 s; see $base/node-*/logs" >&2
    exit 1
    ;;
  stop)
    base=$2
    for p in "$base"/node-*/pid; do
      [ -f "$p" ] || continue
      pid=$(cat "$p")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$p"
    done
    ;;
  *)
    echo "usage: nodes.sh start HOME BASE N | stop BASE" >&2
    exit 2
    ;;
esac
