#!/usr/bin/env bash
# Runs each libFuzzer target (fuzz/, built with the release build) for RUNS inputs from its
# seed corpus, stopping at the first crash, sanitizer report or failed property, which
# libFuzzer saves as crash-<hash> in the current folder.
# Usage: scripts/fuzz.sh [BUILD_DIR] [RUNS]   (defaults build/release, 1000000)
set -euo pipefail
build=${1:-build/release}
runs=${2:-1000000}
repo=$(cd "$(dirname "$0")/.." && pwd)
for target in rle training_config provenance severstal_csv classes_txt project_file; do
    binary=$build/fuzz/fuzz_$target
    if [ ! -x "$binary" ]; then
        echo "error: $binary is not built (is libfuzzer-14-dev installed?)" >&2
        exit 1
    fi
    corpus=$build/fuzz/corpus-$target
    mkdir -p "$corpus"
    start=$(date +%s)
    if ! "$binary" -runs="$runs" -use_value_profile=1 -print_final_stats=1 "$corpus" \
        "$repo/fuzz/corpus/$target" >"$build/fuzz/$target.log" 2>&1; then
        echo "FAIL: fuzz_$target (see $build/fuzz/$target.log)" >&2
        tail -n 30 "$build/fuzz/$target.log" >&2
        exit 1
    fi
    executed=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/fuzz/$target.log" | grep -o '[0-9]*$')
    echo "fuzz_$target: ${executed:-?} inputs, no crash, corpus $(ls "$corpus" | wc -l) ($(($(date +%s) - start)) s)"
done
