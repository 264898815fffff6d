// FEValues (or FEFaceValues) objects for the few quadrature rules a field is evaluated with,
// built once per rule: the solvers evaluate each other's fields cell by cell through the
// interfaces of solver/fe/fields.h, and an FEValues object is far more expensive to build than
// to reinit. The rules of the assemblies repeat on every cell; arbitrary point sets (sampling)
// displace the oldest entry, so the cache stays small.
#pragma once

#include <deal.II/base/quadrature.h>
#include <deal.II/fe/fe.h>
#include <deal.II/fe/fe_update_flags.h>
#include <deal.II/fe/mapping.h>

#include <cstddef>
#include <deque>
#include <memory>
#include <utility>

namespace hotdraw
{
  template <class Values, int quadrature_dim>
  class FEValuesCache
  {
  public:
    FEValuesCache(const dealii::Mapping<2> &mapping, const dealii::FiniteElement<2> &fe,
                  dealii::UpdateFlags flags)
      : mapping_(mapping), fe_(fe), flags_(flags)
    {}

    Values &get(const dealii::Quadrature<quadrature_dim> &q) const
    {
      for (auto &[rule, values] : entries_)
        if (rule.get_points() == q.get_points())
          return *values;
      if (entries_.size() == capacity)
        entries_.pop_front();
      entries_.emplace_back(q, std::make_unique<Values>(mapping_, fe_, q, flags_));
      return *entries_.back().second;
    }

  private:
    static constexpr std::size_t capacity = 4;
    const dealii::Mapping<2> &mapping_;
    const dealii::FiniteElement<2> &fe_;
    dealii::UpdateFlags flags_;
    mutable std::deque<std::pair<dealii::Quadrature<quadrature_dim>, std::unique_ptr<Values>>>
      entries_;
  };
}  // namespace hotdraw
