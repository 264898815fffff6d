// Steady transport of scalar fields along the flow, for one linear-algebra back end: part of
// stokes_impl.h. The Eulerian counterpart of the material paths:
//   u.grad y = S(y; T, gamma_dot, sigma_eq)   in the domain,   y = y_in on the inlet (id 0),
// for the accumulated equivalent shear strain (S = gamma_dot) and the structural state
// (S = dy/dt of the state model). Q2 on the flow's mesh; SUPG with the Tezduyar parameter
// including the reaction term, tau = [(2|u|/h)^2 + (dS/dy)^2]^(-1/2) (h the element length along
// the flow over the degree), so that the stiff relaxation in the hot zone (dS/dy ~ -1e5 1/s)
// gives the equilibrium y without oscillations; Newton with the analytic dS/dy, each update
// limited to 'scale' and backtracked on the residual; sparse direct linear solves.
#pragma once

namespace hotdraw
{
  namespace fe_detail
  {
    template <class LA>
    class TransportImpl
    {
    public:
      explicit TransportImpl(StokesImpl<LA> &flow) : flow_(flow), fe_(2), dof_handler_(flow.tria_)
      {
        dof_handler_.distribute_dofs(fe_);
        owned_ = dof_handler_.locally_owned_dofs();
        relevant_ = DoFTools::extract_locally_relevant_dofs(dof_handler_);
        constraints_.clear();
        constraints_.reinit(relevant_);
        DoFTools::make_hanging_node_constraints(dof_handler_, constraints_);
        VectorTools::interpolate_boundary_values(*flow_.mapping_, dof_handler_, inlet_id,
                                                 Functions::ZeroFunction<2>(), constraints_);
        constraints_.close();
        DynamicSparsityPattern dsp(relevant_);
        DoFTools::make_sparsity_pattern(dof_handler_, dsp, constraints_, false);
        SparsityTools::distribute_sparsity_pattern(dsp, owned_, flow_.comm_, relevant_);
        matrix_.reinit(owned_, owned_, dsp, flow_.comm_);
        rhs_.reinit(owned_, flow_.comm_);
        y_.reinit(owned_, flow_.comm_);
        y_ghost_.reinit(owned_, relevant_, flow_.comm_);
      }

      TransportReport solve(double inlet_value, const TransportSource &source,
                            const TransportGuess &guess, double scale)
      {
        TransportReport rep;
        // initial guess at the support points, then the inlet value
        {
          const Quadrature<2> support(fe_.get_unit_support_points());
          std::vector<types::global_dof_index> dofs(fe_.n_dofs_per_cell());
          std::vector<FieldSample> local;
          for (const auto &cell : dof_handler_.active_cell_iterators())
            if (cell->is_locally_owned())
              {
                local_fields(cell, support, local);
                cell->get_dof_indices(dofs);
                for (unsigned int i = 0; i < dofs.size(); ++i)
                  if (owned_.is_element(dofs[i]))
                    y_(dofs[i]) = guess ? guess(local[i]) : inlet_value;
              }
          y_.compress(VectorOperation::insert);
          std::map<types::global_dof_index, double> inlet;
          VectorTools::interpolate_boundary_values(*flow_.mapping_, dof_handler_, inlet_id,
                                                   Functions::ConstantFunction<2>(inlet_value),
                                                   inlet);
          for (const auto &[i, v] : inlet)
            if (owned_.is_element(i))
              y_(i) = v;
          y_.compress(VectorOperation::insert);
          y_ghost_ = y_;
        }
        typename LA::Vector delta(owned_, flow_.comm_), trial(owned_, flow_.comm_);
        for (unsigned int it = 0; it < 60; ++it)
          {
            const double r0 = assemble(true, source);
            delta = 0;
            LA::direct_solve(matrix_, delta, rhs_, owned_, flow_.comm_);
            constraints_.distribute(delta);
            const double largest = delta.linfty_norm();
            double alpha = std::min(1.0, scale / std::max(largest, 1e-300));
            double r1 = r0;
            for (unsigned int k = 0; k < 12; ++k)
              {
                trial = y_;
                trial.add(alpha, delta);
                y_ghost_ = trial;
                r1 = assemble(false, source);
                if (r1 <= r0 || r0 == 0)
                  break;
                alpha *= 0.5;
              }
            y_ = trial;
            y_ghost_ = y_;
            rep.newton_iterations = it + 1;
            rep.last_update = alpha * largest / scale;
            if (!std::isfinite(r1))
              break;
            if (largest < 1e-8 * scale)  // the full Newton correction is negligible
              {
                rep.converged = true;
                break;
              }
          }
        if (!rep.converged)
          rep.message = "the transport Newton iteration did not converge in " +
                        std::to_string(rep.newton_iterations) + " iterations (last update " +
                        to_string(rep.last_update) + " of the scale)";
        return rep;
      }

      // The field's values at unit points of a locally owned cell (of any DoFHandler on the mesh).
      template <class Iterator>
      void values(const Iterator &cell, const Quadrature<2> &q, std::vector<double> &y) const
      {
        FEValues<2> fv(*flow_.mapping_, fe_, q, update_values);
        fv.reinit(typename DoFHandler<2>::active_cell_iterator(&flow_.tria_, cell->level(),
                                                               cell->index(), &dof_handler_));
        y.resize(q.size());
        fv.get_function_values(y_ghost_, y);
      }

