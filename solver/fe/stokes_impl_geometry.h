// StokesImpl: free surface, mesh motion, integrals along sections and boundaries, point values,
// error norms and output. Part of stokes_impl.h.
#pragma once

namespace hotdraw
{
  namespace fe_detail
  {
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
      transport_.clear();  // transported fields belong to the old shape
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
      LA::initialize_amg(amg, A, modes, true);  // inside CG
      SolverControl control(2000, 1e-12 * std::max(rhs.l2_norm(), 1e-300));
      SolverCG<typename LA::Vector> cg(control);
      if (rhs.l2_norm() > 0)
        cg.solve(A, d, rhs, amg);
      c.distribute(d);
      displacement_old_ = displacement_;
      for (const auto i : owned)
        displacement_(i) = d(i);
      displacement_.update_ghost_values();
      displacement_old_.update_ghost_values();
    }

    // Vertices and edge midpoints of the faces on boundary 'id', from all ranks, sorted by z.
    template <class LA>
    std::vector<SurfacePoint> StokesImpl<LA>::boundary_samples(types::boundary_id id) const
    {
      const Quadrature<1> points({Point<1>(0.0), Point<1>(0.5), Point<1>(1.0)},
                                 {1.0 / 3, 1.0 / 3, 1.0 / 3});
      FEFaceValues<2> fv(*mapping_, fe_, points, update_values | update_quadrature_points);
      const FEValuesExtractors::Vector velocity(0);
      std::vector<Tensor<1, 2>> u(points.size());
      std::vector<double> T(points.size());
      std::vector<Tensor<1, 2>> gT(points.size());
      std::vector<SurfacePoint> mine;
      for (const auto &cell : dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          for (const unsigned int f : cell->face_indices())
            if (cell->face(f)->at_boundary() && cell->face(f)->boundary_id() == id)
              {
                fv.reinit(cell, f);
                fv[velocity].get_function_values(ghosted_, u);
                face_temperatures(cell, f, points, fv.get_quadrature_points(), T);
                if (heat_)
                  heat_->face_gradients(cell, f, points, gT);
                for (unsigned int q = 0; q < points.size(); ++q)
                  {
                    const Point<2> &x = fv.quadrature_point(q);
                    mine.push_back({x[1], x[0], u[q][0], u[q][1], T[q],
                                    heat_ ? -(u[q] * gT[q]) : 0.0});
                  }
              }
      return gather_sorted(mine);
    }

    template <class LA>
    std::vector<SurfacePoint> StokesImpl<LA>::free_surface() const
    {
      return boundary_samples(3);
    }

    // All ranks' samples, sorted by z, duplicates at shared vertices merged.
    template <class LA>
    std::vector<SurfacePoint>
    StokesImpl<LA>::gather_sorted(const std::vector<SurfacePoint> &mine) const
    {
      std::vector<double> flat;
      for (const auto &s : mine)
        flat.insert(flat.end(), {s.z, s.r, s.u_r, s.u_z, s.T, s.cooling_rate});
      const auto all = Utilities::MPI::all_gather(comm_, flat);
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
      std::vector<double> p(quadrature.size()), Tf(quadrature.size());
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
                face_temperatures(cell, f, quadrature, fv.get_quadrature_points(), Tf);
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
    typename StokesImpl<LA>::Located
    StokesImpl<LA>::locate(const std::vector<Point<2>> &points) const
    {
      // Locate the points in the locally owned cells only: the Eulerian mapping cannot be
      // evaluated on artificial cells (their displacement is not stored on this rank), so
      // GridTools::Cache over the whole triangulation is not an option. An R-tree of the owned
      // cells' bounding boxes (enlarged for curved edges) gives the candidates.
      Located result;
      auto &owned_cells = result.cells;
      std::vector<std::pair<BoundingBox<2>, unsigned int>> boxes;
      for (const auto &cell : dof_handler_.active_cell_iterators())
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
          tree.query(boost::geometry::index::intersects(points[i]),
                     std::back_inserter(candidates));
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

    template <class LA>
    std::vector<FieldSample> StokesImpl<LA>::sample(const std::vector<Point<2>> &points) const
    {
      const unsigned int rank = Utilities::MPI::this_mpi_process(comm_);
      const unsigned int nobody = std::numeric_limits<unsigned int>::max();
      const unsigned int nv = 8;  // u_r u_z p T gamma_dot eta sigma_eq cooling
      std::vector<double> values(nv * points.size(), 0.0);
      std::vector<unsigned int> owner(points.size(), nobody);
      const Located where = locate(points);
      const auto &located = where.in;
      const auto &owned_cells = where.cells;
      const FEValuesExtractors::Vector velocity(0), displacement(0);
      const FEValuesExtractors::Scalar pressure(2);
      const double dt = heat_ ? heat_->last_dt() : 0.0;
      for (const auto &[index, entry] : located)
        {
          const auto &qpoints = entry.first;
          const auto &indices = entry.second;
          const typename DoFHandler<2>::active_cell_iterator cell = owned_cells[index];
          const std::size_t n = qpoints.size();
          const Quadrature<2> quad(qpoints, std::vector<double>(n, 1.0));
          FEValues<2> fv(*mapping_, fe_, quad,
                         update_values | update_gradients | update_quadrature_points);
          fv.reinit(cell);
          std::vector<Tensor<1, 2>> u(n), gT(n), d_now(n), d_old(n);
          std::vector<Tensor<2, 2>> g(n);
          std::vector<double> p(n), T(n), T_old(n);
          fv[velocity].get_function_values(ghosted_, u);
          fv[velocity].get_function_gradients(ghosted_, g);
          fv[pressure].get_function_values(ghosted_, p);
          if (heat_)
            {
              FEValues<2> fv_T(*mapping_, heat_->fe_, quad, update_values | update_gradients);
              fv_T.reinit(typename DoFHandler<2>::active_cell_iterator(
                &tria_, cell->level(), cell->index(), &heat_->dof_handler_));
              fv_T.get_function_values(heat_->field(), T);
              fv_T.get_function_gradients(heat_->field(), gT);
              fv_T.get_function_values(heat_->old_field(), T_old);
              FEValues<2> fv_mesh(*mapping_, mesh_fe_, quad, update_values);
              fv_mesh.reinit(typename DoFHandler<2>::active_cell_iterator(
                &tria_, cell->level(), cell->index(), &mesh_dof_handler_));
              fv_mesh[displacement].get_function_values(displacement_, d_now);
              fv_mesh[displacement].get_function_values(displacement_old_, d_old);
            }
          else
            for (std::size_t q = 0; q < n; ++q)
              T[q] = spec_.temperature ? spec_.temperature(fv.quadrature_point(q))
                                       : std::numeric_limits<double>::quiet_NaN();
          for (std::size_t q = 0; q < n; ++q)
            {
              const std::size_t i = indices[q];
              owner[i] = rank;
              const StrainRate D = geometry_.strain_rate(g[q], u[q], fv.quadrature_point(q));
              const double gd = D.shear_rate();
              const double eta = viscosity_at(T[q], gd).eta;
              double cooling = 0;
              if (heat_)
                {
                  Tensor<1, 2> a = u[q];
                  double dTdt = 0;
                  if (dt > 0)
                    {
                      a -= (d_now[q] - d_old[q]) / dt;
                      dTdt = (T[q] - T_old[q]) / dt;
                    }
                  cooling = -(dTdt + a * gT[q]);
                }
              const double v[nv] = {u[q][0], u[q][1], pressure_scaling_ * p[q], T[q], gd, eta,
                                    std::sqrt(3.0) * eta * gd, cooling};
              std::copy(v, v + nv, values.begin() + nv * i);
            }
        }
      // the lowest rank that found a point supplies its values
      std::vector<unsigned int> first(points.size());
      Utilities::MPI::min(owner, comm_, first);
      for (std::size_t i = 0; i < points.size(); ++i)
        if (first[i] != rank)
          std::fill(values.begin() + nv * i, values.begin() + nv * (i + 1), 0.0);
      Utilities::MPI::sum(values, comm_, values);
      std::vector<FieldSample> out(points.size());
      for (std::size_t i = 0; i < points.size(); ++i)
        {
          FieldSample &s = out[i];
          s.found = first[i] != nobody;
          const double *v = values.data() + nv * i;
          s.u_r = v[0], s.u_z = v[1], s.pressure = v[2], s.temperature = v[3];
          s.shear_rate = v[4], s.viscosity = v[5], s.stress_eq = v[6], s.cooling_rate = v[7];
        }
      return out;
    }

    template <class LA>
    TransportReport StokesImpl<LA>::solve_transport(const std::string &name, double inlet_value,
                                                    const TransportSource &source,
                                                    const TransportGuess &guess, double scale)
    {
      auto &t = transport_[name];
      if (!t)
        t = std::make_unique<TransportImpl<LA>>(*this);
      return t->solve(inlet_value, source, guess, scale);
    }

    template <class LA>
    std::vector<double> StokesImpl<LA>::sample_transported(const std::string &name,
                                                           const std::vector<Point<2>> &points) const
    {
      const auto it = transport_.find(name);
      if (it == transport_.end())
        throw std::logic_error("sample_transported: no transported field '" + name + "'");
      const unsigned int rank = Utilities::MPI::this_mpi_process(comm_);
      const unsigned int nobody = std::numeric_limits<unsigned int>::max();
      std::vector<double> values(points.size(), 0.0);
      std::vector<unsigned int> owner(points.size(), nobody);
      const Located where = locate(points);
      for (const auto &[index, entry] : where.in)
        {
          const Quadrature<2> quad(entry.first, std::vector<double>(entry.first.size(), 1.0));
          std::vector<double> y;
          it->second->values(where.cells[index], quad, y);
          for (std::size_t q = 0; q < y.size(); ++q)
            {
              values[entry.second[q]] = y[q];
              owner[entry.second[q]] = rank;
            }
        }
      std::vector<unsigned int> first(points.size());
      Utilities::MPI::min(owner, comm_, first);
      for (std::size_t i = 0; i < points.size(); ++i)
        if (first[i] != rank)
          values[i] = 0.0;
      Utilities::MPI::sum(values, comm_, values);
      for (std::size_t i = 0; i < points.size(); ++i)
        if (first[i] == nobody)
          values[i] = std::numeric_limits<double>::quiet_NaN();
      return values;
    }

    template <class LA>
    void StokesImpl<LA>::face_temperatures(const typename DoFHandler<2>::active_cell_iterator &cell,
                                           unsigned int face, const Quadrature<1> &q,
                                           const std::vector<Point<2>> &points,
                                           std::vector<double> &T) const
    {
      if (heat_)
        heat_->face_values(cell, face, q, T);
      else
        {
          T.resize(points.size());
          for (unsigned int i = 0; i < points.size(); ++i)
            T[i] = spec_.temperature ? spec_.temperature(points[i])
                                   : std::numeric_limits<double>::quiet_NaN(); // before set_flow()
        }
    }

    template <class LA>
    std::vector<SurfacePoint> StokesImpl<LA>::axis_profile() const
    {
      return boundary_samples(2);
    }

    template <class LA>
    void StokesImpl<LA>::enable_heat(const HeatSpec &spec, const ScalarFunction &T0)
    {
      heat_ = std::make_unique<HeatImpl<LA>>(*this, spec);
      heat_->set_field(T0);
    }

    template <class LA>
    HeatReport StokesImpl<LA>::solve_heat()
    {
      if (!heat_)
        throw std::logic_error("solve_heat() before enable_heat()");
      Timer timer;
      const HeatReport r = heat_->solve_steady();
      if (settings_.verbosity >= 1)
        Log::out() << "    Solving heat equation (" << LA::name << ", "
                   << heat_->dof_handler().n_dofs() << " DoFs)... " << r.newton_iterations
                   << " Newton steps, " << r.linear_iterations << " linear iterations, max |dT| "
                   << std::setprecision(3) << r.max_change_K << " K, " << timer.wall_time()
                   << " s" << (r.converged ? "" : "  NOT CONVERGED") << "\n";
      return r;
    }

    template <class LA>
    HeatReport StokesImpl<LA>::advance_heat(double dt, double t_new)
    {
      if (!heat_)
        throw std::logic_error("advance_heat() before enable_heat()");
      time_ = t_new;
      const HeatReport r = heat_->advance(dt, t_new);
      if (settings_.verbosity >= 2)
        Log::out() << "    heat step dt = " << dt << " s: " << r.newton_iterations
                   << " Newton steps, max |dT| " << r.max_change_K << " K\n";
      return r;
    }

    template <class LA>
    EnergyBalance StokesImpl<LA>::energy_balance() const
    {
      if (!heat_)
        throw std::logic_error("energy_balance() before enable_heat()");
      return heat_->energy_balance();
    }

    template <class LA>
    double StokesImpl<LA>::max_temperature() const
    {
      if (!heat_)
        throw std::logic_error("max_temperature() before enable_heat()");
      return heat_->field().max();
    }

    template <class LA>
    double StokesImpl<LA>::temperature_error(const ScalarFunction &exact) const
    {
      if (!heat_)
        throw std::logic_error("temperature_error() before enable_heat()");
      const QGauss<2> quadrature(4);
      FEValues<2> fv(*mapping_, heat_->fe_, quadrature,
                     update_values | update_quadrature_points | update_JxW_values);
      std::vector<double> T(quadrature.size());
      double e = 0;
      for (const auto &cell : heat_->dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fv.reinit(cell);
            fv.get_function_values(heat_->field(), T);
            for (unsigned int q = 0; q < quadrature.size(); ++q)
              {
                const double d = T[q] - exact(fv.quadrature_point(q));
                e += d * d * geometry_.weight(fv.quadrature_point(q), fv.JxW(q));
              }
          }
      return std::sqrt(Utilities::MPI::sum(e, comm_));
    }

    // ParaView output. Derived fields are evaluated at the support points of a Q2 field on every
    // cell and averaged over the cells sharing a point: pressure (Pa), shear rate with the hoop
    // term, viscosity, stresses (rr, zz, rz, hoop), temperature and the material cooling rate
    // -DT/Dt = -(dT/dt + (u - u_mesh).grad T).
    template <class LA>
    std::string StokesImpl<LA>::write_vtu(const std::string &dir, const std::string &base,
                                          unsigned int step) const
    {
      const FE_Q<2> scalar_fe(2);
      DoFHandler<2> sdh(tria_);
      sdh.distribute_dofs(scalar_fe);
      const IndexSet owned = sdh.locally_owned_dofs();
      const IndexSet relevant = DoFTools::extract_locally_relevant_dofs(sdh);
      const std::vector<std::string> names = {"pressure_Pa",    "shear_rate_per_s", "viscosity_Pa_s",
                                              "stress_rr_Pa",   "stress_zz_Pa",     "stress_rz_Pa",
                                              "stress_hoop_Pa", "temperature_K",
                                              "cooling_rate_K_per_s"};
      const unsigned int nf = names.size();
      std::vector<DisplacementVector> fields(nf + 1, DisplacementVector(owned, relevant, comm_));
      const Quadrature<2> support(scalar_fe.get_unit_support_points());
      FEValues<2> fv(*mapping_, fe_, support,
                     update_values | update_gradients | update_quadrature_points);
      const FEValuesExtractors::Vector velocity(0), displacement(0);
      const FEValuesExtractors::Scalar pressure(2);
      const unsigned int n = support.size();
      std::vector<Tensor<1, 2>> u(n), d_now(n), d_old(n);
      std::vector<Tensor<2, 2>> g(n);
      std::vector<double> p(n), T(n), T_old(n);
      std::vector<Tensor<1, 2>> gT(n);
      std::vector<types::global_dof_index> dofs(scalar_fe.n_dofs_per_cell());
      std::unique_ptr<FEValues<2>> fv_T, fv_mesh;
      if (heat_)
        {
          fv_T = std::make_unique<FEValues<2>>(*mapping_, heat_->fe_, support,
                                               update_values | update_gradients);
          fv_mesh = std::make_unique<FEValues<2>>(*mapping_, mesh_fe_, support, update_values);
        }
      const double dt = heat_ ? heat_->last_dt() : 0.0;
      for (const auto &cell : dof_handler_.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fv.reinit(cell);
            fv[velocity].get_function_values(ghosted_, u);
            fv[velocity].get_function_gradients(ghosted_, g);
            fv[pressure].get_function_values(ghosted_, p);
            std::fill(gT.begin(), gT.end(), Tensor<1, 2>());
            std::fill(T_old.begin(), T_old.end(), 0.0);
            if (heat_)
              {
                const typename DoFHandler<2>::active_cell_iterator tc(
                  &tria_, cell->level(), cell->index(), &heat_->dof_handler_);
                fv_T->reinit(tc);
                fv_T->get_function_values(heat_->field(), T);
                fv_T->get_function_gradients(heat_->field(), gT);
                fv_T->get_function_values(heat_->old_field(), T_old);
                const typename DoFHandler<2>::active_cell_iterator mc(
                  &tria_, cell->level(), cell->index(), &mesh_dof_handler_);
                fv_mesh->reinit(mc);
                (*fv_mesh)[displacement].get_function_values(displacement_, d_now);
                (*fv_mesh)[displacement].get_function_values(displacement_old_, d_old);
              }
            else
              for (unsigned int q = 0; q < n; ++q)
                T[q] = spec_.temperature(fv.quadrature_point(q));
            const typename DoFHandler<2>::active_cell_iterator oc(&tria_, cell->level(),
                                                                  cell->index(), &sdh);
            oc->get_dof_indices(dofs);
            for (unsigned int q = 0; q < n; ++q)
              {
                const Point<2> &x = fv.quadrature_point(q);
                StrainRate D;
                D.in_plane = symmetrize(g[q]);
                // at r = 0 use the limit u_r / r = du_r / dr
                D.hoop = geometry_.axisymmetric() ? (x[0] > 1e-14 ? u[q][0] / x[0] : g[q][0][0])
                                                  : 0.0;
                const double gd = D.shear_rate();
                const double eta = viscosity_at(T[q], gd).eta;
                const double pr = pressure_scaling_ * p[q];
                Tensor<1, 2> a = u[q];
                double dTdt = 0;
                if (heat_ && dt > 0)
                  {
                    a -= (d_now[q] - d_old[q]) / dt;
                    dTdt = (T[q] - T_old[q]) / dt;
                  }
                const double values[] = {pr,
                                         gd,
                                         eta,
                                         -pr + 2 * eta * D.in_plane[0][0],
                                         -pr + 2 * eta * D.in_plane[1][1],
                                         2 * eta * D.in_plane[0][1],
                                         -pr + 2 * eta * D.hoop,
                                         T[q],
                                         -(dTdt + a * gT[q])};
                for (unsigned int k = 0; k < nf; ++k)
                  fields[k](dofs[q]) += values[k];
                fields[nf](dofs[q]) += 1.0;
              }
          }
      for (auto &f : fields)
        f.compress(VectorOperation::add);
      for (const auto i : owned)
        for (unsigned int k = 0; k < nf; ++k)
          fields[k](i) /= fields[nf](i);
      for (auto &f : fields)
        f.update_ghost_values();

      DataOut<2> out;
      out.attach_dof_handler(dof_handler_);
      std::vector<DataComponentInterpretation::DataComponentInterpretation> interp(
        2, DataComponentInterpretation::component_is_part_of_vector);
      interp.push_back(DataComponentInterpretation::component_is_scalar);
      out.add_data_vector(ghosted_, std::vector<std::string>{"velocity_m_per_s",
                                                             "velocity_m_per_s",
                                                             "pressure_scaled"},
                          DataOut<2>::type_dof_data, interp);
      for (unsigned int k = 0; k < nf; ++k)
        out.add_data_vector(sdh, fields[k], names[k]);
      std::vector<DataComponentInterpretation::DataComponentInterpretation> vinterp(
        2, DataComponentInterpretation::component_is_part_of_vector);
      out.add_data_vector(mesh_dof_handler_, displacement_,
                          std::vector<std::string>{"mesh_displacement_m", "mesh_displacement_m"},
                          vinterp);
      for (const auto &[name, t] : transport_)
        out.add_data_vector(t->dof_handler(), t->field(), name);
      dealii::Vector<float> subdomain(tria_.n_active_cells());
      for (unsigned int i = 0; i < subdomain.size(); ++i)
        subdomain(i) = tria_.locally_owned_subdomain();
      out.add_data_vector(subdomain, "subdomain");
      out.build_patches(*mapping_, 2, DataOut<2>::curved_inner_cells);
      return out.write_vtu_with_pvtu_record(dir + "/", base, step, comm_, 4);
    }
  }  // namespace fe_detail
}  // namespace hotdraw
