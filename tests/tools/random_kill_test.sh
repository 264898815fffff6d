#!/bin/bash
# Safe outputs under kills (issue 13): the default thin-filament case (with plots, profiles and a
# small uncertainty study, about 10 s on 2 ranks) is
#  1. run uninterrupted on 2 ranks -> A/;
#  2. run in one directory B and killed with SIGKILL at random moments, N times (a fixed seed,
#     so that the moments are reproducible; every second one near the end, where the tables
#     are written): after every kill, any sweep.csv, sensitivity.csv
#     or calibration.txt in B must equal A's, byte for byte (a complete table of this run, never
#     a truncated one or an earlier run's), and run_status must say 'running' (the run was
#     killed without warning) unless the run had completed;
#  3. a run stopped with SIGTERM says 'killed' in run_status;
#  4. a last uninterrupted run in B ends with run_status 'complete', tables equal to A's, no
#     temporary files, and a log that reports the unfinished run before it.
# Usage: random_kill_test.sh HOTDRAW MPIEXEC SOURCE_DIR WORKDIR [KILLS] [SEED]
set -u
hotdraw=$1; mpiexec=$2; src=$3; work=$4; kills=${5:-5}; RANDOM=${6:-13}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { echo "FAILED: $*"; exit 1; }
tables="sweep.csv sensitivity.csv calibration.txt"

# the case: the default 1-D case with 24 uncertainty samples, data file by absolute path
sed "s|= data/|= $src/parameters/data/|" "$src/parameters/seed-pd40cu30ni10p20-wires-1d.prm" > case.prm
printf 'subsection Uncertainty\n  set Samples = 24\nend\n' >> case.prm

start=$(date +%s.%N)
"$mpiexec" --oversubscribe -np 2 "$hotdraw" --output-directory A case.prm > A.log 2>&1 \
  || fail "the uninterrupted run failed (see $work/A.log)"
duration=$(python3 -c "import sys; print(max(1.0, float(sys.argv[2]) - float(sys.argv[1])))" "$start" "$(date +%s.%N)")
for f in $tables; do [ -s "A/$f" ] || fail "the uninterrupted run wrote no $f"; done
[ "$(head -n 1 A/run_status)" = complete ] || fail "A/run_status does not say complete: $(cat A/run_status)"
echo "uninterrupted run: ${duration} s"

stop_run() {  # signal the whole process group of the run and its ranks
  kill "-$1" -- -"$2" 2>/dev/null; wait "$2" 2>/dev/null
  pkill "-$1" -f -- "--output-directory B case.prm" 2>/dev/null
  sleep 0.5
}
check_tables() {
  for f in $tables; do
    [ -e "B/$f" ] || continue
    cmp -s "A/$f" "B/$f" || fail "after $1, B/$f exists but differs from the uninterrupted run's"
  done
}

killed_running=0
for k in $(seq 1 "$kills"); do
  # odd kills: a moment between 5 % and 100 % of the uninterrupted run's duration; even kills:
  # between 85 % and 102 %, where the tables are written
  r=$RANDOM
  if [ $((k % 2)) -eq 1 ]; then lo=0.05; hi=1.0; else lo=0.85; hi=1.02; fi
  delay=$(python3 -c "import sys; T, lo, hi, r = map(float, sys.argv[1:]); print(round(T * (lo + (hi - lo) * r / 32767), 2))" "$duration" "$lo" "$hi" "$r")
  setsid "$mpiexec" --oversubscribe -np 2 "$hotdraw" --output-directory B case.prm > "B$k.log" 2>&1 &
  pid=$!
  sleep "$delay"
  stop_run 9 "$pid"
  status=$(head -n 1 B/run_status 2>/dev/null)
  present=$(cd B 2>/dev/null && ls $tables 2>/dev/null | tr '\n' ' ')
  echo "kill $k after ${delay} s: run_status '${status}', tables present: ${present:-none}"
  check_tables "kill $k"
  case "$status" in
    running) killed_running=$((killed_running + 1)) ;;
    complete) for f in $tables; do [ -e "B/$f" ] || fail "run_status complete but no B/$f"; done ;;
    *) fail "after kill $k run_status is '$status' (expected running or complete)" ;;
  esac
done
[ "$killed_running" -ge 1 ] || fail "no kill hit a running run; the test proved nothing"

# SIGTERM: the run says it was killed
setsid "$mpiexec" --oversubscribe -np 2 "$hotdraw" --output-directory B case.prm > Bterm.log 2>&1 &
pid=$!
sleep "$(python3 -c "import sys; print(round(0.3 * float(sys.argv[1]), 2))" "$duration")"
stop_run TERM "$pid"
status=$(head -n 1 B/run_status)
[ "$status" = killed ] || [ "$status" = complete ] || fail "after SIGTERM run_status is '$status' (expected killed)"
check_tables "SIGTERM"
echo "SIGTERM: run_status '$status'"

"$mpiexec" --oversubscribe -np 2 "$hotdraw" --output-directory B case.prm > Bfinal.log 2>&1 \
  || fail "the final run failed (see $work/Bfinal.log)"
[ "$(head -n 1 B/run_status)" = complete ] || fail "B/run_status does not say complete"
if [ "$status" = killed ]; then
  grep -q "did not finish (run_status said 'killed'" Bfinal.log || fail "the run after the SIGTERM did not report the unfinished run"
fi
for f in $tables; do cmp "A/$f" "B/$f" || fail "the final B/$f differs from A's"; done
ls -a B | grep -q '\.tmp$' && fail "a completed run left temporary files: $(ls -a B | grep '\.tmp$')"
echo "random kills: OK ($kills SIGKILLs, $killed_running during the run; SIGTERM '$status'; every table present was complete and equal to the uninterrupted run's)"
