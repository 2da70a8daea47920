#!/usr/bin/env bash
# Start-up time and memory of the Gatehouse distribution, optionally next to Keycloak.
#
#   bench/startup.sh [RUNS]            (default 5 runs)
#   KEYCLOAK=1 bench/startup.sh 5      also start Keycloak (../shared/peers/keycloak) in turn
#
# Each Gatehouse run unpacks the built distribution into a fresh folder (empty data/: first start,
# schema migrations and bootstrap included), launches `bin/karaf server` on a free loopback port
# and measures launch -> first 200 from /health (ready: database reachable, migrations done,
# core up). A second, warm start reuses that data/. RSS is read 10 s after ready. Runs alternate
# with Keycloak's, so both see the same machine noise; medians are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
dist=$(ls distribution/target/gatehouse-distribution-*.tar.gz 2>/dev/null | head -n 1)
[ -n "$dist" ] || { echo "build first: mvn -DskipTests install (or ./gatehouse build)" >&2; exit 1; }
work=$(mktemp -d /tmp/gatehouse-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss_mib() { echo $(( $(awk '/^VmRSS/{print $2}' "/proc/$1/status") / 1024 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

gatehouse_once() { # $1 = home; prints "ready_ms rss_mib"
  local home=$1 port pid t0 t1
  port=$(free_port)
  t0=$(now_ms)
  (cd "$home" && GATEHOUSE_HTTP_PORT=$port GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD=bench-admin-pass exec bin/karaf server >"$home/console.log" 2>&1) &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/health" || true)" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { echo "gatehouse died:" >&2; tail -30 "$home/console.log" >&2; exit 1; }
    [ $(( $(now_ms) - t0 )) -lt 120000 ] || { echo "gatehouse not ready in 120 s" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(now_ms)
  # the JVM itself, whatever shells stand between it and us
  local jvm; jvm=$(tr -dc '0-9' <"$home/karaf.pid")
  sleep 10
  echo "$(( t1 - t0 )) $(rss_mib "$jvm")"
  kill -TERM "$jvm"
  while kill -0 "$jvm" 2>/dev/null; do sleep 0.1; done
  wait "$pid" 2>/dev/null || true
}

keycloak_once() { # prints "ready_ms rss_mib"
  local port out
  port=$(free_port)
  out=$(KC_PORT=$port ../shared/peers/keycloak/start.sh 2>&1 | grep 'READY') || { echo "keycloak failed" >&2; exit 1; }
  sleep 10
  local jpid; jpid=$(cat /tmp/kc/keycloak.java.pid)
  echo "$(sed -n 's/.*boot_to_first_200_ms=\([0-9]*\).*/\1/p' <<<"$out") $(rss_mib "$jpid")"
  ../shared/peers/keycloak/stop.sh >/dev/null 2>&1 || true
}

echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
: >"$work/fresh"; : >"$work/warm"; : >"$work/rss"; : >"$work/kc"; : >"$work/kcrss"
for i in $(seq 1 "$RUNS"); do
  home="$work/gh-$i"; mkdir -p "$home"; tar -xzf "$dist" -C "$home" --strip-components=1
  # (not `read < <(...)`: read would return before the server has stopped)
  gatehouse_once "$home" >"$work/out"; read -r ms rss <"$work/out"; echo "$ms" >>"$work/fresh"
  gatehouse_once "$home" >"$work/out"; read -r ms rss <"$work/out"; echo "$ms" >>"$work/warm"; echo "$rss" >>"$work/rss"
  line="run $i: gatehouse fresh $(tail -n1 "$work/fresh") ms, warm $ms ms, rss $rss MiB"
  if [ "${KEYCLOAK:-0}" = 1 ]; then
    keycloak_once >"$work/out"; read -r kms krss <"$work/out"; echo "$kms" >>"$work/kc"; echo "$krss" >>"$work/kcrss"
    line="$line | keycloak warm $kms ms, rss $krss MiB"
  fi
  echo "$line"
done
echo "median over $RUNS runs: gatehouse ready fresh $(median <"$work/fresh") ms, warm $(median <"$work/warm") ms, RSS $(median <"$work/rss") MiB"
[ "${KEYCLOAK:-0}" = 1 ] && echo "median over $RUNS runs: keycloak 26 start-dev ready (warm) $(median <"$work/kc") ms, RSS $(median <"$work/kcrss") MiB"
exit 0
