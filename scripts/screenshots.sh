#!/usr/bin/env bash
# Screenshots of every page of the workbench as a user sees it: the real application in a
# virtual X server (Xvfb), driven by keys and the mouse through xdotool, captured from the
# screen (ImageMagick's import), not rendered offscreen. The demo project is trained for a
# minute and evaluated first, so the Train and Review pages have something to show.
# Usage: scripts/screenshots.sh [BUILD_DIR] [OUT_DIR]   (defaults build/release, build/screenshots)
set -euo pipefail
build=${1:-build/release}
out=${2:-build/screenshots}
dwb="$build/app/dwb"
gui="$build/app/defect-workbench"
for tool in Xvfb xdotool import; do
    if ! command -v "$tool" >/dev/null; then
        echo "error: $tool is missing (scripts/install-deps.sh installs it)" >&2
        exit 1
    fi
done

work="$out/work"
rm -rf "$work"
mkdir -p "$work"
echo "Preparing the demo project (one minute of training, then evaluation)..."
"$dwb" demo --out "$work" --count 80 >/dev/null
"$dwb" train "$work/demo.dwb" --minutes 1 >/dev/null
"$dwb" eval "$work/demo.dwb" --split test >/dev/null

display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp &
xvfb=$!
app=
cleanup() {
    [ -n "$app" ] && kill "$app" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
export DISPLAY=$display
for _ in $(seq 50); do
    xdotool getmouselocation >/dev/null 2>&1 && break
    sleep 0.1
done

# A fresh settings folder: the window opens as a new user's would.
XDG_CONFIG_HOME="$work/config" "$gui" "$work/demo.dwb" &
app=$!
window=$(xdotool search --sync --onlyvisible --name "Defect Workbench" | head -n 1)
xdotool windowsize "$window" 1600 1000 windowmove "$window" 0 0 windowfocus --sync "$window"
sleep 3

shot() { # NAME: the whole screen, after the window has settled
    sleep "${2:-1.5}"
    import -window root "$out/$1.png"
    echo "  $out/$1.png"
}
key() { xdotool key --window "$window" --delay 100 "$@"; }

echo "Screenshots:"
key ctrl+1
shot 1-browse
# A click on the first thumbnail and Enter open it in the editor, where a brush stroke marks
# the mask as modified.
xdotool mousemove 305 175 click 1
key Return
sleep 2
xdotool mousemove 900 450 mousedown 1 mousemove 940 470 mousemove 980 490 mouseup 1
shot 2-edit
key ctrl+z
key ctrl+3
key alt+g # Generate
shot 3-guided-crop 4
key ctrl+4
shot 4-train 2
key ctrl+5
shot 5-review 4
# The Metrics tab: the per-class table and the precision-recall curve.
xdotool mousemove 457 127 click 1
shot 5-review-metrics
key ctrl+comma
shot 6-preferences
key Escape
key ctrl+q
sleep 1
