// Heat transfer on the flow's mesh, for one linear-algebra back end: part of stokes_impl.h.
//
// Weak form (geometry-weighted, w the test function, W = w + tau (u - u_m).grad w for SUPG):
//   int rho c_p (dT/dt + (u - u_m).grad T) W + int k grad T.grad w
//   + int_surface [h (T - T_gas) + e sigma (T^4 - T_w^4)] w + int_inlet k lambda (T - T_far) w
//   - int 2 eta D:D W + int tau (u - u_m).grad w (-div(k grad T)) = 0
// tau after Tezduyar: [(2/dt)^2 + (2|u|/h)^2 + (4 a / h^2)^2]^(-1/2), a = k/(rho c_p), h the
// element length along the flow (2|u| / sum_i |u.grad phi_i|), divided by the degree 2.
// Newton's method with the consistent linearisation of c_p(T), k(T), the radiation term and the
// viscosity in the dissipation (h from the correlation is lagged).
#pragma once

namespace hotdraw
{
  namespace fe_detail
  {
    template <class LA>
    class StokesImpl;

    template <class LA>
    class HeatImpl
    {
    public:
      HeatImpl(StokesImpl<LA> &flow, const HeatSpec &spec)
        : flow_(flow), spec_(spec), fe_(2), dof_handler_(flow.tria_)
      {
        setup();
      }

      void setup()
      {
        dof_handler_.distribute_dofs(fe_);
        owned_ = dof_handler_.locally_owned_dofs();
        relevant_ = DoFTools::extract_locally_relevant_dofs(dof_handler_);
        constraints_.clear();
        constraints_.reinit(relevant_);
        DoFTools::make_hanging_node_constraints(dof_handler_, constraints_);
        for (const auto id : dirichlet_ids())
          VectorTools::interpolate_boundary_values(*flow_.mapping_, dof_handler_, id,
                                                   Functions::ZeroFunction<2>(), constraints_);
        constraints_.close();
        DynamicSparsityPattern dsp(relevant_);
        DoFTools::make_sparsity_pattern(dof_handler_, dsp, constraints_, false);
        SparsityTools::distribute_sparsity_pattern(dsp, owned_, flow_.comm_, relevant_);
        matrix_.reinit(owned_, owned_, dsp, flow_.comm_);
        rhs_.reinit(owned_, flow_.comm_);
        for (auto *v : {&T_, &T_old_own_, &T_old2_own_})
          v->reinit(owned_, flow_.comm_);
        for (auto *v : {&T_ghost_, &T_old_, &T_old2_})
          v->reinit(owned_, relevant_, flow_.comm_);
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
        VectorTools::interpolate(*flow_.mapping_, dof_handler_, f, T_);
        apply_dirichlet_values();
        T_ghost_ = T_;
        T_old_own_ = T_;
        T_old2_own_ = T_;
        T_old_ = T_;
        T_old2_ = T_;
        n_steps_ = 0;
      }

      // Temperatures at the quadrature points of a cell of any DoFHandler on the same mesh.
      template <class Iterator>
      void values(const Iterator &cell, const Quadrature<2> &q, std::vector<double> &T) const
      {
        const typename DoFHandler<2>::active_cell_iterator c(&flow_.tria_, cell->level(),
                                                              cell->index(), &dof_handler_);
        // FEValues objects are expensive to build: keep one per quadrature rule in use
        FEValues<2> *fv = nullptr;
        for (auto &[rule, values] : cached_values_)
          if (rule.get_points() == q.get_points())
            fv = values.get();
        if (fv == nullptr)
          {
            cached_values_.emplace_back(q, std::make_unique<FEValues<2>>(*flow_.mapping_, fe_, q,
                                                                          update_values));
            fv = cached_values_.back().second.get();
          }
        fv->reinit(c);
        T.resize(q.size());
        fv->get_function_values(T_ghost_, T);
      }

