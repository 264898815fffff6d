// The heat transfer of solver/fe/heat_transfer.h for the two linear-algebra back ends
// (solver/fe/backend.h), explicitly instantiated at the end of this file.
#include "postprocess/log.h"
#include "solver/fe/backend.h"
#include "solver/fe/domain.h"
#include "solver/fe/fe_values_cache.h"
#include "solver/fe/heat_transfer.h"

#include <deal.II/base/function.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/timer.h>
#include <deal.II/distributed/solution_transfer.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/solver_gmres.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/lac/vector.h>
#include <deal.II/numerics/vector_tools.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iomanip>
#include <map>
#include <stdexcept>

namespace hotdraw
{
  namespace fe_detail
  {
    using namespace dealii;

    constexpr double sigma_sb = 5.670374419e-8;

    template <class LA>
    class HeatSolver : public HeatTransfer
    {
    public:
      HeatSolver(const Domain &domain, const FlowField &flow, const HeatSpec &spec,
                 unsigned int verbosity)
        : domain_(domain), flow_(flow), spec_(spec), verbosity_(verbosity), fe_(2),
          dof_handler_(domain.triangulation()),
          values_(domain.mapping(), fe_, update_values | update_gradients),
          face_values_(domain.mapping(), fe_, update_values | update_gradients)
      {
        setup();
      }

      // T = T0 at the support points (also the history of the time stepping)
      void set_field(const ScalarFunction &T0)
      {
        class F : public Function<2>
        {
        public:
          explicit F(const ScalarFunction &f) : f_(f) {}
          double value(const Point<2> &p, const unsigned int) const override { return f_(p); }
          ScalarFunction f_;
        } f(T0);
        VectorTools::interpolate(domain_.mapping(), dof_handler_, f, T_);
        apply_dirichlet_values();
        T_ghost_ = T_;
        T_old_own_ = T_;
        T_old2_own_ = T_;
        T_old_ = T_;
        T_old2_ = T_;
        n_steps_ = 0;
      }

      HeatReport solve_steady() override
      {
        Timer timer;
        const HeatReport r = newton(0.0, 0.0);
        if (verbosity_ >= 1)
          Log::out() << "    Solving heat equation (" << LA::name << ", " << n_dofs()
                     << " DoFs)... " << r.newton_iterations << " Newton steps, "
                     << r.linear_iterations << " linear iterations, max |dT| "
                     << std::setprecision(3) << r.max_change_K << " K, " << timer.wall_time()
                     << " s" << (r.converged ? "" : "  NOT CONVERGED") << "\n";
        return r;
      }

      HeatReport advance(double dt, double t_new) override
      {
        // the state before the step, for reject_step()
        undo_T_old2_ = T_old2_own_;
        undo_dt_previous_ = dt_previous_;
        undo_time_ = time_;
        undo_n_steps_ = n_steps_;
        time_ = t_new;
        // BDF2 with variable steps; BDF1 on the first step
        T_old2_own_ = T_old_own_;
        T_old_own_ = T_;
        T_old2_ = T_old2_own_;
        T_old_ = T_old_own_;
        const double omega = n_steps_ > 0 ? dt / dt_previous_ : 0.0;
        if (n_steps_ == 0)
          bdf_ = {1.0, -1.0, 0.0};
        else
          bdf_ = {(1 + 2 * omega) / (1 + omega), -(1 + omega), omega * omega / (1 + omega)};
        dt_previous_ = dt;
        ++n_steps_;
        const HeatReport r = newton(dt, t_new);
        if (verbosity_ >= 2)
          Log::out() << "    heat step dt = " << dt << " s: " << r.newton_iterations
                     << " Newton steps, max |dT| " << r.max_change_K << " K\n";
        return r;
      }

      HeatReport repeat_step() override
      {
        if (n_steps_ == 0)
          throw std::logic_error("HeatTransfer::repeat_step(): no time step to repeat");
        return newton(dt_previous_, time_);
      }

