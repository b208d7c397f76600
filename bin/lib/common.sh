# Shared by bin/* and .ci/run: finds a JDK >= 21 and builds a module's jar when it is missing.
# Sourced, not run. Sets MARQUEE_HOME, JAVA_HOME and JAVA.

MARQUEE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Prints the major version of the java at $1 (e.g. 17, 21, 25), or nothing.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

# JAVA_HOME first, then `java` on PATH, then the newest JDK under /usr/lib/jvm.
find_jdk21() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for c in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(java_major "$c/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$c"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME=$(find_jdk21); then
  echo "error: Marquee needs a JDK >= 21 (found none in JAVA_HOME, on PATH or under /usr/lib/jvm); install one and set JAVA_HOME" >&2
  exit 1
fi
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
JAVA_MAJOR=$(java_major "$JAVA")

# Builds MODULE (and what it depends on) when its jar is missing or older than any source or pom.
ensure_built() {
  local module=$1
  # A second `local`: the words of one are all expanded before it sets module.
  local jar="$MARQUEE_HOME/$module/target/$module.jar"
  if [ ! -f "$jar" ] || [ ! -d "$MARQUEE_HOME/$module/target/lib" ] \
    || [ -n "$(cd "$MARQUEE_HOME" && find ./*/src/main ./*/pom.xml pom.xml -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
    echo "building $module ..." >&2
    (cd "$MARQUEE_HOME" && ./mvnw -q -B -o -DskipTests -pl "$module" -am package >/dev/null 2>&1 \
      || ./mvnw -q -B -DskipTests -pl "$module" -am package) >&2 || {
      echo "error: building $module failed; run ./mvnw -pl $module -am package to see why" >&2
      exit 1
    }
  fi
}

# Runs MAIN_CLASS from MODULE with the JVM flags every Marquee program wants.
run_module() {
  local module=$1 main=$2
  shift 2
  ensure_built "$module"
  local simd=()
  # Lucene's SIMD vector code needs the incubator module (which prints one warning line at start).
  [ "${MARQUEE_SIMD:-0}" = 1 ] && simd=(--add-modules jdk.incubator.vector)
  # JDK >= 23 warns when protobuf and netty use sun.misc.Unsafe, as they still do.
  [ "$JAVA_MAJOR" -ge 23 ] && simd+=(--sun-misc-unsafe-memory-access=allow)
  exec "$JAVA" "${simd[@]}" \
    --enable-native-access=ALL-UNNAMED \
    -Djava.util.logging.config.file="$MARQUEE_HOME/bin/lib/logging.properties" \
    ${MARQUEE_JAVA_OPTS:-} \
    -cp "$MARQUEE_HOME/$module/target/$module.jar:$MARQUEE_HOME/$module/target/lib/*" \
    "$main" "$@"
}
