#!/usr/bin/env bash
# The first of the two commands: installs what is missing, builds (Release), and runs `afterglow`.
# With no arguments it runs the main job: renders the embedded default material into ./export.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build/release" Release -DAFTERGLOW_BUILD_TESTS=OFF >&2
bin="$root/build/release/afterglow"
if [ $# -eq 0 ]; then
  # The main job on the embedded default: validate the default scene, then render its demo material
  # into ./export in both layouts (the afterglow tree + manifest.csv, and the TR-8S kit).
  "$bin" check "$root/scenes/default.yaml"
  exec "$bin" render --scene "$root/scenes/default.yaml" --out "$PWD/export"
fi
exec "$bin" "$@"
