#include "solver/parallel/work_queue.h"

#include <deal.II/base/mpi.h>

#include <algorithm>

namespace hotdraw
{
  WorkQueue::WorkQueue(MPI_Comm comm, unsigned int ranks_per_group) : comm_(comm)
  {
    const unsigned int rank = dealii::Utilities::MPI::this_mpi_process(comm);
    const unsigned int n_ranks = dealii::Utilities::MPI::n_mpi_processes(comm);
    // more ranks per group than ranks: one group; a size that does not divide the number of
    // ranks leaves the last group smaller
    const unsigned int size = ranks_per_group == 0 ? n_ranks : std::min(ranks_per_group, n_ranks);
    group_index_ = rank / size;
    n_groups_ = (n_ranks + size - 1) / size;
    MPI_Comm_split(comm, static_cast<int>(group_index_), static_cast<int>(rank), &group_);
    leader_ = dealii::Utilities::MPI::this_mpi_process(group_) == 0;
    // one rank: a plain counter (OpenMPI's one-sided atomics on a single rank returned 0 every
    // time); one group: all ranks take every item, no window either
    single_ = n_groups_ == 1;
    if (single_)
      return;
    MPI_Win_allocate(rank == 0 ? sizeof(long) : 0, sizeof(long), MPI_INFO_NULL, comm, &shared_,
                     &window_);
    if (rank == 0)
      {
        MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, window_);
        *shared_ = 0;
        MPI_Win_unlock(0, window_);
      }
    MPI_Barrier(comm);
  }

  WorkQueue::~WorkQueue()
  {
    if (!single_)
      MPI_Win_free(&window_);
    MPI_Comm_free(&group_);
  }

  long WorkQueue::next()
  {
    if (single_)
      return local_++;
    long next = 0;
    if (leader_)
      {
        const long one = 1;
        MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, window_);
        MPI_Fetch_and_op(&one, &next, MPI_LONG, 0, 0, MPI_SUM, window_);
        MPI_Win_unlock(0, window_);
      }
    MPI_Bcast(&next, 1, MPI_LONG, 0, group_);
    return next;
  }
}  // namespace hotdraw
