#!/usr/bin/env bash
# Benchmarks against Python peers measured in this one run, on the same input with the same
# thread count, printed as ratios (bench/README.md):
#   import: dwb_bench_import (ours) against bench/reference/import_peer.py;
#   can:    `dwb bench` (ours) against bench/reference/can_peer.py, the same CAN in PyTorch;
#   scaling: data-parallel training in 2 ranks (`dwb train --nproc 2`) against 1 process, the
#           same global batches and seed, on this machine's cores.
# Usage: bench/run.sh BUILD_DIR [DATASET]
#   DATASET defaults to ../shared/datasets/magnetic-tile next to the repository; when it does
#   not exist, both sides import the generated demo dataset instead.
#   DWB_BENCH_PARTS ("import can" by default) picks the parts. DWB_BENCH_THREADS (default:
#   nproc), DWB_BENCH_ROUNDS (alternating import runs of each side, default 3),
#   DWB_BENCH_REPEATS (imports per run, default 1), DWB_BENCH_CAN_ROUNDS (alternating CAN
#   runs of each row and side, default 2) and DWB_BENCH_CAN_ONLY (run only the CAN rows whose
#   name contains it, e.g. "inference") override the rest.
set -euo pipefail

build=${1:?usage: bench/run.sh BUILD_DIR [DATASET]}
repo=$(cd "$(dirname "$0")/.." && pwd)
dataset=${2:-$repo/../shared/datasets/magnetic-tile}
parts=${DWB_BENCH_PARTS:-import can scaling}
threads=${DWB_BENCH_THREADS:-$(nproc)}
rounds=${DWB_BENCH_ROUNDS:-3}
repeats=${DWB_BENCH_REPEATS:-1}
can_rounds=${DWB_BENCH_CAN_ROUNDS:-2}
can_only=${DWB_BENCH_CAN_ONLY:-}
# Debian's interpreter by default: the python3 first on PATH may be one without cv2 and numpy.
python=${DWB_BENCH_PYTHON:-/usr/bin/python3}

