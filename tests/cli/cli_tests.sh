#!/usr/bin/env bash
# cli_tests.sh CASE DWB [EXTRA]: one end-to-end case of the `dwb` tool (and the GUI's screenshot
# mode). Exits 0 on success, 77 when the case cannot run here, 1 with a message otherwise.
set -uo pipefail

case_name=$1
dwb=$2
extra=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failures=0
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if ! "$@"; then
        echo "FAIL: $what" >&2
        failures=$((failures + 1))
    fi
}
# expect_exit CODE STDERR_SUBSTRING CMD...: runs CMD, checks its exit code and stderr.
expect_exit() {
    local code=$1 needle=$2
    shift 2
    "$@" >"$work/out" 2>"$work/err"
    local got=$?
    if [ "$got" -ne "$code" ]; then
        echo "FAIL: '$*' exited $got, expected $code; stderr: $(cat "$work/err")" >&2
        failures=$((failures + 1))
    elif [ -n "$needle" ] && ! grep -qF -- "$needle" "$work/err"; then
        echo "FAIL: '$*' stderr lacks '$needle': $(cat "$work/err")" >&2
        failures=$((failures + 1))
    fi
}
json() { jq -r "$1" "$work/info.json"; }

case "$case_name" in
distributed)
    . "$(dirname "$0")/distributed_case.sh"
    ;;
help)
    expect_exit 0 "" "$dwb" --help
    cp "$work/out" "$work/help.txt"
    for command in import info split demo; do
        check "$command listed" grep -q "^  $command " "$work/help.txt"
        expect_exit 0 "" "$dwb" "$command" --help
        check "$command --help shows usage" grep -q "^Usage: dwb $command" "$work/out"
    done
    expect_exit 2 "Usage: dwb COMMAND" "$dwb"
    expect_exit 2 "unknown command 'frobnicate'" "$dwb" frobnicate
    expect_exit 0 "" "$dwb" --version
    check "version names LibTorch" grep -q "LibTorch" "$work/out"
    ;;
errors)
    expect_exit 1 "error: no such project: $work/missing.dwb" "$dwb" info "$work/missing.dwb"
    printf 'ImageId,ClassId\n' >"$work/notes.dwb"
    cp "$work/notes.dwb" "$work/notes.orig"
    expect_exit 1 "is not a Defect Workbench project" "$dwb" info "$work/notes.dwb"
    check "rejected file unchanged" cmp -s "$work/notes.dwb" "$work/notes.orig"
    expect_exit 2 "unknown dataset kind 'pascal'" "$dwb" import pascal "$work" --project "$work/p.dwb"
    expect_exit 2 "--project P.dwb is required" "$dwb" import folder "$work"
    expect_exit 2 "unknown option --colour" "$dwb" info "$work/p.dwb" --colour
    expect_exit 2 "--split expects three ratios" "$dwb" import folder "$work" --project "$work/p.dwb" --split 0.5,0.5
    expect_exit 2 "--seed expects a whole number, got 'abc'" "$dwb" import folder "$work" --project "$work/p.dwb" --seed abc
    expect_exit 1 "no images folder in" "$dwb" import folder "$work/nowhere" --project "$work/p.dwb"
    check "a failed import creates no project" test ! -e "$work/p.dwb"
    expect_exit 1 "train.csv" "$dwb" import severstal "$work" --project "$work/p.dwb"
    expect_exit 2 "missing arguments" "$dwb" info
    expect_exit 2 "DWB_ENGINE=fastest: unknown engine" env DWB_ENGINE=fastest "$dwb" info "$work/p.dwb"
    ;;
hostile)
    # Values no option means end in a usage error naming the option's range, never in a wrapped
    # number, a hang, a database constraint or a torch stack trace.
    expect_exit 0 "" "$dwb" demo --out "$work/d" --count 12
    p=$work/d/demo.dwb
    expect_exit 2 "--epochs must be from 1 to 1000000" "$dwb" train "$p" --epochs 2147483648
    expect_exit 2 "--lr expects a finite number, got 'inf'" "$dwb" train "$p" --lr inf
    expect_exit 2 "--lambda expects a finite number" "$dwb" train "$p" --lambda nan,0
    expect_exit 2 "--threshold expects a finite number" "$dwb" train "$p" --threshold nan
    expect_exit 2 "--threads must be from 0 to 1024" "$dwb" train "$p" --threads 100000
    expect_exit 2 "--augment-every must be from 1" "$dwb" train "$p" --augment-every 0
    expect_exit 2 "--resume expects a whole number, got 'abc'" "$dwb" train "$p" --resume abc
    expect_exit 2 "--size expects HxW from 8x8 to 8192x8192" "$dwb" train "$p" --size 65536x8
    expect_exit 2 "--size expects HxW from 8x8 to 8192x8192" "$dwb" augment "$p" --count 1 --out "$work/a" --size 100000x100000
    expect_exit 2 "--split expects a finite number" "$dwb" split "$p" --split nan,0.5,0.5
    expect_exit 2 "--count must be from 1 to 100000" "$dwb" demo --out "$work/e" --count 1000000000
    check "no run was recorded" test "$(sqlite3 "$p" 'SELECT COUNT(*) FROM runs')" = 0
    # Reading commands do not write: info leaves the project byte for byte as it was (so it
    # works on a read-only file or disk).
    cp "$p" "$work/before.dwb"
    expect_exit 0 "" "$dwb" info "$p"
    expect_exit 0 "" "$dwb" info "$p" --json
    check "info leaves the project unchanged" cmp -s "$p" "$work/before.dwb"
    check "info leaves no journal" test ! -e "$p-wal"
    # A library's exception on input no check foresaw is an error line, not an abort (134).
    expect_exit 1 "error: " "$dwb" info "$work/$(printf 'a%.0s' $(seq 300)).dwb"
    ;;
