#!/usr/bin/env bash
# OAuth 2 load on loopback: client credentials, introspection, refresh and full authorization-code
# logins, Gatehouse and (optionally) Keycloak side by side, with server CPU per request.
#
#   bench/oauth2.sh                    Gatehouse only
#   KEYCLOAK=1 bench/oauth2.sh         Keycloak 26.7.3 start-dev (../shared/peers/keycloak) as well
#
# Starts Gatehouse from the built distribution (unpacked into a temp dir, `bin/karaf server` on a
# free port) and, with KEYCLOAK=1, Keycloak via the peer's setup/start/provision scripts, both with
# the same JDK (java on PATH or JAVA_HOME) and -Xms64m -Xmx512m (their defaults), both kept running
# for the whole benchmark. Then PASSES passes (default 3) over SCENARIOS, the servers alternating
# within each pass; the first WARM_PASSES (default 1) warm the JIT and are not reported, the others
# are, as medians (bench/oauth2/summary.sh; it also takes the results.tsv of several invocations).
#
#   client_credentials, introspect   ../shared/peers/keycloak/bench.sh (wrk, WARMUP s + DURATION s)
#   refresh      bench/oauth2/refresh.lua: wrk -t C -c C, every connection its own refresh-token
#                chain (token rotation: the next request sends the token the last response returned;
#                Gatehouse treats reuse as theft). Chains are seeded before each wrk run by
#                authorization-code logins sharing one SSO session (LoginBench --seed --sso).
#   login        bench/oauth2/LoginBench.java: LOGIN_WORKERS workers, each login a fresh browser:
#                authorize -> login form -> POST credentials -> code -> token. Dominated by password
#                hashing (Gatehouse PBKDF2-SHA256 600k, Keycloak argon2id): the hash settings are printed.
#
# Columns as bench.sh: req/s p50/p90/p99/max ms, server CPU in cores (srv_cpu), load generator
# (lg_cpu), everything else on the box (other_cpu) and srv_ms/req = server CPU ms per request, the
# number to compare on a shared machine. Raw output under RESULTS_DIR; results.tsv has every run.
#
# Env: KEYCLOAK=0|1  PASSES=3  WARM_PASSES=1  SCENARIOS="client_credentials introspect refresh login"
#      DURATION=20  WARMUP=5  CONNECTIONS=16  LOGIN_WORKERS=4  QUIET_WAIT=30  QUIET_BUSY_MAX=25
#      RESULTS_DIR=/tmp/gatehouse-oauth2/<timestamp>  KC_BASE=/tmp/gatehouse-bench-kc  KC_PEER=...
#      BENCH_KC_CACHE=/tmp/kc/cache (where setup.sh finds/downloads the Keycloak archive)
#      GH_JAVA_OPTS=""  extra JVM options for Gatehouse (EXTRA_JAVA_OPTS; e.g. a collector or heap sizes to compare)
#      DIST=<gatehouse-distribution-*.tar.gz> (default: the one in distribution/target)
#      KC_REFRESH_SCOPE=""  scope of Keycloak's refresh chains: empty = no scope parameter, so, like
#      Gatehouse (which issues no ID token on refresh), no ID token on refresh; "openid" adds one;
#      offline_access would make them offline sessions. Gatehouse's chains use "openid offline_access".  JFR=1 (JFR recording of Gatehouse during each
#      token scenario of the last pass, top frames in RESULTS_DIR/jfr-<scenario>.txt: bench/oauth2/jfr-top.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PEER=${KC_PEER:-$ROOT/../shared/peers/keycloak}
KEYCLOAK=${KEYCLOAK:-0}
PASSES=${PASSES:-3}
WARM_PASSES=${WARM_PASSES:-1}   # passes not reported (JIT warm-up; Keycloak needs more than one on a busy box)
SCENARIOS=${SCENARIOS:-"client_credentials introspect refresh login"}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-16}
LOGIN_WORKERS=${LOGIN_WORKERS:-4}
export QUIET_WAIT=${QUIET_WAIT:-30} QUIET_BUSY_MAX=${QUIET_BUSY_MAX:-25}
RESULTS_DIR=${RESULTS_DIR:-/tmp/gatehouse-oauth2/$(date +%Y%m%d-%H%M%S)}
KC_BASE=${KC_BASE:-/tmp/gatehouse-bench-kc}
KC_REFRESH_SCOPE=${KC_REFRESH_SCOPE-}   # empty: no scope parameter (plain OAuth 2, so no ID token on refresh)
REDIRECT=http://127.0.0.1:9/cb          # never fetched: the code is read from the Location header
[[ "$PASSES" =~ ^[1-9]$ ]] || { echo "PASSES must be 1..9" >&2; exit 2; }
[[ "$WARM_PASSES" =~ ^[0-9]$ ]] && [ "$WARM_PASSES" -lt "$PASSES" ] || { echo "WARM_PASSES must be 0..PASSES-1" >&2; exit 2; }
for t in wrk curl java python3; do command -v $t >/dev/null || { echo "missing $t" >&2; exit 1; }; done
[ -x "$PEER/bench.sh" ] || { echo "no $PEER/bench.sh (KC_PEER)" >&2; exit 1; }
dist=${DIST:-$(ls distribution/target/gatehouse-distribution-*.tar.gz 2>/dev/null | head -n 1)}
[ -n "$dist" ] || { echo "build first: mvn -DskipTests install (or ./gatehouse build)" >&2; exit 1; }
mkdir -p "$RESULTS_DIR"
work=$(mktemp -d /tmp/gatehouse-oauth2.XXXXXX)
LB=(java "$ROOT/bench/oauth2/LoginBench.java")

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

