#!/usr/bin/env bash
# Process-window benchmark: the 400-point map of bench/window_400.prm on 1 and on 2 MPI ranks,
# in the same run; prints both wall times (from the log) and the speed-up (target: >= 1.8).
# Usage: bench/bench_window.sh HOTDRAW [WORKDIR]
set -eu
hotdraw=$1
work=${2:-$(mktemp -d)}
mkdir -p "$work"
prm="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/window_400.prm"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
seconds() { sed -n 's/^Process window: .* points solved in \([0-9.]*\) s.*/\1/p' "$1"; }
for n in 1 2; do
  rm -rf "$work/np$n"
  mpirun --oversubscribe -np $n "$hotdraw" --output-directory "$work/np$n" "$prm" > "$work/np$n.log"
done
cmp "$work/np1/window.csv" "$work/np2/window.csv" || { echo "window.csv differs between 1 and 2 ranks"; exit 1; }
t1=$(seconds "$work/np1.log"); t2=$(seconds "$work/np2.log")
python3 - "$t1" "$t2" <<'PY'
import sys
t1, t2 = float(sys.argv[1]), float(sys.argv[2])
print(f"process window, 400 points: 1 rank {t1:.1f} s, 2 ranks {t2:.1f} s, speed-up {t1/t2:.2f} (target >= 1.8); window.csv identical")
PY
