// StokesImpl: free surface, mesh motion, integrals along sections and boundaries, point values,
// error norms and output. Part of stokes_impl.h.
#pragma once

namespace hotdraw
{
  namespace fe_detail
  {
    // Derived fields for ParaView: pressure in Pa, shear rate with the hoop term, viscosity,
    // stresses (rr, zz, rz, hoop) and temperature.
    class FlowPostprocessor : public DataPostprocessor<2>
    {
    public:
      FlowPostprocessor(const Geometry &g, const RheologyModel &r, const ScalarFunction &T,
                        double s)
        : geometry_(g), rheology_(r), temperature_(T), s_(s)
      {}

      void evaluate_vector_field(const DataPostprocessorInputs::Vector<2> &in,
                                 std::vector<dealii::Vector<double>> &out) const override
      {
        for (unsigned int q = 0; q < in.solution_values.size(); ++q)
          {
            const Point<2> &x = in.evaluation_points[q];
            Tensor<1, 2> u;
            Tensor<2, 2> g;
            for (unsigned int d = 0; d < 2; ++d)
              {
                u[d] = in.solution_values[q](d);
                g[d] = in.solution_gradients[q][d];
              }
            // at r = 0 (output vertices on the axis) use the limit u_r/r = du_r/dr
            StrainRate D;
            D.in_plane = symmetrize(g);
            D.hoop = geometry_.axisymmetric() ? (x[0] > 1e-14 ? u[0] / x[0] : g[0][0]) : 0.0;
            const double gd = D.shear_rate();
            const double T = temperature_(x);
            const double eta = rheology_.evaluate(T, gd).eta;
            const double p = s_ * in.solution_values[q](2);
            out[q](0) = p;
            out[q](1) = gd;
            out[q](2) = eta;
            out[q](3) = -p + 2 * eta * D.in_plane[0][0];
            out[q](4) = -p + 2 * eta * D.in_plane[1][1];
            out[q](5) = 2 * eta * D.in_plane[0][1];
            out[q](6) = -p + 2 * eta * D.hoop;
            out[q](7) = T;
          }
      }

      std::vector<std::string> get_names() const override
      {
        return {"pressure_Pa",    "shear_rate_per_s", "viscosity_Pa_s", "stress_rr_Pa",
                "stress_zz_Pa",   "stress_rz_Pa",     "stress_hoop_Pa", "temperature_K"};
      }

      UpdateFlags get_needed_update_flags() const override
      {
        return update_values | update_gradients | update_quadrature_points;
      }

    private:
      const Geometry &geometry_;
      const RheologyModel &rheology_;
      ScalarFunction temperature_;
      double s_;
    };

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
        if (id_ == 3)
          return R_(p[1]) - p[0];
        if (id_ == 0 || id_ == 1)
          return p[0] / ref_ * (R_(p[1]) - ref_);
        return 0.0;
      }

