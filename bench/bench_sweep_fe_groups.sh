#!/usr/bin/env bash
# FE sweep on rank groups: the default finite-element sweep with 'Sweep/Ranks per wire' = 1 on 1
# and on 2 MPI ranks, in the same run, and for comparison on 2 ranks with every wire solved by
# both ranks together ('Ranks per wire' = 0, the default). Prints the wall times and the
# speed-ups (target: >= 1.8 for one rank per wire), and checks that one rank per wire gives the
# same wires, to the last digit, on 1 and 2 ranks.
# Usage: bench/bench_sweep_fe_groups.sh BUILD_DIR [WORKDIR]
set -eu
bench=$1/bench/bench_sweep_fe
work=${2:-$(mktemp -d)}
mkdir -p "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
seconds() { sed -n 's/^  whole sweep (with calibration) \([0-9.]*\) s$/\1/p' "$1"; }
mpirun --oversubscribe -np 1 "$bench" --ranks-per-wire 1 > "$work/groups_np1.log"
mpirun --oversubscribe -np 2 "$bench" --ranks-per-wire 1 > "$work/groups_np2.log"
mpirun --oversubscribe -np 2 "$bench" --ranks-per-wire 0 > "$work/together_np2.log"
cat "$work/groups_np2.log"
if ! diff <(grep '^  wire ' "$work/groups_np1.log") <(grep '^  wire ' "$work/groups_np2.log"); then
  echo "bench_sweep_fe_groups: the wires differ between 1 and 2 ranks (one rank per wire)"
  exit 1
fi
t1=$(seconds "$work/groups_np1.log"); t2=$(seconds "$work/groups_np2.log")
t0=$(seconds "$work/together_np2.log")
python3 - "$t1" "$t2" "$t0" <<'PY'
import sys
t1, t2, t0 = map(float, sys.argv[1:])
print(f"FE default sweep, one rank per wire: 1 rank {t1:.1f} s, 2 ranks {t2:.1f} s, "
      f"speed-up {t1/t2:.2f} (target >= 1.8); wires identical on 1 and 2 ranks")
print(f"  for comparison, every wire on both ranks together ('Ranks per wire' = 0, reusing "
      f"neighbouring solutions): 2 ranks {t0:.1f} s, {t1/t0:.2f}x the 1-rank time above")
PY
