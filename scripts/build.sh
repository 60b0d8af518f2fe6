#!/usr/bin/env bash
# Configures (once) and builds one build tree incrementally.
#   scripts/build.sh DIR BUILD_TYPE [extra cmake args...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$1"; type="$2"; shift 2
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
fi
jobs="${AFTERGLOW_JOBS:-$(nproc)}"
cmake --build "$dir" -j "$jobs"