    private:
      std::function<double(double)> R_;
      types::boundary_id id_;
      double ref_;
    };

    template <class LA>
    void StokesImpl<LA>::move_free_surface(const std::function<double(double)> &radius)
    {
      // reference radii of the inlet and outlet lines
      double r_in = 0, r_out = 0;
      for (const auto &cell : tria_.active_cell_iterators())
        if (cell->is_locally_owned())
          for (const unsigned int f : cell->face_indices())
            if (cell->face(f)->at_boundary())
              for (unsigned int v = 0; v < 2; ++v)
                {
                  const double r = cell->face(f)->vertex(v)[0];
                  if (cell->face(f)->boundary_id() == 0)
                    r_in = std::max(r_in, r);
                  if (cell->face(f)->boundary_id() == 1)
                    r_out = std::max(r_out, r);
                }
      r_in = Utilities::MPI::max(r_in, comm_);
      r_out = Utilities::MPI::max(r_out, comm_);

      const MappingQ1<2> reference;
      const IndexSet owned = mesh_dof_handler_.locally_owned_dofs();
      const IndexSet relevant = DoFTools::extract_locally_relevant_dofs(mesh_dof_handler_);
      AffineConstraints<double> c;
      c.reinit(relevant);
      DoFTools::make_hanging_node_constraints(mesh_dof_handler_, c);
      for (types::boundary_id id : {0, 1, 2, 3})
        {
          SurfaceDisplacement data(radius, id, id == 0 ? r_in : r_out);
          VectorTools::interpolate_boundary_values(reference, mesh_dof_handler_, id, data, c);
        }
      c.close();

      DynamicSparsityPattern dsp(relevant);
      DoFTools::make_sparsity_pattern(mesh_dof_handler_, dsp, c, false);
      SparsityTools::distribute_sparsity_pattern(dsp, owned, comm_, relevant);
      typename LA::SparseMatrix A;
      A.reinit(owned, owned, dsp, comm_);
      typename LA::Vector rhs(owned, comm_), d(owned, comm_);

      const QGauss<2> quadrature(3);
      FEValues<2> fv(reference, mesh_fe_, quadrature, update_gradients | update_JxW_values);
      const FEValuesExtractors::Vector disp(0);
      const unsigned int n = mesh_fe_.n_dofs_per_cell();
      FullMatrix<double> cm(n, n);
      dealii::Vector<double> cr(n);
      std::vector<types::global_dof_index> dofs(n);
      for (const auto &cell : mesh_dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fv.reinit(cell);
            cm = 0;
            cr = 0;
            // A Laplace operator for the mesh motion (not a physical integral: no r-weight)
            for (unsigned int q = 0; q < quadrature.size(); ++q)
              for (unsigned int i = 0; i < n; ++i)
                for (unsigned int j = 0; j < n; ++j)
                  cm(i, j) += scalar_product(fv[disp].gradient(i, q), fv[disp].gradient(j, q)) *
                              fv.JxW(q);
            cell->get_dof_indices(dofs);
            c.distribute_local_to_global(cm, cr, dofs, A, rhs);
          }
      A.compress(VectorOperation::add);
      rhs.compress(VectorOperation::add);

      std::vector<std::vector<bool>> modes;
      DoFTools::extract_constant_modes(mesh_dof_handler_, ComponentMask(), modes);
      typename LA::PreconditionAMG amg;
      LA::initialize_amg(amg, A, modes);
      SolverControl control(2000, 1e-12 * std::max(rhs.l2_norm(), 1e-300));
      SolverCG<typename LA::Vector> cg(control);
      if (rhs.l2_norm() > 0)
        cg.solve(A, d, rhs, amg);
      c.distribute(d);
      for (const auto i : owned)
        displacement_(i) = d(i);
      displacement_.update_ghost_values();
    }

    template <class LA>
    std::vector<SurfacePoint> StokesImpl<LA>::free_surface() const
    {
      const Quadrature<1> points({Point<1>(0.0), Point<1>(0.5), Point<1>(1.0)},
                                 {1.0 / 3, 1.0 / 3, 1.0 / 3});
      FEFaceValues<2> fv(*mapping_, fe_, points, update_values | update_quadrature_points);
      const FEValuesExtractors::Vector velocity(0);
      std::vector<Tensor<1, 2>> u(points.size());
      std::vector<SurfacePoint> mine;
      for (const auto &cell : dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          for (const unsigned int f : cell->face_indices())
            if (cell->face(f)->at_boundary() && cell->face(f)->boundary_id() == 3)
              {
                fv.reinit(cell, f);
                fv[velocity].get_function_values(ghosted_, u);
                for (unsigned int q = 0; q < points.size(); ++q)
                  {
                    const Point<2> &x = fv.quadrature_point(q);
                    mine.push_back({x[1], x[0], u[q][0], u[q][1]});
                  }
              }
      std::vector<double> flat;
      for (const auto &s : mine)
        flat.insert(flat.end(), {s.z, s.r, s.u_r, s.u_z});
      const auto all = Utilities::MPI::all_gather(comm_, flat);
      std::vector<SurfacePoint> pts;
      for (const auto &v : all)
        for (std::size_t k = 0; k + 3 < v.size(); k += 4)
          pts.push_back({v[k], v[k + 1], v[k + 2], v[k + 3]});
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
          }
        else
          merged.push_back(p);
      return merged;
    }

    template <class LA>
    std::map<double, double> StokesImpl<LA>::section_fluxes() const
    {
      const QGauss<1> quadrature(4);
      FEFaceValues<2> fv(*mapping_, fe_, quadrature,
                         update_values | update_quadrature_points | update_JxW_values |
                           update_normal_vectors);
      const FEValuesExtractors::Vector velocity(0);
      std::vector<Tensor<1, 2>> u(quadrature.size());
      std::map<long long, double> mine;
      double z_scale = 0;
      for (const auto &cell : tria_.active_cell_iterators())
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
                flux += u[q] * fv.normal_vector(q) *
                        geometry_.weight(fv.quadrature_point(q), fv.JxW(q));
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
    double StokesImpl<LA>::outlet_force() const
    {
      const QGauss<1> quadrature(4);
      FEFaceValues<2> fv(*mapping_, fe_, quadrature,
                         update_values | update_gradients | update_quadrature_points |
                           update_JxW_values | update_normal_vectors);
      const FEValuesExtractors::Vector velocity(0);
      const FEValuesExtractors::Scalar pressure(2);
      std::vector<Tensor<1, 2>> u(quadrature.size());
      std::vector<Tensor<2, 2>> g(quadrature.size());
      std::vector<double> p(quadrature.size());
      double F = 0;
      for (const auto &cell : dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          for (const unsigned int f : cell->face_indices())
            if (cell->face(f)->at_boundary() && cell->face(f)->boundary_id() == 1)
              {
                fv.reinit(cell, f);
                fv[velocity].get_function_values(ghosted_, u);
                fv[velocity].get_function_gradients(ghosted_, g);
                fv[pressure].get_function_values(ghosted_, p);
                for (unsigned int q = 0; q < quadrature.size(); ++q)
                  {
                    const Point<2> &x = fv.quadrature_point(q);
                    const StrainRate D = geometry_.strain_rate(g[q], u[q], x);
                    const double eta = viscosity(x, D.shear_rate()).eta;
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
    ErrorNorms StokesImpl<LA>::errors(const VectorFunction &exact_velocity,
                                      const ScalarFunction &exact_pressure) const
    {
      const QGauss<2> quadrature(4);
      FEValues<2> fv(*mapping_, fe_, quadrature,
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

    template <class LA>
    std::pair<Tensor<1, 2>, double> StokesImpl<LA>::point_value(const Point<2> &x) const
    {
      std::vector<double> mine = {0, 0, 0, 0};  // found, u_r, u_z, p
      try
        {
          const auto found = GridTools::find_active_cell_around_point(*mapping_, dof_handler_, x);
          if (found.first.state() == IteratorState::valid && found.first->is_locally_owned())
            {
              const Quadrature<2> q(GeometryInfo<2>::project_to_unit_cell(found.second));
              FEValues<2> fv(*mapping_, fe_, q, update_values);
              fv.reinit(found.first);
              std::vector<dealii::Vector<double>> v(1, dealii::Vector<double>(3));
              fv.get_function_values(ghosted_, v);
              mine = {1.0, v[0](0), v[0](1), pressure_scaling_ * v[0](2)};
            }
        }
      catch (...)
        {
          // not on this rank
        }
      const auto all = Utilities::MPI::all_gather(comm_, mine);
      for (const auto &v : all)
        if (v[0] > 0)
          return {Tensor<1, 2>({v[1], v[2]}), v[3]};
      throw SolverError("point (" + to_string(x[0]) + ", " + to_string(x[1]) +
                        ") is outside the flow domain");
    }

    template <class LA>
    std::string StokesImpl<LA>::write_vtu(const std::string &dir, const std::string &base,
                                          unsigned int step) const
    {
      DataOut<2> out;
      out.attach_dof_handler(dof_handler_);
      std::vector<DataComponentInterpretation::DataComponentInterpretation> interp(
        2, DataComponentInterpretation::component_is_part_of_vector);
      interp.push_back(DataComponentInterpretation::component_is_scalar);
      out.add_data_vector(ghosted_, std::vector<std::string>{"velocity_m_per_s",
                                                             "velocity_m_per_s",
                                                             "pressure_scaled"},
                          DataOut<2>::type_dof_data, interp);
      FlowPostprocessor post(geometry_, rheology_, spec_.temperature, pressure_scaling_);
      out.add_data_vector(ghosted_, post);
      std::vector<DataComponentInterpretation::DataComponentInterpretation> vinterp(
        2, DataComponentInterpretation::component_is_part_of_vector);
      out.add_data_vector(mesh_dof_handler_, displacement_,
                          std::vector<std::string>{"mesh_displacement_m", "mesh_displacement_m"},
                          vinterp);
      dealii::Vector<float> subdomain(tria_.n_active_cells());
      for (unsigned int i = 0; i < subdomain.size(); ++i)
        subdomain(i) = tria_.locally_owned_subdomain();
      out.add_data_vector(subdomain, "subdomain");
      out.build_patches(*mapping_, 2, DataOut<2>::curved_inner_cells);
      return out.write_vtu_with_pvtu_record(dir + "/", base, step, comm_, 4);
    }
  }  // namespace fe_detail
}  // namespace hotdraw
