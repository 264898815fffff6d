// The fields of the finite-element solvers as the other parts see them. Each solver owns its
// degrees of freedom on the shared domain (solver/fe/domain.h); they exchange values at points
// of a cell through these small interfaces instead of reaching into each other's state:
//  - TemperatureField: the temperature the Stokes flow takes its viscosity at (the FE heat
//    transfer once it is solved);
//  - FlowField: velocity, pressure, temperature, viscosity and viscous dissipation, for the heat
//    transfer, the sampling and the output;
//  - FieldEvaluator: everything at points of a cell at once, for the domain's sampling, the
//    transport of scalar fields and the output;
//  - OutputFields: a solver's own vectors in the ParaView output.
// Cells are those of the domain's triangulation; each solver finds its own DoFs on them.
#pragma once

#include "materials/rheology.h"
#include "solver/fe/geometry.h"

#include <deal.II/base/point.h>
#include <deal.II/base/quadrature.h>
#include <deal.II/base/tensor.h>
#include <deal.II/grid/tria.h>

#include <functional>
#include <vector>

namespace dealii
{
  template <int dim, int spacedim>
  class DataOut;
}

namespace hotdraw
{
  using CellIterator = dealii::Triangulation<2>::active_cell_iterator;

  using VectorFunction = std::function<dealii::Tensor<1, 2>(const dealii::Point<2> &)>;
  using ScalarFunction = std::function<double(const dealii::Point<2> &)>;

  // One sample of the free surface (or of the axis): physical position, velocity, temperature.
  struct SurfacePoint
  {
    double z = 0, r = 0, u_r = 0, u_z = 0, T = 0;
    double cooling_rate = 0;  // -u.grad T (K/s) from the FE gradient; 0 without heat transfer
  };

  // The fields at one point of the current configuration (FieldSample::found = false if the
  // point lies outside the flow domain). stress_eq is the von Mises stress of the deviatoric
  // stress, sqrt(3/2 s:s) = sqrt(3) eta gamma_dot; cooling_rate = -DT/Dt of the last heat step
  // (steady: -u.grad T), 0 without heat transfer.
  struct FieldSample
  {
    bool found = false;
    double u_r = 0, u_z = 0;  // m/s
    double pressure = 0;      // Pa
    double temperature = 0;   // K
    double shear_rate = 0;    // 1/s, sqrt(2 D:D) with the hoop term
    double viscosity = 0;     // Pa s
    double stress_eq = 0;     // Pa
    double cooling_rate = 0;  // K/s
  };

  // The raw fields at one point of a cell. grad_T, dT_dt and mesh_velocity are those of the FE
  // heat transfer (zero without it); dT_dt and mesh_velocity are the ALE rates over the last
  // heat step (zero in steady runs), so that -DT/Dt = -(dT_dt + (u - mesh_velocity).grad_T).
  struct PointFields
  {
    dealii::Point<2> x;
    dealii::Tensor<1, 2> u;
    dealii::Tensor<2, 2> grad_u;
    double p = 0;  // Pa
    double T = 0;  // K
    dealii::Tensor<1, 2> grad_T;
    double dT_dt = 0;
    dealii::Tensor<1, 2> mesh_velocity;
  };

  // Viscous dissipation 2 eta D:D (W/m^3) and its derivative with respect to the temperature.
  struct Dissipation
  {
    double Q = 0, dQ_dT = 0;
  };

  class TemperatureField
  {
  public:
    virtual ~TemperatureField() = default;
    // Temperatures at the points q of a locally owned cell, and at the points q of a face.
    virtual void values(const CellIterator &cell, const dealii::Quadrature<2> &q,
                        std::vector<double> &T) const = 0;
    virtual void face_values(const CellIterator &cell, unsigned int face,
                             const dealii::Quadrature<1> &q, std::vector<double> &T) const = 0;
  };

  class FlowField
  {
  public:
    virtual ~FlowField() = default;
    // Physical positions, velocity and its gradient at the points q of a locally owned cell.
    virtual void velocity(const CellIterator &cell, const dealii::Quadrature<2> &q,
                          std::vector<dealii::Point<2>> &x, std::vector<dealii::Tensor<1, 2>> &u,
                          std::vector<dealii::Tensor<2, 2>> &grad_u) const = 0;
    virtual void face_velocity(const CellIterator &cell, unsigned int face,
                               const dealii::Quadrature<1> &q, std::vector<dealii::Point<2>> &x,
                               std::vector<dealii::Tensor<1, 2>> &u) const = 0;
    // Pressure (Pa) at the points q of a cell.
    virtual void pressure(const CellIterator &cell, const dealii::Quadrature<2> &q,
                          std::vector<double> &p) const = 0;
    // The temperature the flow's viscosity is evaluated at, at the points q (physical
    // positions x) of a cell or a face.
    virtual void temperature(const CellIterator &cell, const dealii::Quadrature<2> &q,
                             const std::vector<dealii::Point<2>> &x,
                             std::vector<double> &T) const = 0;
    virtual void face_temperature(const CellIterator &cell, unsigned int face,
                                  const dealii::Quadrature<1> &q,
                                  const std::vector<dealii::Point<2>> &x,
                                  std::vector<double> &T) const = 0;
    virtual Viscosity viscosity(double T, double gamma_dot) const = 0;
    virtual Dissipation dissipation(double T, const StrainRate &D) const = 0;
  };

  class FieldEvaluator
  {
  public:
    enum class Set
    {
      flow,  // x, u, grad_u, T
      all    // and p, grad_T, dT_dt, mesh_velocity
    };

    virtual ~FieldEvaluator() = default;
    // The fields at the points q of a locally owned cell.
    virtual void evaluate(const CellIterator &cell, const dealii::Quadrature<2> &q, Set set,
                          std::vector<PointFields> &out) const = 0;
    // x, u, T and grad_T at the points q of a face.
    virtual void evaluate_face(const CellIterator &cell, unsigned int face,
                               const dealii::Quadrature<1> &q,
                               std::vector<PointFields> &out) const = 0;
    virtual Viscosity viscosity(double T, double gamma_dot) const = 0;
    // true if the temperature is a solved FE field (with a gradient and a time derivative)
    virtual bool temperature_solved() const = 0;

    // The sample at one point: shear rate, viscosity, von Mises stress and (with a solved
    // temperature field and 'cooling') the cooling rate from the raw fields.
    FieldSample sample(const PointFields &f, const Geometry &geometry, bool cooling) const;
  };

  class OutputFields
  {
  public:
    virtual ~OutputFields() = default;
    // Add this solver's vectors (on its own DoFHandler) to a ParaView output. Names carry the
    // unit; a 2-component vector is (r, z); names starting with "internal_" are not written
    // (solver/fe/vtu_output.h).
    virtual void add_output(dealii::DataOut<2, 2> &out) const = 0;
  };
}  // namespace hotdraw
