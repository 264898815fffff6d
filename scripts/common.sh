# Shared by scripts/quickstart, scripts/test and scripts/bench. Source it; do not run it.
# Installs missing Debian packages, configures and builds hotdraw (Release) in build/.
set -euo pipefail

HOTDRAW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${HOTDRAW_BUILD_DIR:-$HOTDRAW_ROOT/build}"
JOBS="${HOTDRAW_JOBS:-$(nproc)}"

export OMPI_ALLOW_RUN_AS_ROOT=1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
# Keep BLAS/OpenMP from oversubscribing the cores the MPI ranks use.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# ccache keys on paths relative to the checkout, so a fresh clone reuses the cache of another.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$HOTDRAW_ROOT}"

HOTDRAW_PACKAGES=(
  g++ make cmake ccache git pkg-config
  libdeal.ii-dev libsundials-dev libvtk9-dev libnlopt-cxx-dev libnlopt-dev
  catch2 numdiff gnuplot-nox openmpi-bin
)

hotdraw_say() { printf '\n== %s\n' "$*"; }

hotdraw_install_dependencies() { hotdraw_install_packages "${HOTDRAW_PACKAGES[@]}"; }

# Installs those of the given Debian packages that are missing.
hotdraw_install_packages() {
  local missing=()
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    hotdraw_say "Debian packages: all present"
    return 0
  fi
  hotdraw_say "Installing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "hotdraw: need root or sudo to install: ${missing[*]}" >&2; exit 1
    fi
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
}

# ParaView 5.11 and a virtual X server for the test of postprocess/paraview/hotdraw_view.py
# (ctest label "paraview"). Debian 12's python3-paraview conflicts with python3-vtk9, which
# libvtk9-dev needs (both ship vtkmodules), so ParaView's Python modules are unpacked from the
# package into /opt/hotdraw/python3-paraview (the test sets PYTHONPATH) unless python3-paraview
# itself is installed.
HOTDRAW_PARAVIEW_PACKAGES=(paraview xvfb xauth)
HOTDRAW_PARAVIEW_PYTHON="${HOTDRAW_PARAVIEW_PYTHON:-/opt/hotdraw/python3-paraview}"

hotdraw_install_paraview() {
  hotdraw_install_packages "${HOTDRAW_PARAVIEW_PACKAGES[@]}"
  if [ -f /usr/lib/python3/dist-packages/paraview/simple.py ] ||
     [ -f "$HOTDRAW_PARAVIEW_PYTHON/usr/lib/python3/dist-packages/paraview/simple.py" ]; then
    return 0
  fi
  hotdraw_say "Unpacking python3-paraview into $HOTDRAW_PARAVIEW_PYTHON"
  local sudo="" tmp
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  tmp="$(mktemp -d)"
  (cd "$tmp" && chmod 755 . && apt-get download python3-paraview)
  $sudo mkdir -p "$HOTDRAW_PARAVIEW_PYTHON"
  $sudo dpkg-deb -x "$tmp"/python3-paraview_*.deb "$HOTDRAW_PARAVIEW_PYTHON"
  rm -rf "$tmp"
}

hotdraw_build() {
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    hotdraw_say "Configuring (Release) in $BUILD_DIR"
    cmake -S "$HOTDRAW_ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
  fi
  hotdraw_say "Building with $JOBS job(s)"
  cmake --build "$BUILD_DIR" -j "$JOBS" "$@"
}
