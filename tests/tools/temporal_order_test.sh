#!/bin/bash
# Temporal order of the coupled transient step (issue 13): tests/tools/temporal_order.prm (the
# 200 um wire with FE heat, coupled steps, a smooth take-up speed disturbance, t = 0 ... 0.5 s)
# is run on 2 ranks with fixed steps dt = 1/8, 1/16 and 1/32 s. There is no exact transient
# solution of the coupled free-surface problem, so the order is measured by self-convergence
# (Richardson): with X_dt the draw force and the peak temperature at t = 0.5 s,
#   p = log2(|X_dt - X_dt/2| / |X_dt/2 - X_dt/4|)
# must be near 2 (BDF2 shape and heat steps; the backward-Euler first step is O(dt^2) too):
# within [1.5, 2.7] (first order would give 1). The surface is printed but not judged: in the
# neck (R > 1.5 x the outlet radius) the step sizes differ by ~1-5 nm at the finer pair (a few
# 1e-6 of R, near the coupled iteration's tolerance: the neck is quasi-steady), and in the
# frozen wire the box step's marginally damped 2-cell mode (about 1 % of R on 40 axial cells)
# carries differences of up to 80 nm that do not converge with dt (a spatial-resolution
# effect). Measured: force 1.64, peak temperature 1.86 (1/4 ... 1/32 s over 1 s: force 1.16 on
# the coarsest pair, where 1/4 s does not resolve the disturbance, 2.16 on the finer; peak
# temperature 1.01 and 1.87). Writes temporal_order.csv in WORKDIR.
# Usage: temporal_order_test.sh HOTDRAW MPIEXEC SOURCE_DIR WORKDIR
set -u
hotdraw=$1; mpiexec=$2; src=$3; work=$4
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
fail() { echo "FAILED: $*"; exit 1; }
for n in 8 16 32; do
  sed "s|set Time step = 0.125|set Time step = $(python3 -c "print(1/$n)")|" \
    "$src/tests/tools/temporal_order.prm" > "dt$n.prm"
  start=$(date +%s)
  "$mpiexec" --oversubscribe -np 2 "$hotdraw" --output-directory "dt$n" "dt$n.prm" > "dt$n.log" 2>&1 \
    || fail "the run with dt = 1/$n s failed (see $work/dt$n.log)"
  echo "dt = 1/$n s: $(( $(date +%s) - start )) s, $(grep -c "coupled iterations)" "dt$n.log") steps"
done
python3 - "$work" <<'PY' || exit 1
import csv, math, sys
work = sys.argv[1]
levels = [8, 16, 32]
def final(n):
    rows = [l.split() for l in open(f"{work}/dt{n}/fe_200um/time_series.txt") if not l.startswith("#")]
    if abs(float(rows[-1][1]) - 0.5) > 1e-9:
        sys.exit(f"FAILED: dt = 1/{n}: the last record is at t = {rows[-1][1]} s, not 0.5 s")
    R = [float(r["radius_m"]) for r in csv.DictReader(open(f"{work}/dt{n}/fe_200um/surface.csv"))]
    return float(rows[-1][5]), R, float(rows[-1][12])  # draw force (N), R(z) (m), peak T (K)
X = {n: final(n) for n in levels}
if len({len(X[n][1]) for n in levels}) != 1:
    sys.exit("FAILED: the surfaces have different numbers of nodes")
R_out = X[32][1][-1]
neck = [k for k, r in enumerate(X[32][1]) if r > 1.5 * R_out]
wire = [k for k, r in enumerate(X[32][1]) if r <= 1.1 * R_out]
def shape_diff(a, b, nodes):
    return max(abs(X[a][1][k] - X[b][1][k]) for k in nodes)
pairs = list(zip(levels, levels[1:]))
diffs = {
    "draw_force_N": ([abs(X[a][0] - X[b][0]) for a, b in pairs], True),
    "peak_temperature_K": ([abs(X[a][2] - X[b][2]) for a, b in pairs], True),
    "neck_radius_m": ([shape_diff(a, b, neck) for a, b in pairs], False),
    "wire_radius_m": ([shape_diff(a, b, wire) for a, b in pairs], False),
}
ok = True
with open(f"{work}/temporal_order.csv", "w") as f:
    f.write("quantity,diff_dt_1_8_1_16,diff_dt_1_16_1_32,order,judged\n")
    for name, (d, judged) in diffs.items():
        p = math.log2(d[0] / d[1]) if d[0] > 0 and d[1] > 0 else float("nan")
        f.write(f"{name},{d[0]:.4e},{d[1]:.4e},{p:.3f},{'yes' if judged else 'no'}\n")
        print(f"{name}: |X_dt - X_dt/2| = {d[0]:.3e} (1/8 - 1/16 s), {d[1]:.3e} (1/16 - 1/32 s); "
              f"order {p:.2f}" + ("" if judged else " (not judged)"))
        if judged and not (1.5 <= p <= 2.7):
            print(f"FAILED: {name}: order {p:.2f} outside [1.5, 2.7]"); ok = False
sys.exit(0 if ok else 1)
PY
echo "temporal order: passed"
