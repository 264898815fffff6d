// Implementation of StokesFlow for one linear-algebra back end. Included only by
// stokes_trilinos.cc and stokes_petsc.cc, which instantiate it (the heavy templates are compiled
// once per back end).
#pragma once

#include "materials/parameters.h"
#include "materials/rheology.h"
#include "postprocess/log.h"
#include "solver/fe/stokes_flow.h"

#include <limits>
#include <deal.II/base/function.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/timer.h>
#include <deal.II/base/utilities.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_renumbering.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q1.h>
#include <deal.II/fe/mapping_q_eulerian.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/numerics/rtree.h>
#include <deal.II/base/bounding_box.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/block_sparsity_pattern.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/lac/petsc_block_sparse_matrix.h>
#include <deal.II/lac/petsc_block_vector.h>
#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/petsc_solver.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/solver_gmres.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/lac/trilinos_block_sparse_matrix.h>
#include <deal.II/lac/trilinos_parallel_block_vector.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_solver.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>
#include <deal.II/numerics/data_out.h>
#include <deal.II/numerics/data_postprocessor.h>
#include <deal.II/numerics/vector_tools.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace hotdraw
{
  namespace fe_detail
  {
    using namespace dealii;

    // --- back ends ------------------------------------------------------------------------------
    struct TrilinosBackend
    {
      using Vector = TrilinosWrappers::MPI::Vector;
      using BlockVector = TrilinosWrappers::MPI::BlockVector;
      using SparseMatrix = TrilinosWrappers::SparseMatrix;
      using BlockSparseMatrix = TrilinosWrappers::BlockSparseMatrix;
      using PreconditionAMG = TrilinosWrappers::PreconditionAMG;
      using PreconditionJacobi = TrilinosWrappers::PreconditionJacobi;
      static constexpr const char *name = "Trilinos";

      // AMG for a symmetric positive (velocity or mesh Laplace) matrix. ML's V-cycle is
      // symmetric either way ('symmetric_cycle' matters for the PETSc back end).
      static void initialize_amg(PreconditionAMG &amg, const SparseMatrix &m,
                                 const std::vector<std::vector<bool>> &constant_modes,
                                 const bool /*symmetric_cycle*/)
      {
        PreconditionAMG::AdditionalData data;
        data.elliptic = true;
        data.higher_order_elements = true;
        data.smoother_sweeps = 2;
        data.aggregation_threshold = 0.02;
        data.constant_modes = constant_modes;
        amg.initialize(m, data);
      }

      // AMG for the (non-symmetric, SUPG) heat matrix
      static void initialize_amg_nonsymmetric(PreconditionAMG &amg, const SparseMatrix &m)
      {
        PreconditionAMG::AdditionalData data;
        data.elliptic = false;
        data.higher_order_elements = true;
        data.smoother_sweeps = 2;
        amg.initialize(m, data);
      }

      static void direct_solve(const SparseMatrix &A, Vector &x, const Vector &b,
                               const IndexSet &, MPI_Comm)
      {
        SolverControl control(1, 0);
        TrilinosWrappers::SolverDirect::AdditionalData data(false, "Amesos_Klu");
        TrilinosWrappers::SolverDirect direct(control, data);
        direct.solve(A, x, b);
      }
    };

    struct PETScBackend
    {
      using Vector = PETScWrappers::MPI::Vector;
      using BlockVector = PETScWrappers::MPI::BlockVector;
      using SparseMatrix = PETScWrappers::MPI::SparseMatrix;
      using BlockSparseMatrix = PETScWrappers::MPI::BlockSparseMatrix;
      using PreconditionAMG = PETScWrappers::PreconditionBoomerAMG;
      using PreconditionJacobi = PETScWrappers::PreconditionJacobi;
      static constexpr const char *name = "PETSc";

      // BoomerAMG, one hybrid Gauss-Seidel sweep before and one after the coarse-grid
      // correction. symmetric_cycle: backward after forward, a symmetric V-cycle (for CG);
      // otherwise forward both times, for FGMRES: the same outer iterations, and faster
      // (bench_stokes at 1.2M DoFs: 7.5 s against 8.7 s, and 12.1 s with hypre's 'symmetric
      // operator' setting, which does a symmetric sweep pair on each side).
      static void initialize_amg(PreconditionAMG &amg, const SparseMatrix &m,
                                 const std::vector<std::vector<bool>> &, const bool symmetric_cycle)
      {
        using Relaxation = PreconditionAMG::AdditionalData::RelaxationType;
        PreconditionAMG::AdditionalData data;
        data.symmetric_operator = false;
        data.strong_threshold = 0.5;
        data.relaxation_type_down = Relaxation::SORJacobi;
        data.relaxation_type_up =
          symmetric_cycle ? Relaxation::backwardSORJacobi : Relaxation::SORJacobi;
        data.relaxation_type_coarse = Relaxation::GaussianElimination;
        amg.initialize(m, data);
      }

      static void initialize_amg_nonsymmetric(PreconditionAMG &amg, const SparseMatrix &m)
      {
        PreconditionAMG::AdditionalData data;
        data.symmetric_operator = false;
        amg.initialize(m, data);
      }

      static void direct_solve(const SparseMatrix &A, Vector &x, const Vector &b,
                               const IndexSet &, MPI_Comm comm)
      {
        SolverControl control(1, 0);
        PETScWrappers::SparseDirectMUMPS mumps(control, comm);
        mumps.solve(A, x, b);
      }
    };

    // A dealii::Function<2> with 3 components (u_r, u_z, p) from a VectorFunction.
    class VelocityFunction : public Function<2>
    {
    public:
      explicit VelocityFunction(const VectorFunction &f) : Function<2>(3), f_(f) {}
      double value(const Point<2> &p, const unsigned int c) const override
      {
        return c < 2 ? f_(p)[c] : 0.0;
      }
      void vector_value(const Point<2> &p, dealii::Vector<double> &v) const override
      {
        const Tensor<1, 2> u = f_(p);
        v(0) = u[0];
        v(1) = u[1];
        v(2) = 0;
      }

    private:
      VectorFunction f_;
    };

    // --- direct solve: the block system copied into one PETSc matrix, solved by MUMPS ---------
    // PETSc needs a contiguous ownership range per rank; the block numbering gives every rank a
    // velocity range and a pressure range, so indices are translated.
    template <class BlockMatrix, class BlockVec>
    void solve_direct_mumps(const BlockMatrix &A, BlockVec &x, const BlockVec &b,
                            const std::vector<IndexSet> &owned, MPI_Comm comm)
    {
      const unsigned int n_ranks = Utilities::MPI::n_mpi_processes(comm);
      const types::global_dof_index n_u = owned[0].size(), n_p = owned[1].size();
      // my ranges (block-local numbering)
      const types::global_dof_index u0 = owned[0].n_elements() ? *owned[0].begin() : 0,
                                    p0 = owned[1].n_elements() ? *owned[1].begin() : 0;
      const types::global_dof_index nu = owned[0].n_elements(), np = owned[1].n_elements();
      for (unsigned int blk = 0; blk < 2; ++blk)
        if (owned[blk].n_elements() > 0 && !owned[blk].is_contiguous())
          throw SolverError("direct solver: the owned degrees of freedom of a block are not "
                            "contiguous on this rank");
      std::vector<types::global_dof_index> mine = {u0, nu, p0, np};
      const auto all = Utilities::MPI::all_gather(comm, mine);
      std::vector<types::global_dof_index> offset(n_ranks + 1, 0);
      for (unsigned int k = 0; k < n_ranks; ++k)
        offset[k + 1] = offset[k] + all[k][1] + all[k][3];
      const unsigned int me = Utilities::MPI::this_mpi_process(comm);
      auto translate = [&](unsigned int blk, types::global_dof_index i) {
        for (unsigned int k = 0; k < n_ranks; ++k)
          {
            const types::global_dof_index begin = all[k][2 * blk], n = all[k][2 * blk + 1];
            if (i >= begin && i < begin + n)
              return offset[k] + (blk == 0 ? 0 : all[k][1]) + (i - begin);
          }
        throw SolverError("direct solver: index outside every rank's range");
      };
      const types::global_dof_index N = n_u + n_p;
      IndexSet owned_new(N);
      owned_new.add_range(offset[me], offset[me + 1]);
      DynamicSparsityPattern dsp(N, N, owned_new);
      std::vector<std::tuple<types::global_dof_index, types::global_dof_index, double>> entries;
      for (unsigned int bi = 0; bi < 2; ++bi)
        for (unsigned int bj = 0; bj < 2; ++bj)
          for (const auto row : owned[bi])
            {
              const auto &m = A.block(bi, bj);
              for (auto it = m.begin(row); it != m.end(row); ++it)
                {
                  const auto r = translate(bi, row), c = translate(bj, it->column());
                  dsp.add(r, c);
                  entries.emplace_back(r, c, it->value());
                }
            }
      PETScWrappers::MPI::SparseMatrix M;
      M.reinit(owned_new, owned_new, dsp, comm);
      for (const auto &[r, c, v] : entries)
        M.set(r, c, v);
      M.compress(VectorOperation::insert);
      PETScWrappers::MPI::Vector bb(owned_new, comm), xx(owned_new, comm);
      for (unsigned int blk = 0; blk < 2; ++blk)
        for (const auto i : owned[blk])
          bb(translate(blk, i)) = b.block(blk)(i);
      bb.compress(VectorOperation::insert);
      SolverControl control(1, 0);
      PETScWrappers::SparseDirectMUMPS mumps(control, comm);
      mumps.solve(M, xx, bb);
      for (unsigned int blk = 0; blk < 2; ++blk)
        for (const auto i : owned[blk])
          x.block(blk)(i) = xx(translate(blk, i));
      x.compress(VectorOperation::insert);
    }

    // --- block upper-triangular preconditioner ---------------------------------------------------
    //   P^{-1} [f_u; f_p]:  p = -S^{-1} f_p,  u = A^{-1} (f_u - B^T p)
    // with A^{-1} one AMG V-cycle (cheap) or CG to 1e-2 with AMG (expensive) and S^{-1} one Jacobi
    // sweep on the 1/eta-weighted pressure mass matrix (cheap) or CG to 1e-6 (expensive).
    template <class LA>
    class BlockSchurPreconditioner
    {
    public:
      BlockSchurPreconditioner(const typename LA::BlockSparseMatrix &system,
                               const typename LA::SparseMatrix &schur,
                               const typename LA::PreconditionAMG &amg,
                               const typename LA::PreconditionJacobi &jacobi, bool expensive,
                               const IndexSet &owned_u)
        : system_(system), schur_(schur), amg_(amg), jacobi_(jacobi), expensive_(expensive),
          tmp_(owned_u, system.get_mpi_communicator())
      {}

      void vmult(typename LA::BlockVector &dst, const typename LA::BlockVector &src) const
      {
        // pressure
        if (expensive_)
          {
            SolverControl control(5000, 1e-6 * src.block(1).l2_norm());
            SolverCG<typename LA::Vector> cg(control);
            dst.block(1) = 0;
            cg.solve(schur_, dst.block(1), src.block(1), jacobi_);
            inner_iterations_ += control.last_step();
          }
        else
          jacobi_.vmult(dst.block(1), src.block(1));
        dst.block(1) *= -1.0;
        // velocity
        system_.block(0, 1).vmult(tmp_, dst.block(1));
        tmp_ *= -1.0;
        tmp_ += src.block(0);
        if (expensive_)
          {
            SolverControl control(5000, 1e-2 * tmp_.l2_norm());
            SolverCG<typename LA::Vector> cg(control);
            dst.block(0) = 0;
            cg.solve(system_.block(0, 0), dst.block(0), tmp_, amg_);
            inner_iterations_ += control.last_step();
          }
        else
          {
            Timer timer;
            amg_.vmult(dst.block(0), tmp_);
            amg_time_s_ += timer.wall_time();
          }
      }

      mutable unsigned int inner_iterations_ = 0;
      mutable double amg_time_s_ = 0;  // in the V-cycles of the cheap phase

    private:
      const typename LA::BlockSparseMatrix &system_;
      const typename LA::SparseMatrix &schur_;
      const typename LA::PreconditionAMG &amg_;
      const typename LA::PreconditionJacobi &jacobi_;
      bool expensive_;
      mutable typename LA::Vector tmp_;
    };

    using DisplacementVector = LinearAlgebra::distributed::Vector<double>;

    template <class LA>
    class HeatImpl;
    template <class LA>
    class TransportImpl;

    // --- the implementation ------------------------------------------------------------------------
    template <class LA>
    class StokesImpl : public StokesFlow
    {
    public:
      StokesImpl(MPI_Comm comm, const RheologyModel &rheology, const StokesSettings &settings)
        : comm_(comm), rheology_(rheology), settings_(settings), geometry_(settings.geometry),
          tria_(comm, Triangulation<2>::MeshSmoothing(Triangulation<2>::smoothing_on_refinement |
                                                      Triangulation<2>::smoothing_on_coarsening)),
          fe_(FE_Q<2>(2), 2, FE_Q<2>(1), 1), mesh_fe_(FE_Q<2>(2), 2), dof_handler_(tria_),
          mesh_dof_handler_(tria_)
      {}

      void create_mesh(const std::function<void(Triangulation<2, 2> &)> &generator,
                       unsigned int n_global_refinements) override
      {
        transport_.clear();
        heat_.reset();
        tria_.clear();
        generator(tria_);
        if (n_global_refinements > 0)
          tria_.refine_global(n_global_refinements);
        // reference length for the pressure scaling: the largest radius of the mesh
        double r_max = 0;
        for (const auto &cell : tria_.active_cell_iterators())
          if (cell->is_locally_owned())
            for (unsigned int v = 0; v < 4; ++v)
              r_max = std::max(r_max, cell->vertex(v)[0]);
        r_max_ = Utilities::MPI::max(r_max, comm_);
        setup_dofs();
        spec_valid_ = false;
        residual_reference_ = 0;
      }

      void set_nonlinear_tolerance(double tolerance) override
      {
        settings_.nonlinear_tolerance = tolerance;
      }

      void set_flow(const FlowSpec &spec) override
      {
        spec_ = spec;
        spec_valid_ = true;
        if (!spec_.temperature)
          throw std::logic_error("StokesFlow: the flow spec needs a temperature");
        build_constraints();
        build_matrices();
        compute_pressure_scaling();
        solution_.reinit(owned_, comm_);
        solution_ = 0;
        constraints_.distribute(solution_);
        ghosted_.reinit(owned_, relevant_, comm_);
        ghosted_ = solution_;
      }

      NonlinearReport solve() override;

      void move_free_surface(const std::function<double(double)> &radius) override;

      std::vector<SurfacePoint> free_surface() const override;
      std::vector<SurfacePoint> gather_sorted(const std::vector<SurfacePoint> &mine) const;
      std::map<double, double> section_fluxes() const override;
      double outlet_force() const override;
      ErrorNorms errors(const VectorFunction &exact_velocity,
                        const ScalarFunction &exact_pressure) const override;
      std::pair<Tensor<1, 2>, double> point_value(const Point<2> &x) const override;
      std::vector<FieldSample> sample(const std::vector<Point<2>> &points) const override;
      TransportReport solve_transport(const std::string &name, double inlet_value,
                                      const TransportSource &source, const TransportGuess &guess,
                                      double scale) override;
      std::vector<double> sample_transported(const std::string &name,
                                             const std::vector<Point<2>> &points) const override;
      // The points' cells among the locally owned ones: cell index in 'cells' -> (unit points,
      // indices of the points).
      struct Located
      {
        std::vector<typename DoFHandler<2>::active_cell_iterator> cells;
        std::map<unsigned int, std::pair<std::vector<Point<2>>, std::vector<std::size_t>>> in;
      };
      Located locate(const std::vector<Point<2>> &points) const;
      std::vector<SurfacePoint> boundary_samples(types::boundary_id id) const;
      std::string write_vtu(const std::string &dir, const std::string &base,
                            unsigned int step) const override;

      void enable_heat(const HeatSpec &spec, const ScalarFunction &T0) override;
      bool heat_enabled() const override { return heat_ != nullptr; }
      HeatReport solve_heat() override;
      std::vector<double> temperature_dofs() const override
      {
        if (!heat_)
          throw std::logic_error("temperature_dofs() before enable_heat()");
        return heat_->owned_values();
      }
      void set_temperature_dofs(const std::vector<double> &T) override
      {
        if (!heat_)
          throw std::logic_error("set_temperature_dofs() before enable_heat()");
        heat_->set_owned_values(T);
      }
      HeatReport advance_heat(double dt, double t_new) override;
      EnergyBalance energy_balance() const override;
      std::vector<SurfacePoint> axis_profile() const override;
      double max_temperature() const override;
      double temperature_error(const ScalarFunction &exact) const override;

      LinearSolveReport last_linear_report() const override { return last_linear_; }
      unsigned int n_dofs() const override { return dof_handler_.n_dofs(); }
      unsigned int n_cells() const override { return tria_.n_global_active_cells(); }
      const Geometry &geometry() const override { return geometry_; }
      double pressure_scaling() const override { return pressure_scaling_; }

    private:
      void setup_dofs();
      void build_constraints();
      void build_matrices();
      void compute_pressure_scaling();
      // Assemble the residual R(x) (and, if 'matrix', the Picard or Newton Jacobian and the
      // Schur preconditioner) at the current iterate 'ghosted_'. Returns |R|.
      double assemble(bool matrix, bool newton);
      LinearSolveReport solve_linear(typename LA::BlockVector &delta);
      // The rheology at temperature T, or during continuation eta_N (eta / eta_N)^lambda.
      Viscosity viscosity_at(double T, double gamma_dot) const
      {
        Viscosity v = rheology_.evaluate(T, gamma_dot);
        if (continuation_ < 1.0)
          {
            const double eta_n = rheology_.evaluate(T, 0.0).eta;
            const double eta = eta_n * std::pow(v.eta / eta_n, continuation_);
            v.deta_dgamma *= continuation_ * eta / v.eta;
            v.deta_dT = eta * ((1 - continuation_) * rheology_.evaluate(T, 0.0).deta_dT / eta_n +
                               continuation_ * v.deta_dT / v.eta);
            v.eta = eta;
          }
        return v;
      }
      // Temperatures at the quadrature points of a cell (the FE field once heat is enabled,
      // else the spec's function of the point).
      void cell_temperatures(const typename DoFHandler<2>::active_cell_iterator &cell,
                             const Quadrature<2> &q, const std::vector<Point<2>> &points,
                             std::vector<double> &T) const
      {
        if (heat_)
          heat_->values(cell, q, T);
        else
          {
            T.resize(points.size());
            for (unsigned int i = 0; i < points.size(); ++i)
              T[i] = spec_.temperature ? spec_.temperature(points[i])
                                   : std::numeric_limits<double>::quiet_NaN(); // before set_flow()
          }
      }
      void face_temperatures(const typename DoFHandler<2>::active_cell_iterator &cell,
                             unsigned int face, const Quadrature<1> &q,
                             const std::vector<Point<2>> &points, std::vector<double> &T) const;
      NonlinearReport iterate();
      double continuation_ = 1.0;
      std::unique_ptr<HeatImpl<LA>> heat_;
      std::map<std::string, std::unique_ptr<TransportImpl<LA>>> transport_;
      DisplacementVector displacement_old_;  // before the last move (mesh velocity)
      double time_ = 0;
      template <class>
      friend class HeatImpl;
      template <class>
      friend class TransportImpl;

      MPI_Comm comm_;
      const RheologyModel &rheology_;
      StokesSettings settings_;
      Geometry geometry_;
      parallel::distributed::Triangulation<2> tria_;
      FESystem<2> fe_, mesh_fe_;
      DoFHandler<2> dof_handler_, mesh_dof_handler_;
      std::unique_ptr<MappingQEulerian<2, DisplacementVector>> mapping_;
      DisplacementVector displacement_;
      double r_max_ = 1, pressure_scaling_ = 1;

      std::vector<IndexSet> owned_, relevant_;
      IndexSet owned_all_, relevant_all_;
      AffineConstraints<double> constraints_, zero_constraints_;
      typename LA::BlockSparseMatrix system_matrix_, preconditioner_matrix_;
      typename LA::BlockVector solution_, ghosted_, rhs_;
      std::vector<std::vector<bool>> constant_modes_;

      FlowSpec spec_;
      bool spec_valid_ = false;
      double residual_reference_ = 0;
      LinearSolveReport last_linear_;
    };

    template <class LA>
    void StokesImpl<LA>::setup_dofs()
    {
      dof_handler_.distribute_dofs(fe_);
      std::vector<unsigned int> block_component = {0, 0, 1};
      DoFRenumbering::component_wise(dof_handler_, block_component);
      const auto per_block = DoFTools::count_dofs_per_fe_block(dof_handler_, block_component);
      const types::global_dof_index n_u = per_block[0], n_p = per_block[1];
      owned_all_ = dof_handler_.locally_owned_dofs();
      relevant_all_ = DoFTools::extract_locally_relevant_dofs(dof_handler_);
      owned_ = {owned_all_.get_view(0, n_u), owned_all_.get_view(n_u, n_u + n_p)};
      relevant_ = {relevant_all_.get_view(0, n_u), relevant_all_.get_view(n_u, n_u + n_p)};

      constant_modes_.clear();
      DoFTools::extract_constant_modes(dof_handler_, fe_.component_mask(FEValuesExtractors::Vector(0)),
                                       constant_modes_);

      // mesh displacement: zero (reference configuration) until the surface moves
      mesh_dof_handler_.distribute_dofs(mesh_fe_);
      const IndexSet mesh_owned = mesh_dof_handler_.locally_owned_dofs();
      const IndexSet mesh_relevant = DoFTools::extract_locally_relevant_dofs(mesh_dof_handler_);
      displacement_.reinit(mesh_owned, mesh_relevant, comm_);
      displacement_ = 0;
      displacement_.update_ghost_values();
      displacement_old_.reinit(mesh_owned, mesh_relevant, comm_);
      displacement_old_ = 0;
      displacement_old_.update_ghost_values();
      heat_.reset();
      // a zero flow until set_flow() and solve(): geometry queries work right after meshing
      solution_.reinit(owned_, comm_);
      ghosted_.reinit(owned_, relevant_, comm_);
      mapping_ = std::make_unique<MappingQEulerian<2, DisplacementVector>>(2, mesh_dof_handler_,
                                                                           displacement_);
    }

    template <class LA>
    void StokesImpl<LA>::build_constraints()
    {
      const FEValuesExtractors::Scalar ur(0), uz(1);
      constraints_.clear();
      constraints_.reinit(relevant_all_);
      zero_constraints_.clear();
      zero_constraints_.reinit(relevant_all_);
      DoFTools::make_hanging_node_constraints(dof_handler_, constraints_);
      DoFTools::make_hanging_node_constraints(dof_handler_, zero_constraints_);
      for (const auto &[id, bc] : spec_.boundaries)
        {
          if (!bc.fix_r && !bc.fix_z)
            continue;
          std::vector<bool> mask = {bc.fix_r, bc.fix_z, false};
          const ComponentMask cm(mask);
          const VectorFunction f = bc.velocity ? bc.velocity : [](const Point<2> &) {
            return Tensor<1, 2>();
          };
          VelocityFunction vf(f);
          VectorTools::interpolate_boundary_values(*mapping_, dof_handler_, id, vf, constraints_,
                                                   cm);
          VectorTools::interpolate_boundary_values(*mapping_, dof_handler_, id,
                                                   Functions::ZeroFunction<2>(3),
                                                   zero_constraints_, cm);
        }
      constraints_.close();
      zero_constraints_.close();
    }

    template <class LA>
    void StokesImpl<LA>::build_matrices()
    {
      {
        Table<2, DoFTools::Coupling> coupling(3, 3);
        for (unsigned int c = 0; c < 3; ++c)
          for (unsigned int d = 0; d < 3; ++d)
            coupling[c][d] = (c == 2 && d == 2) ? DoFTools::none : DoFTools::always;
        BlockDynamicSparsityPattern dsp(relevant_);
        DoFTools::make_sparsity_pattern(dof_handler_, coupling, dsp, zero_constraints_, false);
        SparsityTools::distribute_sparsity_pattern(dsp, owned_all_, comm_, relevant_all_);
        system_matrix_.clear();
        system_matrix_.reinit(owned_, dsp, comm_);
      }
      {
        // preconditioner: the velocity block without the couplings between the two velocity
        // components (AMG handles these component-wise operators far better; ASPECT does the
        // same), and the 1/eta-weighted pressure mass matrix
        Table<2, DoFTools::Coupling> coupling(3, 3);
        for (unsigned int c = 0; c < 3; ++c)
          for (unsigned int d = 0; d < 3; ++d)
            coupling[c][d] = (c == d) ? DoFTools::always : DoFTools::none;
        BlockDynamicSparsityPattern dsp(relevant_);
        DoFTools::make_sparsity_pattern(dof_handler_, coupling, dsp, zero_constraints_, false);
        SparsityTools::distribute_sparsity_pattern(dsp, owned_all_, comm_, relevant_all_);
        preconditioner_matrix_.clear();
        preconditioner_matrix_.reinit(owned_, dsp, comm_);
      }
      rhs_.reinit(owned_, comm_);
    }

    // Pressure scaling s = eta_ref / L_ref with eta_ref the log-average of the Newtonian
    // viscosity over the cells (ASPECT's choice); the pressure unknown is p / s.
    template <class LA>
    void StokesImpl<LA>::compute_pressure_scaling()
    {
      double sum_log = 0, n = 0;
      for (const auto &cell : dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            const Point<2> c = mapping_->transform_unit_to_real_cell(cell, Point<2>(0.5, 0.5));
            std::vector<double> T;
            cell_temperatures(cell, Quadrature<2>(Point<2>(0.5, 0.5)), {c}, T);
            sum_log += std::log(viscosity_at(T[0], 0.0).eta);
            n += 1;
          }
      sum_log = Utilities::MPI::sum(sum_log, comm_);
      n = Utilities::MPI::sum(n, comm_);
      const double eta_ref = std::exp(sum_log / std::max(n, 1.0));
      const double L = settings_.pressure_scaling_length > 0 ? settings_.pressure_scaling_length
                                                             : r_max_;
      pressure_scaling_ = eta_ref / L;
    }

    template <class LA>
    double StokesImpl<LA>::assemble(bool matrix, bool newton)
    {
      const QGauss<2> quadrature(3);
      const QGauss<1> face_quadrature(3);
      FEValues<2> fe_values(*mapping_, fe_, quadrature,
                            update_values | update_gradients | update_quadrature_points |
                              update_JxW_values);
      FEFaceValues<2> fe_face(*mapping_, fe_, face_quadrature,
                              update_values | update_gradients | update_quadrature_points |
                                update_JxW_values | update_normal_vectors);
      const FEValuesExtractors::Vector velocity(0);
      const FEValuesExtractors::Scalar pressure(2);
      const unsigned int n = fe_.n_dofs_per_cell(), nq = quadrature.size();
      FullMatrix<double> cell_matrix(n, n), cell_prec(n, n);
      dealii::Vector<double> cell_rhs(n);
      std::vector<types::global_dof_index> dofs(n);
      std::vector<Tensor<1, 2>> u(nq), phi(n);
      std::vector<Tensor<2, 2>> grad_u(nq), grad_phi(n);
      std::vector<double> p(nq), phi_p(n), div_phi(n), Tq(nq);
      std::vector<StrainRate> D_phi(n);
      std::vector<unsigned int> component(n);
      for (unsigned int i = 0; i < n; ++i)
        component[i] = fe_.system_to_component_index(i).first;
      const double s = pressure_scaling_;

      if (matrix)
        {
          system_matrix_ = 0;
          preconditioner_matrix_ = 0;
        }
      rhs_ = 0;
      for (const auto &cell : dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fe_values.reinit(cell);
            cell_matrix = 0;
            cell_prec = 0;
            cell_rhs = 0;
            fe_values[velocity].get_function_values(ghosted_, u);
            fe_values[velocity].get_function_gradients(ghosted_, grad_u);
            fe_values[pressure].get_function_values(ghosted_, p);
            cell_temperatures(cell, quadrature, fe_values.get_quadrature_points(), Tq);
            for (unsigned int q = 0; q < nq; ++q)
              {
                const Point<2> &x = fe_values.quadrature_point(q);
                const double w = geometry_.weight(x, fe_values.JxW(q));
                const StrainRate D = geometry_.strain_rate(grad_u[q], u[q], x);
                const double gd = D.shear_rate();
                const Viscosity v = viscosity_at(Tq[q], gd);
                const double eta = v.eta;
                const double div_u = D.trace();
                const double pq = s * p[q];
                const Tensor<1, 2> f = spec_.body_force ? spec_.body_force(x) : Tensor<1, 2>();
                for (unsigned int i = 0; i < n; ++i)
                  {
                    phi[i] = fe_values[velocity].value(i, q);
                    grad_phi[i] = fe_values[velocity].gradient(i, q);
                    D_phi[i] = geometry_.strain_rate(grad_phi[i], phi[i], x);
                    div_phi[i] = D_phi[i].trace();
                    phi_p[i] = fe_values[pressure].value(i, q);
                  }
                // Newton term 4 eta'/gd (D:D_j)(D:D_i), eta' = d eta / d gamma_dot
                const double newton_coeff =
                  (newton && gd > 1e-300) ? 4.0 * v.deta_dgamma / gd : 0.0;
                for (unsigned int i = 0; i < n; ++i)
                  {
                    cell_rhs(i) -= (2.0 * eta * D.contract(D_phi[i]) - pq * div_phi[i] -
                                    s * phi_p[i] * div_u - f * phi[i]) *
                                   w;
                    if (!matrix)
                      continue;
                    const double DDi = newton_coeff != 0.0 ? D.contract(D_phi[i]) : 0.0;
                    for (unsigned int j = 0; j < n; ++j)
                      {
                        double a = 2.0 * eta * D_phi[j].contract(D_phi[i]) -
                                   s * phi_p[j] * div_phi[i] - s * phi_p[i] * div_phi[j];
                        if (newton_coeff != 0.0)
                          a += newton_coeff * DDi * D.contract(D_phi[j]);
                        cell_matrix(i, j) += a * w;
                        if (component[i] == component[j])
                          cell_prec(i, j) += (component[i] == 2
                                                ? s * s / eta * phi_p[i] * phi_p[j]
                                                : 2.0 * eta * D_phi[j].contract(D_phi[i])) *
                                             w;
                      }
                  }
              }
            // boundary terms: prescribed traction and surface tension
            for (const unsigned int f : cell->face_indices())
              {
                if (!cell->face(f)->at_boundary())
                  continue;
                const auto it = spec_.boundaries.find(cell->face(f)->boundary_id());
                if (it == spec_.boundaries.end())
                  continue;
                const BoundaryCondition &bc = it->second;
                const bool st = bc.surface_tension && spec_.surface_tension_N_per_m > 0;
                if (!bc.traction && !st)
                  continue;
                fe_face.reinit(cell, f);
                for (unsigned int q = 0; q < face_quadrature.size(); ++q)
                  {
                    const Point<2> &x = fe_face.quadrature_point(q);
                    const double w = geometry_.weight(x, fe_face.JxW(q));
                    const Tensor<1, 2> t = bc.traction ? bc.traction(x) : Tensor<1, 2>();
                    const Tensor<1, 2> nrm = fe_face.normal_vector(q);
                    const Tensor<1, 2> tangent({-nrm[1], nrm[0]});
                    for (unsigned int i = 0; i < n; ++i)
                      {
                        const Tensor<1, 2> v = fe_face[velocity].value(i, q);
                        double r_i = -(t * v);
                        if (st)
                          r_i += spec_.surface_tension_N_per_m *
                                 geometry_.surface_divergence(fe_face[velocity].gradient(i, q), v,
                                                              tangent, x);
                        cell_rhs(i) -= r_i * w;
                      }
                  }
              }
            cell->get_dof_indices(dofs);
            if (matrix)
              {
                zero_constraints_.distribute_local_to_global(cell_matrix, cell_rhs, dofs,
                                                             system_matrix_, rhs_);
                zero_constraints_.distribute_local_to_global(cell_prec, dofs,
                                                             preconditioner_matrix_);
              }
            else
              zero_constraints_.distribute_local_to_global(cell_rhs, dofs, rhs_);
          }
      if (matrix)
        {
          system_matrix_.compress(VectorOperation::add);
          preconditioner_matrix_.compress(VectorOperation::add);
        }
      rhs_.compress(VectorOperation::add);
      return rhs_.l2_norm();
    }

    template <class LA>
    LinearSolveReport StokesImpl<LA>::solve_linear(typename LA::BlockVector &delta)
    {
      LinearSolveReport rep;
      Timer timer;
      delta.reinit(owned_, comm_);
      rep.initial_residual = rhs_.l2_norm();
      if (settings_.linear_solver == LinearSolverType::direct)
        {
          rep.direct = true;
          solve_direct_mumps(system_matrix_, delta, rhs_, owned_, comm_);
          rep.solve_time_s = timer.wall_time();
          zero_constraints_.distribute(delta);
          return rep;
        }
      // the cheap phase runs inside FGMRES and may use a non-symmetric V-cycle
      typename LA::PreconditionAMG amg;
      LA::initialize_amg(amg, preconditioner_matrix_.block(0, 0), constant_modes_, false);
      typename LA::PreconditionJacobi jacobi;
      jacobi.initialize(preconditioner_matrix_.block(1, 1));
      rep.setup_time_s = timer.wall_time();
      timer.restart();
      const double tol = settings_.linear_tolerance * rep.initial_residual;
      std::vector<double> history;
      {
        BlockSchurPreconditioner<LA> cheap(system_matrix_, preconditioner_matrix_.block(1, 1),
                                           amg, jacobi, false, owned_[0]);
        SolverControl control(settings_.cheap_iterations, tol, false, false);
        control.enable_history_data();
        SolverFGMRES<typename LA::BlockVector> solver(
          control, typename SolverFGMRES<typename LA::BlockVector>::AdditionalData(100));
        delta = 0;
        try
          {
            solver.solve(system_matrix_, delta, rhs_, cheap);
            rep.cheap_iterations = control.last_step();
            rep.amg_time_s = cheap.amg_time_s_;
          }
        catch (const SolverControl::NoConvergence &)
          {
            rep.cheap_iterations = control.last_step();
            history = control.get_history_data();
            // the expensive phase solves with CG inside: a symmetric V-cycle
            Timer t_setup;
            typename LA::PreconditionAMG amg_symmetric;
            LA::initialize_amg(amg_symmetric, preconditioner_matrix_.block(0, 0), constant_modes_,
                               true);
            rep.setup_time_s += t_setup.wall_time();
            BlockSchurPreconditioner<LA> expensive(system_matrix_,
                                                   preconditioner_matrix_.block(1, 1),
                                                   amg_symmetric, jacobi, true, owned_[0]);
            SolverControl control2(settings_.expensive_iterations, tol, false, false);
            control2.enable_history_data();
            SolverFGMRES<typename LA::BlockVector> solver2(
              control2, typename SolverFGMRES<typename LA::BlockVector>::AdditionalData(50));
            delta = 0;
            try
              {
                solver2.solve(system_matrix_, delta, rhs_, expensive);
                rep.expensive_iterations = control2.last_step();
              }
            catch (const SolverControl::NoConvergence &e)
              {
                const auto h2 = control2.get_history_data();
                history.insert(history.end(), h2.begin(), h2.end());
                std::ostringstream s;
                s << "the Stokes solver (FGMRES, " << LA::name
                  << ") did not converge: residual " << e.last_residual << " after "
                  << rep.cheap_iterations << " cheap + " << e.last_step
                  << " expensive iterations (target " << tol << "). Residual history:";
                for (std::size_t k = 0; k < history.size(); k += std::max<std::size_t>(1, history.size() / 20))
                  s << " " << history[k];
                s << ". Likely causes: a viscosity contrast too large for the preconditioner (try "
                     "'Linear solver = direct' or a finer mesh), badly shaped cells after a large "
                     "free-surface move, or an ill-posed boundary condition.";
                throw SolverError(s.str());
              }
          }
      }
      rep.solve_time_s = timer.wall_time();
      zero_constraints_.distribute(delta);
      return rep;
    }

    template <class LA>
    NonlinearReport StokesImpl<LA>::solve()
    {
      if (!spec_valid_)
        throw std::logic_error("StokesFlow::solve() before set_flow()");
      Timer total;
      // boundary values at the current support points
      build_constraints();
      const typename LA::BlockVector previous = solution_;
      constraints_.distribute(solution_);
      ghosted_ = solution_;
      continuation_ = 1.0;
      NonlinearReport rep = iterate();
      if (!rep.converged && settings_.continuation_steps > 0)
        {
          // continuation in the nonlinearity of the rheology: from the Newtonian viscosity
          // (lambda = 0) to the full model (lambda = 1) in equal steps of
          // eta_lambda = eta_N (eta / eta_N)^lambda, each step starting from the last
          if (settings_.verbosity >= 1)
            Log::out() << "    Stokes: " << rep.message << "; continuation in "
                       << settings_.continuation_steps << " steps from the Newtonian viscosity\n";
          solution_ = previous;
          constraints_.distribute(solution_);
          ghosted_ = solution_;
          NonlinearReport total_rep;
          for (unsigned int k = 0; k <= settings_.continuation_steps; ++k)
            {
              continuation_ = double(k) / settings_.continuation_steps;
              const NonlinearReport r = iterate();
              total_rep.picard_iterations += r.picard_iterations;
              total_rep.newton_iterations += r.newton_iterations;
              total_rep.linear_iterations += r.linear_iterations;
              total_rep.setup_time_s += r.setup_time_s;
              total_rep.solve_time_s += r.solve_time_s;
              total_rep.assembly_time_s += r.assembly_time_s;
              total_rep.update_history.insert(total_rep.update_history.end(),
                                              r.update_history.begin(), r.update_history.end());
              total_rep.residual_history.insert(total_rep.residual_history.end(),
                                                r.residual_history.begin(),
                                                r.residual_history.end());
              total_rep.converged = r.converged;
              total_rep.message = r.message;
              if (!r.converged)
                {
                  total_rep.message += " (continuation step " + std::to_string(k) + " of " +
                                       std::to_string(settings_.continuation_steps) + ")";
                  break;
                }
            }
          total_rep.continuation_steps = settings_.continuation_steps;
          rep = total_rep;
          continuation_ = 1.0;
        }
      if (!rep.converged)
        {
          solution_ = previous;
          ghosted_ = solution_;
        }
      if (settings_.verbosity >= 1)
        Log::out() << "    Solving Stokes system (" << LA::name << ", " << n_dofs()
                   << " DoFs)... " << rep.picard_iterations << " Picard + "
                   << rep.newton_iterations << " Newton steps, " << rep.linear_iterations
                   << " linear iterations, " << std::setprecision(3) << total.wall_time()
                   << " s" << (rep.converged ? "" : "  NOT CONVERGED") << "\n";
      return rep;
    }

    // Picard, then Newton, with a line search, from the current solution.
    template <class LA>
    NonlinearReport StokesImpl<LA>::iterate()
    {
      NonlinearReport rep;
      typename LA::BlockVector delta, trial(owned_, comm_);
      bool newton = false;
      for (unsigned int it = 0; it < settings_.max_nonlinear_iterations; ++it)
        {
          Timer t_asm;
          const double r0 = assemble(true, newton);
          rep.assembly_time_s += t_asm.wall_time();
          rep.residual_history.push_back(r0);
          // the residual scale: the largest starting residual of any solve on this mesh (the
          // first solve starts from rest, so this is the size of the driving terms)
          residual_reference_ = std::max(residual_reference_, r0);
          if (r0 <= settings_.nonlinear_tolerance * residual_reference_)
            {
              rep.converged = true;
              break;
            }
          const LinearSolveReport lin = solve_linear(delta);
          last_linear_ = lin;
          rep.linear_iterations += lin.cheap_iterations + lin.expensive_iterations;
          rep.setup_time_s += lin.setup_time_s;
          rep.solve_time_s += lin.solve_time_s;
          if (settings_.verbosity >= 2)
            Log::out() << "      " << (newton ? "Newton" : "Picard") << " " << it
                       << ": |R| = " << std::scientific << std::setprecision(3) << r0
                       << std::defaultfloat << ", linear " << lin.cheap_iterations << "+"
                       << lin.expensive_iterations << (lin.direct ? " (direct)" : "") << "\n";
          // line search on the residual norm
          double alpha = 1.0, r_trial = 0;
          for (unsigned int k = 0; k < 12; ++k)
            {
              trial = solution_;
              trial.add(alpha, delta);
              ghosted_ = trial;
              r_trial = assemble(false, false);
              if (r_trial < r0 * (1.0 - 1e-4 * alpha) || r0 == 0.0)
                break;
              alpha *= 0.5;
            }
          solution_ = trial;
          ghosted_ = solution_;
          (newton ? rep.newton_iterations : rep.picard_iterations)++;
          // relative update, velocity and pressure separately
          const double du = alpha * delta.block(0).l2_norm() /
                            std::max(solution_.block(0).l2_norm(), 1e-300);
          const double dp = solution_.block(1).l2_norm() > 0
                              ? alpha * delta.block(1).l2_norm() / solution_.block(1).l2_norm()
                              : 0.0;
          const double update = std::max(du, dp);
          rep.update_history.push_back(update);
          if (update < settings_.nonlinear_tolerance ||
              r_trial <= settings_.nonlinear_tolerance * residual_reference_)
            {
              rep.converged = true;
              break;
            }
          // round-off floor: the residual is already tiny and has stopped falling (less than
          // 1 % over the last three steps), as happens with viscosity contrasts of 1e8 and more
          const auto &h = rep.residual_history;
          if (h.size() >= 4 && r_trial < 1e3 * settings_.nonlinear_tolerance * residual_reference_ &&
              r_trial > 0.99 * h[h.size() - 4])
            {
              rep.converged = true;
              break;
            }
          // a Picard step that stalls (less than 10 % decrease) within ten times the tolerance
          // has hit the round-off floor too: there Newton's line search only creeps (a few % per
          // step, eight or more steps in the late free-surface iterations)
          if (!newton && r_trial < 10 * settings_.nonlinear_tolerance * residual_reference_ &&
              r_trial > 0.9 * r0)
            {
              rep.converged = true;
              break;
            }
          // Newton once Picard is close and stalls (its residual no longer halves per step), or
          // after the allowed Picard steps
          if (settings_.newton && !newton &&
              ((update < settings_.newton_switch_tolerance && r_trial > 0.5 * r0) ||
               rep.picard_iterations >= settings_.max_picard_iterations))
            newton = true;
        }
      if (!rep.converged)
        {
          std::ostringstream s;
          s << "nonlinear Stokes iteration did not converge in "
            << settings_.max_nonlinear_iterations << " iterations (last relative update "
            << (rep.update_history.empty() ? 0.0 : rep.update_history.back()) << ")";
          rep.message = s.str();
        }
      return rep;
    }
  }  // namespace fe_detail
}  // namespace hotdraw

#include "solver/fe/heat_impl.h"
#include "solver/fe/transport_impl.h"
#include "solver/fe/stokes_impl_geometry.h"
