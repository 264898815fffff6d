#!/usr/bin/env bash
# Coupled transient steps against the explicit split (issue 13): bench/transient_60um.prm (the
# 60 um wire, FE heat, 40 s from its steady state at constant speed, steps of 2 s) with
# 'Coupled iterations' = 1 and = 20. A stable scheme keeps the steady state; prints, for each,
# the draw force and outlet diameter at the start and the end, the largest temperature change
# of a step in the last 10 s, and the wall time. About 10 minutes on one core.
# Usage: bench/bench_coupled_transient.sh HOTDRAW [WORKDIR]
set -eu
hotdraw=$1
work=${2:-$(mktemp -d)}
mkdir -p "$work"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/transient_60um.prm"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
for n in 1 20; do
  sed "s/set Coupled iterations = 1$/set Coupled iterations = $n/" "$src" > "$work/coupled_$n.prm"
  start=$(date +%s.%N)
  "$hotdraw" --output-directory "$work/coupled_$n" "$work/coupled_$n.prm" > "$work/coupled_$n.log" 2>&1 ||
    echo "  (the run with $n coupled iterations failed: see $work/coupled_$n.log)"
  end=$(date +%s.%N)
  python3 - "$work/coupled_$n/fe_060um/time_series.txt" "$n" "$start" "$end" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if not l.startswith('#')]
t = [float(r[1]) for r in rows]; F = [float(r[5]) for r in rows]; D = [2e6 * float(r[6]) for r in rows]
dT = [float(r[13]) for r in rows if float(r[1]) >= t[-1] - 10]
print(f"coupled iterations {sys.argv[2]:>2}: F {F[0]:.5f} -> {F[-1]:.5f} N ({100*(F[-1]/F[0]-1):+.2f} %), "
      f"d {D[0]:.3f} -> {D[-1]:.3f} um, max |dT| per step in the last 10 s {max(dT):.3f} K, "
      f"{len(rows)} steps, {float(sys.argv[4]) - float(sys.argv[3]):.0f} s")
PY
done
