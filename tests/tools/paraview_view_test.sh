#!/usr/bin/env bash
# The shipped ParaView script on a run's results: postprocess/paraview/hotdraw_view.py under
# xvfb-run + pvbatch writes the screenshots of every field, and tests/tools/check_png.py checks
# that each exists, has the requested size and is not blank.
#   paraview_view_test.sh SOURCE_DIR RESULTS_DIR OUT_DIR WIRE
# (RESULTS_DIR of a steady run with the free-volume model: the screenshots of viscosity,
# velocity, temperature, free_volume and shear_strain are expected.)
# Fails with a clear message if pvbatch, xvfb-run or ParaView's Python modules are missing
# (scripts/common.sh: hotdraw_install_paraview installs them).
set -euo pipefail
source_dir=$1 results=$2 out=$3 wire=$4

fail() { echo "paraview_view_test: FAILED: $*" >&2; exit 1; }
for tool in pvbatch xvfb-run; do
  command -v "$tool" >/dev/null ||
    fail "'$tool' not found: install the Debian packages paraview and xvfb (scripts/test does:" \
         "scripts/common.sh, hotdraw_install_paraview)."
done
# Debian 12's python3-paraview conflicts with libvtk9-dev (both ship vtkmodules): next to the
# build dependencies it is unpacked privately (hotdraw_install_paraview) and found by PYTHONPATH.
private="${HOTDRAW_PARAVIEW_PYTHON:-/opt/hotdraw/python3-paraview}/usr/lib/python3/dist-packages"
if [ -f "$private/paraview/simple.py" ]; then
  export PYTHONPATH="$private${PYTHONPATH:+:$PYTHONPATH}"
elif [ ! -f /usr/lib/python3/dist-packages/paraview/simple.py ]; then
  fail "ParaView's Python modules (paraview.simple) not found: neither python3-paraview nor" \
       "its private copy in $private (scripts/common.sh: hotdraw_install_paraview)."
fi

rm -rf "$out"
start=$(date +%s)
# pvbatch under a virtual X server with a 24-bit screen (OpenGL needs a true-colour visual).
# Under load pvbatch sometimes fails to connect to the new server ("bad X server connection",
# 2 of 5 tries on a busy 2-core machine, on any display number): such a run is repeated, up to
# three times; any other failure is final.
xvfb() {
  local attempt log
  log=$(mktemp)
  for attempt in 1 2 3; do
    xvfb-run -a -s "-screen 0 1600x1200x24" "$@" > "$log" 2>&1 && { cat "$log"; rm -f "$log"; return 0; }
    grep -q "bad X server connection" "$log" || break
    echo "paraview_view_test: pvbatch could not connect to the virtual X server (attempt $attempt of 3)"
  done
  cat "$log"; rm -f "$log"
  return 1
}
xvfb pvbatch "$source_dir/postprocess/paraview/hotdraw_view.py" "$results" \
  --wire "$wire" --screenshot-dir "$out" --size 800x450 ||
  fail "hotdraw_view.py failed on $results."
pngs=()
for field in viscosity velocity temperature free_volume shear_strain; do
  pngs+=("$out/fe_${wire}_${field}.png")
done
xvfb pvbatch "$source_dir/tests/tools/check_png.py" 800 450 "${pngs[@]}" ||
  fail "the screenshots are missing or blank (see above)."
echo "paraview_view_test: ${#pngs[@]} screenshots checked in $(($(date +%s) - start)) s"
