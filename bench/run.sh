#!/usr/bin/env bash
# Data-layer benchmark: dwb_bench_import (ours) against bench/reference/import_peer.py (the
# peer) on the same input with the same thread count, as ratios measured in this one run.
# Usage: bench/run.sh BUILD_DIR [DATASET]
#   DATASET defaults to ../shared/datasets/magnetic-tile next to the repository; when it does
#   not exist, both sides import the generated demo dataset instead.
#   DWB_BENCH_THREADS (default: nproc), DWB_BENCH_ROUNDS (alternating runs of each side,
#   default 3) and DWB_BENCH_REPEATS (imports per run, default 1) override the rest.
set -euo pipefail

build=${1:?usage: bench/run.sh BUILD_DIR [DATASET]}
repo=$(cd "$(dirname "$0")/.." && pwd)
dataset=${2:-$repo/../shared/datasets/magnetic-tile}
threads=${DWB_BENCH_THREADS:-$(nproc)}
rounds=${DWB_BENCH_ROUNDS:-3}
repeats=${DWB_BENCH_REPEATS:-1}
ours=$build/bench/dwb_bench_import
peer=$repo/bench/reference/import_peer.py
# Debian's interpreter by default: the python3 first on PATH may be one without cv2 and numpy.
python=${DWB_BENCH_PYTHON:-/usr/bin/python3}

if [ ! -x "$ours" ]; then
    echo "error: $ours is not built (cmake --build $build --target dwb_bench_import)" >&2
    exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/dwb-bench-run.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Both sides must read the same files, so the demo is written once, here.
if [ ! -d "$dataset" ]; then
    echo "note: no dataset at $dataset; using the generated demo dataset" >&2
    "$ours" --write-demo "$work/demo"
    dataset=$work/demo
fi
dataset=$(cd "$dataset" && pwd)
# Library pools (OpenMP, OpenCV) size themselves from these, on both sides alike.
export OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads
common=(--threads "$threads" --repeats "$repeats")

if ! "$python" -c 'import cv2, numpy' 2>/dev/null; then
    echo "note: $python lacks cv2 or numpy, so the peer cannot run and there are no ratios;" \
        "install them with: DWB_BENCH_DEPS=1 scripts/install-deps.sh" >&2
    "$ours" "$dataset" --threads "$threads" --repeats "$rounds"
    exit 0
fi

# Rounds alternate ours and the peer so that load from other processes on a shared machine
# falls on both sides alike; each row is the median over the rounds.
for round in $(seq "$rounds"); do
    echo "round $round/$rounds: ours ($threads threads) on $dataset ..." >&2
    "$ours" "$dataset" "${common[@]}" --json --rle-out "$work/rle.txt" >"$work/ours-$round.json"
    echo "round $round/$rounds: the peer ..." >&2
    "$python" "$peer" "$dataset" "${common[@]}" --json --rle "$work/rle.txt" \
        >"$work/peer-$round.json"
done

# Rows: what | ours | peer | ours/peer speed ratio (> 1: we are faster). Exits 1 when the two
# sides disagree on what they computed, since then the timings compare different work.
"$python" - "$work" "$rounds" <<'PY'
import json, statistics, sys

work, rounds = sys.argv[1], int(sys.argv[2])
load = lambda side: [json.load(open(f"{work}/{side}-{r}.json")) for r in range(1, rounds + 1)]
ours, peer = load("ours"), load("peer")
pick = lambda side, key: [row for run in side for row in run["rows"] if row["key"] == key]
first = ours[0]
print(f"Defect Workbench data layer vs Python peer: {first['threads']} thread(s), {rounds}"
      f" alternating round(s), dataset {first['dataset']} ({first['kind']})")
print(f"{'what':<38} | {'ours':>19} | {'peer':>19} | ours/peer | runs")
print("-" * 38 + "-+-" + "-" * 19 + "-+-" + "-" * 19 + "-+-" + "-" * 9 + "-+-----")
for row in first["rows"]:
    key, unit = row["key"], row["unit"]
    mine = statistics.median(r["rate"] for r in pick(ours, key))
    theirs = statistics.median(r["rate"] for r in pick(peer, key))
    runs = sum(r["runs"] for r in pick(ours, key))
    print(f"{row['what']:<38} | {mine:9.1f} {unit:<9} | {theirs:9.1f} {unit:<9} |"
          f" {mine / theirs:8.2f}x | {runs}")
agree = True
for key, text in first["checks"].items():
    others = {run["checks"][key] for run in ours + peer} - {text}
    agree = agree and not others
    verdict = "(ours and peer agree, every round)" if not others else "DIFFERS from: " + \
        " | ".join(sorted(others))
    print(f"check {key:<6}: {text}  {verdict}")
sys.exit(0 if agree else 1)
PY
