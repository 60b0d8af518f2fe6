#!/usr/bin/env bash
# The second of the two commands: installs what is missing, builds with assertions and every warning
# an error, and runs every test through ctest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
build="$root/build/test"
"$root/scripts/build.sh" "$build" RelWithDebInfo -DAFTERGLOW_WERROR=ON -DCMAKE_CXX_FLAGS="-UNDEBUG"
cd "$build"
ctest --output-on-failure -j "${AFTERGLOW_JOBS:-$(nproc)}" --timeout 600 "$@"