      template <class Iterator>
      void face_gradients(const Iterator &cell, unsigned int face, const Quadrature<1> &q,
                          std::vector<Tensor<1, 2>> &g) const
      {
        const typename DoFHandler<2>::active_cell_iterator c(&flow_.tria_, cell->level(),
                                                              cell->index(), &dof_handler_);
        FEFaceValues<2> fv(*flow_.mapping_, fe_, q, update_gradients);
        fv.reinit(c, face);
        g.resize(q.size());
        fv.get_function_gradients(T_ghost_, g);
      }

      template <class Iterator>
      void face_values(const Iterator &cell, unsigned int face, const Quadrature<1> &q,
                       std::vector<double> &T) const
      {
        const typename DoFHandler<2>::active_cell_iterator c(&flow_.tria_, cell->level(),
                                                              cell->index(), &dof_handler_);
        FEFaceValues<2> fv(*flow_.mapping_, fe_, q, update_values);
        fv.reinit(c, face);
        T.resize(q.size());
        fv.get_function_values(T_ghost_, T);
      }

      HeatReport solve_steady() { return newton(0.0, 0.0); }

      HeatReport advance(double dt, double t_new)
      {
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
        return r;
      }

      std::vector<double> owned_values() const
      {
        std::vector<double> v;
        v.reserve(owned_.n_elements());
        for (const auto i : owned_)
          v.push_back(T_(i));
        return v;
      }
      void set_owned_values(const std::vector<double> &v)
      {
        if (v.size() != owned_.n_elements())
          throw std::logic_error("set_temperature_dofs(): " + std::to_string(v.size()) +
                                 " values for " + std::to_string(owned_.n_elements()) +
                                 " owned temperature DoFs");
        std::size_t k = 0;
        for (const auto i : owned_)
          T_(i) = v[k++];
        T_.compress(VectorOperation::insert);
        T_ghost_ = T_;
      }

      // Nodal temperature vector (ghosted) and its dof handler, for output and queries.
      const DoFHandler<2> &dof_handler() const { return dof_handler_; }
      const typename LA::Vector &field() const { return T_ghost_; }
      const typename LA::Vector &old_field() const { return T_old_; }
      double last_dt() const { return n_steps_ > 0 ? dt_previous_ : 0.0; }
      const HeatSpec &spec() const { return spec_; }

      EnergyBalance energy_balance() const;

    private:
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

      void apply_dirichlet_values()
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
          VectorTools::interpolate_boundary_values(*flow_.mapping_, dof_handler_, id, f, values);
        if (spec_.fixed_inlet)
          VectorTools::interpolate_boundary_values(*flow_.mapping_, dof_handler_, spec_.inlet,
                                                   inlet, values);
        for (const auto &[i, v] : values)
          if (owned_.is_element(i))
            T_(i) = v;
        T_.compress(VectorOperation::insert);
      }

      // Residual (and Jacobian) at T_ghost_; dt = 0: steady.
      double assemble(bool matrix, double dt, double t);
      HeatReport newton(double dt, double t);
      unsigned int solve_linear(typename LA::Vector &delta);

      StokesImpl<LA> &flow_;
      HeatSpec spec_;
      FE_Q<2> fe_;
      DoFHandler<2> dof_handler_;
      IndexSet owned_, relevant_;
      AffineConstraints<double> constraints_;
      typename LA::SparseMatrix matrix_;
      // owned vectors (T_ is the current iterate) and ghosted copies for evaluation
      typename LA::Vector rhs_, T_, T_old_own_, T_old2_own_, T_ghost_, T_old_, T_old2_;
      std::array<double, 3> bdf_ = {1.0, -1.0, 0.0};
      mutable std::vector<std::pair<Quadrature<2>, std::unique_ptr<FEValues<2>>>> cached_values_;
      double dt_previous_ = 0;
      unsigned int n_steps_ = 0;

      template <class>
      friend class StokesImpl;
    };

