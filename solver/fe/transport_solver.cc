// The scalar transport of solver/fe/transport.h for the two linear-algebra back ends
// (solver/fe/backend.h), explicitly instantiated at the end of this file.
#include "materials/parameters.h"
#include "solver/fe/backend.h"
#include "solver/fe/domain.h"
#include "solver/fe/transport.h"

#include <deal.II/base/function.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/lac/vector.h>
#include <deal.II/numerics/data_out.h>
#include <deal.II/numerics/vector_tools.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace hotdraw
{
  namespace fe_detail
  {
    using namespace dealii;

    // One transported field: its DoFs on the domain and the Newton iteration.
    template <class LA>
    class TransportedField
    {
    public:
      TransportedField(const Domain &domain, const FieldEvaluator &fields)
        : domain_(domain), fields_(fields), shape_version_(domain.shape_version()), fe_(2),
          dof_handler_(domain.triangulation())
      {
        const MPI_Comm comm = domain.comm();
        dof_handler_.distribute_dofs(fe_);
        owned_ = dof_handler_.locally_owned_dofs();
        relevant_ = DoFTools::extract_locally_relevant_dofs(dof_handler_);
        constraints_.clear();
        constraints_.reinit(relevant_);
        DoFTools::make_hanging_node_constraints(dof_handler_, constraints_);
        VectorTools::interpolate_boundary_values(domain_.mapping(), dof_handler_, BoundaryId::inlet,
                                                 Functions::ZeroFunction<2>(), constraints_);
        constraints_.close();
        DynamicSparsityPattern dsp(relevant_);
        DoFTools::make_sparsity_pattern(dof_handler_, dsp, constraints_, false);
        SparsityTools::distribute_sparsity_pattern(dsp, owned_, comm, relevant_);
        matrix_.reinit(owned_, owned_, dsp, comm);
        rhs_.reinit(owned_, comm);
        y_.reinit(owned_, comm);
        y_ghost_.reinit(owned_, relevant_, comm);
      }

      TransportReport solve(double inlet_value, const TransportSource &source,
                            const TransportGuess &guess, double scale);

      // The field's values at unit points of a locally owned cell.
      void values(const CellIterator &cell, const Quadrature<2> &q, std::vector<double> &y) const
      {
        FEValues<2> fv(domain_.mapping(), fe_, q, update_values);
        fv.reinit(dof_cell(dof_handler_, cell));
        y.resize(q.size());
        fv.get_function_values(y_ghost_, y);
      }

      // true while the domain has the shape the field was solved on
      bool current() const { return shape_version_ == domain_.shape_version(); }
      const DoFHandler<2> &dof_handler() const { return dof_handler_; }
      const typename LA::Vector &field() const { return y_ghost_; }

    private:
      // The initial guess at the support points, then the inlet value.
      void initialize(double inlet_value, const TransportGuess &guess);
      // T, gamma_dot, eta, sigma_eq and the velocity at the quadrature points of a cell
      void local_fields(const CellIterator &cell, const Quadrature<2> &q,
                        std::vector<FieldSample> &out) const
      {
        std::vector<PointFields> f;
        fields_.evaluate(cell, q, FieldEvaluator::Set::flow, f);
        out.resize(f.size());
        for (std::size_t i = 0; i < f.size(); ++i)
          out[i] = fields_.sample(f[i], domain_.geometry(), false);
      }
      // Residual (and Jacobian) of the SUPG form; returns the residual's l2 norm.
      double assemble(bool matrix, const TransportSource &source);

      const Domain &domain_;
      const FieldEvaluator &fields_;
      unsigned int shape_version_;
      FE_Q<2> fe_;
      DoFHandler<2> dof_handler_;
      IndexSet owned_, relevant_;
      AffineConstraints<double> constraints_;
      typename LA::SparseMatrix matrix_;
      typename LA::Vector rhs_, y_, y_ghost_;
    };

    template <class LA>
    void TransportedField<LA>::initialize(double inlet_value, const TransportGuess &guess)
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
      VectorTools::interpolate_boundary_values(domain_.mapping(), dof_handler_, BoundaryId::inlet,
                                               Functions::ConstantFunction<2>(inlet_value), inlet);
      for (const auto &[i, v] : inlet)
        if (owned_.is_element(i))
          y_(i) = v;
      y_.compress(VectorOperation::insert);
      y_ghost_ = y_;
    }

    template <class LA>
    TransportReport TransportedField<LA>::solve(double inlet_value, const TransportSource &source,
                                                const TransportGuess &guess, double scale)
    {
      const MPI_Comm comm = domain_.comm();
      TransportReport rep;
      initialize(inlet_value, guess);
      typename LA::Vector delta(owned_, comm), trial(owned_, comm);
      for (unsigned int it = 0; it < 60; ++it)
        {
          const double r0 = assemble(true, source);
          delta = 0;
          LA::direct_solve(matrix_, delta, rhs_, owned_, comm);
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

    template <class LA>
    double TransportedField<LA>::assemble(bool matrix, const TransportSource &source)
    {
      const Geometry &geo = domain_.geometry();
      const QGauss<2> quadrature(3);
      FEValues<2> fv(domain_.mapping(), fe_, quadrature,
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

    // The named fields; a field of an earlier shape of the domain is stale: it is neither
    // written nor sampled, and is solved anew.
    template <class LA>
    class TransportSolver : public ScalarTransport
    {
    public:
      TransportSolver(const Domain &domain, const FieldEvaluator &fields)
        : domain_(domain), fields_(fields)
      {}

      TransportReport solve(const std::string &name, double inlet_value,
                            const TransportSource &source, const TransportGuess &guess,
                            double scale) override
      {
        auto &t = fields_by_name_[name];
        if (!t || !t->current())
          t = std::make_unique<TransportedField<LA>>(domain_, fields_);
        return t->solve(inlet_value, source, guess, scale);
      }

      std::vector<double> sample(const std::string &name,
                                 const std::vector<Point<2>> &points) const override
      {
        const auto it = fields_by_name_.find(name);
        if (it == fields_by_name_.end() || !it->second->current())
          throw std::logic_error("ScalarTransport::sample: no transported field '" + name +
                                 "' on the current shape");
        const TransportedField<LA> &field = *it->second;
        std::vector<bool> found;
        std::vector<double> values = domain_.point_values(
          points, 1,
          [&](const CellIterator &cell, const Quadrature<2> &q, std::vector<double> &y) {
            field.values(cell, q, y);
          },
          found);
        for (std::size_t i = 0; i < points.size(); ++i)
          if (!found[i])
            values[i] = std::numeric_limits<double>::quiet_NaN();
        return values;
      }

      void add_output(DataOut<2> &out) const override
      {
        for (const auto &[name, t] : fields_by_name_)
          if (t->current())
            out.add_data_vector(t->dof_handler(), t->field(), name);
      }

    private:
      const Domain &domain_;
      const FieldEvaluator &fields_;
      std::map<std::string, std::unique_ptr<TransportedField<LA>>> fields_by_name_;
    };

    template class TransportSolver<TrilinosBackend>;
    template class TransportSolver<PETScBackend>;
  }  // namespace fe_detail

  std::unique_ptr<ScalarTransport> ScalarTransport::create(const Domain &domain,
                                                           const FieldEvaluator &fields)
  {
    if (domain.backend() == LinearAlgebraBackend::petsc)
      return std::make_unique<fe_detail::TransportSolver<fe_detail::PETScBackend>>(domain, fields);
    return std::make_unique<fe_detail::TransportSolver<fe_detail::TrilinosBackend>>(domain, fields);
  }
}  // namespace hotdraw
