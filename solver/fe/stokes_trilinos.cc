// StokesFlow with the Trilinos back end (Epetra matrices, ML AMG).
#include "solver/fe/stokes_impl.h"

namespace hotdraw
{
  std::unique_ptr<StokesFlow> create_stokes_trilinos(MPI_Comm comm, const RheologyModel &r,
                                                     const StokesSettings &s)
  {
    return std::make_unique<fe_detail::StokesImpl<fe_detail::TrilinosBackend>>(comm, r, s);
  }
}  // namespace hotdraw