    template <class LA>
    double HeatImpl<LA>::assemble(bool matrix, double dt, double t)
    {
      constexpr double sigma_sb = 5.670374419e-8;
      const QGauss<2> quadrature(3);
      const QGauss<1> face_quadrature(3);
      const Geometry &geo = flow_.geometry_;
      FEValues<2> fv(*flow_.mapping_, fe_, quadrature,
                     update_values | update_gradients | update_hessians |
                       update_quadrature_points | update_JxW_values);
      FEValues<2> fv_flow(*flow_.mapping_, flow_.fe_, quadrature, update_values | update_gradients);
      FEValues<2> fv_mesh(*flow_.mapping_, flow_.mesh_fe_, quadrature, update_values);
      FEFaceValues<2> ff(*flow_.mapping_, fe_, face_quadrature,
                         update_values | update_quadrature_points | update_JxW_values);
      FEFaceValues<2> ff_flow(*flow_.mapping_, flow_.fe_, face_quadrature, update_values);
      const FEValuesExtractors::Vector velocity(0), displacement(0);
      const unsigned int n = fe_.n_dofs_per_cell(), nq = quadrature.size();
      FullMatrix<double> cm(n, n);
      dealii::Vector<double> cr(n);
      std::vector<types::global_dof_index> dofs(n);
      std::vector<double> T(nq), T1(nq), T2(nq);
      std::vector<Tensor<1, 2>> gT(nq), u(nq), d_now(nq), d_old(nq);
      std::vector<Tensor<2, 2>> hT(nq), gu(nq);
      std::vector<Tensor<1, 2>> uf(face_quadrature.size());
      std::vector<double> Tf(face_quadrature.size());
      const bool transient = dt > 0;
      const double ct = transient ? bdf_[0] / dt : 0.0;  // d(dT/dt)/dT^{n+1}

      if (matrix)
        matrix_ = 0;
      rhs_ = 0;
      for (const auto &cell : dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fv.reinit(cell);
            const typename DoFHandler<2>::active_cell_iterator flow_cell(
              &flow_.tria_, cell->level(), cell->index(), &flow_.dof_handler_);
            const typename DoFHandler<2>::active_cell_iterator mesh_cell(
              &flow_.tria_, cell->level(), cell->index(), &flow_.mesh_dof_handler_);
            fv_flow.reinit(flow_cell);
            fv.get_function_values(T_ghost_, T);
            fv.get_function_gradients(T_ghost_, gT);
            fv.get_function_hessians(T_ghost_, hT);
            fv_flow[velocity].get_function_values(flow_.ghosted_, u);
            fv_flow[velocity].get_function_gradients(flow_.ghosted_, gu);
            if (transient)
              {
                fv.get_function_values(T_old_, T1);
                fv.get_function_values(T_old2_, T2);
                fv_mesh.reinit(mesh_cell);
                fv_mesh[displacement].get_function_values(flow_.displacement_, d_now);
                fv_mesh[displacement].get_function_values(flow_.displacement_old_, d_old);
              }
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
            cm = 0;
            cr = 0;
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
                    a -= (d_now[q] - d_old[q]) / dt;
                    dTdt = (bdf_[0] * T[q] + bdf_[1] * T1[q] + bdf_[2] * T2[q]) / dt;
                  }
                // viscous dissipation 2 eta D:D and its T-derivative
                const StrainRate D = geo.strain_rate(gu[q], u[q], x);
                const double DD = D.contract(D);
                double Q = spec_.source ? spec_.source(x) : 0.0, dQdT = 0;
                if (spec_.viscous_heating)
                  {
                    const Viscosity v = flow_.viscosity_at(T[q], D.shear_rate());
                    Q += 2 * v.eta * DD;
                    dQdT = 2 * v.deta_dT * DD;
                  }
                // strong residual (for SUPG): with the axisymmetric Laplacian
                const double lap = trace(hT[q]) + (geo.axisymmetric() ? gT[q][0] / x[0] : 0.0);
                const double adv = a * gT[q];
                const double strong =
                  rho * cp * (dTdt + adv) - k * lap - dk * gT[q] * gT[q] - Q;
                double tau = 0;
                if (spec_.supg)
                  {
                    const double kappa = k / (rho * cp);
                    const double he = h_stream / 2.0;  // Q2
                    const double an = a.norm();
                    const double s = (transient ? 4.0 / (dt * dt) : 0.0) +
                                     4.0 * an * an / (he * he) +
                                     16.0 * kappa * kappa / (he * he * he * he);
                    tau = s > 0 ? 1.0 / std::sqrt(s) : 0.0;
                  }
                for (unsigned int i = 0; i < n; ++i)
                  {
                    const double phi = fv.shape_value(i, q);
                    const Tensor<1, 2> gphi = fv.shape_grad(i, q);
                    const double supg = tau * (a * gphi);
                    cr(i) -= ((rho * cp * (dTdt + adv) - Q) * phi + k * (gT[q] * gphi) +
                              supg * strong) *
                             w;
                    if (!matrix)
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
                                               dk * phj * lap - 2 * dk * (gT[q] * gphj) -
                                               dQdT * phj;
                        const double galerkin =
                          (rho * cp * (ct * phj + a * gphj) +
                           rho * dcp * phj * (dTdt + adv) - dQdT * phj) *
                            phi +
                          k * (gphj * gphi) + dk * phj * (gT[q] * gphi);
                        cm(i, j) += (galerkin + supg * dstrong) * w;
                      }
                  }
              }
            // boundary terms: free surface (convection + radiation), long-rod inlet
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
                ff.get_function_values(T_ghost_, Tf);
                if (surface)
                  {
                    ff_flow.reinit(flow_cell, f);
                    ff_flow[velocity].get_function_values(flow_.ghosted_, uf);
                  }
                for (unsigned int q = 0; q < face_quadrature.size(); ++q)
                  {
                    const Point<2> &x = ff.quadrature_point(q);
                    const double w = geo.weight(x, ff.JxW(q));
                    double flux = 0, dflux = 0;
                    if (surface)
                      {
                        const double Tg = spec_.gas_temperature(x[1], t);
                        const double hc = spec_.heat_transfer(x[1], x[0], uf[q].norm(), Tf[q], Tg, t);
                        flux = hc * (Tf[q] - Tg);
                        dflux = hc;
                        if (spec_.radiation)
                          {
                            const double Tw = spec_.wall_temperature(x[1], t);
                            flux += spec_.emissivity * sigma_sb *
                                    (std::pow(Tf[q], 4) - std::pow(Tw, 4));
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
                        cr(i) -= flux * phi * w;
                        if (matrix)
                          for (unsigned int j = 0; j < n; ++j)
                            cm(i, j) += dflux * ff.shape_value(j, q) * phi * w;
                      }
                  }
              }
            cell->get_dof_indices(dofs);
            if (matrix)
              constraints_.distribute_local_to_global(cm, cr, dofs, matrix_, rhs_);
            else
              constraints_.distribute_local_to_global(cr, dofs, rhs_);
          }
      if (matrix)
        matrix_.compress(VectorOperation::add);
      rhs_.compress(VectorOperation::add);
      return rhs_.l2_norm();
    }

    template <class LA>
    unsigned int HeatImpl<LA>::solve_linear(typename LA::Vector &delta)
    {
      delta.reinit(owned_, flow_.comm_);
      if (!spec_.iterative_linear_solver)
        {
          // the scalar 2-D system is small: a sparse direct solve is fast and robust for the
          // strongly convection-dominated SUPG matrix (AMG-preconditioned GMRES often stalls)
          LA::direct_solve(matrix_, delta, rhs_, owned_, flow_.comm_);
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
          LA::direct_solve(matrix_, delta, rhs_, owned_, flow_.comm_);
          constraints_.distribute(delta);
          return 1;
        }
    }

    template <class LA>
    HeatReport HeatImpl<LA>::newton(double dt, double t)
    {
      HeatReport rep;
      typename LA::Vector delta, start(owned_, flow_.comm_);
      start = T_;
      apply_dirichlet_values();
      T_ghost_ = T_;
      typename LA::Vector trial(owned_, flow_.comm_);
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
    EnergyBalance HeatImpl<LA>::energy_balance() const
    {
      constexpr double sigma_sb = 5.670374419e-8;
      const Geometry &geo = flow_.geometry_;
      const QGauss<2> quadrature(3);
      const QGauss<1> face_quadrature(4);
      FEValues<2> fv(*flow_.mapping_, fe_, quadrature,
                     update_values | update_quadrature_points | update_JxW_values);
      FEValues<2> fv_flow(*flow_.mapping_, flow_.fe_, quadrature, update_values | update_gradients);
      FEFaceValues<2> ff(*flow_.mapping_, fe_, face_quadrature,
                         update_values | update_quadrature_points | update_JxW_values |
                           update_normal_vectors);
      FEFaceValues<2> ff_flow(*flow_.mapping_, flow_.fe_, face_quadrature, update_values);
      const FEValuesExtractors::Vector velocity(0);
      std::vector<double> T(quadrature.size()), Tf(face_quadrature.size());
      std::vector<Tensor<1, 2>> u(quadrature.size()), uf(face_quadrature.size());
      std::vector<Tensor<2, 2>> gu(quadrature.size());
      EnergyBalance b;
      for (const auto &cell : dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            const typename DoFHandler<2>::active_cell_iterator flow_cell(
              &flow_.tria_, cell->level(), cell->index(), &flow_.dof_handler_);
            if (spec_.viscous_heating)
              {
                fv.reinit(cell);
                fv_flow.reinit(flow_cell);
                fv.get_function_values(T_ghost_, T);
                fv_flow[velocity].get_function_values(flow_.ghosted_, u);
                fv_flow[velocity].get_function_gradients(flow_.ghosted_, gu);
                for (unsigned int q = 0; q < quadrature.size(); ++q)
                  {
                    const Point<2> &x = fv.quadrature_point(q);
                    const StrainRate D = geo.strain_rate(gu[q], u[q], x);
                    b.dissipation_W += 2 * flow_.viscosity_at(T[q], D.shear_rate()).eta *
                                       D.contract(D) * geo.weight(x, fv.JxW(q));
                  }
              }
            for (const unsigned int f : cell->face_indices())
              {
                if (!cell->face(f)->at_boundary())
                  continue;
                const auto id = cell->face(f)->boundary_id();
                ff.reinit(cell, f);
                ff_flow.reinit(flow_cell, f);
                ff.get_function_values(T_ghost_, Tf);
                ff_flow[velocity].get_function_values(flow_.ghosted_, uf);
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
                        const double Tg = spec_.gas_temperature(x[1], flow_.time_);
                        double flux = spec_.heat_transfer(x[1], x[0], uf[q].norm(), Tf[q], Tg,
                                                          flow_.time_) *
                                      (Tf[q] - Tg);
                        if (spec_.radiation)
                          flux += spec_.emissivity * sigma_sb *
                                  (std::pow(Tf[q], 4) -
                                   std::pow(spec_.wall_temperature(x[1], flow_.time_), 4));
                        b.surface_loss_W += flux * w;
                      }
                  }
              }
          }
      const MPI_Comm comm = flow_.comm_;
      const double f = geo.symmetry_factor();
      b.inflow_W = f * Utilities::MPI::sum(b.inflow_W, comm);
      b.outflow_W = f * Utilities::MPI::sum(b.outflow_W, comm);
      b.surface_loss_W = f * Utilities::MPI::sum(b.surface_loss_W, comm);
      b.dissipation_W = f * Utilities::MPI::sum(b.dissipation_W, comm);
      b.inlet_conduction_W = f * Utilities::MPI::sum(b.inlet_conduction_W, comm);
      // the enthalpy in the fluxes is relative to 298.15 K; the imbalance is measured against
      // the heat that actually crosses the boundaries
      const double imbalance = b.inflow_W - b.outflow_W - b.surface_loss_W + b.dissipation_W +
                               b.inlet_conduction_W;
      const double scale = std::max({std::abs(b.outflow_W - b.inflow_W), std::abs(b.surface_loss_W),
                                     std::abs(b.dissipation_W), std::abs(b.inlet_conduction_W),
                                     1e-300});
      b.imbalance_relative = std::abs(imbalance) / scale;
      return b;
    }
  }  // namespace fe_detail
}  // namespace hotdraw