GH_JVM="" GH_LAUNCHER="" KC_STARTED=0
cleanup() {
  if [ -n "$GH_JVM" ] && kill -0 "$GH_JVM" 2>/dev/null; then
    kill -TERM "$GH_JVM"; for _ in $(seq 1 100); do kill -0 "$GH_JVM" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$GH_JVM" 2>/dev/null && kill -KILL "$GH_JVM"
  fi
  [ -n "$GH_LAUNCHER" ] && wait "$GH_LAUNCHER" 2>/dev/null || true
  [ "$KC_STARTED" = 1 ] && KC_BASE=$KC_BASE "$PEER/stop.sh" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -r)," \
  "$(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)" | tee "$RESULTS_DIR/machine.txt"
echo "distribution: $dist ($(date -u -r "$dist" +%FT%TZ)); checkout $(git rev-parse --short HEAD 2>/dev/null || echo '?')" | tee -a "$RESULTS_DIR/machine.txt"

# ---------------------------------------------------------------- Gatehouse: start + provision
GH_PORT=$(free_port); GH=http://127.0.0.1:$GH_PORT
GH_ADMIN_PW=bench-Admin-pass-1234; GH_BOOT_SECRET=bench-boot-secret-0123456789abcdef
home=$work/gatehouse; mkdir -p "$home"; tar -xzf "$dist" -C "$home" --strip-components=1
(cd "$home" && export EXTRA_JAVA_OPTS="${GH_JAVA_OPTS:-}" && GATEHOUSE_HTTP_PORT=$GH_PORT GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD=$GH_ADMIN_PW \
   GATEHOUSE_BOOTSTRAP_CLIENT_SECRET=$GH_BOOT_SECRET exec bin/karaf server >"$RESULTS_DIR/gatehouse-console.log" 2>&1) &
GH_LAUNCHER=$!
t0=$SECONDS
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$GH/health" || true)" = 200 ]; do
  kill -0 "$GH_LAUNCHER" 2>/dev/null || { echo "gatehouse died:" >&2; tail -30 "$RESULTS_DIR/gatehouse-console.log" >&2; exit 1; }
  [ $((SECONDS - t0)) -lt 180 ] || { echo "gatehouse not ready in 180 s" >&2; exit 1; }
  sleep 0.2
