# kept_run HIDE COMMAND...: runs COMMAND with its output shown, less the lines matching HIDE
# (a grep regex: records meant for a decoder), and kept whole in $KEPT_LOG (a temporary
# file, removed when the script ends). Its exit status is left in KEPT_STATUS. For the
# --trace options, which decode the kept output once the command has ended.
kept_run() {
  local hide=$1
  shift
  KEPT_LOG=$(mktemp)
  LIFELINE_CLEANUP="rm -f '$KEPT_LOG'"
  set +e
  "$@" | tee "$KEPT_LOG" | grep --line-buffered -v -- "$hide"
  KEPT_STATUS=${PIPESTATUS[0]}
  set -e
}
