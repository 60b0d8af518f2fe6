#!/usr/bin/env bash
# Benchmark: `afterglow render` of the full texture set with scenes/afterglow-compatible.yaml on ~11
# minutes of 44.1 kHz stereo material (issue 5, acceptance 6; figures in docs/performance.md).
#
# The material has the shape of the Python original's baseline run: three tracks of 3.6–3.8 min (General
# MIDI pieces from openttd-openmsx rendered by fluidsynth with FluidR3_GM, two pieces joined per track)
# used as both source_audio and pad_sources (one source each, role `any`), and three drum loops
# (sonic-pi-samples; sox-made ones when that package is missing) as drums.
#
# Usage: scripts/bench-render.sh [--runs N] [--jobs N] [--work DIR] [--no-build] [--no-phases] [--bin B]
#   --runs N      cold and warm runs of the whole set (default 3; report the best and the spread)
#   --jobs N      afterglow render --jobs (default: its own default, the number of cores)
#   --work DIR    where the material, the scene and the exports go (default $TMPDIR/afterglow-bench-render)
#   --no-build    use build/bench-render/afterglow as it is
#   --no-phases   skip the per-phase runs
#   --bin B       time another afterglow binary (e.g. an older commit's build) instead; implies --no-build
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=3
JOBS=""
WORK="${TMPDIR:-/tmp}/afterglow-bench-render"
BUILD=1
PHASES=1
BIN=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --jobs) JOBS="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --no-phases) PHASES=0; shift ;;
    --bin) BIN="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; BUILD=0; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "bench-render: unknown argument $1" >&2; exit 2 ;;
  esac
done

# --- tools -------------------------------------------------------------------------------------------
"$ROOT/scripts/setup.sh"
# The material's packages; without them (no root, no sudo) the checks below say what is missing, and
# the drum loops fall back to sox-made ones.
"$ROOT/scripts/setup.sh" --bench-material ||
  echo "bench-render: could not install the material's packages; using what is installed" >&2
SOUNDFONT=/usr/share/sounds/sf2/FluidR3_GM.sf2
MIDI_DIR=/usr/share/games/openttd/baseset/openmsx
LOOPS_DIR=/usr/share/sonic-pi/samples
for tool in fluidsynth sox; do
  command -v "$tool" >/dev/null || { echo "bench-render: $tool is missing" >&2; exit 1; }
done
[ -f "$SOUNDFONT" ] || { echo "bench-render: $SOUNDFONT is missing (fluid-soundfont-gm)" >&2; exit 1; }

# --- material ----------------------------------------------------------------------------------------
# track name, its two pieces, its length in seconds (3.6–3.8 min; 11 min 4 s in all)
TRACKS=(
  "track1 relax_song slow_neasy_redfarn 220"
  "track2 harp_harmony tttheme2 226"
  "track3 midnight_snow_run wood_whistles 218"
)
MATERIAL="$WORK/material"
mkdir -p "$MATERIAL/tracks" "$MATERIAL/drums" "$MATERIAL/midi"
for spec in "${TRACKS[@]}"; do
  read -r name first second seconds <<<"$spec"
  out="$MATERIAL/tracks/$name.wav"
  [ -f "$out" ] && continue
  for piece in "$first" "$second"; do
    mid="$MIDI_DIR/$piece.mid"
    [ -f "$mid" ] || { echo "bench-render: $mid is missing (openttd-openmsx)" >&2; exit 1; }
    [ -f "$MATERIAL/midi/$piece.wav" ] ||
      fluidsynth -ni -q -F "$MATERIAL/midi/$piece.wav" -r 44100 -g 0.3 "$SOUNDFONT" "$mid" >/dev/null
  done
  # Made beside the MIDI renders and moved in whole: a half-written file in tracks/ would be a source.
  sox "$MATERIAL/midi/$first.wav" "$MATERIAL/midi/$second.wav" -r 44100 -c 2 -b 16 \
    "$MATERIAL/midi/$name.tmp.wav" trim 0 "$seconds"
  mv "$MATERIAL/midi/$name.tmp.wav" "$out"
done

