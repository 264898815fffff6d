// The fields of a drawing flow for sampling, transport and output: the Stokes flow's velocity,
// pressure and temperature, and with FE heat transfer the temperature field's gradient and time
// derivative together with the domain's mesh velocity (the ALE cooling rate).
#pragma once

#include "solver/fe/fields.h"

#include <deal.II/base/quadrature.h>

#include <vector>

namespace hotdraw
{
  class Domain;
  class HeatTransfer;
  class StokesFlow;

  class FlowFields : public FieldEvaluator
  {
  public:
    // heat: the temperature field (nullptr: the flow's given temperature, no cooling rate). The
    // objects must outlive this one.
    FlowFields(const Domain &domain, const StokesFlow &flow, const HeatTransfer *heat = nullptr);

    void evaluate(const CellIterator &cell, const dealii::Quadrature<2> &q, Set set,
                  std::vector<PointFields> &out) const override;
    void evaluate_face(const CellIterator &cell, unsigned int face, const dealii::Quadrature<1> &q,
                       std::vector<PointFields> &out) const override;
    Viscosity viscosity(double T, double gamma_dot) const override;
    bool temperature_solved() const override { return heat_ != nullptr; }

  private:
    const Domain &domain_;
    const StokesFlow &flow_;
    const HeatTransfer *heat_;
  };
}  // namespace hotdraw
