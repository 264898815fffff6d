#include "solver/fe/flow_fields.h"

#include "solver/fe/domain.h"
#include "solver/fe/heat_transfer.h"
#include "solver/fe/stokes_flow.h"

namespace hotdraw
{
  FlowFields::FlowFields(const Domain &domain, const StokesFlow &flow, const HeatTransfer *heat)
    : domain_(domain), flow_(flow), heat_(heat)
  {}

  void FlowFields::evaluate(const CellIterator &cell, const dealii::Quadrature<2> &q, const Set set,
                            std::vector<PointFields> &out) const
  {
    const std::size_t n = q.size();
    std::vector<dealii::Point<2>> x;
    std::vector<dealii::Tensor<1, 2>> u, grad_T(n), d_now, d_old;
    std::vector<dealii::Tensor<2, 2>> grad_u;
    std::vector<double> p(n, 0.0), T, T_old;
    flow_.velocity(cell, q, x, u, grad_u);
    if (heat_)
      heat_->values(cell, q, T);
    else
      flow_.temperature(cell, q, x, T);
    const bool all = set == Set::all;
    double dt = 0;
    if (all)
      {
        flow_.pressure(cell, q, p);
        if (heat_)
          {
            heat_->gradients(cell, q, grad_T);
            dt = heat_->last_dt();
            if (dt > 0)
              {
                heat_->old_values(cell, q, T_old);
                domain_.displacements(cell, q, d_now, d_old);
              }
          }
      }
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      {
        PointFields &f = out[i];
        f = PointFields();
        f.x = x[i];
        f.u = u[i];
        f.grad_u = grad_u[i];
        f.p = p[i];
        f.T = T[i];
        f.grad_T = grad_T[i];
        if (dt > 0)
          {
            f.mesh_velocity = (d_now[i] - d_old[i]) / dt;
            f.dT_dt = (T[i] - T_old[i]) / dt;
          }
      }
  }

  void FlowFields::evaluate_face(const CellIterator &cell, unsigned int face,
                                 const dealii::Quadrature<1> &q,
                                 std::vector<PointFields> &out) const
  {
    const std::size_t n = q.size();
    std::vector<dealii::Point<2>> x;
    std::vector<dealii::Tensor<1, 2>> u, grad_T(n);
    std::vector<double> T;
    flow_.face_velocity(cell, face, q, x, u);
    if (heat_)
      {
        heat_->face_values(cell, face, q, T);
        heat_->face_gradients(cell, face, q, grad_T);
      }
    else
      flow_.face_temperature(cell, face, q, x, T);
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      {
        PointFields &f = out[i];
        f = PointFields();
        f.x = x[i];
        f.u = u[i];
        f.T = T[i];
        f.grad_T = grad_T[i];
      }
  }

  Viscosity FlowFields::viscosity(double T, double gamma_dot) const
  {
    return flow_.viscosity(T, gamma_dot);
  }
}  // namespace hotdraw
