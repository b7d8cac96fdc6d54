#!/usr/bin/env bash
# The raw two-int JCStress test that issue 14's model/raw ratio divides by (README, "What a run costs"): compiles
# RawStoreBuffering.java against JCStress 0.16 from the built suite jar, runs it alone with the JCStress options of
# a gupstress run and times its one fork (first to last sight of the fork process, polled every 20 ms).
#   usage: benchmarks/raw-calibration/run.sh OUT_DIR JAVA [JCStress options, e.g. those of report.json's run.jcstressOptions]
#   e.g.:  benchmarks/raw-calibration/run.sh /tmp/raw /usr/lib/jvm/temurin-25-jdk-amd64/bin/java \
#              -f 1 -iters 1 -time 5000 -sc false -strideCount 4 -af NONE -jvmArgs -Xmx512m
# Prints the samples (JCStress's console.log in OUT_DIR) and the fork's wall time (OUT_DIR/fork-wall.txt).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="${JCSTRESS_JAR:-$here/../../stress-tests/target/jcstress.jar}" # JCStress 0.16 and its dependencies (shaded)
[ $# -ge 2 ] || { echo "usage: $0 OUT_DIR JAVA [JCStress options]" >&2; exit 2; }
out=$1; java=$2; shift 2
[ -f "$jar" ] || { echo "$0: no $jar: build first (./mvnw -q -B -DskipTests package)" >&2; exit 2; }
classes="$here/target/classes"
rm -rf "$classes" && mkdir -p "$classes" "$out"
# the annotation processor writes the runner and META-INF/TestList; classes/ comes first on the class path, so this
# TestList (one test) is the one JCStress reads
javac -d "$classes" -cp "$jar" -processorpath "$jar" "$here/RawStoreBuffering.java"
cd "$out"
"$java" -cp "$classes:$jar" org.openjdk.jcstress.Main -t calibration.RawStoreBuffering -c 2 -v "$@" > console.log 2>&1 &
main=$!
first=""; last=""
while kill -0 "$main" 2>/dev/null; do
    if pgrep -f -P "$main" ForkedMain >/dev/null 2>&1; then
        now=$(date +%s.%N); [ -z "$first" ] && first=$now; last=$now
    fi
    sleep 0.02
done
rc=0; wait "$main" || rc=$?
samples=$(awk '/Results across all configurations/{f=1} f && /^ +[01], [01] +[0-9,]+/{gsub(",","",$3); s+=$3} END{print s+0}' console.log)
wall=$(python3 -c "print('%.3f' % ($last - $first))" 2>/dev/null || echo "?")
echo "rc=$rc samples=$samples fork_wall=${wall}s" | tee fork-wall.txt