done
GH_JVM=$(tr -dc '0-9' <"$home/karaf.pid")
log "gatehouse: $GH pid $GH_JVM ready in $((SECONDS - t0)) s; $(tr '\0' ' ' <"/proc/$GH_JVM/cmdline" | grep -o -- '-Xm[sx][0-9a-z]*\|-XX:+Use[A-Za-z]*GC' | tr '\n' ' ')"

boot_token=""   # /health can answer before the OAuth 2 endpoints are registered
for _ in $(seq 1 120); do
  boot_token=$(curl -s -u "gatehouse-bootstrap:$GH_BOOT_SECRET" -d grant_type=client_credentials "$GH/oauth2/token" | jget access_token || true)
  [ -n "$boot_token" ] && break; sleep 0.5
done
[ -n "$boot_token" ] || { echo "no bootstrap token from $GH/oauth2/token" >&2; exit 1; }
register() { # JSON metadata -> "client_id client_secret"
  local r; r=$(curl -sf -X POST "$GH/oauth2/register" -H "Authorization: Bearer $boot_token" -H 'Content-Type: application/json' -d "$1") \
    || { echo "registration failed: $1" >&2; exit 1; }
  echo "$(jget client_id <<<"$r") $(jget client_secret <<<"$r")"
}
read -r GH_CC_ID GH_CC_SECRET < <(register '{"client_name":"bench-cc","grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_post","scope":"api"}')
read -r GH_RS_ID GH_RS_SECRET < <(register '{"client_name":"bench-rs","grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_post"}')
read -r GH_WEB_ID GH_WEB_SECRET < <(register "{\"client_name\":\"bench-web\",\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"],\"token_endpoint_auth_method\":\"client_secret_post\",\"scope\":\"openid offline_access\",\"redirect_uris\":[\"$REDIRECT\"]}")
[ -n "$GH_CC_SECRET" ] && [ -n "$GH_RS_SECRET" ] && [ -n "$GH_WEB_SECRET" ] || { echo "dynamic registration failed" >&2; exit 1; }
GH_USER=bench-user GH_PASS=bench-Pass-1234
code=$(curl -s -o "$work/u.json" -w '%{http_code}' -u "admin:$GH_ADMIN_PW" -X POST "$GH/api/users" -H 'Content-Type: application/json' \
  -d "{\"userName\":\"$GH_USER\",\"password\":\"$GH_PASS\"}")
[ "$code" = 201 ] || { echo "user creation: HTTP $code $(cat "$work/u.json")" >&2; exit 1; }
hashcfg=$(grep -rhs 'iterations' "$home/etc/"*crypto* "$home/etc/"*password* 2>/dev/null | head -1 || true)
log "gatehouse: clients bench-cc=$GH_CC_ID bench-rs=$GH_RS_ID bench-web=$GH_WEB_ID (DCR), user $GH_USER;" \
  "password hashing: PBKDF2-HMAC-SHA256, ${hashcfg:-600000 iterations (default of org.gatehouse.crypto PasswordHashingConfiguration)}"

