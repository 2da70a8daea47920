#!/usr/bin/env bash
# SCIM and bulk-import load on loopback: a CSV import of USERS users through the management API,
# then SCIM user lookups and paged lists with wrk, with server CPU per request.
#
#   bench/scim.sh                          H2 (the embedded default database), 100,000 users
#   DB=postgres bench/scim.sh              a private PostgreSQL (.ci/postgres) in the temp dir
#   USERS=5000 DURATION=5 PASSES=2 bench/scim.sh     a quick check of the script itself
#
# Starts Gatehouse from the built distribution (unpacked into a temp dir, `bin/karaf server` on a
# free port; with DB=postgres, GATEHOUSE_DB_URL/GATEHOUSE_DB_USER/GATEHOUSE_DB_PASSWORD name the
# private cluster, which .ci/postgres runs as a test database: fsync=off, synchronous_commit=off),
# then:
#
#   import       bench/scim/gen-users.py USERS > users.csv (userName user1..userN, email, given and
#                family name, attributes.department, groups staff;team-<i%100>;dept-<department>;
#                no passwords: hashing would be the whole measurement), POST /api/imports once.
#                Reported as users/s (wall clock of the request) and server CPU ms per user.
#   by_username  GET /scim2/Users?filter=userName eq "user<random>"          (bench/scim/query.lua)
#   by_email     GET /scim2/Users?filter=emails.value eq "user<random>@example.com"
#   paged        GET /scim2/Users?sortBy=userName&startIndex=<random>&count=PAGE
#
# The JDBC user store (bundles/org.gatehouse.userstore.jdbc, db/userstore.jdbc/V1.sql) indexes the
# username (unique on org_id, username_key) and the email (gh_user_email_idx on org_id, email_key),
# so both filters are index lookups; a page sorted by userName is ORDER BY username_key with OFFSET,
# so a random deep startIndex reads and skips up to USERS rows: that scenario shows the cost of
# offset paging. Every user is in three groups, and SCIM returns a user's groups with it.
#
# The token: an m2m application with scope scim:read, created through POST /api/applications (as
# ScimIT does), and a client_credentials token for it, fetched anew before each run.
#
# PASSES passes (default 3) over SCENARIOS; the first WARM_PASSES (default 1) warm the JIT and are
# not reported, the others are, as medians (bench/oauth2/summary.sh). Columns as bench/oauth2.sh:
# req/s p50/p90/p99/max ms, server CPU in cores (srv_cpu), load generator (lg_cpu), everything else
# on the box (other_cpu), srv_ms/req = server CPU ms per request (the number to compare on a shared
# machine). Raw output under RESULTS_DIR; results.tsv has every run, import.txt the import.
#
# Env: USERS=100000  DB=h2|postgres  PASSES=3  WARM_PASSES=1  SCENARIOS="by_username by_email paged"
#      DURATION=20  WARMUP=5  CONNECTIONS=16  PAGE=100  QUIET_WAIT=30  QUIET_BUSY_MAX=25
#      RESULTS_DIR=/tmp/gatehouse-scim/<timestamp>  GH_JAVA_OPTS=""  (EXTRA_JAVA_OPTS of Gatehouse)
#      DIST=<gatehouse-distribution-*.tar.gz> (default: the one in distribution/target)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
USERS=${USERS:-100000}
DB=${DB:-h2}
PASSES=${PASSES:-3}
WARM_PASSES=${WARM_PASSES:-1}
SCENARIOS=${SCENARIOS:-"by_username by_email paged"}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-16}
PAGE=${PAGE:-100}
QUIET_WAIT=${QUIET_WAIT:-30}
QUIET_BUSY_MAX=${QUIET_BUSY_MAX:-25}
RESULTS_DIR=${RESULTS_DIR:-/tmp/gatehouse-scim/$(date +%Y%m%d-%H%M%S)}
[[ "$USERS" =~ ^[1-9][0-9]*$ ]] && [ "$USERS" -le 5000000 ] || { echo "USERS must be 1..5000000" >&2; exit 2; }
[[ "$PASSES" =~ ^[1-9]$ ]] || { echo "PASSES must be 1..9" >&2; exit 2; }
[[ "$WARM_PASSES" =~ ^[0-9]$ ]] && [ "$WARM_PASSES" -lt "$PASSES" ] || { echo "WARM_PASSES must be 0..PASSES-1" >&2; exit 2; }
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] && [[ "$WARMUP" =~ ^[0-9]+$ ]] || { echo "DURATION must be >= 1 and WARMUP >= 0 (seconds)" >&2; exit 2; }
[[ "$CONNECTIONS" =~ ^[1-9][0-9]*$ ]] && [[ "$PAGE" =~ ^[1-9][0-9]*$ ]] && [ "$PAGE" -le 200 ] || { echo "CONNECTIONS >= 1, PAGE 1..200 (max.results)" >&2; exit 2; }
case "$DB" in h2|postgres) ;; *) echo "DB must be h2 or postgres" >&2; exit 2;; esac
for t in wrk curl java python3; do command -v $t >/dev/null || { echo "missing $t" >&2; exit 1; }; done
dist=${DIST:-$(ls distribution/target/gatehouse-distribution-*.tar.gz 2>/dev/null | head -n 1)}
[ -n "$dist" ] || { echo "build first: mvn -DskipTests install (or ./gatehouse build)" >&2; exit 1; }
mkdir -p "$RESULTS_DIR"
work=$(mktemp -d /tmp/gatehouse-scim.XXXXXX)

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