      void reject_step() override
      {
        if (n_steps_ == 0)
          throw std::logic_error("HeatTransfer::reject_step(): no time step to undo");
        T_ = T_old_own_;
        T_old_own_ = T_old2_own_;
        T_old2_own_ = undo_T_old2_;
        T_ghost_ = T_;
        T_old_ = T_old_own_;
        T_old2_ = T_old2_own_;
        dt_previous_ = undo_dt_previous_;
        time_ = undo_time_;
        n_steps_ = undo_n_steps_;
      }

      std::shared_ptr<void> attach_checkpoint() const override
      {
        struct Attached
        {
          typename LA::Vector T, T_old, T_old2;
          std::unique_ptr<Transfer> transfer;
        };
        auto a = std::make_shared<Attached>();
        const MPI_Comm comm = domain_.comm();
        for (auto [to, from] : {std::pair{&a->T, &T_}, std::pair{&a->T_old, &T_old_own_},
                                std::pair{&a->T_old2, &T_old2_own_}})
          {
            to->reinit(owned_, relevant_, comm);
            *to = *from;
          }
        a->transfer = std::make_unique<Transfer>(dof_handler_);
        a->transfer->prepare_for_serialization(
          std::vector<const typename LA::Vector *>{&a->T, &a->T_old, &a->T_old2});
        return a;
      }

      std::vector<double> checkpoint_scalars() const override
      {
        return {dt_previous_, double(n_steps_), time_};
      }

      void restore_checkpoint(const std::vector<double> &scalars) override
      {
        if (scalars.size() != 3)
          throw std::runtime_error("HeatTransfer: the checkpoint holds " +
                                   std::to_string(scalars.size()) + " scalars, expected 3");
        Transfer transfer(dof_handler_);
        std::vector<typename LA::Vector *> out = {&T_, &T_old_own_, &T_old2_own_};
        transfer.deserialize(out);
        T_ghost_ = T_;
        T_old_ = T_old_own_;
        T_old2_ = T_old2_own_;
        undo_T_old2_ = T_old2_own_;
        dt_previous_ = scalars[0];
        n_steps_ = static_cast<unsigned int>(scalars[1]);
        time_ = scalars[2];
        undo_dt_previous_ = dt_previous_;
        undo_time_ = time_;
        undo_n_steps_ = n_steps_;
      }

      std::vector<double> owned_values() const override
      {
        std::vector<double> v;
        v.reserve(owned_.n_elements());
        for (const auto i : owned_)
          v.push_back(T_(i));
        return v;
      }

      void set_owned_values(const std::vector<double> &v) override
      {
        if (v.size() != owned_.n_elements())
          throw std::logic_error("HeatTransfer::set_owned_values(): " + std::to_string(v.size()) +
                                 " values for " + std::to_string(owned_.n_elements()) +
                                 " owned temperature DoFs");
        std::size_t k = 0;
        for (const auto i : owned_)
          T_(i) = v[k++];
        T_.compress(VectorOperation::insert);
        T_ghost_ = T_;
      }

      EnergyBalance energy_balance() const override;
      double max_temperature() const override { return T_ghost_.max(); }
      double error(const ScalarFunction &exact) const override;
      unsigned int n_dofs() const override { return dof_handler_.n_dofs(); }

      // --- point values for the flow, the sampling and the output ------------------------------
      void values(const CellIterator &cell, const Quadrature<2> &q,
                  std::vector<double> &T) const override
      {
        cell_values(cell, q).get_function_values(T_ghost_, resized(T, q.size()));
      }
      void old_values(const CellIterator &cell, const Quadrature<2> &q,
                      std::vector<double> &T) const override
      {
        cell_values(cell, q).get_function_values(T_old_, resized(T, q.size()));
      }
      void gradients(const CellIterator &cell, const Quadrature<2> &q,
                     std::vector<Tensor<1, 2>> &g) const override
      {
        cell_values(cell, q).get_function_gradients(T_ghost_, resized(g, q.size()));
      }
      void face_values(const CellIterator &cell, unsigned int face, const Quadrature<1> &q,
                       std::vector<double> &T) const override
      {
        face_values_at(cell, face, q).get_function_values(T_ghost_, resized(T, q.size()));
      }
      void face_gradients(const CellIterator &cell, unsigned int face, const Quadrature<1> &q,
                          std::vector<Tensor<1, 2>> &g) const override
      {
        face_values_at(cell, face, q).get_function_gradients(T_ghost_, resized(g, q.size()));
      }
      double last_dt() const override { return n_steps_ > 0 ? dt_previous_ : 0.0; }