# ---------------------------------------------------------------- Keycloak: start + provision
if [ "$KEYCLOAK" = 1 ]; then
  export KC_BASE; mkdir -p "$KC_BASE"
  # (KC_CACHE only for setup.sh: Keycloak itself reads KC_CACHE as its cache option)
  KC_CACHE=${BENCH_KC_CACHE:-/tmp/kc/cache} "$PEER/setup.sh" >"$RESULTS_DIR/keycloak-setup.log" 2>&1 || { cat "$RESULTS_DIR/keycloak-setup.log" >&2; exit 1; }
  KC_PORT=$(free_port); KC=http://127.0.0.1:$KC_PORT
  KC_STARTED=1
  KC_PORT=$KC_PORT "$PEER/start.sh" 2>&1 | tee "$RESULTS_DIR/keycloak-start.log" | grep -E 'READY|java =' | sed 's/^/# keycloak /'
  KC_JVM=$(cat "$KC_BASE/keycloak.java.pid")
  log "keycloak: $KC pid $KC_JVM; $(tr '\0' ' ' <"/proc/$KC_JVM/cmdline" | grep -o -- '-Xm[sx][0-9a-z]*\|-XX:+Use[A-Za-z]*GC' | tr '\n' ' ')"
  KC_URL=$KC "$PEER/provision.sh" >"$RESULTS_DIR/keycloak-provision.log" 2>&1 || { cat "$RESULTS_DIR/keycloak-provision.log" >&2; exit 1; }
  grep -E 'passwordPolicy|credentialData' "$RESULTS_DIR/keycloak-provision.log" | sed 's/^provision: /# keycloak: /' | tee -a "$RESULTS_DIR/log.txt"
  # a confidential authorization-code client like Gatehouse's bench-web (PKCE S256, client_secret_post)
  KC_WEB_ID=bench-web KC_WEB_SECRET=bench-web-secret
  kc_admin=$(curl -sf -X POST "$KC/realms/master/protocol/openid-connect/token" -d grant_type=password -d client_id=admin-cli \
    -d username=admin -d password=admin | jget access_token)
  code=$(curl -s -o "$work/kc.out" -w '%{http_code}' -X POST "$KC/admin/realms/bench/clients" -H "Authorization: Bearer $kc_admin" \
    -H 'Content-Type: application/json' -d "{\"clientId\":\"$KC_WEB_ID\",\"enabled\":true,\"protocol\":\"openid-connect\",
      \"publicClient\":false,\"clientAuthenticatorType\":\"client-secret\",\"secret\":\"$KC_WEB_SECRET\",
      \"standardFlowEnabled\":true,\"directAccessGrantsEnabled\":false,\"serviceAccountsEnabled\":false,
      \"redirectUris\":[\"$REDIRECT\"],\"attributes\":{\"pkce.code.challenge.method\":\"S256\"}}")
  [ "$code" = 201 ] || { echo "keycloak client bench-web: HTTP $code $(cat "$work/kc.out")" >&2; exit 1; }
  log "keycloak: client $KC_WEB_ID (authorization code + PKCE, confidential) added to realm bench"
fi

# ---------------------------------------------------------------- runners
RESULTS="$RESULTS_DIR/results.tsv"
echo -e "pass\tserver\tscenario\treq/s\tp50_ms\tp90_ms\tp99_ms\tmax_ms\trequests\tnon2xx\tsockerr\tsrv_cpu\tlg_cpu\tother_cpu\tsys_busy%\tsrv_ms/req\tsrv_rss" >"$RESULTS"
record() { # pass server < bench.sh-style lines
  local line
  while IFS= read -r line; do
    case "$line" in ""|\#*|scenario*|*SKIPPED*|*FAILED*) [ -n "$line" ] && echo "   $line"; continue;; esac
    echo "   $line"
    printf '%s\t%s\t%s\n' "$P" "$S" "$(tr -s ' ' '\t' <<<"$line")" >>"$RESULTS"
  done
}

