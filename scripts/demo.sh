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