    private:
      // The per-assembly work space: FE values, the cell matrix and residual, the fields.
      struct Scratch
      {
        Scratch(const Mapping<2> &mapping, const FE_Q<2> &fe, bool matrix, double dt, double t);
        const QGauss<2> quadrature;
        const QGauss<1> face_quadrature;
        FEValues<2> fv;
        FEFaceValues<2> ff;
        bool matrix;
        double dt, t;  // step size (0: steady) and the time solved for
        FullMatrix<double> cm;
        dealii::Vector<double> cr;
        std::vector<double> T, T1, T2, Tf;
        std::vector<Point<2>> x, xf;
        std::vector<Tensor<1, 2>> gT, u, d_now, d_old, uf;
        std::vector<Tensor<2, 2>> hT, gu;
      };

      template <class Vector>
      static Vector &resized(Vector &v, std::size_t n)
      {
        v.resize(n);
        return v;
      }
      FEValues<2> &cell_values(const CellIterator &cell, const Quadrature<2> &q) const
      {
        FEValues<2> &fv = values_.get(q);
        fv.reinit(dof_cell(dof_handler_, cell));
        return fv;
      }
      FEFaceValues<2> &face_values_at(const CellIterator &cell, unsigned int face,
                                      const Quadrature<1> &q) const
      {
        FEFaceValues<2> &fv = face_values_.get(q);
        fv.reinit(dof_cell(dof_handler_, cell), face);
        return fv;
      }

      void setup();
      // boundaries with a prescribed temperature: the fixed inlet and the verification ids
      std::vector<types::boundary_id> dirichlet_ids() const
      {
        std::vector<types::boundary_id> ids = spec_.dirichlet_ids;
        if (spec_.fixed_inlet)
          ids.push_back(spec_.inlet);
        return ids;
      }
      bool is_dirichlet(types::boundary_id id) const
      {
        const auto ids = dirichlet_ids();
        return std::find(ids.begin(), ids.end(), id) != ids.end();
      }
      void apply_dirichlet_values();

      // Residual (and Jacobian) at T_ghost_; dt = 0: steady.
      double assemble(bool matrix, double dt, double t);
      // The volume terms of one cell, and the free-surface and inlet terms of its faces.
      void assemble_cell(const typename DoFHandler<2>::active_cell_iterator &cell, Scratch &s);
      void assemble_faces(const typename DoFHandler<2>::active_cell_iterator &cell, double t,
                          Scratch &s);
      HeatReport newton(double dt, double t);
      unsigned int solve_linear(typename LA::Vector &delta);

      using Transfer = parallel::distributed::SolutionTransfer<2, typename LA::Vector>;

      const Domain &domain_;
      const FlowField &flow_;
      HeatSpec spec_;
      unsigned int verbosity_;
      FE_Q<2> fe_;
      DoFHandler<2> dof_handler_;
      FEValuesCache<FEValues<2>, 2> values_;
      FEValuesCache<FEFaceValues<2>, 1> face_values_;
      IndexSet owned_, relevant_;
      AffineConstraints<double> constraints_;
      typename LA::SparseMatrix matrix_;
      // owned vectors (T_ is the current iterate) and ghosted copies for evaluation
      typename LA::Vector rhs_, T_, T_old_own_, T_old2_own_, T_ghost_, T_old_, T_old2_;
      std::array<double, 3> bdf_ = {1.0, -1.0, 0.0};
      double dt_previous_ = 0;
      unsigned int n_steps_ = 0;
      double time_ = 0;  // of the last time step (the boundary data of the energy balance)
      // the history before the last step (reject_step())
      typename LA::Vector undo_T_old2_;
      double undo_dt_previous_ = 0, undo_time_ = 0;
      unsigned int undo_n_steps_ = 0;
    };

