// A dynamic work queue over MPI rank groups: the ranks of a communicator are split into groups
// of 'ranks per group' consecutive ranks (MPI_Comm_split), and the groups take the next item
// from one shared counter whenever they are free, so items of different cost balance
// themselves. Used by the process-window maps, the sweeps and the uncertainty samples.
//
//   WorkQueue queue(comm, 1);
//   for (long i = queue.next(); i < n; i = queue.next())
//     ... work on item i on the ranks of queue.group() ...
//
// The counter lives in a window of MPI_Win_allocate memory on rank 0 of 'comm', read and
// incremented with MPI_Fetch_and_op under a passive-target lock. On one node OpenMPI serves it
// from shared memory (osc/sm), so a group's fetch needs no progress from rank 0. (With
// MPI_Win_create on a local variable OpenMPI picks osc/pt2pt, and every fetch waited until rank
// 0 finished its own item and called MPI again: a 400-point map ran only 1.56x faster on 2
// ranks than on 1 instead of 2.0x.)
#pragma once

#include <mpi.h>

namespace hotdraw
{
  class WorkQueue
  {
  public:
    // Collective over 'comm'. ranks_per_group 0 (or more than there are ranks): one group of
    // all ranks. If it does not divide the number of ranks, the last group is smaller.
    WorkQueue(MPI_Comm comm, unsigned int ranks_per_group);
    ~WorkQueue();  // collective over 'comm'
    WorkQueue(const WorkQueue &) = delete;
    WorkQueue &operator=(const WorkQueue &) = delete;

    // Collective over group(): the index of the next item (0, 1, 2, ... over all groups, each
    // index handed out once).
    long next();

    MPI_Comm group() const { return group_; }
    bool leader() const { return leader_; }  // rank 0 of the group
    unsigned int group_index() const { return group_index_; }
    unsigned int n_groups() const { return n_groups_; }

  private:
    MPI_Comm comm_, group_;
    MPI_Win window_;
    long *shared_ = nullptr;  // the counter (rank 0 of comm only)
    long local_ = 0;          // the counter of a single rank (no window used)
    bool single_, leader_;
    unsigned int group_index_, n_groups_;
  };
}  // namespace hotdraw