# wrk with refresh.lua, measured like bench.sh: prints one bench.sh-style line
wrk_refresh() { # url pid rtfile auth seconds
  local url=$1 pid=$2 rtf=$3 auth=$4 secs=$5 out=$6
  local p0 p1 s0 s1 t0 t1 line
  local me=$BASHPID   # this (sub)shell: wrk, via timeout, is its waited-for child (cutime/cstime)
  read -r c0u c0s < <(sed 's/.*) //' /proc/$me/stat | awk '{print $14, $15}')
  p0=$(cpu_ticks "$pid"); s0=$(sys_ticks)
  t0=$(date +%s%N)
  RT_FILE=$rtf RT_AUTH=$auth timeout $((secs + 30)) wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"${secs}s" --timeout 10s --latency \
    -s "$ROOT/bench/oauth2/refresh.lua" "$url" >"$out" 2>&1 || true
  p1=$(cpu_ticks "$pid"); s1=$(sys_ticks)
  read -r c1u c1s < <(sed 's/.*) //' /proc/$me/stat | awk '{print $14, $15}')
  line=$(grep '^WRKSUM' "$out" | tail -1 || true)
  [ -n "$line" ] || { echo "refresh FAILED (see $out)"; return; }
  grep -E '^RT(CHAIN|ERROR)' "$out" | sed 's/^/# /' || true
  # shellcheck disable=SC2086
  set -- $line
  awk -v name=refresh -v reqs="$2" -v s="$3" -v non="$4" -v sock="$5" -v p50="$6" -v p90="$7" -v p99="$8" -v max="$9" \
      -v dp=$((p1 - p0)) -v dl=$(( (c1u + c1s) - (c0u + c0s) )) -v hz="$HZ" -v n="$NCPU" -v s0="$s0" -v s1="$s1" \
      -v rss="$(awk '/^VmRSS/{printf "%dM", $2/1024}' /proc/"$pid"/status)" 'BEGIN{
    split(s0,a," "); split(s1,b," "); t=b[1]-a[1]; i=b[2]-a[2]; busy=(t>0)?100*(t-i)/t:0
    rps=(s>0)?reqs/s:0; srv=dp/hz/s; lg=dl/hz/s; o=busy/100*n-srv-lg; if(o<0)o=0
    printf "%-20s %9.1f %8.3f %8.3f %8.3f %9.3f %8d %6d %7d %7.2f %6.2f %9.2f %9s %10.3f %7s\n",
      name, rps, p50, p90, p99, max, reqs, non, sock, srv, lg, o, sprintf("%.0f%%", busy), (rps>0)?1000*srv/rps:0, rss }'
}

# server-specific parameters for a scenario run
srv_vars() { # gatehouse|keycloak
  if [ "$1" = gatehouse ]; then
    PID=$GH_JVM DISCO=$GH/.well-known/openid-configuration AUTHZ=$GH/oauth2/authorize TOKEN=$GH/oauth2/token
    CCI=$GH_CC_ID CCS=$GH_CC_SECRET RSI=$GH_RS_ID RSS=$GH_RS_SECRET WEBI=$GH_WEB_ID WEBS=$GH_WEB_SECRET
    USER_=$GH_USER PASS_=$GH_PASS RSCOPE="openid offline_access" LSCOPE="openid"
  else
    PID=$KC_JVM DISCO=$KC/realms/bench/.well-known/openid-configuration
    AUTHZ=$KC/realms/bench/protocol/openid-connect/auth TOKEN=$KC/realms/bench/protocol/openid-connect/token
    CCI=bench-cc CCS=bench-cc-secret RSI=bench-rs RSS=bench-rs-secret WEBI=$KC_WEB_ID WEBS=$KC_WEB_SECRET
    USER_=bench-user PASS_=bench-pass RSCOPE=$KC_REFRESH_SCOPE LSCOPE="openid"
  fi
}
lb() { "${LB[@]}" --authorize "$AUTHZ" --token "$TOKEN" --client-id "$WEBI" --client-secret "$WEBS" --redirect-uri "$REDIRECT" \
  --user "$USER_" --password "$PASS_" "$@"; }

jfr_on() { # scenario: with JFR=1, record Gatehouse during the last pass
  [ "${JFR:-0}" = 1 ] && [ "$S" = gatehouse ] && [ "$P" = "$PASSES" ] || return 0
  jcmd "$PID" JFR.start name="$1" settings=profile filename="$RESULTS_DIR/gatehouse-$1.jfr" >/dev/null
}
jfr_off() {
  [ "${JFR:-0}" = 1 ] && [ "$S" = gatehouse ] && [ "$P" = "$PASSES" ] || return 0
  jcmd "$PID" JFR.stop name="$1" >/dev/null
  "$ROOT/bench/oauth2/jfr-top.sh" "$RESULTS_DIR/gatehouse-$1.jfr" 15 >"$RESULTS_DIR/jfr-$1.txt" 2>&1 || true
  echo "   # JFR profile of $1 (incl. warm-up): $RESULTS_DIR/jfr-$1.txt"
}