hostile-import)
    # Datasets a user can produce by accident: each import ends (no hang, no abort) and says
    # what it passed over.
    expect_exit 0 "" "$dwb" demo --out "$work/d" --count 12
    bomb='\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x00\x00\x00\x00\x8d\x39\x54\x14\x00\x00\x00\x11\x49\x44\x41\x54\x78\x9c\x63\x60\x18\x05\xa3\x60\x14\x0c\x77\x00\x00\x03\xe8\x00\x01\xb3\xa6\xd3\x46\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82'
    f=$work/f
    mkdir -p "$f/images" "$f/masks/backup"
    cp "$work/d/classes.txt" "$f/"
    # An index mask of the demo's 128 x 128 images: a 10 x 10 square of class 1 (Pit).
    pit='\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x80\x00\x00\x00\x80\x08\x00\x00\x00\x00\xe6\x55\x3e\x17\x00\x00\x00\x31\x49\x44\x41\x54\x78\xda\xed\xce\xa1\x01\x00\x00\x08\x03\xa0\xf9\xff\xd3\x36\xb3\x59\xe1\x02\x12\x00\x00\x00\x00\x80\xa5\x1a\x02\x02\x02\x02\x5f\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00\x70\x56\x03\x9f\x48\x00\x65\x4c\xfe\x72\xf3\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82'
    for stem in demo_000 demo_001 demo_002; do
        cp "$work/d/images/$stem.png" "$f/images/"
        printf "$pit" >"$f/masks/$stem.png"
    done
    # A stray folder beside index masks, a link loop, a dangling link, a FIFO as a mask and a
    # decompression bomb (a PNG header claiming 100000 x 100000 pixels) as an image.
    ln -s ../masks "$f/masks/backup/loop"
    ln -s nowhere.png "$f/images/dangling.png"
    cp "$work/d/images/demo_003.png" "$f/images/demo_003.png"
    mkfifo "$f/masks/demo_003.png"
    printf "$bomb" >"$f/images/bomb.png"
    printf "$bomb" >"$f/masks/bomb.png"
    expect_exit 0 "" timeout 60 "$dwb" import folder "$f" --project "$work/f.dwb"
    check "the dangling link is named" grep -q "dangling.png: not readable" "$work/err"
    check "the FIFO is named" grep -q "demo_003.png is not a regular file" "$work/err"
    check "the bomb is named" grep -q "bomb.png: unreadable image .*claims more pixels" "$work/err"
    check "the stray folder is named" grep -q "backup: folder beside the index masks" "$work/err"
    "$dwb" info "$work/f.dwb" --json >"$work/info.json"
    check "three samples with their classes" test "$(json .defective)" = 3
    # A FIFO as classes.txt is an error, not a hang.
    rm "$f/classes.txt" && mkfifo "$f/classes.txt"
    expect_exit 1 "classes.txt is not a regular file" timeout 60 "$dwb" import folder "$f" --project "$work/g.dwb"
    # A class named in another encoding (Latin-1) leaves info --json valid UTF-8.
    u=$work/u
    mkdir -p "$u/images" "$u/masks"
    cp "$work/d/images/demo_000.png" "$u/images/"
    printf "$pit" >"$u/masks/demo_000.png"
    printf 'Gr\xe4t\n' >"$u/classes.txt"
    expect_exit 0 "" "$dwb" import folder "$u" --project "$work/u.dwb"
    "$dwb" info "$work/u.dwb" --json >"$work/u.json"
    check "info --json is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$work/u.json" -o /dev/null
    check "the name keeps what is readable" grep -qF 'Gr\ufffdt' "$work/u.json"
    # Severstal with RFC 4180 quotes reads the same as without.
    s=$work/s
    mkdir -p "$s/train_images"
    cp "$work/d/images/demo_000.png" "$s/train_images/a.png"
    printf 'ImageId,ClassId,EncodedPixels\n"a.png","1","1 3 10 5"\n' >"$s/train.csv"
    expect_exit 0 "" "$dwb" import severstal "$s" --project "$work/s.dwb"
    "$dwb" info "$work/s.dwb" --json >"$work/info.json"
    check "quoted rows keep their defect" test "$(json .defective)" = 1
    # A binary header is not echoed raw.
    printf '\x01\x02\xff\xfeImageId\n' >"$s/train.csv"
    expect_exit 1 "unrecognised header '????ImageId'" "$dwb" import severstal "$s" --project "$work/s2.dwb"
    ;;