    template <class LA>
    void HeatSolver<LA>::setup()
    {
      const MPI_Comm comm = domain_.comm();
      dof_handler_.distribute_dofs(fe_);
      owned_ = dof_handler_.locally_owned_dofs();
      relevant_ = DoFTools::extract_locally_relevant_dofs(dof_handler_);
      constraints_.clear();
      constraints_.reinit(relevant_);
      DoFTools::make_hanging_node_constraints(dof_handler_, constraints_);
      for (const auto id : dirichlet_ids())
        VectorTools::interpolate_boundary_values(domain_.mapping(), dof_handler_, id,
                                                 Functions::ZeroFunction<2>(), constraints_);
      constraints_.close();
      DynamicSparsityPattern dsp(relevant_);
      DoFTools::make_sparsity_pattern(dof_handler_, dsp, constraints_, false);
      SparsityTools::distribute_sparsity_pattern(dsp, owned_, comm, relevant_);
      matrix_.reinit(owned_, owned_, dsp, comm);
      rhs_.reinit(owned_, comm);
      for (auto *v : {&T_, &T_old_own_, &T_old2_own_, &undo_T_old2_})
        v->reinit(owned_, comm);
      for (auto *v : {&T_ghost_, &T_old_, &T_old2_})
        v->reinit(owned_, relevant_, comm);
    }

    template <class LA>
    void HeatSolver<LA>::apply_dirichlet_values()
    {
      class F : public Function<2>
      {
      public:
        F(const HeatSpec &s) : s_(s) {}
        double value(const Point<2> &p, const unsigned int) const override
        {
          return s_.dirichlet_value ? s_.dirichlet_value(p) : s_.inlet_temperature_K;
        }
        const HeatSpec &s_;
      } f(spec_);
      class Inlet : public Function<2>
      {
      public:
        explicit Inlet(double T) : T_(T) {}
        double value(const Point<2> &, const unsigned int) const override { return T_; }
        double T_;
      } inlet(spec_.inlet_temperature_K);
      std::map<types::global_dof_index, double> values;
      for (const auto id : spec_.dirichlet_ids)
        VectorTools::interpolate_boundary_values(domain_.mapping(), dof_handler_, id, f, values);
      if (spec_.fixed_inlet)
        VectorTools::interpolate_boundary_values(domain_.mapping(), dof_handler_, spec_.inlet,
                                                 inlet, values);
      for (const auto &[i, v] : values)
        if (owned_.is_element(i))
          T_(i) = v;
      T_.compress(VectorOperation::insert);
    }

    template <class LA>
    HeatSolver<LA>::Scratch::Scratch(const Mapping<2> &mapping, const FE_Q<2> &fe,
                                     const bool matrix, const double dt, const double t)
      : quadrature(3), face_quadrature(3), fv(mapping, fe, quadrature,
                                              update_values | update_gradients | update_hessians |
                                                update_quadrature_points | update_JxW_values),
        ff(mapping, fe, face_quadrature,
           update_values | update_quadrature_points | update_JxW_values),
        matrix(matrix), dt(dt), t(t), cm(fe.n_dofs_per_cell(), fe.n_dofs_per_cell()),
        cr(fe.n_dofs_per_cell()), T(quadrature.size()), T1(quadrature.size()),
        T2(quadrature.size()), Tf(face_quadrature.size()), gT(quadrature.size()),
        hT(quadrature.size())
    {}

    template <class LA>
    double HeatSolver<LA>::assemble(bool matrix, double dt, double t)
    {
      Scratch s(domain_.mapping(), fe_, matrix, dt, t);
      std::vector<types::global_dof_index> dofs(fe_.n_dofs_per_cell());
      if (matrix)
        matrix_ = 0;
      rhs_ = 0;
      for (const auto &cell : dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            s.fv.reinit(cell);
            s.cm = 0;
            s.cr = 0;
            assemble_cell(cell, s);
            assemble_faces(cell, t, s);
            cell->get_dof_indices(dofs);
            if (matrix)
              constraints_.distribute_local_to_global(s.cm, s.cr, dofs, matrix_, rhs_);
            else
              constraints_.distribute_local_to_global(s.cr, dofs, rhs_);
          }
      if (matrix)
        matrix_.compress(VectorOperation::add);
      rhs_.compress(VectorOperation::add);
      return rhs_.l2_norm();
    }

