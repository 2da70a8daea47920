#!/usr/bin/env bash
# jfr-top.sh FILE.jfr [N] - summarize the CPU samples (jdk.ExecutionSample) of a JFR recording:
# top-of-stack methods, the innermost org.gatehouse frame of each sample, and the most frequent
# frames anywhere on the stack (inclusive) - enough to see what a hot path spends its time on.
set -euo pipefail
f=$1; n=${2:-15}
jfr print --stack-depth 64 --events jdk.ExecutionSample "$f" | awk -v N="$n" '
  function top(arr, title,   k, cmd) { print "== " title; cmd = "sort -rn | head -" N
    for (k in arr) printf "%6d %5.1f%%  %s\n", arr[k], 100 * arr[k] / samples, k | cmd; close(cmd) }
  /stackTrace = \[/ { s = 1; first = ""; gh = ""; delete seen; next }
  s && /^[ \t]*\]/ { s = 0; samples++; t[first]++; g[gh == "" ? "(no org.gatehouse frame)" : gh]++; next }
  s { l = $0; sub(/^[ \t]+/, "", l); sub(/\(.*$/, "", l); if (first == "") first = l
      if (gh == "" && l ~ /^org\.gatehouse\./) gh = l
      if (!(l in seen)) { seen[l] = 1; inc[l]++ } }
  END { print "samples: " samples; top(t, "top of stack"); top(g, "innermost org.gatehouse frame")
        for (k in inc) if (k ~ /^org\.gatehouse\./) own[k] = inc[k]
          else if (k ~ /^(java\.security\.Signature\.|javax\.crypto|sun\.security\.(ec|rsa|provider)|org\.bouncycastle\.(crypto|math\.ec\.(ECCurve|FixedPoint|AbstractEC|WNaf))|org\.h2\.command|com\.fasterxml\.jackson\.databind\.ObjectMapper\.)/) lib[k] = inc[k]
        top(own, "inclusive: org.gatehouse frames anywhere on the stack")
        top(lib, "inclusive: crypto, H2, Jackson frames anywhere on the stack") }'
