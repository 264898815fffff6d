// The finite-element Stokes flow of solver/fe/stokes_flow.h for the two linear-algebra back ends
// (solver/fe/backend.h), explicitly instantiated at the end of this file.
#include "materials/parameters.h"
#include "materials/rheology.h"
#include "postprocess/log.h"
#include "solver/fe/backend.h"
#include "solver/fe/domain.h"
#include "solver/fe/fe_values_cache.h"
#include "solver/fe/stokes_flow.h"

#include <deal.II/base/function.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/timer.h>
#include <deal.II/base/utilities.h>
#include <deal.II/distributed/solution_transfer.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_renumbering.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/block_sparsity_pattern.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/solver_gmres.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/lac/vector.h>
#include <deal.II/numerics/data_out.h>
#include <deal.II/numerics/vector_tools.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <tuple>

namespace hotdraw
{
  namespace fe_detail
  {
    using namespace dealii;

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

    // --- the solver ------------------------------------------------------------------------------
    template <class LA>
    class StokesSolver : public StokesFlow
    {
    public:
      StokesSolver(const Domain &domain, const RheologyModel &rheology,
                   const StokesSettings &settings)
        : domain_(domain), comm_(domain.comm()), rheology_(rheology), settings_(settings),
          geometry_(domain.geometry()), fe_(FE_Q<2>(2), 2, FE_Q<2>(1), 1),
          dof_handler_(domain.triangulation()),
          values_(domain.mapping(), fe_,
                  update_values | update_gradients | update_quadrature_points),
          face_values_(domain.mapping(), fe_, update_values | update_quadrature_points)
      {
        if (settings.backend != domain.backend())
          throw std::logic_error("StokesFlow: the settings' linear-algebra back end differs "
                                 "from the domain's");
        setup_dofs();
      }

      std::shared_ptr<void> attach_checkpoint() const override
      {
        struct Attached
        {
          typename LA::BlockVector solution;
          std::unique_ptr<Transfer> transfer;
        };
        auto a = std::make_shared<Attached>();
        a->solution.reinit(owned_, relevant_, comm_);
        a->solution = solution_;
        a->transfer = std::make_unique<Transfer>(dof_handler_);
        a->transfer->prepare_for_serialization(a->solution);
        return a;
      }

      std::vector<double> checkpoint_scalars() const override
      {
        return {pressure_scaling_, residual_reference_};
      }

      void restore_checkpoint(const std::vector<double> &scalars) override
      {
        if (scalars.size() != 2)
          throw std::runtime_error("StokesFlow: the checkpoint holds " +
                                   std::to_string(scalars.size()) + " scalars, expected 2");
        Transfer transfer(dof_handler_);
        transfer.deserialize(solution_);
        ghosted_ = solution_;
        pressure_scaling_ = scalars[0];
        residual_reference_ = scalars[1];
      }

      void set_nonlinear_tolerance(double tolerance) override
      {
        settings_.nonlinear_tolerance = tolerance;
      }

      void set_residual_reduction(double factor) override { residual_reduction_ = factor; }

