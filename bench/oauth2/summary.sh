#!/usr/bin/env bash
# summary.sh RESULTS.tsv[,MORE.tsv...] [FIRST_PASS] [md] - medians per server and scenario over the
# passes >= FIRST_PASS (default 2: pass 1 warms the JIT) of the runs bench/oauth2.sh recorded (of
# one or several invocations, comma-separated), and Gatehouse's server CPU per request relative to
# Keycloak's. With "md", a Markdown table.
set -euo pipefail
IFS=, read -r -a files <<<"$1"; first=${2:-2}; fmt=${3:-text}
awk -F'\t' -v first="$first" -v fmt="$fmt" '
  function median(s,   a, n, i, j, t) { n = split(s, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  function range(s,   a, n, i, lo, hi) { n = split(s, a, " "); lo = hi = a[1]
    for (i = 2; i <= n; i++) { if (a[i] + 0 < lo + 0) lo = a[i]; if (a[i] + 0 > hi + 0) hi = a[i] }
    return (n > 1) ? sprintf("%.3g-%.3g", lo, hi) : sprintf("%.3g", lo) }
  FNR > 1 && $1 + 0 >= first { k = $2 SUBSEP $3; if (!(($3) in seen)) { seen[$3] = 1; order[++n] = $3 }
    rps[k] = rps[k] " " $4; p50[k] = p50[k] " " $5; p99[k] = p99[k] " " $7; ms[k] = ms[k] " " $16
    oth[k] = oth[k] " " $14; err[k] += $10 + $11; runs[k]++ }
  END {
    if (fmt == "md") {
      print "| scenario | server | server CPU ms/request (runs) | req/s | p50 ms | p99 ms | other_cpu | Gatehouse / Keycloak CPU |"
      print "| --- | --- | --- | --- | --- | --- | --- | --- |"
    } else printf "%-20s %-10s %4s %11s %-17s %9s %9s %9s %9s %6s  %s\n", "scenario", "server", "runs", "srv_ms/req", "(range)", "req/s", "p50_ms", "p99_ms", "other_cpu", "errors", "gatehouse/keycloak"
    for (i = 1; i <= n; i++) { sc = order[i]; delete m
      for (s = 1; s <= 2; s++) { sv = (s == 1) ? "gatehouse" : "keycloak"; k = sv SUBSEP sc; if (!runs[k]) continue; m[sv] = median(ms[k]) }
      ratio = ("gatehouse" in m && "keycloak" in m && m["keycloak"] > 0) ? sprintf("%.2f (Keycloak %.1fx)", m["gatehouse"] / m["keycloak"], m["keycloak"] / m["gatehouse"]) : ""
      for (s = 1; s <= 2; s++) { sv = (s == 1) ? "gatehouse" : "keycloak"; k = sv SUBSEP sc; if (!runs[k]) continue
        if (fmt == "md") printf "| %s | %s | **%.3f** (%s) | %.0f | %.1f | %.1f | %.2f | %s |\n", sc, (sv == "gatehouse") ? "Gatehouse" : "Keycloak", m[sv], range(ms[k]), median(rps[k]), median(p50[k]), median(p99[k]), median(oth[k]), (sv == "gatehouse") ? ratio : ""
        else printf "%-20s %-10s %4d %11.3f %-17s %9.1f %9.2f %9.2f %9.2f %6d  %s\n", sc, sv, runs[k], m[sv], "(" range(ms[k]) ")", median(rps[k]), median(p50[k]), median(p99[k]), median(oth[k]), err[k], (sv == "keycloak") ? ratio : "" } }
  }' "${files[@]}"