    template <class LA>
    void HeatSolver<LA>::assemble_cell(const typename DoFHandler<2>::active_cell_iterator &cell,
                                       Scratch &s)
    {
      const Geometry &geo = domain_.geometry();
      const FEValues<2> &fv = s.fv;
      const unsigned int n = fe_.n_dofs_per_cell(), nq = s.quadrature.size();
      const bool transient = s.dt > 0;
      const double dt = s.dt;
      const double ct = transient ? bdf_[0] / dt : 0.0;  // d(dT/dt)/dT^{n+1}
      fv.get_function_values(T_ghost_, s.T);
      fv.get_function_gradients(T_ghost_, s.gT);
      fv.get_function_hessians(T_ghost_, s.hT);
      flow_.velocity(cell, s.quadrature, s.x, s.u, s.gu);
      if (transient)
        {
          fv.get_function_values(T_old_, s.T1);
          fv.get_function_values(T_old2_, s.T2);
          domain_.displacements(cell, s.quadrature, s.d_now, s.d_old);
        }
      const auto &T = s.T, &T1 = s.T1, &T2 = s.T2;
      const auto &gT = s.gT, &u = s.u;
      // element length along the flow at the cell centre (mean velocity)
      Tensor<1, 2> u_mean;
      for (unsigned int q = 0; q < nq; ++q)
        u_mean += u[q] / double(nq);
      double h_stream = 0;
      {
        double sum = 0;
        for (unsigned int i = 0; i < n; ++i)
          sum += std::abs(u_mean * fv.shape_grad(i, nq / 2));
        const double um = u_mean.norm();
        h_stream = (sum > 0 && um > 0) ? 2 * um / sum : std::sqrt(cell->measure());
      }
      for (unsigned int q = 0; q < nq; ++q)
        {
          const Point<2> &x = fv.quadrature_point(q);
          const double w = geo.weight(x, fv.JxW(q));
          const double rho = spec_.density(T[q]);
          const double cp = spec_.heat_capacity(T[q]), dcp = spec_.dcp_dT(T[q]);
          const double k = spec_.conductivity(T[q]), dk = spec_.dk_dT(T[q]);
          Tensor<1, 2> a = u[q];  // advection velocity u - u_mesh
          double dTdt = 0;
          if (transient)
            {
              a -= (s.d_now[q] - s.d_old[q]) / dt;
              dTdt = (bdf_[0] * T[q] + bdf_[1] * T1[q] + bdf_[2] * T2[q]) / dt;
            }
          // viscous dissipation 2 eta D:D and its T-derivative
          const StrainRate D = geo.strain_rate(s.gu[q], u[q], x);
          double Q = spec_.source ? spec_.source(x, s.t) : 0.0, dQdT = 0;
          if (spec_.viscous_heating)
            {
              const Dissipation d = flow_.dissipation(T[q], D);
              Q += d.Q;
              dQdT = d.dQ_dT;
            }
          // strong residual (for SUPG): with the axisymmetric Laplacian
          const double lap = trace(s.hT[q]) + (geo.axisymmetric() ? gT[q][0] / x[0] : 0.0);
          const double adv = a * gT[q];
          const double strong = rho * cp * (dTdt + adv) - k * lap - dk * gT[q] * gT[q] - Q;
          double tau = 0;
          if (spec_.supg)
            {
              const double kappa = k / (rho * cp);
              const double he = h_stream / 2.0;  // Q2
              const double an = a.norm();
              const double s2 = (transient ? 4.0 / (dt * dt) : 0.0) + 4.0 * an * an / (he * he) +
                                16.0 * kappa * kappa / (he * he * he * he);
              tau = s2 > 0 ? 1.0 / std::sqrt(s2) : 0.0;
            }
          for (unsigned int i = 0; i < n; ++i)
            {
              const double phi = fv.shape_value(i, q);
              const Tensor<1, 2> gphi = fv.shape_grad(i, q);
              const double supg = tau * (a * gphi);
              s.cr(i) -=
                ((rho * cp * (dTdt + adv) - Q) * phi + k * (gT[q] * gphi) + supg * strong) * w;
              if (!s.matrix)
                continue;
              for (unsigned int j = 0; j < n; ++j)
                {
                  const double phj = fv.shape_value(j, q);
                  const Tensor<1, 2> gphj = fv.shape_grad(j, q);
                  const double lapj =
                    trace(fv.shape_hessian(j, q)) + (geo.axisymmetric() ? gphj[0] / x[0] : 0.0);
                  // d(strong)/dT_j (c_p and k derivatives on the value, Q via eta(T))
                  const double dstrong = rho * cp * (ct * phj + a * gphj) +
                                         rho * dcp * phj * (dTdt + adv) - k * lapj -
                                         dk * phj * lap - 2 * dk * (gT[q] * gphj) - dQdT * phj;
                  const double galerkin = (rho * cp * (ct * phj + a * gphj) +
                                           rho * dcp * phj * (dTdt + adv) - dQdT * phj) *
                                            phi +
                                          k * (gphj * gphi) + dk * phj * (gT[q] * gphi);
                  s.cm(i, j) += (galerkin + supg * dstrong) * w;
                }
            }
        }
    }

