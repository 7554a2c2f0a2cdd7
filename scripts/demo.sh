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
"$dwb" predict "$run/model.pt" "$demo/images" --out "$demo/predictions"
echo
echo "Predicted masks and scores are in $demo/predictions; open the workbench with a display"
echo "(make demo) to browse, edit and review them."