      void scale_flow(const Tensor<1, 2> &base, const double factor) override
      {
        solution_ *= factor;
        for (unsigned int c = 0; c < 2; ++c)
          if (base[c] != 0)
            {
              const ComponentMask component = fe_.component_mask(FEValuesExtractors::Scalar(c));
              for (const auto i : DoFTools::extract_dofs(dof_handler_, component))
                solution_(i) += (1 - factor) * base[c];
            }
        solution_.compress(VectorOperation::add);
        ghosted_ = solution_;
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

      void set_temperature(const TemperatureField *field) override { temperature_field_ = field; }

      NonlinearReport solve() override;
      std::map<double, double> section_fluxes() const override;
      double outlet_force() const override;
      ErrorNorms errors(const VectorFunction &exact_velocity,
                        const ScalarFunction &exact_pressure) const override;
      LinearSolveReport last_linear_report() const override { return last_linear_; }
      unsigned int n_dofs() const override { return dof_handler_.n_dofs(); }

      // --- FlowField ---------------------------------------------------------------------------
      void velocity(const CellIterator &cell, const Quadrature<2> &q, std::vector<Point<2>> &x,
                    std::vector<Tensor<1, 2>> &u, std::vector<Tensor<2, 2>> &grad_u) const override
      {
        FEValues<2> &fv = values_.get(q);
        fv.reinit(dof_cell(dof_handler_, cell));
        x = fv.get_quadrature_points();
        u.resize(q.size());
        grad_u.resize(q.size());
        fv[FEValuesExtractors::Vector(0)].get_function_values(ghosted_, u);
        fv[FEValuesExtractors::Vector(0)].get_function_gradients(ghosted_, grad_u);
      }

      void face_velocity(const CellIterator &cell, unsigned int face, const Quadrature<1> &q,
                         std::vector<Point<2>> &x, std::vector<Tensor<1, 2>> &u) const override
      {
        FEFaceValues<2> &fv = face_values_.get(q);
        fv.reinit(dof_cell(dof_handler_, cell), face);
        x = fv.get_quadrature_points();
        u.resize(q.size());
        fv[FEValuesExtractors::Vector(0)].get_function_values(ghosted_, u);
      }

      void pressure(const CellIterator &cell, const Quadrature<2> &q,
                    std::vector<double> &p) const override
      {
        FEValues<2> &fv = values_.get(q);
        fv.reinit(dof_cell(dof_handler_, cell));
        p.resize(q.size());
        fv[FEValuesExtractors::Scalar(2)].get_function_values(ghosted_, p);
        for (double &v : p)
          v = pressure_scaling_ * v;
      }

      // The temperature field once one is set, else the spec's function of the point.
      void temperature(const CellIterator &cell, const Quadrature<2> &q,
                       const std::vector<Point<2>> &x, std::vector<double> &T) const override
      {
        if (temperature_field_)
          temperature_field_->values(cell, q, T);
        else
          given_temperature(x, T);
      }

      void face_temperature(const CellIterator &cell, unsigned int face, const Quadrature<1> &q,
                            const std::vector<Point<2>> &x, std::vector<double> &T) const override
      {
        if (temperature_field_)
          temperature_field_->face_values(cell, face, q, T);
        else
          given_temperature(x, T);
      }

      Viscosity viscosity(double T, double gamma_dot) const override
      {
        return viscosity_at(T, gamma_dot);
      }

      Dissipation dissipation(double T, const StrainRate &D) const override
      {
        const double DD = D.contract(D);
        const Viscosity v = viscosity_at(T, D.shear_rate());
        return {2 * v.eta * DD, 2 * v.deta_dT * DD};
      }

      void add_output(DataOut<2> &out) const override
      {
        std::vector<DataComponentInterpretation::DataComponentInterpretation> interp(
          2, DataComponentInterpretation::component_is_part_of_vector);
        interp.push_back(DataComponentInterpretation::component_is_scalar);
        out.add_data_vector(dof_handler_, ghosted_,
                            std::vector<std::string>{"velocity_m_per_s", "velocity_m_per_s",
                                                     "internal_pressure_scaled"},
                            interp);
      }

    private:
      void setup_dofs();
      void build_constraints();
      void build_matrices();
      void compute_pressure_scaling();
      // Assemble the residual R(x) (and, if 'matrix', the Picard or Newton Jacobian and the
      // Schur preconditioner) at the current iterate 'ghosted_'. Returns |R|.
      double assemble(bool matrix, bool newton);
      void assemble_boundary_terms(const typename DoFHandler<2>::active_cell_iterator &cell,
                                   FEFaceValues<2> &fe_face,
                                   dealii::Vector<double> &cell_rhs) const;
      LinearSolveReport solve_linear(typename LA::BlockVector &delta);
      NonlinearReport iterate();
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
      // The spec's temperature at the points (NaN before set_flow()).
      void given_temperature(const std::vector<Point<2>> &x, std::vector<double> &T) const
      {
        T.resize(x.size());
        for (unsigned int i = 0; i < x.size(); ++i)
          T[i] =
            spec_.temperature ? spec_.temperature(x[i]) : std::numeric_limits<double>::quiet_NaN();
      }

      using Transfer = parallel::distributed::SolutionTransfer<2, typename LA::BlockVector>;

      const Domain &domain_;
      MPI_Comm comm_;
      const RheologyModel &rheology_;
      StokesSettings settings_;
      Geometry geometry_;
      FESystem<2> fe_;
      DoFHandler<2> dof_handler_;
      FEValuesCache<FEValues<2>, 2> values_;
      FEValuesCache<FEFaceValues<2>, 1> face_values_;
      const TemperatureField *temperature_field_ = nullptr;
      double continuation_ = 1.0;
      double pressure_scaling_ = 1;

      std::vector<IndexSet> owned_, relevant_;
      IndexSet owned_all_, relevant_all_;
      AffineConstraints<double> constraints_, zero_constraints_;
      typename LA::BlockSparseMatrix system_matrix_, preconditioner_matrix_;
      typename LA::BlockVector solution_, ghosted_, rhs_;
      std::vector<std::vector<bool>> constant_modes_;

      FlowSpec spec_;
      bool spec_valid_ = false;
      double residual_reference_ = 0;
      double residual_reduction_ = 0;  // forcing (set_residual_reduction), 0: off
      LinearSolveReport last_linear_;
    };

