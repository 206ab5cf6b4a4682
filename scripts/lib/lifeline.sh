# Sourced by kmem's scripts, first thing: nothing a script starts outlives it.
#
# lifeline_tie "$@"   re-executes the script under `setpriv --pdeathsig TERM`, so it gets
#                     SIGTERM when whatever started it dies, even by SIGKILL (as ctest ends
#                     a case at its TIMEOUT). A program the script `exec`s keeps that.
# lifeline_run CMD..  runs CMD (stdin kept) with the same tie to this script, waits, and
#                     returns its status. While it runs, the script answers signals at once.
# lifeline_spawn CMD.. the same without waiting (LIFELINE_PID).
# On exit, SIGTERM, SIGINT or SIGHUP, whatever lifeline_run started and is still running
# gets SIGTERM, and SIGKILL 3 s later. Set LIFELINE_CLEANUP to a command to run first.

LIFELINE_PIDS=()

lifeline_tie() {
  if [ "${KMEM_LIFELINE:-}" != "$$" ]; then
    export KMEM_LIFELINE=$$ # exec keeps the pid: the re-executed script skips this
    exec setpriv --pdeathsig TERM -- bash "$0" "$@"
  fi
  trap 'lifeline_exit' EXIT
  trap 'exit 143' TERM
  trap 'exit 130' INT
  trap 'exit 129' HUP
}

lifeline_exit() {
  local status=$?
  trap - EXIT TERM INT HUP
  eval "${LIFELINE_CLEANUP:-:}"
  local live=()
  for pid in "${LIFELINE_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null && live+=("$pid")
  done
  for _ in 1 2 3 4 5 6; do
    [ ${#live[@]} -gt 0 ] || break
    local still=()
    for pid in "${live[@]}"; do kill -0 "$pid" 2>/dev/null && still+=("$pid"); done
    live=("${still[@]}")
    [ ${#live[@]} -gt 0 ] && sleep 0.5
  done
  for pid in "${live[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  exit "$status"
}

lifeline_run() {
  setpriv --pdeathsig TERM -- "$@" <&0 &
  local pid=$!
  LIFELINE_PIDS+=("$pid")
  wait "$pid"
}

# lifeline_spawn CMD..: as lifeline_run, but does not wait; the pid is in LIFELINE_PID.
lifeline_spawn() {
  setpriv --pdeathsig TERM -- "$@" <&0 &
  LIFELINE_PID=$!
  LIFELINE_PIDS+=("$LIFELINE_PID")
}
