#!/usr/bin/env bash
# Installs the Debian packages that building, testing and running afterglow need. Idempotent: when
# everything is present it installs nothing.
#   scripts/setup.sh [--verbose]           the build, test and run packages
#   scripts/setup.sh --bench-material      what scripts/bench-render.sh makes its test material with
#   scripts/setup.sh --test                the above plus what only the tests use (scripts/test.sh)
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libsndfile1-dev libsamplerate0-dev libyaml-cpp-dev libfmt-dev libcli11-dev
  librtaudio-dev librtmidi-dev liblo-dev liblo-tools jackd2 libjack-jackd2-dev
  libconcurrentqueue-dev libreaderwriterqueue-dev libkissfft-dev libxxhash-dev nlohmann-json3-dev zlib1g-dev libpng-dev
  libgtest-dev libgmock-dev libbenchmark-dev libclang-rt-19-dev
  sox
)
# Only the tests need these: headless Chromium renders the contact sheet (the browser acceptance check).
TEST_PACKAGES=(chromium)
if [ "${1:-}" = "--test" ]; then
  PACKAGES+=("${TEST_PACKAGES[@]}")
fi
if [ "${1:-}" = "--bench-material" ]; then
  PACKAGES=(fluidsynth fluid-soundfont-gm openttd-openmsx sonic-pi-samples sox time bc)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  [ "${1:-}" = "--verbose" ] && echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "setup: these packages are missing and I am not root and have no sudo:" >&2
    echo "  ${missing[*]}" >&2
    echo "setup: install them as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