run_server() { # pass server
  P=$1 S=$2; srv_vars "$S"
  local d="$RESULTS_DIR/pass$P-$S"; mkdir -p "$d"
  echo "== pass $P/$PASSES: $S ($(date -u +%T), load $(cut -d' ' -f1 /proc/loadavg))"
  local sc
  for sc in $SCENARIOS; do
    case $sc in
      client_credentials|introspect)
        jfr_on "$sc"
        SCENARIOS="$sc" DISCOVERY_URL=$DISCO SERVER_PID=$PID CC_CLIENT_ID=$CCI CC_CLIENT_SECRET=$CCS \
          RS_CLIENT_ID=$RSI RS_CLIENT_SECRET=$RSS DURATION=$DURATION WARMUP=$WARMUP CONNECTIONS=$CONNECTIONS \
          RESULTS_DIR="$d/wrk-$sc" LABEL="$S pass $P" "$PEER/bench.sh" 2>&1 | grep -v '^# \(token\|introspect\|jwks\|raw\)' | record
        jfr_off "$sc" ;;
      refresh)
        local auth="client_id=$WEBI&client_secret=$WEBS"
        jfr_on "$sc"
        if [ "$WARMUP" -gt 0 ]; then
          lb --scope "$RSCOPE" --seed "$CONNECTIONS" --sso --out "$d/rt.txt" >/dev/null
          wrk_refresh "$TOKEN" "$PID" "$d/rt.txt" "$auth" "$WARMUP" "$d/refresh.warmup.txt" >/dev/null
        fi
        # fresh chains (see refresh.lua), plus one spare to show once what a refresh returns
        lb --scope "$RSCOPE" --seed $((CONNECTIONS + 1)) --sso --out "$d/rt.txt" >/dev/null
        if [ "$P" = 1 ]; then
          local r; r=$(curl -s "$TOKEN" -d grant_type=refresh_token --data-urlencode "refresh_token=$(tail -n 1 "$d/rt.txt")" -d "$auth")
          log "$S: a refresh (scope '$RSCOPE') returns: $(grep -o '"[a-z_]*":' <<<"$r" | tr -d '":' | tr '\n' ' ')"
        fi
        wait_quiet
        wrk_refresh "$TOKEN" "$PID" "$d/rt.txt" "$auth" "$DURATION" "$d/refresh.wrk.txt" | record
        jfr_off "$sc" ;;
      login)
        wait_quiet
        lb --scope "$LSCOPE" --workers "$LOGIN_WORKERS" --warmup "$WARMUP" --duration "$DURATION" --pid "$PID" --label login \
          2>&1 | tee "$d/login.txt" | record ;;
      *) echo "   unknown scenario $sc" ;;
    esac
  done
}

SERVERS=gatehouse; [ "$KEYCLOAK" = 1 ] && SERVERS="gatehouse keycloak"
for p in $(seq 1 "$PASSES"); do
  order=$SERVERS; [ "$KEYCLOAK" = 1 ] && [ $((p % 2)) = 0 ] && order="keycloak gatehouse"   # alternate who goes first
  for s in $order; do run_server "$p" "$s"; done
done

# ---------------------------------------------------------------- summary: medians over the passes after the warm-up ones
first=$((WARM_PASSES + 1))
echo
echo "medians over passes $first..$PASSES (c$CONNECTIONS, ${DURATION} s runs; login: $LOGIN_WORKERS workers):"
"$ROOT/bench/oauth2/summary.sh" "$RESULTS" "$first" | tee "$RESULTS_DIR/summary.txt"
"$ROOT/bench/oauth2/summary.sh" "$RESULTS" "$first" md >"$RESULTS_DIR/summary.md"
echo "# every run: $RESULTS; markdown: $RESULTS_DIR/summary.md; raw output: $RESULTS_DIR"