work=$(mktemp -d "${TMPDIR:-/tmp}/dwb-bench-run.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Library pools (OpenMP, OpenCV) size themselves from these, on both sides alike.
export OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads
status=0

import_part() {
    local ours=$build/bench/dwb_bench_import peer=$repo/bench/reference/import_peer.py
    local common=(--threads "$threads" --repeats "$repeats")
    if [ ! -x "$ours" ]; then
        echo "error: $ours is not built (cmake --build $build --target dwb_bench_import)" >&2
        return 1
    fi
    # Both sides must read the same files, so the demo is written once, here.
    if [ ! -d "$dataset" ]; then
        echo "note: no dataset at $dataset; using the generated demo dataset" >&2
        "$ours" --write-demo "$work/demo"
        dataset=$work/demo
    fi
    dataset=$(cd "$dataset" && pwd)
    if ! "$python" -c 'import cv2, numpy' 2>/dev/null; then
        echo "note: $python lacks cv2 or numpy, so the peer cannot run and there are no ratios;" \
            "install them with: DWB_BENCH_DEPS=1 scripts/install-deps.sh" >&2
        "$ours" "$dataset" --threads "$threads" --repeats "$rounds"
        return 0
    fi
    # Rounds alternate ours and the peer so that load from other processes on a shared machine
    # falls on both sides alike; each row is the median over the rounds.
    for round in $(seq "$rounds"); do
        echo "round $round/$rounds: ours ($threads threads) on $dataset ..." >&2
        "$ours" "$dataset" "${common[@]}" --json --rle-out "$work/rle.txt" \
            >"$work/ours-$round.json"
        echo "round $round/$rounds: the peer ..." >&2
        "$python" "$peer" "$dataset" "${common[@]}" --json --rle "$work/rle.txt" \
            >"$work/peer-$round.json"
    done
    # Rows: what | ours | peer | ours/peer speed ratio (> 1: we are faster). Fails when the two
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
print(f"CPU: {first['cpu_model']} ({first['isa']}: {first['cpu_flags']})")
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
}

can_part() {
    local ours=$build/app/dwb peer=$repo/bench/reference/can_peer.py
    if [ ! -x "$ours" ]; then
        echo "error: $ours is not built (cmake --build $build --target dwb)" >&2
        return 1
    fi
    if ! "$python" -c 'import torch' 2>/dev/null; then
        echo "note: $python lacks torch, so the CAN peer cannot run and there are no ratios;" \
            "install it with: DWB_BENCH_DEPS=1 scripts/install-deps.sh" >&2
        "$ours" bench --device cpu --threads "$threads" --only "$can_only"
        return 0
    fi
    # The rows of `dwb bench` (its --only matches these names). Each row runs in its own pair of
    # processes, ours then the peer, so that load from other processes, which comes and goes
    # over seconds, falls on both sides of a row alike rather than on one side's whole run.
    local rows=("inference 300x400 b1" "training 300x400 b1" "inference 300x400 b8"
        "training 300x400 b8" "inference 256x1600 b1" "training 256x1600 b1"
        "inference 256x1600 b4" "training 256x1600 b4")
    for round in $(seq "$can_rounds"); do
        for index in "${!rows[@]}"; do
            local row=${rows[$index]} file=$round-$index
            [[ $row == *"$can_only"* ]] || continue
            echo "CAN round $round/$can_rounds, $row: ours, then the peer ($threads threads)" >&2
            "$ours" bench --json --device cpu --threads "$threads" --only "$row" \
                >"$work/can-ours-$file.json"
            "$python" "$peer" --json --threads "$threads" --only "$row" \
                >"$work/can-peer-$file.json"
        done
    done
    # Rows: images/s of each side (median over the rounds), ours/peer (> 1: we are faster), our
    # GFLOP/s and share of the fp32 peak, and the ratio in each round. Fails when the two sides'
    # parameters or inference outputs differ.
    "$python" - "$work" "$can_rounds" <<'PY'
import glob, json, statistics, sys

work, rounds = sys.argv[1], int(sys.argv[2])
load = lambda side: [json.load(open(f)) for f in sorted(glob.glob(f"{work}/can-{side}-*.json"))]
ours, peer = load("ours"), load("peer")
if any(not run["rows"] for run in ours + peer):
    sys.exit("error: a run produced no row: bench/run.sh names rows that dwb bench or the peer"
             " does not have")
pick = lambda side, name: [row for run in side for row in run["rows"] if row["name"] == name]
median = lambda side, name, key: statistics.median(r[key] for r in pick(side, name))
# Every process measured the peak before and after its row; the best of all of ours is the
# machine's, and each row's share is taken against it.
peak = max(run["peak_gflops"] for run in ours)
names = list(dict.fromkeys(row["name"] for run in ours for row in run["rows"]))
print(f"\nCAN speed, dwb bench vs PyTorch {peer[0].get('torch', '')} peer: {ours[0]['threads']}"
      f" thread(s), {rounds} alternating round(s); fp32 peak {peak:.1f} GFLOP/s"
      f" ({ours[0]['peak_kernel']})")
print(f"CPU: {ours[0]['cpu_model']} ({ours[0]['isa']}: {ours[0]['cpu_flags']}),"
      f" {ours[0]['cores']} logical cores")
print(f"{'row':<26} | {'ours img/s':>10} | {'peer img/s':>10} | ours/peer | {'GFLOP/s':>7} |"
      " peak  | engine        | ratio per round")
print("-" * 26 + "-+-" + "-" * 10 + "-+-" + "-" * 10 + "-+-" + "-" * 9 + "-+-" + "-" * 7 + "-+-"
      + "-" * 5 + "-+-" + "-" * 13 + "-+-" + "-" * 15)
slower, agree = [], True
for name in names:
    mine, theirs = median(ours, name, "images_per_second"), median(peer, name, "images_per_second")
    if mine < theirs:
        slower.append(name)
    per_round = " ".join(f"{o['images_per_second'] / p['images_per_second']:.2f}"
                         for o, p in zip(pick(ours, name), pick(peer, name)))
    gflops = median(ours, name, "gflops")
    engine = pick(ours, name)[0].get("engine", "")
    print(f"{name:<26} | {mine:10.2f} | {theirs:10.2f} | {mine / theirs:8.2f}x | {gflops:7.1f} |"
          f" {100 * gflops / peak:4.1f}% | {engine:<13} | {per_round}")
    if pick(ours, name)[0]["parameters"] != pick(peer, name)[0]["parameters"]:
        agree = False
        print(f"check {name}: parameters DIFFER")
    checks = [r["check"] for r in pick(ours, name) + pick(peer, name) if r["check"] is not None]
    if checks and max(checks) - min(checks) > 1e-4 * max(1.0, abs(checks[0])):
        agree = False
        print(f"check {name}: mean mask logit DIFFERS between ours and the peer: {checks}")
print("GFLOP/s and peak: ours; training counts forward + backward as 3 forward passes.")
reasons = {}
for run in ours:
    for row in run["rows"]:
        if row.get("engine_reason"):
            reasons.setdefault(row["name"], row["engine_reason"])
for name, reason in reasons.items():
    print(f"engine of {name}: {reason}")
print("check: same parameters, and the same mean mask logit from the same seed, every round"
      if agree else "check: ours and the peer DIFFER")
print("slower than the peer on: " + ", ".join(slower) if slower else
      "ours is at least as fast as the peer on every row")
sys.exit(0 if agree else 1)
PY
}

# 1 rank against 2 on this machine: both train the demo at 128x128 for the same epochs, the same
# global batches and seed, with all the cores (2 ranks: half each). On a machine with few cores
# this measures the cost of the exchanges, not a speed-up.
scaling_part() {
    local ours=$build/app/dwb
    "$ours" demo --out "$work/scaling" --count 96 >/dev/null
    local train=(--epochs "${DWB_BENCH_SCALING_EPOCHS:-3}" --size 128x128 --batch 8 --json)
    for round in $(seq "$can_rounds"); do
        for ranks in 1 2 1t; do
            echo "scaling round $round/$can_rounds: $ranks rank(s) ($threads threads in all)" >&2
            rm -rf "$work/s" && cp -r "$work/scaling" "$work/s"
            if [ "$ranks" = 1 ]; then
                "$ours" train "$work/s/demo.dwb" "${train[@]}" --threads "$threads"
            elif [ "$ranks" = 1t ]; then # the rounding reference: one process, one thread
                "$ours" train "$work/s/demo.dwb" "${train[@]}" --threads 1
            else
                "$ours" train "$work/s/demo.dwb" "${train[@]}" --nproc 2 \
                    --threads $(((threads + 1) / 2))
            fi >"$work/scaling-$ranks-$round.json" 2>/dev/null
        done
    done
    "$python" - "$work" "$can_rounds" "$threads" <<'PY'
import json, statistics, sys

work, rounds, threads = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def load(ranks, r):
    events = [json.loads(line) for line in open(f"{work}/scaling-{ranks}-{r}.json")]
    epochs = [e for e in events if e["event"] == "epoch"]
    done = [e for e in events if e["event"] == "finished"][0]
    # Training throughput of the epochs after the first (warm), without validation.
    return {"rate": statistics.median(e["images_per_second"] for e in epochs[1:] or epochs),
            "loss": epochs[-1]["train"]["total"], "bytes": done.get("bytes_exchanged_per_step", 0)}
one = [load(1, r) for r in range(1, rounds + 1)]
two = [load(2, r) for r in range(1, rounds + 1)]
rate = lambda side: statistics.median(x["rate"] for x in side)
print(f"\nData-parallel scaling, demo 128x128, batch 8, {threads} thread(s) in all,"
      f" {rounds} round(s) each")
print(f"{'ranks':<6} | {'train img/s':>11} | {'vs 1 rank':>9} | {'MB exchanged/step/rank':>22} |"
      " last train loss")
for name, side in (("1", one), ("2", two)):
    print(f"{name:<6} | {rate(side):11.2f} | {rate(side) / rate(one):8.2f}x |"
          f" {statistics.median(x['bytes'] for x in side) / 1e6:22.3f} | {side[-1]['loss']:.6f}")
single = [load("1t", r) for r in range(1, rounds + 1)]
gap = abs(one[-1]["loss"] - two[-1]["loss"])
rounding = abs(one[-1]["loss"] - single[-1]["loss"])
print(f"last epoch's training loss: 1 vs 2 ranks differ by {gap:.2e}; one process with"
      f" {threads} thread(s) vs 1 thread differs by {rounding:.2e} (float rounding: the same"
      " sums in another order; tests/core/train/test_distributed.cpp checks the weights)")
PY
}

for part in $parts; do
    case $part in
    import | can | scaling) ;;
    *)
        echo "error: unknown part '$part' in DWB_BENCH_PARTS (import, can, scaling)" >&2
        exit 2
        ;;
    esac
done
# Each part in a subshell with errexit on, so that a failing part stops itself but not the next.
for part in $parts; do
    set +e
    (
        set -e
        "${part}_part"
    )
    rc=$?
    set -e
    [ "$rc" -eq 0 ] || status=1
done
exit $status