crash)
    # A training process killed (SIGKILL, by the DWB_CRASH_AT test hook) at each step of an
    # epoch leaves a run shown as interrupted, and --resume finishes it with every epoch's curve
    # recorded once and a model that loads: at most the epochs since the last checkpoint are
    # trained again, nothing else is lost.
    expect_exit 0 "" "$dwb" demo --out "$work/d" --count 24
    train=(--epochs 3 --checkpoint-every 1 --size 32x32 --batch 8)
    for point in train-batch model.pt:mid-write model.pt:before-rename epoch-recorded \
        checkpoint.pt:mid-write checkpoint.pt:before-rename train-batch#5 epoch-recorded#2 \
        checkpoint.pt:before-rename#2; do
        rm -rf "$work/p" && cp -r "$work/d" "$work/p"
        p=$work/p/demo.dwb
        DWB_CRASH_AT=$point "$dwb" train "$p" "${train[@]}" >/dev/null 2>&1
        code=$?
        check "$point: killed (exit $code)" test "$code" = 137
        "$dwb" info "$p" --json >"$work/info.json"
        check "$point: shown as interrupted" test "$(json '.runs[0].status')" = interrupted
        expect_exit 0 "" "$dwb" train "$p" --resume 1
        check "$point: finished" test "$(sqlite3 "$p" 'SELECT status || epochs_done FROM runs')" = finished3
        check "$point: each epoch once" \
            test "$(sqlite3 "$p" 'SELECT group_concat(epoch) FROM (SELECT epoch FROM run_epochs ORDER BY epoch)')" = 0,1,2
        check "$point: losses of three epochs" \
            test "$(sqlite3 "$p" "SELECT COUNT(DISTINCT epoch) FROM run_losses WHERE phase = 'val'")" = 3
        expect_exit 0 "" "$dwb" eval "$p" --run 1
    done
    # An import killed half-way adds nothing; importing again adds everything.
    DWB_CRASH_AT=import-sample#6 "$dwb" import folder "$work/d" --project "$work/i.dwb" >/dev/null 2>&1
    code=$?
    check "import killed (exit $code)" test "$code" = 137
    if [ -e "$work/i.dwb" ]; then
        "$dwb" info "$work/i.dwb" --json >"$work/info.json"
        check "a killed import added nothing" test "$(json .samples)" = 0
    fi
    expect_exit 0 "" "$dwb" import folder "$work/d" --project "$work/i.dwb"
    "$dwb" info "$work/i.dwb" --json >"$work/info.json"
    check "the import again adds every sample" test "$(json .samples)" = 24
    # A run being trained cannot be resumed by a second process at the same time.
    rm -rf "$work/p" && cp -r "$work/d" "$work/p"
    "$dwb" train "$work/p/demo.dwb" --epochs 200 --size 32x32 >/dev/null 2>&1 &
    trainer=$!
    for _ in $(seq 100); do
        [ -e "$work/p/demo.runs/run-1/run.lock" ] && break
        sleep 0.1
    done
    sleep 0.5
    "$dwb" info "$work/p/demo.dwb" --json >"$work/info.json"
    check "a live run shows as running" test "$(json '.runs[0].status')" = running
    expect_exit 1 "is being trained now" "$dwb" train "$work/p/demo.dwb" --resume 1
    kill -9 "$trainer"
    wait "$trainer" 2>/dev/null
    "$dwb" info "$work/p/demo.dwb" --json >"$work/info.json"
    check "killed from outside: interrupted" test "$(json '.runs[0].status')" = interrupted
    ;;
damaged)
    # A damaged model or checkpoint is refused with a clear error, and the failed resume keeps
    # everything the run had.
    expect_exit 0 "" "$dwb" demo --out "$work/d" --count 24
    p=$work/d/demo.dwb
    expect_exit 0 "" "$dwb" train "$p" --epochs 2 --size 32x32
    run=$work/d/demo.runs/run-1
    before=$(sqlite3 "$p" 'SELECT status, epochs_done, model_path, checkpoint_path FROM runs')
    for file in model.pt checkpoint.pt; do
        size=$(stat -c %s "$run/$file")
        head -c 4096 /dev/urandom | dd of="$run/$file" bs=1 seek=$((size / 2)) conv=notrunc status=none
    done
    expect_exit 1 "model.pt is damaged" "$dwb" predict "$run/model.pt" "$work/d/images" --out "$work/pred"
    expect_exit 1 "is damaged" "$dwb" eval "$p" --run 1
    expect_exit 1 "checkpoint.pt is damaged" "$dwb" train "$p" --resume 1 --epochs 3
    check "the run keeps its record" test "$(sqlite3 "$p" 'SELECT status, epochs_done, model_path, checkpoint_path FROM runs')" = "$before"
    ;;
full-disk)
    # Magnetic Tile imported into a project on a 2 MB file system: the commit fits in the
    # write-ahead log but not in the project file. The import must say so (exit 1), and the
    # project, copied to a roomy disk, opens with every sample.
    [ -d "$extra" ] || exit 77
    [ "$(id -u)" = 0 ] || exit 77
    mkdir -p "$work/small" "$work/roomy"
    mount -t tmpfs -o size=2m tmpfs "$work/small" 2>/dev/null || exit 77
    trap 'umount "$work/small" 2>/dev/null; rm -rf "$work"' EXIT
    expect_exit 1 "is the disk full?" "$dwb" import magnetic-tile "$extra" --project "$work/small/p.dwb"
    cp "$work/small/"p.dwb* "$work/roomy/"
    "$dwb" info "$work/roomy/p.dwb" --json >"$work/info.json"
    check "every sample kept" test "$(json .samples)" = 1344
    ;;
