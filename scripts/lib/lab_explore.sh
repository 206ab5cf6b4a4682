# Sourced by scripts/run in lab mode: the file on the schedule explorer (tests/explore), in
# a host build tree of its own beside the kernel's. Sets LAB_EXPLORER to the binary.

# lab_explore_build FILE FLAGS DIR: builds explore_lab_user for FILE in DIR; 1 with the end
# of the log on stderr if the file does not build for the host.
lab_explore_build() {
  local file=$1 flags=$2 dir=$3
  mkdir -p "$dir"
  if ! { (cd "$here/.." && cmake -S . -B "$dir" -G Ninja -DCMAKE_C_COMPILER=clang \
           -DKMEM_HOST_SANITIZER=thread -DKMEM_EXPLORE_LAB="$file" \
           -DKMEM_EXPLORE_LAB_FLAGS="$flags") &&
         cmake --build "$dir" --target explore_lab_user; } >"$dir/build.log" 2>&1; then
    echo "scripts/run: building your kalloc.c for the schedule explorer failed; the end of $dir/build.log:" >&2
    tail -n 30 "$dir/build.log" | sed "s#$dir/tests/explore/explore_lab_user-kalloc.c#$file#g" >&2
    return 1
  fi
  LAB_EXPLORER="$dir/tests/explore/explore_lab_user"
}
