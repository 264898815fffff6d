// Checkpoints of the transient FE state (solver/fe/fe_drawing.h): the interface of the parts
// that hold state on the triangulation, and a small binary record for the scalar state.
//
// A checkpoint is written in three stages: every part attaches its solution vectors to the
// parallel::distributed triangulation (attach_checkpoint(), through deal.II's
// parallel::distributed::SolutionTransfer), the triangulation is saved with them
// (Triangulation::save, p4est), and rank 0 writes the scalar state (CheckpointWriter). Restoring
// loads the triangulation onto the same coarse mesh (any number of ranks: p4est repartitions),
// distributes the DoFs, and each part takes its vectors back in the order they were attached
// (restore_checkpoint()).
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace hotdraw
{
  // A part of the FE state stored on the triangulation (the domain's mesh motion, the flow, the
  // heat transfer).
  class Checkpointable
  {
  public:
    virtual ~Checkpointable() = default;
    // Attach the solution vectors to the triangulation for its next save() (collective). The
    // returned object holds what deal.II needs until the save; drop it afterwards.
    virtual std::shared_ptr<void> attach_checkpoint() const = 0;
    // The scalar state (time-stepping history, reference values); the same on every rank.
    virtual std::vector<double> checkpoint_scalars() const = 0;
    // After the triangulation was loaded and the DoFs distributed: the vectors (collective, in
    // the order the parts were attached) and the scalars back.
    virtual void restore_checkpoint(const std::vector<double> &scalars) = 0;
  };

  // A binary record of numbers and strings (native byte order: a checkpoint is read on the kind
  // of machine that wrote it). Doubles are stored bit for bit, so a restart continues exactly.
  class CheckpointWriter
  {
  public:
    void put(double x) { append(&x, sizeof x); }
    void put(std::uint64_t n) { append(&n, sizeof n); }
    void put(const std::vector<double> &v)
    {
      put(std::uint64_t(v.size()));
      if (!v.empty())
        append(v.data(), v.size() * sizeof(double));
    }
    void put(const std::string &s)
    {
      put(std::uint64_t(s.size()));
      buffer_ += s;
    }
    const std::string &data() const { return buffer_; }

  private:
    void append(const void *p, std::size_t n) { buffer_.append(static_cast<const char *>(p), n); }
    std::string buffer_;
  };

  // Reads a CheckpointWriter's record; throws std::runtime_error when the record ends early
  // (a truncated or foreign file).
  class CheckpointReader
  {
  public:
    explicit CheckpointReader(std::string data) : data_(std::move(data)) {}
    double get_double()
    {
      double x;
      take(&x, sizeof x);
      return x;
    }
    std::uint64_t get_count()
    {
      std::uint64_t n;
      take(&n, sizeof n);
      return n;
    }
    std::vector<double> get_vector()
    {
      const std::uint64_t n = get_count();
      check(n * sizeof(double));
      std::vector<double> v(n);
      if (n > 0)
        take(v.data(), n * sizeof(double));
      return v;
    }
    std::string get_string()
    {
      const std::uint64_t n = get_count();
      check(n);
      std::string s = data_.substr(pos_, n);
      pos_ += n;
      return s;
    }
    bool at_end() const { return pos_ == data_.size(); }

  private:
    void check(std::uint64_t n) const
    {
      if (n > data_.size() - pos_)
        throw std::runtime_error("the checkpoint record ends early (truncated or not written "
                                 "by this version of hotdraw)");
    }
    void take(void *p, std::size_t n)
    {
      check(n);
      std::memcpy(p, data_.data() + pos_, n);
      pos_ += n;
    }
    std::string data_;
    std::size_t pos_ = 0;
  };
}  // namespace hotdraw