demo-info)
    expect_exit 0 "" "$dwb" demo --out "$work/demo"
    expect_exit 1 "exists already" "$dwb" demo --out "$work/demo"
    "$dwb" info "$work/demo/demo.dwb" --json >"$work/info.json" || failures=$((failures + 1))
    check "format tag" test "$(json .format)" = "dwb-info/1"
    check "160 samples" test "$(json .samples)" = 160
    check "defective + defect-free = all" test "$(json '.defective + .defect_free')" = 160
    check "some defect-free" test "$(json .defect_free)" -gt 0
    check "three classes" test "$(json '[.classes[].name] | join(",")')" = "Pit,Scratch,Patch"
    check "every class present" test "$(json '[.classes[].samples | select(. > 0)] | length')" = 3
    check "splits add up" test "$(json '.splits.train + .splits.val + .splits.test')" = 160
    check "nothing unassigned" test "$(json .splits.unassigned)" = 0
    check "one image size" test "$(json '.image_sizes.distinct')" = 1
    check "import recorded" test "$(json '.imports[0].added')" = 160
    "$dwb" info "$work/demo/demo.dwb" >"$work/info.txt"
    check "text info shows classes" grep -q "Scratch" "$work/info.txt"
    ;;
reimport)
    "$dwb" demo --out "$work/demo" --count 24 >/dev/null || failures=$((failures + 1))
    expect_exit 0 "" "$dwb" import folder "$work/demo" --project "$work/demo/demo.dwb" --json
    check "second import adds nothing" test "$(jq .added "$work/out")" = 0
    check "second import finds duplicates" test "$(jq .duplicates "$work/out")" = 24
    "$dwb" info "$work/demo/demo.dwb" --json >"$work/info.json"
    check "still 24 samples" test "$(json .samples)" = 24
    check "two imports recorded" test "$(json '.imports | length')" = 2
    ;;
split)
    "$dwb" demo --out "$work/demo" >/dev/null || failures=$((failures + 1))
    expect_exit 0 "" "$dwb" split "$work/demo/demo.dwb" --seed 7 --split 0.5,0.25,0.25
    "$dwb" info "$work/demo/demo.dwb" --json >"$work/info.json"
    # Stratified rounding keeps each split within a sample per stratum of its share.
    check "half in train" test "$(json '.splits.train - 80 | fabs <= 4')" = true
    check "a quarter in val" test "$(json '.splits.val - 40 | fabs <= 4')" = true
    first=$(json '[.classes[].splits.val] | join(",")')
    "$dwb" split "$work/demo/demo.dwb" --seed 7 --split 0.5,0.25,0.25 >/dev/null
    "$dwb" info "$work/demo/demo.dwb" --json >"$work/info.json"
    check "same seed, same split" test "$(json '[.classes[].splits.val] | join(",")')" = "$first"
    ;;
magnetic-tile)
    if [ ! -d "$extra" ]; then
        echo "SKIP: Magnetic Tile dataset not found at $extra"
        exit 77
    fi
    expect_exit 0 "" "$dwb" import magnetic-tile "$extra" --project "$work/mt.dwb"
    "$dwb" info "$work/mt.dwb" --json >"$work/info.json"
    check "1344 samples" test "$(json .samples)" = 1344
    check "392 defective" test "$(json .defective)" = 392
    check "per-class counts" test "$(json '[.classes[] | "\(.name)=\(.samples)"] | join(" ")')" \
        = "Blowhole=115 Crack=57 Fray=32 Break=85 Uneven=103"
    ;;
