# The `distributed` case of cli_tests.sh (sourced: uses its check, expect_exit, $dwb and $work).
# Data-parallel training over Gloo on the loopback interface, launched by --nproc and, as
# torchrun or srun would, through the environment; a rank killed or hung mid-run.

expect_exit 0 "" "$dwb" demo --out "$work/d" --count 32
train=(--size 32x32 --batch 4 --threads 1)
count_epochs() { sqlite3 "$1" 'SELECT COUNT(*) FROM run_epochs' 2>/dev/null || echo 0; }
wait_for_epochs() { # wait_for_epochs PROJECT N: up to 60 s
    for _ in $(seq 300); do
        [ "$(count_epochs "$1")" -ge "$2" ] && return 0
        sleep 0.2
    done
    return 1
}

# --nproc 2: one run, written once, by rank 0.
cp -r "$work/d" "$work/n"
expect_exit 0 "" "$dwb" train "$work/n/demo.dwb" "${train[@]}" --epochs 2 --nproc 2
check "--nproc reports its ranks" grep -q "data-parallel: 2 ranks over gloo" "$work/out"
check "one epoch line per epoch" test "$(grep -c '^epoch ' "$work/out")" = 2
check "one run, finished" test "$(sqlite3 "$work/n/demo.dwb" 'SELECT COUNT(*) || status || epochs_done FROM runs')" = 1finished2
expect_exit 0 "" "$dwb" eval "$work/n/demo.dwb" --run 1

# Mistakes are usage errors before anything starts.
expect_exit 2 "RANK=5" env WORLD_SIZE=2 RANK=5 "$dwb" train "$work/n/demo.dwb" --epochs 1
expect_exit 2 "unset WORLD_SIZE" env WORLD_SIZE=2 RANK=0 "$dwb" train "$work/n/demo.dwb" --nproc 2
expect_exit 2 "unknown distributed backend 'mpi'" env WORLD_SIZE=2 RANK=0 \
    "$dwb" train "$work/n/demo.dwb" --dist-backend mpi
expect_exit 1 "no NCCL backend" env WORLD_SIZE=2 RANK=0 MASTER_PORT=1 \
    "$dwb" train "$work/n/demo.dwb" "${train[@]}" --epochs 1 --dist-backend nccl

# Two ranks from the environment; rank 1 killed after two epochs. Rank 0 ends at once with the
# message, the checkpoint of its last epoch, and one process resumes the run to its end.
start_ranks() { # start_ranks PROJECT PORT EXTRA...: sets rank0 and rank1
    local project=$1 port=$2
    shift 2
    WORLD_SIZE=2 RANK=0 MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
        "$dwb" train "$project" "${train[@]}" --epochs 60 "$@" >"$work/rank0.out" 2>"$work/rank0.err" &
    rank0=$!
    WORLD_SIZE=2 RANK=1 MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
        "$dwb" train "$project" "${train[@]}" --epochs 60 "$@" >"$work/rank1.out" 2>"$work/rank1.err" &
    rank1=$!
}
port=$((20000 + RANDOM % 20000))
cp -r "$work/d" "$work/k"
start_ranks "$work/k/demo.dwb" "$port"
check "two epochs trained" wait_for_epochs "$work/k/demo.dwb" 2
kill -9 "$rank1"
killed_at=$(date +%s)
wait "$rank0"
code=$?
check "rank 0 exits 1 (got $code)" test "$code" = 1
check "within 30 s" test $(($(date +%s) - killed_at)) -le 30
check "rank 0 names the cause" grep -q "lost contact with another rank" "$work/rank0.err"
check "rank 0 says how to go on" grep -q -- "--resume 1" "$work/rank0.err"
check "rank 1 wrote nothing to stdout" test ! -s "$work/rank1.out"
done_epochs=$(count_epochs "$work/k/demo.dwb")
check "run marked failed" test "$(sqlite3 "$work/k/demo.dwb" 'SELECT status FROM runs')" = failed
check "checkpoint kept" test -s "$work/k/demo.runs/run-1/checkpoint.pt"
target=$((done_epochs + 2))
expect_exit 0 "" "$dwb" train "$work/k/demo.dwb" --resume 1 --epochs "$target"
check "resumed in one process to the end" \
    test "$(sqlite3 "$work/k/demo.dwb" 'SELECT status || epochs_done FROM runs')" = "finished$target"
check "each epoch once" \
    test "$(sqlite3 "$work/k/demo.dwb" 'SELECT COUNT(DISTINCT epoch) = COUNT(*) FROM run_epochs')" = 1

# A hung rank (stopped, its connections open) ends the run after --dist-timeout.
port=$((port + 1))
cp -r "$work/d" "$work/h"
start_ranks "$work/h/demo.dwb" "$port" --dist-timeout 3
check "an epoch trained" wait_for_epochs "$work/h/demo.dwb" 1
kill -STOP "$rank1"
stopped_at=$(date +%s)
wait "$rank0"
code=$?
kill -9 "$rank1"
check "rank 0 exits 1 after a hang (got $code)" test "$code" = 1
check "after the timeout, not long after" test $(($(date +%s) - stopped_at)) -le 30
check "rank 0 reports the time-out" grep -q "lost contact with another rank" "$work/rank0.err"
# ... and two processes resume what two others trained.
expect_exit 0 "" "$dwb" train "$work/h/demo.dwb" --resume 1 --epochs $(($(count_epochs "$work/h/demo.dwb") + 1)) --nproc 2
check "resumed by two ranks" grep -q "data-parallel: 2 ranks" "$work/out"

# A job folder for another machine: written with its images, moved, trained there by its own
# script in two processes, and its run brought back next to the runs trained at home.
expect_exit 0 "" "$dwb" job "$work/n/demo.dwb" --out "$work/job" --nproc 2 --copy-images \
    "${train[@]}" --epochs 2
check "job has its script" test -x "$work/job/run.sh"
check "job has its images" test "$(ls "$work/job/images" | wc -l)" = 32
expect_exit 1 "is not empty" "$dwb" job "$work/n/demo.dwb" --out "$work/job"
mv "$work/job" "$work/moved-job"
PATH="$(dirname "$dwb"):$PATH" sh "$work/moved-job/run.sh" >"$work/job.out" 2>&1
check "the job trains where it lands" grep -q "data-parallel: 2 ranks" "$work/job.out"
expect_exit 0 "" "$dwb" import-run "$work/n/demo.dwb" "$work/moved-job/demo.dwb"
check "its run comes back as run 2" grep -q "is run 2 here" "$work/out"
check "with its curves" \
    test "$(sqlite3 "$work/n/demo.dwb" 'SELECT COUNT(*) FROM run_epochs WHERE run_id = 2')" = 2
expect_exit 0 "" "$dwb" eval "$work/n/demo.dwb" --run 2
