#!/usr/bin/env bash
# The 60 um start-up against the steady state (issue 13): bench/startup_60um.prm (FE heat,
# coupled transient steps, from the steady draw at half the take-up speed, ramped to production
# speed over 20 s, held to 120 s) and the same case solved steady. Prints the transient's final
# draw force, outlet diameter and cooling rates at Tg (axis and surface) against the steady
# solution's, their relative differences, the steps and the wall times, and exits non-zero if
# any difference exceeds 0.5 % or either run fails. About 15 minutes on 2 ranks.
# Usage: bench/bench_startup_60um.sh HOTDRAW [WORKDIR] [RANKS]
set -eu
hotdraw=$1
work=${2:-$(mktemp -d)}
ranks=${3:-2}
mkdir -p "$work"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/startup_60um.prm"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
cp "$src" "$work/transient.prm"
sed -e 's/set Mode = transient/set Mode = steady/' -e '/Take-up speed factor/d' "$src" > "$work/steady.prm"
for case in steady transient; do
  start=$(date +%s)
  mpirun --oversubscribe -np "$ranks" "$hotdraw" --output-directory "$work/$case" "$work/$case.prm" \
    > "$work/$case.log" 2>&1 || { echo "FAILED: the $case run (see $work/$case.log)"; exit 1; }
  echo "$case: $(( $(date +%s) - start )) s on $ranks rank(s)"
done
python3 - "$work" <<'PY'
import csv, sys
work = sys.argv[1]
row = lambda case: list(csv.DictReader(open(f"{work}/{case}/sweep.csv")))[-1]
s, t = row("steady"), row("transient")
steps = [l for l in open(f"{work}/transient/fe_060um/time_series.txt") if not l.startswith("#")]
ok = True
for key in ["draw_force_fe_N", "outlet_diameter_fe_um", "cooling_rate_at_Tg_fe_axis_K_per_s",
            "cooling_rate_at_Tg_fe_surface_K_per_s"]:
    a, b = float(s[key]), float(t[key])
    rel = b / a - 1
    ok &= abs(rel) <= 5e-3
    print(f"{key}: steady {a:.6g}, start-up at t = 120 s {b:.6g}, difference {100 * rel:+.3f} %")
print(f"start-up: {len(steps)} records, final mass-flux error {float(t['mass_flux_error_fe']):.2e}, "
      f"status {t['status']}")
if not ok:
    sys.exit("FAILED: the start-up ends more than 0.5 % from the steady state")
print("within 0.5 % of the steady state: passed")
PY