GH_JVM="" GH_LAUNCHER="" PG_DIR=""
cleanup() {
  if [ -n "$GH_JVM" ] && kill -0 "$GH_JVM" 2>/dev/null; then
    kill -TERM "$GH_JVM"; for _ in $(seq 1 100); do kill -0 "$GH_JVM" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$GH_JVM" 2>/dev/null && kill -KILL "$GH_JVM"
  fi
  [ -n "$GH_LAUNCHER" ] && wait "$GH_LAUNCHER" 2>/dev/null || true
  if [ -n "$PG_DIR" ]; then "$ROOT/.ci/postgres" stop "$PG_DIR" >/dev/null 2>&1 || true; rm -rf "$PG_DIR"; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -r)," \
  "$(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)" | tee "$RESULTS_DIR/machine.txt"
echo "distribution: $dist ($(date -u -r "$dist" +%FT%TZ)); checkout $(git rev-parse --short HEAD 2>/dev/null || echo '?');" \
  "USERS=$USERS DB=$DB" | tee -a "$RESULTS_DIR/machine.txt"

# ---------------------------------------------------------------- database
db_env=()
if [ "$DB" = postgres ]; then
  # a folder of its own: the server runs as the postgres user, and mktemp's folders are private
  PG_DIR=$(mktemp -d /tmp/gatehouse-scim-pg.XXXXXX); chmod 755 "$PG_DIR"
  pg_url=$("$ROOT/.ci/postgres" start "$PG_DIR" 2>"$RESULTS_DIR/postgres.log" | grep '^jdbc:postgresql:' | tail -n 1) \
    || { cat "$RESULTS_DIR/postgres.log" >&2; exit 1; }
  [ -n "$pg_url" ] || { echo "no JDBC URL from .ci/postgres" >&2; cat "$RESULTS_DIR/postgres.log" >&2; exit 1; }
  # the private cluster trusts loopback: user postgres, no password
  db_env=(GATEHOUSE_DB_URL="${pg_url%%\?*}" GATEHOUSE_DB_USER=postgres GATEHOUSE_DB_PASSWORD=)
  log "database: PostgreSQL $(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1 | grep -o '[0-9][0-9]*' | head -1) at ${pg_url%%\?*}" \
    "(.ci/postgres: a test cluster with fsync=off, synchronous_commit=off, full_page_writes=off)"
else
  log "database: H2 (embedded, the distribution's default)"