    template <class LA>
    void StokesSolver<LA>::setup_dofs()
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
      DoFTools::extract_constant_modes(dof_handler_,
                                       fe_.component_mask(FEValuesExtractors::Vector(0)),
                                       constant_modes_);

      // a zero flow until set_flow() and solve(): geometry queries work right after meshing
      solution_.reinit(owned_, comm_);
      ghosted_.reinit(owned_, relevant_, comm_);
    }

    template <class LA>
    void StokesSolver<LA>::build_constraints()
    {
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
          const VectorFunction f =
            bc.velocity ? bc.velocity : [](const Point<2> &) { return Tensor<1, 2>(); };
          VelocityFunction vf(f);
          VectorTools::interpolate_boundary_values(domain_.mapping(), dof_handler_, id, vf,
                                                   constraints_, cm);
          VectorTools::interpolate_boundary_values(domain_.mapping(), dof_handler_, id,
                                                   Functions::ZeroFunction<2>(3), zero_constraints_,
                                                   cm);
        }
      constraints_.close();
      zero_constraints_.close();
    }

    template <class LA>
    void StokesSolver<LA>::build_matrices()
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
    void StokesSolver<LA>::compute_pressure_scaling()
    {
      double sum_log = 0, n = 0;
      for (const auto &cell : dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            const Point<2> c =
              domain_.mapping().transform_unit_to_real_cell(cell, Point<2>(0.5, 0.5));
            std::vector<double> T;
            temperature(cell, Quadrature<2>(Point<2>(0.5, 0.5)), {c}, T);
            sum_log += std::log(viscosity_at(T[0], 0.0).eta);
            n += 1;
          }
      sum_log = Utilities::MPI::sum(sum_log, comm_);
      n = Utilities::MPI::sum(n, comm_);
      const double eta_ref = std::exp(sum_log / std::max(n, 1.0));
      const double L = settings_.pressure_scaling_length > 0 ? settings_.pressure_scaling_length
                                                             : domain_.max_reference_radius();
      pressure_scaling_ = eta_ref / L;
    }