DRUM_LOOPS=(loop_amen_full loop_breakbeat loop_compus)
for i in 0 1 2; do
  out="$MATERIAL/drums/drums$((i + 1)).wav"
  [ -f "$out" ] && continue
  flac="$LOOPS_DIR/${DRUM_LOOPS[$i]}.flac"
  tmp="$MATERIAL/midi/drums$((i + 1)).tmp.wav"
  if [ -f "$flac" ]; then
    sox "$flac" -r 44100 -c 2 -b 16 "$tmp"
  else
    # sonic-pi-samples missing: an 8 s noise-burst loop at 90, 115 or 140 bpm instead
    bpm=$((90 + 25 * i))
    sox -n -r 44100 -c 2 -b 16 "$tmp" synth 0.08 whitenoise fade 0 0.08 0.07 \
      pad 0 "$(echo "scale=4; 60 / $bpm - 0.08" | bc)" repeat $((8 * bpm / 60 - 1)) vol 0.5
  fi
  mv "$tmp" "$out"
done

# The shipped config unchanged, pointed at the material.
SCENE="$MATERIAL/scene.yaml"
{
  cat "$ROOT/scenes/afterglow-compatible.yaml"
  printf '\nsources:\n  - {path: tracks, role: any}\n  - {path: drums, role: drums}\n'
} >"$SCENE"

echo "material:"
for f in "$MATERIAL"/tracks/*.wav "$MATERIAL"/drums/*.wav; do
  printf '  %-40s %7.1f s  %s Hz  %s ch\n' "${f#"$MATERIAL"/}" "$(soxi -D "$f")" "$(soxi -r "$f")" "$(soxi -c "$f")"
done

# --- build -------------------------------------------------------------------------------------------
[ -n "$BIN" ] || BIN="$ROOT/build/bench-render/afterglow"
if [ "$BUILD" = 1 ]; then
  cmake -S "$ROOT" -B "$ROOT/build/bench-render" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$ROOT/build/bench-render" --target afterglow -j2
fi
[ -x "$BIN" ] || { echo "bench-render: $BIN is missing (run without --no-build)" >&2; exit 1; }

# --- runs --------------------------------------------------------------------------------------------
JOB_ARGS=()
[ -n "$JOBS" ] && JOB_ARGS=(--jobs "$JOBS")

# run LABEL EXPORT_ROOT OUT [render args...]: one timed render; prints "LABEL wall user+sys peak_rss_mb".
# A fresh export root has no analysis cache (AFTERGLOW_EXPORT_ROOT/.afterglow-cache): "cold". The second
# run on the same root is "warm" (the material and the binary in the page cache; render itself analyses
# every time, so there is no analysis cache for it to reuse).
run() {
  local label="$1" root="$2" out="$3"
  shift 3
  local log="$WORK/logs/$label.log" stats="$WORK/logs/$label.time"
  rm -rf "$out"
  mkdir -p "$root" "$WORK/logs"
  if ! AFTERGLOW_EXPORT_ROOT="$root" /usr/bin/time -f '%e %U %S %M' -o "$stats" \
    "$BIN" render --scene "$SCENE" --out "$out" "${JOB_ARGS[@]}" "$@" >"$log" 2>&1; then
    echo "bench-render: $label failed, see $log" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  read -r wall user sys rss <"$stats"
  printf '%-14s wall %6.2f s   user+sys %6.2f s   peak RSS %5d MB\n' "$label" "$wall" \
    "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
}

if [ ! -x /usr/bin/time ]; then
  echo "bench-render: /usr/bin/time is missing (Debian package 'time')" >&2
  exit 1
fi

echo
echo "afterglow render --scene $SCENE ${JOB_ARGS[*]} (both layouts, every phase), $RUNS runs:"
for r in $(seq 1 "$RUNS"); do
  root="$WORK/run$r"
  rm -rf "$root"
  run "cold-$r" "$root" "$root/out"
  run "warm-$r" "$root" "$root/out"
done
grep -h "files, .* kit samples" "$WORK/logs/cold-1.log" || true

if [ "$PHASES" = 1 ]; then
  echo
  echo "the analysis alone (render analyses every run; it reads no analysis cache), then each phase alone"
  echo "(each includes that analysis and writes both layouts):"
  root="$WORK/run1"
  for r in $(seq 1 "$RUNS"); do
    stats="$WORK/logs/analysis-$r.time"
    AFTERGLOW_EXPORT_ROOT="$root" /usr/bin/time -f '%e %U %S %M' -o "$stats" \
      "$BIN" analyze --scene "$SCENE" --rate 44100 --no-cache "${JOB_ARGS[@]}" >/dev/null 2>&1
    read -r wall user sys rss <"$stats"
    printf '%-14s wall %6.2f s   user+sys %6.2f s   peak RSS %5d MB\n' "analysis-$r" "$wall" \
      "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
    for phase in pads drones clouds hiss; do
      run "$phase-$r" "$root" "$root/out-$phase" --phases "$phase"
    done
  done
fi