fi

# ---------------------------------------------------------------- Gatehouse: start
GH_PORT=$(free_port); GH=http://127.0.0.1:$GH_PORT
GH_ADMIN_PW=bench-Admin-pass-1234
home=$work/gatehouse; mkdir -p "$home"; tar -xzf "$dist" -C "$home" --strip-components=1
(cd "$home" && export EXTRA_JAVA_OPTS="${GH_JAVA_OPTS:-}" && env "${db_env[@]}" GATEHOUSE_HTTP_PORT="$GH_PORT" \
   GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME=admin GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD=$GH_ADMIN_PW \
   bin/karaf server >"$RESULTS_DIR/gatehouse-console.log" 2>&1) &
GH_LAUNCHER=$!
t0=$SECONDS
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$GH/health" || true)" = 200 ]; do
  kill -0 "$GH_LAUNCHER" 2>/dev/null || { echo "gatehouse died:" >&2; tail -30 "$RESULTS_DIR/gatehouse-console.log" >&2; exit 1; }
  [ $((SECONDS - t0)) -lt 180 ] || { echo "gatehouse not ready in 180 s" >&2; exit 1; }
  sleep 0.2
done
GH_JVM=$(tr -dc '0-9' <"$home/karaf.pid")
# /health answers before every feature is installed: wait for the management API and /scim2 (401 without a token)
for _ in $(seq 1 240); do
  a=$(curl -s -o /dev/null -w '%{http_code}' -u "admin:$GH_ADMIN_PW" "$GH/api/applications" || true)
  s=$(curl -s -o /dev/null -w '%{http_code}' "$GH/scim2/ServiceProviderConfig" || true)
  [ "$a" = 200 ] && [ "$s" = 401 ] && break; sleep 0.5
done
[ "$a" = 200 ] && [ "$s" = 401 ] || { echo "management API ($a) or /scim2 ($s) not ready" >&2; exit 1; }
log "gatehouse: $GH pid $GH_JVM ready in $((SECONDS - t0)) s; $(tr '\0' ' ' <"/proc/$GH_JVM/cmdline" | grep -o -- '-Xm[sx][0-9a-z]*\|-XX:+Use[A-Za-z]*GC' | tr '\n' ' ')"


# ---------------------------------------------------------------- import
python3 "$ROOT/bench/scim/gen-users.py" "$USERS" >"$work/users.csv"
log "import: $USERS users, $(du -h "$work/users.csv" | cut -f1) of CSV ($(head -n 2 "$work/users.csv" | tail -n 1))"
wait_quiet
p0=$(cpu_ticks "$GH_JVM"); t0=$(date +%s%N)
code=$(curl -s -o "$RESULTS_DIR/import.json" -w '%{http_code}' -u "admin:$GH_ADMIN_PW" -X POST -H 'Content-Type: text/csv' \
  --data-binary @"$work/users.csv" "$GH/api/imports?domain=PRIMARY")
t1=$(date +%s%N); p1=$(cpu_ticks "$GH_JVM")
[ "$code" = 200 ] || { echo "import: HTTP $code $(head -c 2000 "$RESULTS_DIR/import.json")" >&2; exit 1; }
created=$(jnum created <"$RESULTS_DIR/import.json"); failed=$(jnum failed <"$RESULTS_DIR/import.json"); took=$(jnum tookMillis <"$RESULTS_DIR/import.json")
[ "$created" = "$USERS" ] || { echo "import: created $created of $USERS: $(head -c 2000 "$RESULTS_DIR/import.json")" >&2; exit 1; }
awk -v n="$created" -v f="$failed" -v ns=$((t1 - t0)) -v took="$took" -v dp=$((p1 - p0)) -v hz="$HZ" -v db="$DB" 'BEGIN{
  s = ns / 1e9; printf "import %s: %d users (%d rejected) in %.1f s = %.0f users/s (server took %d ms); server CPU %.1f s = %.3f ms/user\n",
    db, n, f, s, n / s, took, dp / hz, 1000 * dp / hz / n }' | tee "$RESULTS_DIR/import.txt" | sed 's/^/# /' | tee -a "$RESULTS_DIR/log.txt"