    // Boundary terms: free surface (convection + radiation), long-rod inlet.
    template <class LA>
    void HeatSolver<LA>::assemble_faces(const typename DoFHandler<2>::active_cell_iterator &cell,
                                        const double t, Scratch &s)
    {
      const Geometry &geo = domain_.geometry();
      const unsigned int n = fe_.n_dofs_per_cell();
      FEFaceValues<2> &ff = s.ff;
      for (const unsigned int f : cell->face_indices())
        {
          if (!cell->face(f)->at_boundary())
            continue;
          const auto id = cell->face(f)->boundary_id();
          if (is_dirichlet(id))
            continue;
          const bool surface = id == spec_.free_surface;
          const bool inlet = id == spec_.inlet && spec_.inlet_lambda_per_m > 0;
          if (!surface && !inlet)
            continue;
          ff.reinit(cell, f);
          ff.get_function_values(T_ghost_, s.Tf);
          if (surface)
            flow_.face_velocity(cell, f, s.face_quadrature, s.xf, s.uf);
          const auto &Tf = s.Tf;
          for (unsigned int q = 0; q < s.face_quadrature.size(); ++q)
            {
              const Point<2> &x = ff.quadrature_point(q);
              const double w = geo.weight(x, ff.JxW(q));
              double flux = 0, dflux = 0;
              if (surface)
                {
                  const double Tg = spec_.gas_temperature(x[1], t);
                  const double hc = spec_.heat_transfer(x[1], x[0], s.uf[q].norm(), Tf[q], Tg, t);
                  flux = hc * (Tf[q] - Tg);
                  dflux = hc;
                  if (spec_.radiation)
                    {
                      const double Tw = spec_.wall_temperature(x[1], t);
                      flux += spec_.emissivity * sigma_sb * (std::pow(Tf[q], 4) - std::pow(Tw, 4));
                      dflux += 4 * spec_.emissivity * sigma_sb * std::pow(Tf[q], 3);
                    }
                }
              else
                {
                  const double k = spec_.conductivity(Tf[q]);
                  flux = k * spec_.inlet_lambda_per_m * (Tf[q] - spec_.inlet_temperature_K);
                  dflux = k * spec_.inlet_lambda_per_m;
                }
              for (unsigned int i = 0; i < n; ++i)
                {
                  const double phi = ff.shape_value(i, q);
                  s.cr(i) -= flux * phi * w;
                  if (s.matrix)
                    for (unsigned int j = 0; j < n; ++j)
                      s.cm(i, j) += dflux * ff.shape_value(j, q) * phi * w;
                }
            }
        }
    }