predict)
    "$dwb" demo --out "$work/demo" --count 24 >/dev/null || failures=$((failures + 1))
    "$dwb" train "$work/demo/demo.dwb" --epochs 1 --size 64x64 --json >"$work/train.jsonl" ||
        failures=$((failures + 1))
    model=$(jq -r 'select(.event == "finished") | .model' "$work/train.jsonl")
    check "training wrote a model" test -f "$model"
    expect_exit 0 "" "$dwb" predict "$model" "$work/demo/images" --out "$work/pred" --json
    cp "$work/out" "$work/pred.json"
    pred() { jq -r "$1" "$work/pred.json"; }
    check "format tag" test "$(pred .format)" = "dwb-predict/1"
    check "24 images" test "$(pred '.images | length')" = 24
    check "nothing skipped" test "$(pred '.skipped | length')" = 0
    check "classes in order" test "$(pred '[.classes[].name] | join(",")')" = "Pit,Scratch,Patch"
    check "original image size" test "$(pred '[.images[] | "\(.width)x\(.height)"] | unique | join(",")')" = 128x128
    check "a score per class" test "$(pred '[.images[].scores | length] | unique | join(",")')" = 3
    check "stdout is predictions.json" cmp -s "$work/pred.json" "$work/pred/predictions.json"
    check "scores.csv: header and 24 rows" test "$(wc -l <"$work/pred/scores.csv")" = 25
    check "scores.csv header" test "$(head -n 1 "$work/pred/scores.csv")" = "image,Pit,Scratch,Patch"
    check "a mask per image and class" test "$(pred '[.images[].masks[]] | unique | length')" = 72
    absent=$(pred '.images[].masks[]' | while read -r file; do
        [ -f "$work/pred/$file" ] || echo "$file"
    done)
    check "every mask file written ($absent)" test -z "$absent"
    check "72 PNGs in the output" test "$(find "$work/pred" -name '*.png' | wc -l)" = 72
    first=$(find "$work/demo/images" -type f | sort | head -n 1)
    stem=$(basename "${first%.*}")
    check "masks are PNGs" test "$(head -c 8 "$work/pred/${stem}_Pit.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a
    # Every engine gives the same scores, to the printed precision of a score.
    for engine in onednn channels-last nchw; do
        DWB_ENGINE=$engine "$dwb" predict "$model" "$work/demo/images" --out "$work/pred-$engine" \
            >/dev/null || failures=$((failures + 1))
        check "scores with $engine" awk -F, 'NR == FNR { for (i = 2; i <= NF; i++) a[FNR, i] = $i; next }
            FNR > 1 { for (i = 2; i <= NF; i++) if (($i - a[FNR, i])^2 > 1e-6) exit 1 }' \
            "$work/pred/scores.csv" "$work/pred-$engine/scores.csv"
    done
    # Overlays for people: one colour picture per image, the image's size, beside the masks.
    expect_exit 0 "" "$dwb" predict "$model" "$work/demo/images" --out "$work/pred-overlays" --overlays
    check "the summary says where the overlays are" grep -q "(overlays in overlays/)" "$work/out"
    check "an overlay per image" test "$(find "$work/pred-overlays/overlays" -name '*.png' | wc -l)" = 24
    check "overlays are named by stem" test -f "$work/pred-overlays/overlays/$stem.png"
    check "overlays are colour PNGs" test "$(od -An -tu1 -j25 -N1 "$work/pred-overlays/overlays/$stem.png" | tr -d ' ')" = 2
    check "the masks as without overlays" test "$(find "$work/pred-overlays" -maxdepth 1 -name '*.png' | wc -l)" = 72
    printf 'not an image' >"$work/broken.png"
    expect_exit 0 "warning: $work/broken.png: cannot decode" "$dwb" predict "$model" "$first" "$work/broken.png" --out "$work/pred2"
    check "summary counts the skipped file" grep -q "^1 image (1 skipped)" "$work/out"
    expect_exit 1 "none of the 1 images could be read" "$dwb" predict "$model" "$work/broken.png" --out "$work/pred3"
    expect_exit 1 "no such model file" "$dwb" predict "$work/missing.pt" "$work/demo/images" --out "$work/pred4"
    expect_exit 1 "$work/broken.png is damaged or not a model" "$dwb" predict "$work/broken.png" "$first" --out "$work/pred4"
    expect_exit 2 "--out DIR is required" "$dwb" predict "$model" "$work/demo/images"
    expect_exit 2 "--threshold expects a number from 0 to 1" "$dwb" predict "$model" "$first" --out "$work/pred4" --threshold 2
    ;;
screenshot)
    gui=$extra
    # The window remembers its layout and recent projects: keep that out of the user's settings.
    export XDG_CONFIG_HOME=$work/config
    "$dwb" demo --out "$work/demo" --count 24 >/dev/null || failures=$((failures + 1))
    # A run and an evaluation, so that the training and review pages have something to show.
    "$dwb" train "$work/demo/demo.dwb" --epochs 1 --size 64x64 --threads 1 >/dev/null 2>&1 ||
        failures=$((failures + 1))
    "$dwb" eval "$work/demo/demo.dwb" --split test >/dev/null 2>&1 || failures=$((failures + 1))
    png_width() { od -An -tu1 -j16 -N4 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4}'; }
    for panel in window browser editor augment training review; do
        shot=$work/$panel.png
        if [ "$panel" = window ]; then
            expect_exit 0 "" "$gui" "$work/demo/demo.dwb" --screenshot "$shot"
        else
            expect_exit 0 "" "$gui" "$work/demo/demo.dwb" --screenshot "$shot" --panel "$panel"
        fi
        check "$panel: PNG written" test "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a
        width=$(png_width "$shot")
        check "$panel: window-sized ($width px wide)" test "$width" -ge 800
        check "$panel: not blank (compressed size)" test "$(stat -c %s "$shot")" -gt 20000
    done
    expect_exit 2 "unknown panel 'nope'" "$gui" "$work/demo/demo.dwb" --screenshot "$work/x.png" --panel nope
    ;;