    // The boundary terms of the residual of one cell: prescribed traction and surface tension.
    template <class LA>
    void StokesSolver<LA>::assemble_boundary_terms(
      const typename DoFHandler<2>::active_cell_iterator &cell, FEFaceValues<2> &fe_face,
      dealii::Vector<double> &cell_rhs) const
    {
      const FEValuesExtractors::Vector velocity(0);
      const unsigned int n = fe_.n_dofs_per_cell();
      const Quadrature<1> &face_quadrature = fe_face.get_quadrature();
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
                    r_i +=
                      spec_.surface_tension_N_per_m *
                      geometry_.surface_divergence(fe_face[velocity].gradient(i, q), v, tangent, x);
                  cell_rhs(i) -= r_i * w;
                }
            }
        }
    }

    template <class LA>
    double StokesSolver<LA>::assemble(bool matrix, bool newton)
    {
      const QGauss<2> quadrature(3);
      const QGauss<1> face_quadrature(3);
      FEValues<2> fe_values(domain_.mapping(), fe_, quadrature,
                            update_values | update_gradients | update_quadrature_points |
                              update_JxW_values);
      FEFaceValues<2> fe_face(domain_.mapping(), fe_, face_quadrature,
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
            temperature(cell, quadrature, fe_values.get_quadrature_points(), Tq);
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
                          cell_prec(i, j) +=
                            (component[i] == 2 ? s * s / eta * phi_p[i] * phi_p[j]
                                               : 2.0 * eta * D_phi[j].contract(D_phi[i])) *
                            w;
                      }
                  }
              }
            assemble_boundary_terms(cell, fe_face, cell_rhs);
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
    LinearSolveReport StokesSolver<LA>::solve_linear(typename LA::BlockVector &delta)
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
        BlockSchurPreconditioner<LA> cheap(system_matrix_, preconditioner_matrix_.block(1, 1), amg,
                                           jacobi, false, owned_[0]);
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
                s << "the Stokes solver (FGMRES, " << LA::name << ") did not converge: residual "
                  << e.last_residual << " after " << rep.cheap_iterations << " cheap + "
                  << e.last_step << " expensive iterations (target " << tol
                  << "). Residual history:";
                for (std::size_t k = 0; k < history.size();
                     k += std::max<std::size_t>(1, history.size() / 20))
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
    NonlinearReport StokesSolver<LA>::solve()
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
        Log::out() << "    Solving Stokes system (" << LA::name << ", " << n_dofs() << " DoFs)... "
                   << rep.picard_iterations << " Picard + " << rep.newton_iterations
                   << " Newton steps, " << rep.linear_iterations << " linear iterations, "
                   << std::setprecision(3) << total.wall_time() << " s"
                   << (rep.converged ? "" : "  NOT CONVERGED") << "\n";
      return rep;
    }

    // Picard, then Newton, with a line search, from the current solution.
    template <class LA>
    NonlinearReport StokesSolver<LA>::iterate()
    {
      NonlinearReport rep;
      typename LA::BlockVector delta, trial(owned_, comm_);
      bool newton = false;
      double r_tol = 0;  // the residual at which this solve has converged
      for (unsigned int it = 0; it < settings_.max_nonlinear_iterations; ++it)
        {
          Timer t_asm;
          const double r0 = assemble(true, newton);
          rep.assembly_time_s += t_asm.wall_time();
          rep.residual_history.push_back(r0);
          // the residual scale: the largest starting residual of any solve on this mesh (the
          // first solve starts from rest, so this is the size of the driving terms)
          residual_reference_ = std::max(residual_reference_, r0);
          if (it == 0)
            {
              r_tol = settings_.nonlinear_tolerance * residual_reference_;
              if (residual_reduction_ > 0)
                r_tol = std::max(1e-3 * r_tol, std::min(r_tol, residual_reduction_ * r0));
            }
          if (r0 <= r_tol)
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
          const double du =
            alpha * delta.block(0).l2_norm() / std::max(solution_.block(0).l2_norm(), 1e-300);
          const double dp = solution_.block(1).l2_norm() > 0
                              ? alpha * delta.block(1).l2_norm() / solution_.block(1).l2_norm()
                              : 0.0;
          const double update = std::max(du, dp);
          rep.update_history.push_back(update);
          if (update < settings_.nonlinear_tolerance || r_trial <= r_tol)
            {
              rep.converged = true;
              break;
            }
          // round-off floor: the residual is already tiny and has stopped falling (less than
          // 1 % over the last three steps), as happens with viscosity contrasts of 1e8 and more
          const auto &h = rep.residual_history;
          if (h.size() >= 4 && r_trial < 1e3 * r_tol && r_trial > 0.99 * h[h.size() - 4])
            {
              rep.converged = true;
              break;
            }
          // a Picard step that stalls (less than 10 % decrease) within ten times the tolerance
          // has hit the round-off floor too: there Newton's line search only creeps (a few % per
          // step, eight or more steps in the late free-surface iterations)
          if (!newton && r_trial < 10 * r_tol && r_trial > 0.9 * r0)
            {
              rep.converged = true;
              break;
            }
          // Newton creeping far from the solution (the residual not halved in eight steps, the
          // line search cutting every step; seen at draw ratio 278 after a jump of the outlet
          // speed, where it crept for 60 steps): give up, so that the caller's continuation in
          // the rheology's nonlinearity takes over at once
          if (newton && h.size() >= 9 && r_trial > 1e3 * r_tol && r_trial > 0.5 * h[h.size() - 9])
            {
              rep.message = "Newton's residual did not halve in eight steps (" +
                            std::to_string(h[h.size() - 9]) + " -> " + std::to_string(r_trial) +
                            ")";
              return rep;
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

    template <class LA>
    std::map<double, double> StokesSolver<LA>::section_fluxes() const
    {
      const QGauss<1> quadrature(4);
      FEFaceValues<2> fv(domain_.mapping(), fe_, quadrature,
                         update_values | update_quadrature_points | update_JxW_values |
                           update_normal_vectors);
      const FEValuesExtractors::Vector velocity(0);
      std::vector<Tensor<1, 2>> u(quadrature.size());
      std::map<long long, double> mine;
      double z_scale = 0;
      for (const auto &cell : domain_.triangulation().active_cell_iterators())
        if (cell->is_locally_owned())
          z_scale = std::max(z_scale, std::abs(cell->center()[1]));
      z_scale = Utilities::MPI::max(z_scale, comm_);
      const double key_unit = std::max(z_scale, 1e-12) * 1e-9;
      for (const auto &cell : dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          for (const unsigned int f : cell->face_indices())
            {
              fv.reinit(cell, f);
              const double nz = fv.normal_vector(0)[1];
              // each cross-section face once: from the cell below (outward normal +z), plus the
              // inlet faces (outward normal -z, counted with the sign reversed)
              const bool upper = nz > 0.7;
              const bool inlet = nz < -0.7 && cell->face(f)->at_boundary();
              if (!upper && !inlet)
                continue;
              fv[velocity].get_function_values(ghosted_, u);
              double flux = 0;
              for (unsigned int q = 0; q < quadrature.size(); ++q)
                flux +=
                  u[q] * fv.normal_vector(q) * geometry_.weight(fv.quadrature_point(q), fv.JxW(q));
              if (inlet)
                flux = -flux;
              const long long key = std::llround(cell->face(f)->center()[1] / key_unit);
              mine[key] += flux * geometry_.symmetry_factor();
            }
      std::vector<std::pair<long long, double>> flat(mine.begin(), mine.end());
      const auto all = Utilities::MPI::all_gather(comm_, flat);
      std::map<double, double> result;
      std::map<long long, double> sum;
      for (const auto &v : all)
        for (const auto &[k, f] : v)
          sum[k] += f;
      for (const auto &[k, f] : sum)
        result[k * key_unit] = f;
      return result;
    }

    template <class LA>
    double StokesSolver<LA>::outlet_force() const
    {
      const QGauss<1> quadrature(4);
      FEFaceValues<2> fv(domain_.mapping(), fe_, quadrature,
                         update_values | update_gradients | update_quadrature_points |
                           update_JxW_values | update_normal_vectors);
      const FEValuesExtractors::Vector velocity(0);
      const FEValuesExtractors::Scalar pressure(2);
      std::vector<Tensor<1, 2>> u(quadrature.size());
      std::vector<Tensor<2, 2>> g(quadrature.size());
      std::vector<double> p(quadrature.size()), Tf(quadrature.size());
      double F = 0;
      for (const auto &cell : dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          for (const unsigned int f : cell->face_indices())
            if (cell->face(f)->at_boundary() && cell->face(f)->boundary_id() == BoundaryId::outlet)
              {
                fv.reinit(cell, f);
                fv[velocity].get_function_values(ghosted_, u);
                fv[velocity].get_function_gradients(ghosted_, g);
                fv[pressure].get_function_values(ghosted_, p);
                face_temperature(cell, f, quadrature, fv.get_quadrature_points(), Tf);
                for (unsigned int q = 0; q < quadrature.size(); ++q)
                  {
                    const Point<2> &x = fv.quadrature_point(q);
                    const StrainRate D = geometry_.strain_rate(g[q], u[q], x);
                    const double eta = viscosity_at(Tf[q], D.shear_rate()).eta;
                    const Tensor<1, 2> n = fv.normal_vector(q);
                    // (sigma n)_z with sigma = -p I + 2 eta D
                    const double tz =
                      -pressure_scaling_ * p[q] * n[1] + 2 * eta * (D.in_plane * n)[1];
                    F += tz * geometry_.weight(x, fv.JxW(q));
                  }
              }
      return Utilities::MPI::sum(F, comm_) * geometry_.symmetry_factor();
    }

    template <class LA>
    ErrorNorms StokesSolver<LA>::errors(const VectorFunction &exact_velocity,
                                        const ScalarFunction &exact_pressure) const
    {
      const QGauss<2> quadrature(4);
      FEValues<2> fv(domain_.mapping(), fe_, quadrature,
                     update_values | update_quadrature_points | update_JxW_values);
      const FEValuesExtractors::Vector velocity(0);
      const FEValuesExtractors::Scalar pressure(2);
      std::vector<Tensor<1, 2>> u(quadrature.size());
      std::vector<double> p(quadrature.size());
      double eu = 0, ep = 0;
      for (const auto &cell : dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fv.reinit(cell);
            fv[velocity].get_function_values(ghosted_, u);
            fv[pressure].get_function_values(ghosted_, p);
            for (unsigned int q = 0; q < quadrature.size(); ++q)
              {
                const Point<2> &x = fv.quadrature_point(q);
                const double w = geometry_.weight(x, fv.JxW(q));
                eu += (u[q] - exact_velocity(x)).norm_square() * w;
                const double dp = pressure_scaling_ * p[q] - exact_pressure(x);
                ep += dp * dp * w;
              }
          }
      ErrorNorms e;
      e.velocity_L2 = std::sqrt(Utilities::MPI::sum(eu, comm_));
      e.pressure_L2 = std::sqrt(Utilities::MPI::sum(ep, comm_));
      return e;
    }

    template class StokesSolver<TrilinosBackend>;
    template class StokesSolver<PETScBackend>;
  }  // namespace fe_detail

  std::unique_ptr<StokesFlow> StokesFlow::create(const Domain &domain,
                                                 const RheologyModel &rheology,
                                                 const StokesSettings &settings)
  {
    if (domain.backend() == LinearAlgebraBackend::petsc)
      return std::make_unique<fe_detail::StokesSolver<fe_detail::PETScBackend>>(domain, rheology,
                                                                                settings);
    return std::make_unique<fe_detail::StokesSolver<fe_detail::TrilinosBackend>>(domain, rheology,
                                                                                 settings);
  }
}  // namespace hotdraw
