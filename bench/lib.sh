# Shared by the bench/*.sh scripts (sourced, not run): small helpers for ports, JSON fields, logging
# and CPU accounting from /proc. log needs RESULTS_DIR; wait_quiet needs QUIET_BUSY_MAX and QUIET_WAIT.

HZ=$(getconf CLK_TCK); NCPU=$(nproc)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
jget() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p"; }
jnum() { sed -n "s/.*\"$1\" *: *\\([0-9][0-9]*\\).*/\\1/p"; }
log() { echo "# $*" | tee -a "$RESULTS_DIR/log.txt"; }

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }                                  # a process's user+system ticks
sys_ticks() { awk '/^cpu /{t=0; for(i=2;i<=NF;i++) t+=$i; print t, $5+$6}' /proc/stat; } # machine: total and idle ticks
busy_pct() { # machine CPU busy % over 2 s
  local a b; a=$(sys_ticks); sleep 2; b=$(sys_ticks)
  awk -v a="$a" -v b="$b" 'BEGIN{split(a,x," "); split(b,y," "); t=y[1]-x[1]; i=y[2]-x[2]; printf "%d", (t>0)?100*(t-i)/t:0}'
}
# waits until the machine is quiet (busy <= QUIET_BUSY_MAX %), at most QUIET_WAIT seconds
wait_quiet() { local s=$SECONDS; while [ "$(busy_pct)" -gt "$QUIET_BUSY_MAX" ] && [ $((SECONDS - s)) -lt "$QUIET_WAIT" ]; do :; done; }
