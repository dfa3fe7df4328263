#!/usr/bin/env bash
# Installs the Debian 12 packages Callgate needs to build, run and test, if any are missing.
set -euo pipefail

packages=(
  cmake ninja-build g++ ccache pkg-config git
  qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6sql6-sqlite libqt6sql6-psql postgresql libgl-dev
  libssl-dev portaudio19-dev libopus-dev libopusenc-dev libasound2-plugins pulseaudio-utils
  xvfb xauth imagemagick curl fonts-dejavu-core opus-tools xdotool
  nginx-light openssl          # the operator link over TLS, as the README sets it up
  clang libclang-rt-14-dev   # the fuzz targets (libFuzzer, ASan, UBSan)
  clang-format python3       # the house rules checked with the tests (format, include graph)
  chromium                   # the caller's app page, tested in a real browser (headless, DevTools protocol)
)
# The headset goes through PulseAudio (or PipeWire's PulseAudio service, which a desktop already
# runs: then nothing is installed that would replace it). Tests use its null sinks.
if ! pactl info >/dev/null 2>&1 && ! dpkg-query -W -f='${Status}' pipewire-pulse 2>/dev/null | grep -q "install ok installed"; then
  packages+=(pulseaudio)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
