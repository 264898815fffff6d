// The one geometry helper of the finite-element solvers. It owns the axisymmetric r-weight, the
// hoop terms and the axis convention; every integral, norm, flux and postprocessor goes through it.
//
// Coordinates are Point<2>(r, z): component 0 is radial (r >= 0), component 1 axial (z, the
// drawing direction). Velocity u = (u_r, u_z).
//   axisymmetric: integrals carry the weight 2 pi r (per full revolution), the strain rate has the
//                 hoop component D_tt = u_r / r, div u = du_r/dr + u_r/r + du_z/dz, and the axis
//                 r = 0 carries the symmetry condition u_r = 0.
//   planar:       plane strain (sheets and ribbons) per unit depth: weight 1, no hoop terms; the
//                 line x = 0 is a symmetry plane with the same condition u_x = 0.
// Gauss quadrature points never lie on r = 0, so u_r/r is always evaluated at r > 0.
#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/base/tensor.h>

#include <cmath>

namespace hotdraw
{
  enum class GeometryType
  {
    axisymmetric,
    planar
  };

  // Strain rate D = (grad u + grad u^T)/2 with the hoop component.
  struct StrainRate
  {
    dealii::SymmetricTensor<2, 2> in_plane;  // D_rr, D_rz, D_zz
    double hoop = 0;                         // D_tt = u_r / r (0 in planar geometry)

    // D : E including the hoop components
    double contract(const StrainRate &other) const
    {
      return in_plane * other.in_plane + hoop * other.hoop;
    }
    // gamma_dot = sqrt(2 D:D)
    double shear_rate() const { return std::sqrt(2.0 * contract(*this)); }
    double trace() const { return dealii::trace(in_plane) + hoop; }
  };

  class Geometry
  {
  public:
    explicit Geometry(GeometryType type = GeometryType::axisymmetric) : type_(type) {}

    GeometryType type() const { return type_; }
    bool axisymmetric() const { return type_ == GeometryType::axisymmetric; }

    // Volume (or surface) integration weight at the physical point x for the quadrature weight
    // JxW: 2 pi r JxW (axisymmetric) or JxW (planar, per unit depth).
    double weight(const dealii::Point<2> &x, double JxW) const
    {
      return axisymmetric() ? 2.0 * M_PI * x[0] * JxW : JxW;
    }

    // Strain rate of a velocity with gradient grad (grad[i][j] = du_i/dx_j) and value u at x.
    StrainRate strain_rate(const dealii::Tensor<2, 2> &grad, const dealii::Tensor<1, 2> &u,
                           const dealii::Point<2> &x) const
    {
      StrainRate d;
      d.in_plane = dealii::symmetrize(grad);
      // on the axis itself (output and sampling points) the limit u_r / r -> du_r / dr
      d.hoop = axisymmetric() ? (x[0] > 0 ? u[0] / x[0] : grad[0][0]) : 0.0;
      return d;
    }

    double divergence(const dealii::Tensor<2, 2> &grad, const dealii::Tensor<1, 2> &u,
                      const dealii::Point<2> &x) const
    {
      return dealii::trace(grad) + (axisymmetric() ? u[0] / x[0] : 0.0);
    }

    // Surface divergence of a test velocity v on a boundary with unit tangent t (in the r-z
    // plane): t.(grad v).t plus the hoop part v_r / r (axisymmetric). Used for surface tension.
    double surface_divergence(const dealii::Tensor<2, 2> &grad, const dealii::Tensor<1, 2> &v,
                              const dealii::Tensor<1, 2> &t, const dealii::Point<2> &x) const
    {
      return t * (grad * t) + (axisymmetric() ? v[0] / x[0] : 0.0);
    }

    // Cross-section area of a section of radius R: pi R^2, or 2 R per unit depth (planar; the
    // domain is the half-width R, mirrored at x = 0).
    double section_area(double R) const { return axisymmetric() ? M_PI * R * R : 2.0 * R; }
    // For planar runs the integrals cover half of the symmetric sheet: fluxes and forces of the
    // whole sheet are twice the integral. This factor converts domain integrals to totals.
    double symmetry_factor() const { return axisymmetric() ? 1.0 : 2.0; }

  private:
    GeometryType type_;
  };
}  // namespace hotdraw
