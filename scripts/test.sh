#!/usr/bin/env bash
# The second of the two commands: installs what is missing, builds the realtime-sanitizer tree and runs
# the realtime proof under it (design.md §4), then builds with assertions and every warning an error
# and runs every test through ctest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="${AFTERGLOW_JOBS:-$(nproc)}"
"$root/scripts/setup.sh" --test

rtsan="$root/build/rtsan"
if [ ! -f "$rtsan/build.ninja" ]; then
  cmake -S "$root" -B "$rtsan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAFTERGLOW_RTSAN=ON \
    -DAFTERGLOW_WERROR=ON -DAFTERGLOW_BUILD_BENCHMARKS=OFF -DCMAKE_CXX_FLAGS="-UNDEBUG" >/dev/null
fi
cmake --build "$rtsan" --target afterglow_tests_realtime -j "$jobs"
(cd "$rtsan" && ctest --output-on-failure -L realtime --timeout 900)

build="$root/build/test"
"$root/scripts/build.sh" "$build" RelWithDebInfo -DAFTERGLOW_WERROR=ON -DCMAKE_CXX_FLAGS="-UNDEBUG"
cd "$build"
ctest --output-on-failure -j "$jobs" --timeout 600 "$@"
