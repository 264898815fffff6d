#!/bin/bash
# Kill-and-resume and slice-merge test of the process-window map (issue 12):
#  1. the map of tests/prm/window_tiny.prm, uninterrupted, on 2 ranks -> A/window.csv;
#  2. the same run killed with SIGKILL once some points are in its progress file, then restarted
#     with the same command: it must resume (skip the finished points) and end with a
#     window.csv identical to A's;
#  3. the map in two slices (--points 1/2, 2/2) joined by --merge: identical to A's;
#  4. the map on one rank: identical to A's.
# Usage: window_resume_test.sh HOTDRAW MPIEXEC PRM WORKDIR
set -u
hotdraw=$1; mpiexec=$2; prm=$3; work=$4
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { echo "FAILED: $*"; exit 1; }
run() { "$mpiexec" --oversubscribe -np 2 "$hotdraw" --output-directory "$@"; }

run A "$prm" > A.log 2>&1 || fail "the uninterrupted run failed (see $work/A.log)"
n_points=$(grep -c ',end$' A/window_progress.txt)
[ "$n_points" -ge 8 ] || fail "the map has only $n_points points"

# 2. kill once at least 3 points are done, but before the last
setsid "$mpiexec" --oversubscribe -np 2 "$hotdraw" --output-directory B "$prm" > B1.log 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  done_points=$(grep -c ',end$' B/window_progress.txt 2>/dev/null)
  [ "${done_points:-0}" -ge 3 ] && break
  sleep 0.1
done
kill -9 -- -"$pid" 2>/dev/null; wait "$pid" 2>/dev/null
# ranks that mpirun started in process groups of their own
pkill -9 -f -- "--output-directory B $prm" 2>/dev/null
sleep 1
killed_at=$(grep -c ',end$' B/window_progress.txt)
echo "killed with $killed_at of $n_points points done"
[ "$killed_at" -lt "$n_points" ] || fail "the run finished before the kill; nothing to resume"
[ -f B/window.csv ] && fail "a killed run left a window.csv"
run B "$prm" > B2.log 2>&1 || fail "the resumed run failed (see $work/B2.log)"
grep -q "$killed_at finished earlier" B2.log || fail "the resumed run did not resume from $killed_at points"
cmp A/window.csv B/window.csv || fail "the resumed window.csv differs from the uninterrupted one"

# 3. two slices and the merge
run C1 --points 1/2 "$prm" > C1.log 2>&1 || fail "slice 1/2 failed"
run C2 --points 2/2 "$prm" > C2.log 2>&1 || fail "slice 2/2 failed"
mkdir -p D && (cd D && "$hotdraw" --merge ../C1 ../C2 > ../D.log 2>&1) || fail "the merge failed (see $work/D.log)"
cmp A/window.csv D/window.csv || fail "the merged window.csv differs from the uninterrupted one"
# 4. one rank: the same table
"$mpiexec" -np 1 "$hotdraw" --output-directory E "$prm" > E.log 2>&1 || fail "the 1-rank run failed (see $work/E.log)"
cmp A/window.csv E/window.csv || fail "the 1-rank window.csv differs from the 2-rank one"
echo "window resume and merge: OK ($n_points points; killed at $killed_at, resumed; 2 slices merged)"
