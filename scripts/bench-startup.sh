#!/usr/bin/env bash
# Benchmark: how soon `afterglow live` sounds with a 30-minute archive (issue 6, acceptance 7; figures in
# docs/performance.md). Targets: first non-silent output within 2 s of launch with a warm analysis
# cache, within 5 s with a cold one (while the rest of the archive is still being analysed).
#
# The archive: six 5-minute 48 kHz 16-bit stereo files made by sox (two sine partials over pink noise,
# each with its own tremolo), one folder bound to every layer as `pads`. The live run uses the offline
# backend paced to realtime (no sound card needed) and the summary's "first sound" line: seconds from
# launch to the first block whose master peak is above zero.
#
# Usage: scripts/bench-startup.sh [--runs N] [--work DIR] [--no-build] [--bin B]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=3
WORK="${TMPDIR:-/tmp}/afterglow-bench-startup"
BUILD=1
BIN=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --bin) BIN="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; BUILD=0; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "bench-startup: unknown argument $1" >&2; exit 2 ;;
  esac
done

"$ROOT/scripts/setup.sh"
if [ -z "$BIN" ]; then
  BIN="$ROOT/build/bench-startup/afterglow"
  if [ "$BUILD" = 1 ]; then
    cmake -S "$ROOT" -B "$ROOT/build/bench-startup" -G Ninja -DCMAKE_BUILD_TYPE=Release -DAFTERGLOW_BUILD_TESTS=OFF -DAFTERGLOW_BUILD_BENCHMARKS=OFF >/dev/null
    cmake --build "$ROOT/build/bench-startup" --target afterglow -j 2
  fi
fi

mkdir -p "$WORK/archive"
for i in 1 2 3 4 5 6; do
  f="$WORK/archive/take$i.wav"
  [ -f "$f" ] && continue
  hz=$((110 * i))
  sox -n -r 48000 -c 2 -b 16 "$f" synth 300 sine "$hz" sine $((hz * 3 / 2)) pinknoise tremolo "0.$i" 40 gain -12
done
cat > "$WORK/scene.yaml" <<'YAML'
engine: {sample_rate: 48000, block_size: 256, backend: offline, seed: 7}
sources:
  - {path: archive, role: pads}
layers:
  - {type: drone, name: drone1, sources: [pads], level: 0.8}
  - {type: cloud, name: cloud1, sources: [pads], level: 0.7}
  - {type: hiss, name: hiss1, sources: [pads], level: 0.3}
YAML

first_sound() {  # one live run; prints its "first sound" seconds
  "$BIN" live --scene "$WORK/scene.yaml" --seconds 6 --no-status --out "$WORK/export" 2>/dev/null |
    sed -n 's/^  first sound: *\([0-9.]*\) s after launch/\1/p'
}

echo "archive: $(ls "$WORK/archive" | wc -l) files, $(du -sh "$WORK/archive" | cut -f1); binary: $BIN"
for run in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/export"
  cold=$(first_sound)
  warm=$(first_sound)
  echo "run $run: first sound cold ${cold:-none} s, warm ${warm:-none} s (load average $(cut -d' ' -f1 /proc/loadavg))"
done
