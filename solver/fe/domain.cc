#include "solver/fe/domain.h"

#include "materials/parameters.h"
#include "solver/fe/backend.h"

#include <deal.II/base/bounding_box.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/distributed/solution_transfer.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q1.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/lac/vector.h>
#include <deal.II/numerics/rtree.h>
#include <deal.II/numerics/vector_tools.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hotdraw
{
  namespace
  {
    using namespace dealii;

    // Displacement boundary data for the Laplace extension of the mesh motion (reference
    // coordinates): the free surface moves radially onto R(z), the axis stays, and the inlet
    // and outlet lines stretch linearly in r with their end radius.
    class SurfaceDisplacement : public Function<2>
    {
    public:
      SurfaceDisplacement(const std::function<double(double)> &R, types::boundary_id id,
                          double reference_end_radius)
        : Function<2>(2), R_(R), id_(id), ref_(reference_end_radius)
      {}
      double value(const Point<2> &p, const unsigned int c) const override
      {
        if (c == 1)
          return 0.0;
        if (id_ == BoundaryId::free_surface)
          return R_(p[1]) - p[0];
        if (id_ == BoundaryId::inlet || id_ == BoundaryId::outlet)
          return p[0] / ref_ * (R_(p[1]) - ref_);
        return 0.0;
      }

    private:
      std::function<double(double)> R_;
      types::boundary_id id_;
      double ref_;
    };

    // The largest reference radius of the vertices on the inlet and on the outlet line.
    std::pair<double, double> end_radii(const parallel::distributed::Triangulation<2> &tria,
                                        MPI_Comm comm)
    {
      double r_in = 0, r_out = 0;
      for (const auto &cell : tria.active_cell_iterators())
        if (cell->is_locally_owned())
          for (const unsigned int f : cell->face_indices())
            if (cell->face(f)->at_boundary())
              for (unsigned int v = 0; v < 2; ++v)
                {
                  const double r = cell->face(f)->vertex(v)[0];
                  if (cell->face(f)->boundary_id() == BoundaryId::inlet)
                    r_in = std::max(r_in, r);
                  if (cell->face(f)->boundary_id() == BoundaryId::outlet)
                    r_out = std::max(r_out, r);
                }
      return {Utilities::MPI::max(r_in, comm), Utilities::MPI::max(r_out, comm)};
    }

    // Solve the Laplace problem of the mesh displacement with the boundary values in 'c' (CG
    // with AMG of the back end LA); the owned values of the solution.
    template <class LA>
    void solve_mesh_laplace(const DoFHandler<2> &dof_handler, const FiniteElement<2> &fe,
                            const AffineConstraints<double> &c, MPI_Comm comm,
                            DisplacementVector &displacement)
    {
      const MappingQ1<2> reference;
      const IndexSet owned = dof_handler.locally_owned_dofs();
      const IndexSet relevant = DoFTools::extract_locally_relevant_dofs(dof_handler);
      DynamicSparsityPattern dsp(relevant);
      DoFTools::make_sparsity_pattern(dof_handler, dsp, c, false);
      SparsityTools::distribute_sparsity_pattern(dsp, owned, comm, relevant);
      typename LA::SparseMatrix A;
      A.reinit(owned, owned, dsp, comm);
      typename LA::Vector rhs(owned, comm), d(owned, comm);

      const QGauss<2> quadrature(3);
      FEValues<2> fv(reference, fe, quadrature, update_gradients | update_JxW_values);
      const FEValuesExtractors::Vector disp(0);
      const unsigned int n = fe.n_dofs_per_cell();
      FullMatrix<double> cm(n, n);
      dealii::Vector<double> cr(n);
      std::vector<types::global_dof_index> dofs(n);
      for (const auto &cell : dof_handler.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fv.reinit(cell);
            cm = 0;
            cr = 0;
            // A Laplace operator for the mesh motion (not a physical integral: no r-weight)
            for (unsigned int q = 0; q < quadrature.size(); ++q)
              for (unsigned int i = 0; i < n; ++i)
                for (unsigned int j = 0; j < n; ++j)
                  cm(i, j) +=
                    scalar_product(fv[disp].gradient(i, q), fv[disp].gradient(j, q)) * fv.JxW(q);
            cell->get_dof_indices(dofs);
            c.distribute_local_to_global(cm, cr, dofs, A, rhs);
          }
      A.compress(VectorOperation::add);
      rhs.compress(VectorOperation::add);

      std::vector<std::vector<bool>> modes;
      DoFTools::extract_constant_modes(dof_handler, ComponentMask(), modes);
      typename LA::PreconditionAMG amg;
      LA::initialize_amg(amg, A, modes, true);  // inside CG
      SolverControl control(2000, 1e-12 * std::max(rhs.l2_norm(), 1e-300));
      SolverCG<typename LA::Vector> cg(control);
      if (rhs.l2_norm() > 0)
        cg.solve(A, d, rhs, amg);
      c.distribute(d);
      for (const auto i : owned)
        displacement(i) = d(i);
    }
  }  // namespace

  Domain::Domain(MPI_Comm comm, GeometryType geometry, LinearAlgebraBackend backend)
    : comm_(comm), geometry_(geometry), backend_(backend),
      tria_(comm, dealii::Triangulation<2>::MeshSmoothing(
                    dealii::Triangulation<2>::smoothing_on_refinement |
                    dealii::Triangulation<2>::smoothing_on_coarsening)),
      mesh_fe_(dealii::FE_Q<2>(2), 2), mesh_dof_handler_(tria_)
  {}

  Domain::~Domain() = default;

  void Domain::create_mesh(const std::function<void(dealii::Triangulation<2, 2> &)> &generator,
                           unsigned int n_global_refinements, const std::string &checkpoint)
  {
    displacement_values_.reset();
    mapping_.reset();
    tria_.clear();
    generator(tria_);
    if (!checkpoint.empty())
      tria_.load(checkpoint);
    else if (n_global_refinements > 0)
      tria_.refine_global(n_global_refinements);
    // reference length for the pressure scaling: the largest radius of the mesh
    double r_max = 0;
    for (const auto &cell : tria_.active_cell_iterators())
      if (cell->is_locally_owned())
        for (unsigned int v = 0; v < 4; ++v)
          r_max = std::max(r_max, cell->vertex(v)[0]);
    r_max_ = dealii::Utilities::MPI::max(r_max, comm_);

    // mesh displacement: zero (reference configuration) until the surface moves
    mesh_dof_handler_.distribute_dofs(mesh_fe_);
    const dealii::IndexSet owned = mesh_dof_handler_.locally_owned_dofs();
    const dealii::IndexSet relevant =
      dealii::DoFTools::extract_locally_relevant_dofs(mesh_dof_handler_);
    displacement_.reinit(owned, relevant, comm_);
    displacement_ = 0;
    displacement_.update_ghost_values();
    displacement_old_.reinit(owned, relevant, comm_);
    displacement_old_ = 0;
    displacement_old_.update_ghost_values();
    displacement_undo_.reinit(owned, relevant, comm_);
    displacement_undo_ = 0;
    mapping_ =
      std::make_unique<dealii::MappingQEulerian<2, DisplacementVector>>(2, mesh_dof_handler_,
                                                                        displacement_);
    displacement_values_ =
      std::make_unique<FEValuesCache<dealii::FEValues<2>, 2>>(*mapping_, mesh_fe_,
                                                              dealii::update_values);
    ++shape_version_;
  }

  namespace
  {
    using DisplacementTransfer =
      dealii::parallel::distributed::SolutionTransfer<2, DisplacementVector>;

    // What a checkpoint keeps alive until the triangulation is saved.
    struct AttachedDisplacement
    {
      DisplacementVector now, before;
      std::unique_ptr<DisplacementTransfer> transfer;
    };
  }  // namespace

  std::shared_ptr<void> Domain::attach_checkpoint() const
  {
    auto a = std::make_shared<AttachedDisplacement>();
    a->now = displacement_;
    a->before = displacement_old_;
    a->now.update_ghost_values();
    a->before.update_ghost_values();
    a->transfer = std::make_unique<DisplacementTransfer>(mesh_dof_handler_);
    a->transfer->prepare_for_serialization({&a->now, &a->before});
    return a;
  }

  void Domain::save_mesh(const std::string &file) const
  {
    tria_.save(file);
  }

  void Domain::restore_checkpoint(const std::vector<double> &)
  {
    DisplacementTransfer transfer(mesh_dof_handler_);
    displacement_.zero_out_ghost_values();
    displacement_old_.zero_out_ghost_values();
    std::vector<DisplacementVector *> out = {&displacement_, &displacement_old_};
    transfer.deserialize(out);
    displacement_.update_ghost_values();
    displacement_old_.update_ghost_values();
    displacement_undo_ = displacement_old_;
    ++shape_version_;
  }

  DisplacementVector
  Domain::extend_surface_motion(const std::function<double(double)> &radius) const
  {
    using namespace dealii;
    const auto [r_in, r_out] = end_radii(tria_, comm_);
    const MappingQ1<2> reference;
    const IndexSet relevant = DoFTools::extract_locally_relevant_dofs(mesh_dof_handler_);
    AffineConstraints<double> c;
    c.reinit(relevant);
    DoFTools::make_hanging_node_constraints(mesh_dof_handler_, c);
    for (const types::boundary_id id :
         {BoundaryId::inlet, BoundaryId::outlet, BoundaryId::axis, BoundaryId::free_surface})
      {
        SurfaceDisplacement data(radius, id, id == BoundaryId::inlet ? r_in : r_out);
        VectorTools::interpolate_boundary_values(reference, mesh_dof_handler_, id, data, c);
      }
    c.close();
    DisplacementVector d = displacement_;
    if (backend_ == LinearAlgebraBackend::petsc)
      solve_mesh_laplace<fe_detail::PETScBackend>(mesh_dof_handler_, mesh_fe_, c, comm_, d);
    else
      solve_mesh_laplace<fe_detail::TrilinosBackend>(mesh_dof_handler_, mesh_fe_, c, comm_, d);
    return d;
  }

  void Domain::move_free_surface(const std::function<double(double)> &radius, const bool new_step)
  {
    const DisplacementVector d = extend_surface_motion(radius);
    if (new_step)
      {
        displacement_undo_ = displacement_old_;
        displacement_old_ = displacement_;
      }
    for (const auto i : mesh_dof_handler_.locally_owned_dofs())
      displacement_(i) = d(i);
    displacement_.update_ghost_values();
    displacement_old_.update_ghost_values();
    ++shape_version_;
  }

  void Domain::undo_step()
  {
    displacement_ = displacement_old_;
    displacement_old_ = displacement_undo_;
    displacement_.update_ghost_values();
    displacement_old_.update_ghost_values();
    ++shape_version_;
  }

  void Domain::displacements(const CellIterator &cell, const dealii::Quadrature<2> &q,
                             std::vector<dealii::Tensor<1, 2>> &now,
                             std::vector<dealii::Tensor<1, 2>> &before) const
  {
    dealii::FEValues<2> &fv = displacement_values_->get(q);
    fv.reinit(dof_cell(mesh_dof_handler_, cell));
    const dealii::FEValuesExtractors::Vector displacement(0);
    now.resize(q.size());
    before.resize(q.size());
    fv[displacement].get_function_values(displacement_, now);
    fv[displacement].get_function_values(displacement_old_, before);
  }

  // Vertices and edge midpoints of the faces on boundary 'id', from all ranks, sorted by z.
  std::vector<SurfacePoint> Domain::boundary_samples(dealii::types::boundary_id id,
                                                     const FieldEvaluator &fields) const
  {
    const dealii::Quadrature<1> points({dealii::Point<1>(0.0), dealii::Point<1>(0.5),
                                        dealii::Point<1>(1.0)},
                                       {1.0 / 3, 1.0 / 3, 1.0 / 3});
    const bool heat = fields.temperature_solved();
    std::vector<PointFields> f;
    std::vector<SurfacePoint> mine;
    for (const auto &cell : tria_.active_cell_iterators())
      if (cell->is_locally_owned())
        for (const unsigned int face : cell->face_indices())
          if (cell->face(face)->at_boundary() && cell->face(face)->boundary_id() == id)
            {
              fields.evaluate_face(cell, face, points, f);
              for (const PointFields &p : f)
                mine.push_back(
                  {p.x[1], p.x[0], p.u[0], p.u[1], p.T, heat ? -(p.u * p.grad_T) : 0.0});
            }
    return gather_sorted(mine);
  }

  std::vector<SurfacePoint> Domain::free_surface(const FieldEvaluator &fields) const
  {
    return boundary_samples(BoundaryId::free_surface, fields);
  }

  std::vector<SurfacePoint> Domain::axis_profile(const FieldEvaluator &fields) const
  {
    return boundary_samples(BoundaryId::axis, fields);
  }

  // All ranks' samples, sorted by z, duplicates at shared vertices merged.
  std::vector<SurfacePoint> Domain::gather_sorted(const std::vector<SurfacePoint> &mine) const
  {
    std::vector<double> flat;
    for (const auto &s : mine)
      flat.insert(flat.end(), {s.z, s.r, s.u_r, s.u_z, s.T, s.cooling_rate});
    const auto all = dealii::Utilities::MPI::all_gather(comm_, flat);
    std::vector<SurfacePoint> pts;
    for (const auto &v : all)
      for (std::size_t k = 0; k + 5 < v.size(); k += 6)
        pts.push_back({v[k], v[k + 1], v[k + 2], v[k + 3], v[k + 4], v[k + 5]});
    std::sort(pts.begin(), pts.end(),
              [](const SurfacePoint &a, const SurfacePoint &b) { return a.z < b.z; });
    // merge the duplicates at shared vertices
    std::vector<SurfacePoint> merged;
    const double L = pts.empty() ? 1.0 : pts.back().z - pts.front().z;
    for (const auto &p : pts)
      if (!merged.empty() && std::abs(p.z - merged.back().z) < 1e-10 * L)
        {
          auto &m = merged.back();
          m.r = 0.5 * (m.r + p.r);
          m.u_r = 0.5 * (m.u_r + p.u_r);
          m.u_z = 0.5 * (m.u_z + p.u_z);
          m.T = 0.5 * (m.T + p.T);
          m.cooling_rate = 0.5 * (m.cooling_rate + p.cooling_rate);
        }
      else
        merged.push_back(p);
    return merged;
  }

  Domain::Located Domain::locate(const std::vector<dealii::Point<2>> &points) const
  {
    using namespace dealii;
    // Locate the points in the locally owned cells only: the Eulerian mapping cannot be
    // evaluated on artificial cells (their displacement is not stored on this rank), so
    // GridTools::Cache over the whole triangulation is not an option. An R-tree of the owned
    // cells' bounding boxes (enlarged for curved edges) gives the candidates.
    Located result;
    auto &owned_cells = result.cells;
    std::vector<std::pair<BoundingBox<2>, unsigned int>> boxes;
    for (const auto &cell : tria_.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          BoundingBox<2> box = mapping_->get_bounding_box(cell);
          box.extend(0.25 * std::max(box.side_length(0), box.side_length(1)));
          boxes.emplace_back(box, owned_cells.size());
          owned_cells.push_back(cell);
        }
    const auto tree = pack_rtree(boxes);
    auto &located = result.in;
    for (std::size_t i = 0; i < points.size(); ++i)
      {
        std::vector<std::pair<BoundingBox<2>, unsigned int>> candidates;
        tree.query(boost::geometry::index::intersects(points[i]), std::back_inserter(candidates));
        for (const auto &c : candidates)
          {
            Point<2> unit;
            try
              {
                unit = mapping_->transform_real_to_unit_cell(owned_cells[c.second], points[i]);
              }
            catch (const typename Mapping<2>::ExcTransformationFailed &)
              {
                continue;
              }
            if (GeometryInfo<2>::is_inside_unit_cell(unit, 1e-10))
              {
                auto &entry = located[c.second];
                entry.first.push_back(GeometryInfo<2>::project_to_unit_cell(unit));
                entry.second.push_back(i);
                break;
              }
          }
      }
    return result;
  }

  std::vector<double> Domain::point_values(const std::vector<dealii::Point<2>> &points,
                                           const unsigned int nv, const CellValues &evaluate,
                                           std::vector<bool> &found) const
  {
    const unsigned int rank = dealii::Utilities::MPI::this_mpi_process(comm_);
    const unsigned int nobody = std::numeric_limits<unsigned int>::max();
    std::vector<double> values(nv * points.size(), 0.0), cell_values;
    std::vector<unsigned int> owner(points.size(), nobody);
    const Located where = locate(points);
    for (const auto &[index, entry] : where.in)
      {
        const dealii::Quadrature<2> quad(entry.first, std::vector<double>(entry.first.size(), 1.0));
        evaluate(where.cells[index], quad, cell_values);
        for (std::size_t q = 0; q < entry.second.size(); ++q)
          {
            const std::size_t i = entry.second[q];
            owner[i] = rank;
            std::copy(cell_values.begin() + nv * q, cell_values.begin() + nv * (q + 1),
                      values.begin() + nv * i);
          }
      }
    // the lowest rank that found a point supplies its values
    std::vector<unsigned int> first(points.size());
    dealii::Utilities::MPI::min(owner, comm_, first);
    for (std::size_t i = 0; i < points.size(); ++i)
      if (first[i] != rank)
        std::fill(values.begin() + nv * i, values.begin() + nv * (i + 1), 0.0);
    dealii::Utilities::MPI::sum(values, comm_, values);
    found.resize(points.size());
    for (std::size_t i = 0; i < points.size(); ++i)
      found[i] = first[i] != nobody;
    return values;
  }

  std::vector<FieldSample> Domain::sample(const std::vector<dealii::Point<2>> &points,
                                          const FieldEvaluator &fields) const
  {
    constexpr unsigned int nv = 8;  // u_r u_z p T gamma_dot eta sigma_eq cooling
    std::vector<PointFields> f;
    const auto evaluate = [&](const CellIterator &cell, const dealii::Quadrature<2> &q,
                              std::vector<double> &values) {
      fields.evaluate(cell, q, FieldEvaluator::Set::all, f);
      values.clear();
      for (const PointFields &p : f)
        {
          const FieldSample s = fields.sample(p, geometry_, true);
          values.insert(values.end(), {s.u_r, s.u_z, s.pressure, s.temperature, s.shear_rate,
                                       s.viscosity, s.stress_eq, s.cooling_rate});
        }
    };
    std::vector<bool> found;
    const std::vector<double> values = point_values(points, nv, evaluate, found);
    std::vector<FieldSample> out(points.size());
    for (std::size_t i = 0; i < points.size(); ++i)
      {
        FieldSample &s = out[i];
        s.found = found[i];
        const double *v = values.data() + nv * i;
        s.u_r = v[0], s.u_z = v[1], s.pressure = v[2], s.temperature = v[3];
        s.shear_rate = v[4], s.viscosity = v[5], s.stress_eq = v[6], s.cooling_rate = v[7];
      }
    return out;
  }
}  // namespace hotdraw
