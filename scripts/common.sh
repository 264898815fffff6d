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

hotdraw_install_dependencies() {
  local missing=()
  for p in "${HOTDRAW_PACKAGES[@]}"; do
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

hotdraw_build() {
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    hotdraw_say "Configuring (Release) in $BUILD_DIR"
    cmake -S "$HOTDRAW_ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
  fi
  hotdraw_say "Building with $JOBS job(s)"
  cmake --build "$BUILD_DIR" -j "$JOBS" "$@"
}