    template <class LA>
    unsigned int HeatSolver<LA>::solve_linear(typename LA::Vector &delta)
    {
      const MPI_Comm comm = domain_.comm();
      delta.reinit(owned_, comm);
      if (!spec_.iterative_linear_solver)
        {
          // the scalar 2-D system is small: a sparse direct solve is fast and robust for the
          // strongly convection-dominated SUPG matrix (AMG-preconditioned GMRES often stalls)
          LA::direct_solve(matrix_, delta, rhs_, owned_, comm);
          constraints_.distribute(delta);
          return 1;
        }
      // GMRES with AMG; a sparse direct solve if that fails (convection-dominated systems can
      // defeat AMG)
      try
        {
          typename LA::PreconditionAMG amg;
          LA::initialize_amg_nonsymmetric(amg, matrix_);
          SolverControl control(1000, 1e-10 * rhs_.l2_norm());
          SolverGMRES<typename LA::Vector> gmres(
            control, typename SolverGMRES<typename LA::Vector>::AdditionalData(100));
          gmres.solve(matrix_, delta, rhs_, amg);
          constraints_.distribute(delta);
          return control.last_step();
        }
      catch (const SolverControl::NoConvergence &)
        {
          delta = 0;
          LA::direct_solve(matrix_, delta, rhs_, owned_, comm);
          constraints_.distribute(delta);
          return 1;
        }
    }

    template <class LA>
    HeatReport HeatSolver<LA>::newton(double dt, double t)
    {
      const MPI_Comm comm = domain_.comm();
      HeatReport rep;
      typename LA::Vector delta, start(owned_, comm);
      start = T_;
      apply_dirichlet_values();
      T_ghost_ = T_;
      typename LA::Vector trial(owned_, comm);
      for (unsigned int it = 0; it < spec_.max_newton_iterations; ++it)
        {
          const double r0 = assemble(true, dt, t);
          rep.linear_iterations += solve_linear(delta);
          double alpha = 1.0, r1 = 0;
          for (unsigned int k = 0; k < 10; ++k)
            {
              trial = T_;
              trial.add(alpha, delta);
              T_ghost_ = trial;
              r1 = assemble(false, dt, t);
              if (r1 < r0 || r0 == 0)
                break;
              alpha *= 0.5;
            }
          T_ = trial;
          T_ghost_ = T_;
          ++rep.newton_iterations;
          const double change = alpha * delta.linfty_norm();
          if (change / 1000.0 < spec_.newton_tolerance)
            {
              rep.converged = true;
              break;
            }
        }
      start -= T_;
      rep.max_change_K = start.linfty_norm();
      if (!rep.converged)
        rep.message = "the heat-transfer Newton iteration did not converge in " +
                      std::to_string(spec_.max_newton_iterations) + " iterations";
      return rep;
    }