augment)
    "$dwb" demo --out "$work/demo" --count 40 >/dev/null || failures=$((failures + 1))
    cp "$work/demo/demo.dwb" "$work/demo/twin.dwb" # the same project, for the determinism checks
    expect_exit 0 "" "$dwb" augment "$work/demo/demo.dwb" --count 12 --out "$work/aug" --seed 5
    check "summary line" grep -q "^Wrote 12 synthetic images to $work/aug" "$work/out"
    prov=$work/aug/provenance.json
    aug() { jq -r "$1" "$prov"; }
    check "12 images" test "$(find "$work/aug/images" -name 'synthetic_*.png' | wc -l)" = 12
    check "12 provenance records" test "$(aug length)" = 12
    check "format tag" test "$(aug '[.[].provenance.format] | unique | join(",")')" = dwb-provenance/1
    check "stored as rows 1..12" test "$(aug '[.[].synthetic_id] | join(",")')" = "1,2,3,4,5,6,7,8,9,10,11,12"
    check "demo size" test "$(aug '[.[].provenance | "\(.width)x\(.height)"] | unique | join(",")')" = 128x128
    check "every image pastes a blob" test "$(aug '[.[].provenance.pastes | length] | min')" -ge 1
    check "every image has a mask" test "$(aug '[.[].masks | length] | min')" -ge 1
    # A mask file for exactly the classes set in class_bits.
    check "masks follow class_bits" test "$(aug '[.[] | .provenance.class_bits as $b |
        ([range(0; 3) | select(($b / pow(2; .) | floor) % 2 == 1)] | length) == (.masks | length)] | all')" = true
    absent=$(aug '.[] | .image, .masks[]' | while read -r file; do
        [ -f "$work/aug/$file" ] || echo "$file"
    done)
    check "every listed file written ($absent)" test -z "$absent"
    check "no unlisted mask" test "$(find "$work/aug/masks" -name '*.png' | wc -l)" = "$(aug '[.[].masks[]] | length')"
    check "masks are PNGs" test "$(head -c 8 "$work/aug/$(aug '.[0].masks[]' | head -n 1)" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a
    # A repeat would store the same images twice: refused, nothing written.
    expect_exit 1 "already stores 12 of these 12 synthetic images (seed 5)" "$dwb" augment "$work/demo/demo.dwb" --count 12 --out "$work/repeat" --seed 5
    check "a refused repeat writes no file" test ! -e "$work/repeat/provenance.json"
    check "a refused repeat stores nothing" test "$(sqlite3 "$work/demo/demo.dwb" 'SELECT COUNT(*) FROM synthetic_samples')" = 12
    expect_exit 0 "" "$dwb" augment "$work/demo/twin.dwb" --count 12 --out "$work/again" --seed 5
    check "same seed, same provenance" test "$(jq -c '[.[].provenance]' "$work/again/provenance.json")" = "$(jq -c '[.[].provenance]' "$prov")"
    check "same seed, same image" cmp -s "$work/aug/images/synthetic_0007.png" "$work/again/images/synthetic_0007.png"
    expect_exit 0 "" "$dwb" augment "$work/demo/demo.dwb" --count 20 --out "$work/more" --seed 7
    check "a new seed is stored after the first" test "$(jq '.[0].synthetic_id' "$work/more/provenance.json")" = 13
    expect_exit 0 "" "$dwb" augment "$work/demo/demo.dwb" --count 12 --out "$work/other" --seed 6 --class-weights 0,1,0
    check "another seed, other images" test "$(jq -c '[.[].provenance.seed]' "$work/other/provenance.json")" != "$(jq -c '[.[].provenance.seed]' "$prov")"
    check "weights 0,1,0: Scratch only" test "$(jq -c '[.[].provenance.primary_class] | unique' "$work/other/provenance.json")" = "[1]"
    expect_exit 1 "exists already" "$dwb" augment "$work/demo/demo.dwb" --count 2 --out "$work/aug"
    expect_exit 2 "--class-weights expects 3 weights" "$dwb" augment "$work/demo/demo.dwb" --count 2 --out "$work/x" --class-weights 1,2
    expect_exit 2 "--count N and --out DIR are required" "$dwb" augment "$work/demo/demo.dwb" --count 2
    expect_exit 1 "no such project" "$dwb" augment "$work/missing.dwb" --count 2 --out "$work/y"
    ;;
eval)
    "$dwb" demo --out "$work/demo" --count 24 >/dev/null || failures=$((failures + 1))
    "$dwb" train "$work/demo/demo.dwb" --epochs 1 --size 64x64 --json >/dev/null ||
        failures=$((failures + 1))
    expect_exit 0 "" "$dwb" eval "$work/demo/demo.dwb" --split val
    check "text output says predictions were cached" grep -q "^predictions of [0-9]* images cached for error review$" "$work/out"
    expect_exit 0 "" "$dwb" eval "$work/demo/demo.dwb" --split test --json
    cp "$work/out" "$work/eval.json"
    check "format tag" test "$(jq -r .format "$work/eval.json")" = "dwb-eval/1"
    check "every image cached" test "$(jq -r '.predictions_cached == .metrics.images' "$work/eval.json")" = true
    check "images counted" test "$(jq -r '.metrics.images > 0' "$work/eval.json")" = true
    if command -v sqlite3 >/dev/null; then
        check "two cached splits" test "$(sqlite3 "$work/demo/demo.dwb" 'SELECT group_concat(split) FROM (SELECT split FROM prediction_sets ORDER BY split)')" = "test,val"
        check "one cached row per test image" test "$(sqlite3 "$work/demo/demo.dwb" "SELECT count(*) FROM predictions WHERE split = 'test'")" = "$(jq -r .predictions_cached "$work/eval.json")"
    fi
    expect_exit 2 "--split must be train, val or test" "$dwb" eval "$work/demo/demo.dwb" --split nope
    ;;
