#!/usr/bin/env bash
# Installs the Debian packages Defect Workbench needs. Idempotent: when every package is
# already present it returns at once without touching apt.
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config
    qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    libqt6svg6  # the SVG image and icon plugins: the icons are SVG
    libqcustomplot-dev
    libtorch-dev
    libgloo-dev  # the headers torch's c10d Gloo process group includes: data-parallel training
    libdnnl-dev  # oneDNN's headers: the fused inference engine (the library torch already uses)
    libopencv-dev  # with the DNN module: the ONNX runtime that checks and runs exported models
    libonnx-dev  # building and checking the exported ONNX graph
    nlohmann-json3-dev  # model.json of an exported model, COCO files
    libyaml-cpp-dev  # YOLO's data.yaml
    libsqlite3-dev
    libgtest-dev
    libfuzzer-14-dev  # the engine of the fuzz targets (fuzz/)
    xvfb xauth
    jq  # the CLI tests read the JSON output with it
    sqlite3  # and look into the project files
    python3  # and read exported COCO files with an independent RLE decoder
)
# Driving and capturing the real window, for `make screenshots` only.
if [ "${DWB_SCREENSHOT_DEPS:-0}" = 1 ]; then
    packages+=(xdotool imagemagick)
fi
# The Python peer for `make bench` only.
if [ "${DWB_BENCH_DEPS:-0}" = 1 ]; then
    packages+=(python3-torch python3-opencv python3-numpy)
fi

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing ${#missing[@]} missing package(s): ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "error: need root or sudo to install packages" >&2; exit 1; }
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