    template <class LA>
    EnergyBalance HeatSolver<LA>::energy_balance() const
    {
      const Geometry &geo = domain_.geometry();
      const QGauss<2> quadrature(3);
      const QGauss<1> face_quadrature(4);
      FEValues<2> fv(domain_.mapping(), fe_, quadrature,
                     update_values | update_quadrature_points | update_JxW_values);
      FEFaceValues<2> ff(domain_.mapping(), fe_, face_quadrature,
                         update_values | update_quadrature_points | update_JxW_values |
                           update_normal_vectors);
      std::vector<double> T(quadrature.size()), Tf(face_quadrature.size());
      std::vector<Point<2>> x_flow;
      std::vector<Tensor<1, 2>> u, uf;
      std::vector<Tensor<2, 2>> gu;
      EnergyBalance b;
      for (const auto &cell : dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            if (spec_.viscous_heating)
              {
                fv.reinit(cell);
                fv.get_function_values(T_ghost_, T);
                flow_.velocity(cell, quadrature, x_flow, u, gu);
                for (unsigned int q = 0; q < quadrature.size(); ++q)
                  {
                    const Point<2> &x = fv.quadrature_point(q);
                    const StrainRate D = geo.strain_rate(gu[q], u[q], x);
                    b.dissipation_W += flow_.dissipation(T[q], D).Q * geo.weight(x, fv.JxW(q));
                  }
              }
            for (const unsigned int f : cell->face_indices())
              {
                if (!cell->face(f)->at_boundary())
                  continue;
                const auto id = cell->face(f)->boundary_id();
                ff.reinit(cell, f);
                ff.get_function_values(T_ghost_, Tf);
                flow_.face_velocity(cell, f, face_quadrature, x_flow, uf);
                for (unsigned int q = 0; q < face_quadrature.size(); ++q)
                  {
                    const Point<2> &x = ff.quadrature_point(q);
                    const double w = geo.weight(x, ff.JxW(q));
                    const double un = uf[q] * ff.normal_vector(q);
                    const double H = spec_.density(Tf[q]) * spec_.enthalpy(Tf[q]);
                    if (id == spec_.inlet)
                      {
                        b.inflow_W += -H * un * w;
                        if (!spec_.fixed_inlet)
                          b.inlet_conduction_W -= spec_.conductivity(Tf[q]) *
                                                  spec_.inlet_lambda_per_m *
                                                  (Tf[q] - spec_.inlet_temperature_K) * w;
                      }
                    else if (id == spec_.outlet)
                      b.outflow_W += H * un * w;
                    else if (id == spec_.free_surface)
                      {
                        const double Tg = spec_.gas_temperature(x[1], time_);
                        double flux =
                          spec_.heat_transfer(x[1], x[0], uf[q].norm(), Tf[q], Tg, time_) *
                          (Tf[q] - Tg);
                        if (spec_.radiation)
                          flux +=
                            spec_.emissivity * sigma_sb *
                            (std::pow(Tf[q], 4) - std::pow(spec_.wall_temperature(x[1], time_), 4));
                        b.surface_loss_W += flux * w;
                      }
                  }
              }
          }
      const MPI_Comm comm = domain_.comm();
      const double f = geo.symmetry_factor();
      b.inflow_W = f * Utilities::MPI::sum(b.inflow_W, comm);
      b.outflow_W = f * Utilities::MPI::sum(b.outflow_W, comm);
      b.surface_loss_W = f * Utilities::MPI::sum(b.surface_loss_W, comm);
      b.dissipation_W = f * Utilities::MPI::sum(b.dissipation_W, comm);
      b.inlet_conduction_W = f * Utilities::MPI::sum(b.inlet_conduction_W, comm);
      // the enthalpy in the fluxes is relative to 298.15 K; the imbalance is measured against
      // the heat that actually crosses the boundaries
      const double imbalance =
        b.inflow_W - b.outflow_W - b.surface_loss_W + b.dissipation_W + b.inlet_conduction_W;
      const double scale =
        std::max({std::abs(b.outflow_W - b.inflow_W), std::abs(b.surface_loss_W),
                  std::abs(b.dissipation_W), std::abs(b.inlet_conduction_W), 1e-300});
      b.imbalance_relative = std::abs(imbalance) / scale;
      return b;
    }

    template <class LA>
    double HeatSolver<LA>::error(const ScalarFunction &exact) const
    {
      const Geometry &geo = domain_.geometry();
      const QGauss<2> quadrature(4);
      FEValues<2> fv(domain_.mapping(), fe_, quadrature,
                     update_values | update_quadrature_points | update_JxW_values);
      std::vector<double> T(quadrature.size());
      double e = 0;
      for (const auto &cell : dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fv.reinit(cell);
            fv.get_function_values(T_ghost_, T);
            for (unsigned int q = 0; q < quadrature.size(); ++q)
              {
                const double d = T[q] - exact(fv.quadrature_point(q));
                e += d * d * geo.weight(fv.quadrature_point(q), fv.JxW(q));
              }
          }
      return std::sqrt(Utilities::MPI::sum(e, domain_.comm()));
    }

    template <class LA>
    std::unique_ptr<HeatTransfer> create_heat(const Domain &domain, const FlowField &flow,
                                              const HeatSpec &spec, const ScalarFunction &T0,
                                              unsigned int verbosity)
    {
      auto heat = std::make_unique<HeatSolver<LA>>(domain, flow, spec, verbosity);
      heat->set_field(T0);
      return heat;
    }

    template class HeatSolver<TrilinosBackend>;
    template class HeatSolver<PETScBackend>;
  }  // namespace fe_detail

  std::unique_ptr<HeatTransfer> HeatTransfer::create(const Domain &domain, const FlowField &flow,
                                                     const HeatSpec &spec, const ScalarFunction &T0,
                                                     unsigned int verbosity)
  {
    if (domain.backend() == LinearAlgebraBackend::petsc)
      return fe_detail::create_heat<fe_detail::PETScBackend>(domain, flow, spec, T0, verbosity);
    return fe_detail::create_heat<fe_detail::TrilinosBackend>(domain, flow, spec, T0, verbosity);
  }
}  // namespace hotdraw
