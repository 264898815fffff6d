// StokesFlow with the PETSc back end (MPIAIJ matrices, hypre BoomerAMG).
#include "solver/fe/stokes_impl.h"

namespace hotdraw
{
  std::unique_ptr<StokesFlow> create_stokes_petsc(MPI_Comm comm, const RheologyModel &r,
                                                  const StokesSettings &s)
  {
    return std::make_unique<fe_detail::StokesImpl<fe_detail::PETScBackend>>(comm, r, s);
  }
}  // namespace hotdraw
