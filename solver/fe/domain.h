// The deforming domain of the finite-element solvers: the parallel::distributed triangulation
// (p4est) of the reference configuration with the boundary ids of meshes/drawing_domain.h, the
// mesh motion (MappingQEulerian with a Q2 displacement field, extended from the free surface into
// the interior by a Laplace problem), and the sampling of the fields on it: point location, the
// free surface and the axis, and values at arbitrary points. The Stokes, heat and transport
// solvers each distribute their own degrees of freedom on this triangulation and evaluate with
// this mapping; the domain knows their fields only through a FieldEvaluator (solver/fe/fields.h).
#pragma once

#include "meshes/drawing_domain.h"
#include "solver/fe/checkpoint.h"
#include "solver/fe/fe_values_cache.h"
#include "solver/fe/fields.h"
#include "solver/fe/geometry.h"
#include "solver/fe/linear_algebra.h"

#include <deal.II/base/point.h>
#include <deal.II/base/quadrature.h>
#include <deal.II/base/tensor.h>
#include <deal.II/base/types.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/fe/mapping_q_eulerian.h>
#include <deal.II/lac/la_parallel_vector.h>

#include <mpi.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hotdraw
{
  using DisplacementVector = dealii::LinearAlgebra::distributed::Vector<double>;

  // The cell of a DoFHandler on the same triangulation as 'cell'.
  template <class Iterator>
  typename dealii::DoFHandler<2>::active_cell_iterator
  dof_cell(const dealii::DoFHandler<2> &dof_handler, const Iterator &cell)
  {
    return typename dealii::DoFHandler<2>::active_cell_iterator(&dof_handler.get_triangulation(),
                                                                cell->level(), cell->index(),
                                                                &dof_handler);
  }

  class Domain : public Checkpointable
  {
  public:
    // The domain for 'geometry'; the mesh motion solves its Laplace problem with 'backend'.
    Domain(MPI_Comm comm, GeometryType geometry, LinearAlgebraBackend backend);
    ~Domain();

    // Build the reference mesh with 'generator' (which fills the coarse triangulation; it must
    // set the boundary ids of BoundaryId) and refine globally. The solvers on the domain are
    // created afterwards.
    // With 'checkpoint' (a file of save_mesh()), the refinement and partition are loaded from
    // it instead (onto the coarse mesh of 'generator', which must be the one saved; any number
    // of ranks); restore_checkpoint() then takes the displacement back.
    void create_mesh(const std::function<void(dealii::Triangulation<2, 2> &)> &generator,
                     unsigned int n_global_refinements, const std::string &checkpoint = "");
    // Checkpoints (solver/fe/checkpoint.h): the displacement now and before the last move.
    std::shared_ptr<void> attach_checkpoint() const override;
    std::vector<double> checkpoint_scalars() const override { return {}; }
    void restore_checkpoint(const std::vector<double> &scalars) override;
    // Save the triangulation with the vectors the parts attached (collective; files
    // <file>, <file>.info, <file>_fixed.data).
    void save_mesh(const std::string &file) const;

    // Move the free surface (BoundaryId::free_surface) to r = R(z) (z of the reference
    // configuration is kept); the interior follows by a Laplace extension of the displacement,
    // the inlet and outlet lines stretch linearly in r. The previous displacement is kept for
    // the mesh velocity. new_step false: the move replaces the last one within the same time
    // step (an iteration of a coupled step, or the final move after a predictor), so the
    // displacement at the step's start stays the 'previous' one.
    void move_free_surface(const std::function<double(double)> &radius, bool new_step = true);
    // Back to the shape before the last new step (a rejected time step; one step back).
    void undo_step();
    // Counts the calls of move_free_surface(): fields computed for one shape are stale once it
    // has changed.
    unsigned int shape_version() const { return shape_version_; }

    MPI_Comm comm() const { return comm_; }
    const Geometry &geometry() const { return geometry_; }
    LinearAlgebraBackend backend() const { return backend_; }
    const dealii::parallel::distributed::Triangulation<2> &triangulation() const { return tria_; }
    const dealii::Mapping<2> &mapping() const { return *mapping_; }
    // The largest radius of the reference mesh.
    double max_reference_radius() const { return r_max_; }

    // The mesh displacement and its value before the last move at the points q of a cell.
    void displacements(const CellIterator &cell, const dealii::Quadrature<2> &q,
                       std::vector<dealii::Tensor<1, 2>> &now,
                       std::vector<dealii::Tensor<1, 2>> &before) const;
    const dealii::DoFHandler<2> &mesh_dof_handler() const { return mesh_dof_handler_; }
    const DisplacementVector &displacement() const { return displacement_; }

    // Free-surface and axis samples (vertices and edge midpoints), sorted by z, on every rank.
    std::vector<SurfacePoint> free_surface(const FieldEvaluator &fields) const;
    std::vector<SurfacePoint> axis_profile(const FieldEvaluator &fields) const;

    // The fields at many points of the current configuration at once (material paths, radial
    // profiles). Collective: every rank passes the same points and receives every sample; each
    // point is evaluated on the rank that owns its cell (the lowest such rank on a partition
    // boundary).
    std::vector<FieldSample> sample(const std::vector<dealii::Point<2>> &points,
                                    const FieldEvaluator &fields) const;

    // The same for any fields: 'evaluate' gives n_values numbers per point for the points (unit
    // coordinates q) of a locally owned cell, point after point. found[i] is false for a point
    // outside the domain (its values are 0).
    using CellValues = std::function<void(const CellIterator &cell, const dealii::Quadrature<2> &q,
                                          std::vector<double> &values)>;
    std::vector<double> point_values(const std::vector<dealii::Point<2>> &points,
                                     unsigned int n_values, const CellValues &evaluate,
                                     std::vector<bool> &found) const;

  private:
    // The points' cells among the locally owned ones: cell index in 'cells' -> (unit points,
    // indices of the points).
    struct Located
    {
      std::vector<CellIterator> cells;
      std::map<unsigned int, std::pair<std::vector<dealii::Point<2>>, std::vector<std::size_t>>> in;
    };
    Located locate(const std::vector<dealii::Point<2>> &points) const;
    std::vector<SurfacePoint> boundary_samples(dealii::types::boundary_id id,
                                               const FieldEvaluator &fields) const;
    std::vector<SurfacePoint> gather_sorted(const std::vector<SurfacePoint> &mine) const;
    // The displacement that moves the free surface to r = R(z), from the Laplace extension.
    DisplacementVector extend_surface_motion(const std::function<double(double)> &radius) const;

    MPI_Comm comm_;
    Geometry geometry_;
    LinearAlgebraBackend backend_;
    dealii::parallel::distributed::Triangulation<2> tria_;
    dealii::FESystem<2> mesh_fe_;
    dealii::DoFHandler<2> mesh_dof_handler_;
    DisplacementVector displacement_, displacement_old_;  // the old one before the last move
    DisplacementVector displacement_undo_;  // displacement_old_ before the last new step
    std::unique_ptr<dealii::MappingQEulerian<2, DisplacementVector>> mapping_;
    std::unique_ptr<FEValuesCache<dealii::FEValues<2>, 2>> displacement_values_;
    double r_max_ = 1;
    unsigned int shape_version_ = 0;
  };
}  // namespace hotdraw