      const DoFHandler<2> &dof_handler() const { return dof_handler_; }
      const typename LA::Vector &field() const { return y_ghost_; }

    private:
      static constexpr types::boundary_id inlet_id = 0;

      // T, gamma_dot, eta, sigma_eq and the velocity at the quadrature points of a cell
      template <class Iterator>
      void local_fields(const Iterator &cell, const Quadrature<2> &q,
                        std::vector<FieldSample> &out) const
      {
        const typename DoFHandler<2>::active_cell_iterator fc(&flow_.tria_, cell->level(),
                                                              cell->index(),
                                                              &flow_.dof_handler_);
        FEValues<2> fv(*flow_.mapping_, flow_.fe_, q,
                       update_values | update_gradients | update_quadrature_points);
        fv.reinit(fc);
        const unsigned int n = q.size();
        std::vector<Tensor<1, 2>> u(n);
        std::vector<Tensor<2, 2>> g(n);
        std::vector<Point<2>> points(n);
        const FEValuesExtractors::Vector velocity(0);
        fv[velocity].get_function_values(flow_.ghosted_, u);
        fv[velocity].get_function_gradients(flow_.ghosted_, g);
        for (unsigned int i = 0; i < n; ++i)
          points[i] = fv.quadrature_point(i);
        std::vector<double> T;
        flow_.cell_temperatures(fc, q, points, T);
        out.resize(n);
        for (unsigned int i = 0; i < n; ++i)
          {
            FieldSample &s = out[i];
            s.found = true;
            s.u_r = u[i][0];
            s.u_z = u[i][1];
            s.temperature = T[i];
            s.shear_rate = flow_.geometry_.strain_rate(g[i], u[i], points[i]).shear_rate();
            s.viscosity = flow_.viscosity_at(T[i], s.shear_rate).eta;
            s.stress_eq = std::sqrt(3.0) * s.viscosity * s.shear_rate;
          }
      }

      // Residual (and Jacobian) of the SUPG form; returns the residual's l2 norm.
      double assemble(bool matrix, const TransportSource &source)
      {
        const Geometry &geo = flow_.geometry_;
        const QGauss<2> quadrature(3);
        FEValues<2> fv(*flow_.mapping_, fe_, quadrature,
                       update_values | update_gradients | update_quadrature_points |
                         update_JxW_values);
        const unsigned int n = fe_.n_dofs_per_cell(), nq = quadrature.size();
        FullMatrix<double> cm(n, n);
        dealii::Vector<double> cr(n);
        std::vector<types::global_dof_index> dofs(n);
        std::vector<double> y(nq);
        std::vector<Tensor<1, 2>> gy(nq);
        std::vector<FieldSample> local;
        if (matrix)
          matrix_ = 0;
        rhs_ = 0;
        for (const auto &cell : dof_handler_.active_cell_iterators())
          if (cell->is_locally_owned())
            {
              fv.reinit(cell);
              fv.get_function_values(y_ghost_, y);
              fv.get_function_gradients(y_ghost_, gy);
              local_fields(cell, quadrature, local);
              Tensor<1, 2> u_mean;
              for (unsigned int q = 0; q < nq; ++q)
                u_mean += Tensor<1, 2>({local[q].u_r, local[q].u_z}) / double(nq);
              double sum = 0;
              for (unsigned int i = 0; i < n; ++i)
                sum += std::abs(u_mean * fv.shape_grad(i, nq / 2));
              const double um = u_mean.norm();
              const double he =
                0.5 * ((sum > 0 && um > 0) ? 2 * um / sum : std::sqrt(cell->measure()));
              cm = 0;
              cr = 0;
              for (unsigned int q = 0; q < nq; ++q)
                {
                  const Point<2> &x = fv.quadrature_point(q);
                  const double w = geo.weight(x, fv.JxW(q));
                  const Tensor<1, 2> a({local[q].u_r, local[q].u_z});
                  double dS = 0;
                  const double S = source(y[q], local[q], &dS);
                  const double strong = a * gy[q] - S;
                  const double an = a.norm();
                  const double s2 = 4.0 * an * an / (he * he) + dS * dS;
                  const double tau = s2 > 0 ? 1.0 / std::sqrt(s2) : 0.0;
                  for (unsigned int i = 0; i < n; ++i)
                    {
                      const double test = fv.shape_value(i, q) + tau * (a * fv.shape_grad(i, q));
                      cr(i) -= strong * test * w;
                      if (matrix)
                        for (unsigned int j = 0; j < n; ++j)
                          cm(i, j) +=
                            (a * fv.shape_grad(j, q) - dS * fv.shape_value(j, q)) * test * w;
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

      StokesImpl<LA> &flow_;
      FE_Q<2> fe_;
      DoFHandler<2> dof_handler_;
      IndexSet owned_, relevant_;
      AffineConstraints<double> constraints_;
      typename LA::SparseMatrix matrix_;
      typename LA::Vector rhs_, y_, y_ghost_;
    };
  }  // namespace fe_detail
}  // namespace hotdraw
