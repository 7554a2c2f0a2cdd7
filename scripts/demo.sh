#!/usr/bin/env bash
# Generates the demo project once and opens it in the workbench; without a display it runs
# the demo pipeline in the command-line tool instead.
set -euo pipefail
build=${1:-build/release}
demo=${2:-build/demo}
dwb="$build/app/dwb"
gui="$build/app/defect-workbench"

if [ ! -f "$demo/demo.dwb" ]; then
    "$dwb" demo --out "$demo"
fi

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$gui" ]; then
    exec "$gui" "$demo/demo.dwb"
fi

echo "No display found: running the demo pipeline in the command-line tool instead."
echo
"$dwb" info "$demo/demo.dwb"
echo
# A one-minute training run on the demo data, its test metrics with the calibrated thresholds,
# and its predictions on the demo images: the loop the workbench does, in the terminal.
"$dwb" train "$demo/demo.dwb" --minutes 1
echo
"$dwb" eval "$demo/demo.dwb" --split test
run=$(ls -d "$demo/demo.runs"/run-* | sort -t- -k2 -n | tail -n 1)
echo
"$dwb" predict "$run/model.pt" "$demo/images" --out "$demo/predictions" --overlays
echo
# Guided crop: real defects cut out by their masks and pasted onto defect-free images. The
# project keeps what it generated, so a second demo run leaves the first set as it is.
if [ ! -f "$demo/guided-crop/provenance.json" ]; then
    "$dwb" augment "$demo/demo.dwb" --count 24 --out "$demo/guided-crop"
    echo
fi
echo "Predicted masks and scores are in $demo/predictions (each image with its predictions"
echo "outlined in $demo/predictions/overlays), guided-crop samples with their provenance in"
echo "$demo/guided-crop; open the workbench with a display (make demo) to browse, edit and review"
echo "them."