export)
    "$dwb" demo --out "$work/demo" --count 24 >/dev/null || failures=$((failures + 1))
    "$dwb" train "$work/demo/demo.dwb" --epochs 1 --size 64x64 >/dev/null 2>&1 || failures=$((failures + 1))
    expect_exit 0 "" "$dwb" export "$work/demo/demo.dwb" --out "$work/onnx"
    check "the export says how close the runtimes are" grep -q "largest difference" "$work/out"
    check "model.onnx written" test -s "$work/onnx/model.onnx"
    check "model.json: format" test "$(jq -r .format "$work/onnx/model.json")" = dwb-onnx/1
    check "model.json: classes in output order" \
        test "$(jq -r '[.classes[].name] | join(",")' "$work/onnx/model.json")" = "Pit,Scratch,Patch"
    check "model.json: the run and project" \
        test "$(jq -r '"\(.source.project) \(.source.run)"' "$work/onnx/model.json")" = "demo.dwb 1"
    mask_logit_difference=$(grep -o 'largest difference [^ ]*' "$work/out" | awk '{print $3}')
    check "difference under 1e-4 ($mask_logit_difference)" awk -v d="$mask_logit_difference" 'BEGIN { exit !(d < 1e-4) }'
    # The exported file gives predict's outputs: the same masks, scores within float rounding.
    model="$work/demo/demo.runs/run-1/model.pt"
    expect_exit 0 "" "$dwb" predict "$model" "$work/demo/images" --out "$work/pred-pt"
    expect_exit 0 "" "$dwb" predict "$work/onnx/model.onnx" "$work/demo/images" --out "$work/pred-onnx"
    check "the summary names OpenCV DNN" grep -q "OpenCV DNN" "$work/out"
    check "same scores" awk -F, 'NR == FNR { for (i = 2; i <= NF; i++) a[FNR, i] = $i; next }
        FNR > 1 { for (i = 2; i <= NF; i++) if (($i - a[FNR, i])^2 > 1e-10) exit 1 }' \
        "$work/pred-pt/scores.csv" "$work/pred-onnx/scores.csv"
    differing=$(cd "$work/pred-pt" && for f in *.png; do cmp -s "$f" "../pred-onnx/$f" || echo "$f"; done)
    check "the same 72 masks ($differing)" test -z "$differing" -a "$(find "$work/pred-onnx" -name '*.png' | wc -l)" = 72
    # The model file alone: its project is found beside it; an unrelated file needs images.
    expect_exit 0 "" "$dwb" export "$model" --out "$work/onnx2"
    check "the model file's project is named" test "$(jq -r .source.run "$work/onnx2/model.json")" = 1
    cp "$model" "$work/alone.pt"
    expect_exit 2 "no images to compare" "$dwb" export "$work/alone.pt" --out "$work/onnx3"
    expect_exit 0 "" "$dwb" export "$work/alone.pt" "$work/demo/images" --out "$work/onnx3" --check 4
    check "compared on the 4 asked for" grep -q "on 4 images" "$work/out"
    # A tolerance no export meets: refused, nothing left behind.
    expect_exit 1 "nothing exported" "$dwb" export "$work/demo/demo.dwb" --out "$work/onnx4" --tolerance 0
    check "nothing left behind" test ! -e "$work/onnx4/model.onnx" -a ! -e "$work/onnx4/model.json"
    expect_exit 2 "--format expects onnx" "$dwb" export "$work/demo/demo.dwb" --out "$work/x" --format tflite
    expect_exit 2 "runs on the CPU" "$dwb" predict "$work/onnx3/model.onnx" "$work/demo/images" --out "$work/y" --device cuda
    rm "$work/onnx3/model.json"
    expect_exit 1 "model.json" "$dwb" predict "$work/onnx3/model.onnx" "$work/demo/images" --out "$work/y"
    # The deployment example of docs/deploy.md prints predict's scores.
    if [ -n "${DWB_DEPLOY_EXAMPLE:-}" ]; then
        "$DWB_DEPLOY_EXAMPLE" "$work/onnx" "$work"/demo/images/*.png >"$work/example.csv" 2>/dev/null ||
            failures=$((failures + 1))
        check "the example's scores are predict's" awk -F, 'NR == FNR { for (i = 2; i <= NF; i++) a[FNR, i] = $i; next }
            FNR == 1 { if ($0 != h) exit 1; next } { for (i = 2; i <= NF; i++) if (($i - a[FNR, i])^2 > 1e-10) exit 1 }' \
            "$work/pred-onnx/scores.csv" h="$(head -n 1 "$work/pred-onnx/scores.csv")" "$work/example.csv"
    fi
    ;;
interchange)
    "$dwb" demo --out "$work/demo" --count 24 >/dev/null || failures=$((failures + 1))
    expect_exit 0 "" "$dwb" export-dataset "$work/demo/demo.dwb" --format coco --out "$work/coco"
    check "the summary counts the blobs" grep -q "exported 24 images with" "$work/out"
    annotations=$(jq '.annotations | length' "$work/coco/annotations.json")
    check "an independent RLE reader agrees with every area and bbox" \
        test "$(python3 "$(dirname "$0")/coco_rle_check.py" "$work/coco/annotations.json")" = "$annotations"
    check "categories are the classes" test "$(jq -r '[.categories[].name] | join(",")' "$work/coco/annotations.json")" = "Pit,Scratch,Patch"
    expect_exit 0 "" "$dwb" import coco "$work/coco" --project "$work/coco.dwb" --quiet
    expect_exit 0 "" "$dwb" export-dataset "$work/demo/demo.dwb" --format masks --out "$work/masks"
    expect_exit 0 "" "$dwb" import folder "$work/masks" --project "$work/masks.dwb" --quiet
    # The same images per class in all three projects (the pixels: DatasetExport tests).
    for p in demo/demo coco masks; do
        "$dwb" info "$work/$p.dwb" --json | jq -c '[.classes[] | [.name, .samples]]' >"$work/$(basename $p).classes"
    done
    check "COCO gives back the classes" cmp -s "$work/demo.classes" "$work/coco.classes"
    check "the label folder gives back the classes" cmp -s "$work/demo.classes" "$work/masks.classes"
    expect_exit 0 "" "$dwb" export-dataset "$work/demo/demo.dwb" --format yolo-seg --out "$work/yolo"
    check "data.yaml names the classes" grep -q "2: Patch" "$work/yolo/data.yaml"
    check "a label file per image" test "$(find "$work/yolo/labels" -name '*.txt' | wc -l)" = 24
    expect_exit 0 "" "$dwb" import yolo-seg "$work/yolo" --project "$work/yolo.dwb" --quiet
    "$dwb" info "$work/yolo.dwb" --json | jq -c '[.classes[] | [.name, .samples]]' >"$work/yolo.classes"
    check "YOLO gives back the classes" cmp -s "$work/demo.classes" "$work/yolo.classes"
    echo "7 0.1 0.1 0.2 0.2 0.3 0.1" >"$work/yolo/labels/$(ls "$work/yolo/labels" | head -n 1)"
    expect_exit 0 "line 1: class 7 is not in data.yaml" "$dwb" import yolo-seg "$work/yolo" --project "$work/yolo2.dwb"
    # Synthetic samples stored by augment go out too, as train samples; COCO polygons on request.
    "$dwb" augment "$work/demo/demo.dwb" --count 3 --out "$work/synthetic" >/dev/null 2>&1 || failures=$((failures + 1))
    expect_exit 0 "" "$dwb" export-dataset "$work/demo/demo.dwb" --format coco --out "$work/coco-all" --include-synthetic --polygons
    check "24 images and 3 synthetic ones" test "$(jq '.images | length' "$work/coco-all/annotations.json")" = 27
    check "the synthetic images are written" test "$(find "$work/coco-all/synthetic" -name '*.png' | wc -l)" = 3
    check "polygons in place of RLE" test "$(jq '[.annotations[].segmentation | type] | unique | join(",")' "$work/coco-all/annotations.json")" = '"array"'
    expect_exit 0 "" "$dwb" import coco "$work/coco-all" --project "$work/coco-all.dwb" --quiet
    check "27 samples imported" test "$("$dwb" info "$work/coco-all.dwb" --json | jq .samples)" = 27
    expect_exit 2 "--polygons goes with --format coco" "$dwb" export-dataset "$work/demo/demo.dwb" --format masks --out "$work/x" --polygons
    expect_exit 2 "--format expects coco, masks or yolo-seg" "$dwb" export-dataset "$work/demo/demo.dwb" --format voc --out "$work/x"
    expect_exit 2 "--split expects" "$dwb" export-dataset "$work/demo/demo.dwb" --format coco --out "$work/x" --split most
    echo '{"images": [' >"$work/bad.json"
    expect_exit 1 "not a COCO file" "$dwb" import coco "$work/bad.json" --project "$work/bad.dwb"
    ;;
budget)
    # A time budget ends the run by itself; the best epoch is the model, calibrated, and eval and
    # predict use its per-class thresholds unless one is given.
    "$dwb" demo --out "$work/demo" --count 24 >/dev/null || failures=$((failures + 1))
    expect_exit 0 "" "$dwb" train "$work/demo/demo.dwb" --minutes 0.1 --size 64x64 --threads 1 --json
    cp "$work/out" "$work/train.jsonl"
    finished() { jq -r "select(.event == \"finished\") | $1" "$work/train.jsonl"; }
    check "stopped by the budget" test "$(finished .stop_reason)" = budget
    check "within the budget and a little" test "$(finished '.seconds < 30')" = true
    check "more than one epoch in 6 s" test "$(finished '.epochs > 1')" = true
    check "calibrated" test "$(finished .calibrated)" = true
    best=$(finished .best_epoch)
    check "best epoch is the top validation score" test "$(jq -s -r --argjson b "$best" \
        '[.[] | select(.event == "epoch")] | (map(.score) | max) == (map(select(.epoch == $b)) | .[0].score)' "$work/train.jsonl")" = true
    expect_exit 0 "" "$dwb" eval "$work/demo/demo.dwb" --split val --json
    check "eval says calibrated" test "$(jq -r .calibrated "$work/out")" = true
    check "eval uses the best epoch" test "$(jq -r .model_epoch "$work/out")" = "$best"
    expect_exit 0 "" "$dwb" eval "$work/demo/demo.dwb" --split val --threshold 0.5 --json
    check "one threshold when asked" test "$(jq -r '[.metrics.classes[].threshold] | unique == [0.5]' "$work/out")" = true
    model=$(finished .model)
    expect_exit 0 "" "$dwb" predict "$model" "$work/demo/images" --out "$work/pred" --json
    check "predict reports per-class thresholds" test "$(jq -r '.calibrated and (.classes[0] | has("pixel_threshold"))' "$work/pred/predictions.json")" = true
    expect_exit 1 "has used its" "$dwb" train "$work/demo/demo.dwb" --resume 1 --minutes 0.01
    expect_exit 2 "--lr-schedule" "$dwb" train "$work/demo/demo.dwb" --lr-schedule sideways
    expect_exit 1 "warm-up share" "$dwb" train "$work/demo/demo.dwb" --warmup 0.9
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 1
    ;;
esac

if [ "$failures" -gt 0 ]; then
    echo "$case_name: $failures check(s) failed" >&2
    exit 1
fi
echo "$case_name: all checks passed"