# ---------------------------------------------------------------- SCIM client: an m2m application allowed scim:read
code=$(curl -s -o "$work/app.json" -w '%{http_code}' -u "admin:$GH_ADMIN_PW" -X POST -H 'Content-Type: application/json' \
  -d '{"template":"m2m","client_name":"bench-scim","scope":"scim:read"}' "$GH/api/applications")
[ "$code" = 201 ] || { echo "application: HTTP $code $(cat "$work/app.json")" >&2; exit 1; }
SCIM_ID=$(jget client_id <"$work/app.json"); SCIM_SECRET=$(jget client_secret <"$work/app.json")
token() {
  curl -s -u "$SCIM_ID:$SCIM_SECRET" -d grant_type=client_credentials -d scope=scim:read "$GH/oauth2/token" | jget access_token
}
TOKEN=$(token); [ -n "$TOKEN" ] || { echo "no scim:read token for $SCIM_ID" >&2; exit 1; }
# what each scenario answers, once: a user is found by name and by email, a page has PAGE users
probe() { curl -s -G -H "Authorization: Bearer $TOKEN" "$GH/scim2/Users" "$@"; }
n=$(( (USERS + 1) / 2 ))
r=$(probe --data-urlencode "filter=userName eq \"user$n\"")
[ "$(jnum totalResults <<<"$r")" = 1 ] || { echo "userName filter: $(head -c 500 <<<"$r")" >&2; exit 1; }
r=$(probe --data-urlencode "filter=emails.value eq \"user$n@example.com\"")
[ "$(jnum totalResults <<<"$r")" = 1 ] || { echo "emails.value filter: $(head -c 500 <<<"$r")" >&2; exit 1; }
r=$(probe -d sortBy=userName -d startIndex=$n -d count="$PAGE")
[ "$(jnum itemsPerPage <<<"$r")" = "$(( PAGE < USERS - n + 2 ? PAGE : USERS - n + 2 ))" ] || { echo "paged: $(head -c 500 <<<"$r")" >&2; exit 1; }
log "scim: client $SCIM_ID (m2m, scope scim:read); a user by name is $(probe --data-urlencode "filter=userName eq \"user$n\"" | wc -c) bytes, a page of $PAGE $(wc -c <<<"$r") bytes"

# ---------------------------------------------------------------- runners
RESULTS="$RESULTS_DIR/results.tsv"
echo -e "pass\tserver\tscenario\treq/s\tp50_ms\tp90_ms\tp99_ms\tmax_ms\trequests\tnon2xx\tsockerr\tsrv_cpu\tlg_cpu\tother_cpu\tsys_busy%\tsrv_ms/req\tsrv_rss" >"$RESULTS"
HDRFMT='%-20s %9s %8s %8s %8s %9s %8s %6s %7s %7s %6s %9s %9s %10s %7s\n'

