# Sourced by kmem's scripts: option checks that print the script's usage and exit 2.
# The script sets SCRIPT (its name, for messages) and defines usage().

# need_value "$@" (inside the option loop): $1 must be followed by a value.
need_value() {
  if [ $# -lt 2 ]; then
    echo "$SCRIPT: $1 needs a value" >&2
    usage >&2
    exit 2
  fi
}

# bad_value OPTION VALUE WHAT: report a malformed value, print usage, exit 2.
bad_value() {
  echo "$SCRIPT: $1 takes $3, not '$2'" >&2
  usage >&2
  exit 2
}

# need_number OPTION VALUE [MIN]: a decimal number, at least MIN (default 0).
need_number() {
  [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge "${3:-0}" ] || bad_value "$1" "$2" "a number${3:+ of at least $3}"
}

# need_size OPTION VALUE: a QEMU memory size such as 128M or 1G.
need_size() {
  [[ "$2" =~ ^[1-9][0-9]*[KMGT]?$ ]] || bad_value "$1" "$2" "a size such as 128M or 1G"
}

# need_one_of OPTION VALUE CHOICE...: one of the choices.
need_one_of() {
  local opt=$1 value=$2
  shift 2
  for choice in "$@"; do [ "$value" = "$choice" ] && return 0; done
  bad_value "$opt" "$value" "one of: $*"
}

# unknown_option OPTION: the option is not the script's.
unknown_option() {
  echo "$SCRIPT: unknown option '$1'" >&2
  usage >&2
  exit 2
}