# wrk with query.lua, measured like bench.sh: prints one bench.sh-style line
wrk_run() { # name mode seconds out
  local name=$1 mode=$2 secs=$3 out=$4
  local p0 p1 s0 s1 line
  local me=$BASHPID   # this (sub)shell: wrk, via timeout, is its waited-for child (cutime/cstime)
  read -r c0u c0s < <(sed 's/.*) //' /proc/$me/stat | awk '{print $14, $15}')
  p0=$(cpu_ticks "$GH_JVM"); s0=$(sys_ticks)
  SCIM_MODE=$mode SCIM_USERS=$USERS SCIM_PAGE=$PAGE SCIM_TOKEN=$TOKEN timeout $((secs + 30)) \
    wrk -t"$(( CONNECTIONS < 2 ? CONNECTIONS : 2 ))" -c"$CONNECTIONS" -d"${secs}s" --timeout 10s --latency \
    -s "$ROOT/bench/scim/query.lua" "$GH" >"$out" 2>&1 || true
  p1=$(cpu_ticks "$GH_JVM"); s1=$(sys_ticks)
  read -r c1u c1s < <(sed 's/.*) //' /proc/$me/stat | awk '{print $14, $15}')
  line=$(grep '^WRKSUM' "$out" | tail -1 || true)
  [ -n "$line" ] || { echo "$name FAILED (see $out)"; return; }
  # shellcheck disable=SC2086
  set -- $line
  awk -v name="$name" -v reqs="$2" -v s="$3" -v non="$4" -v sock="$5" -v p50="$6" -v p90="$7" -v p99="$8" -v max="$9" \
      -v dp=$((p1 - p0)) -v dl=$(( (c1u + c1s) - (c0u + c0s) )) -v hz="$HZ" -v n="$NCPU" -v s0="$s0" -v s1="$s1" \
      -v rss="$(awk '/^VmRSS/{printf "%dM", $2/1024}' /proc/"$GH_JVM"/status)" 'BEGIN{
    split(s0,a," "); split(s1,b," "); t=b[1]-a[1]; i=b[2]-a[2]; busy=(t>0)?100*(t-i)/t:0
    rps=(s>0)?reqs/s:0; srv=dp/hz/s; lg=dl/hz/s; o=busy/100*n-srv-lg; if(o<0)o=0
    printf "%-20s %9.1f %8.3f %8.3f %8.3f %9.3f %8d %6d %7d %7.2f %6.2f %9.2f %9s %10.3f %7s\n",
      name, rps, p50, p90, p99, max, reqs, non, sock, srv, lg, o, sprintf("%.0f%%", busy), (rps>0)?1000*srv/rps:0, rss }'
}

record() { # pass < bench.sh-style lines
  local line
  while IFS= read -r line; do
    case "$line" in ""|*FAILED*) [ -n "$line" ] && echo "   $line"; continue;; esac
    echo "   $line"
    printf '%s\t%s\t%s\n' "$P" gatehouse "$(tr -s ' ' '\t' <<<"$line")" >>"$RESULTS"
  done
}

for P in $(seq 1 "$PASSES"); do
  d="$RESULTS_DIR/pass$P"; mkdir -p "$d"
  echo "== pass $P/$PASSES ($(date -u +%T), load $(cut -d' ' -f1 /proc/loadavg))"
  printf "   $HDRFMT" scenario req/s p50_ms p90_ms p99_ms max_ms requests non2xx sockerr srv_cpu lg_cpu other_cpu sys_busy% srv_ms/req srv_rss
  for sc in $SCENARIOS; do
    case $sc in
      by_username) mode=username ;;
      by_email) mode=email ;;
      paged) mode=paged ;;
      *) echo "   unknown scenario $sc"; continue ;;
    esac
    TOKEN=$(token); [ -n "$TOKEN" ] || { echo "no token" >&2; exit 1; }
    [ "$WARMUP" -gt 0 ] && wrk_run "$sc" "$mode" "$WARMUP" "$d/$sc.warmup.txt" >/dev/null
    wait_quiet
    wrk_run "$sc" "$mode" "$DURATION" "$d/$sc.wrk.txt" | record
  done
done

# ---------------------------------------------------------------- summary: medians over the passes after the warm-up ones
first=$((WARM_PASSES + 1))
echo
echo "$(cat "$RESULTS_DIR/import.txt")"
echo "medians over passes $first..$PASSES (c$CONNECTIONS, ${DURATION} s runs, $USERS users, $DB):"
"$ROOT/bench/oauth2/summary.sh" "$RESULTS" "$first" | tee "$RESULTS_DIR/summary.txt"
"$ROOT/bench/oauth2/summary.sh" "$RESULTS" "$first" md >"$RESULTS_DIR/summary.md"
echo "# every run: $RESULTS; markdown: $RESULTS_DIR/summary.md; raw output: $RESULTS_DIR"
