#include "solver/fe/vtu_output.h"

#include "postprocess/vtk_quads.h"
#include "solver/fe/domain.h"
#include "solver/fe/fields.h"
#include "solver/fe/stokes_flow.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/numerics/data_out.h>

namespace hotdraw
{
  namespace
  {
    using namespace dealii;

    const std::vector<std::string> derived_names = {"pressure_Pa",         "shear_rate_per_s",
                                                    "viscosity_Pa_s",      "stress_rr_Pa",
                                                    "stress_zz_Pa",        "stress_rz_Pa",
                                                    "stress_hoop_Pa",      "temperature_K",
                                                    "cooling_rate_K_per_s"};

    // The derived fields at the support points of a Q2 field, averaged over the cells sharing a
    // point: pressure (Pa), shear rate with the hoop term, viscosity, stresses (rr, zz, rz,
    // hoop), temperature and the material cooling rate -DT/Dt = -(dT/dt + (u - u_mesh).grad T).
    std::vector<DisplacementVector>
    derived_fields(const Domain &domain, const FieldEvaluator &fields, const DoFHandler<2> &sdh)
    {
      const IndexSet owned = sdh.locally_owned_dofs();
      const IndexSet relevant = DoFTools::extract_locally_relevant_dofs(sdh);
      const unsigned int nf = derived_names.size();
      std::vector<DisplacementVector> out(nf + 1,
                                          DisplacementVector(owned, relevant, domain.comm()));
      const Quadrature<2> support(sdh.get_fe().get_unit_support_points());
      const bool axisymmetric = domain.geometry().axisymmetric();
      std::vector<types::global_dof_index> dofs(sdh.get_fe().n_dofs_per_cell());
      std::vector<PointFields> f;
      for (const auto &cell : sdh.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            fields.evaluate(cell, support, FieldEvaluator::Set::all, f);
            cell->get_dof_indices(dofs);
            for (unsigned int q = 0; q < support.size(); ++q)
              {
                const PointFields &p = f[q];
                StrainRate D;
                D.in_plane = symmetrize(p.grad_u);
                // at r = 0 use the limit u_r / r = du_r / dr
                D.hoop = axisymmetric ? (p.x[0] > 1e-14 ? p.u[0] / p.x[0] : p.grad_u[0][0]) : 0.0;
                const double gd = D.shear_rate();
                const double eta = fields.viscosity(p.T, gd).eta;
                const double pr = p.p;
                const double values[] = {pr,
                                         gd,
                                         eta,
                                         -pr + 2 * eta * D.in_plane[0][0],
                                         -pr + 2 * eta * D.in_plane[1][1],
                                         2 * eta * D.in_plane[0][1],
                                         -pr + 2 * eta * D.hoop,
                                         p.T,
                                         -(p.dT_dt + (p.u - p.mesh_velocity) * p.grad_T)};
                for (unsigned int k = 0; k < nf; ++k)
                  out[k](dofs[q]) += values[k];
                out[nf](dofs[q]) += 1.0;
              }
          }
      for (auto &v : out)
        v.compress(VectorOperation::add);
      for (const auto i : owned)
        for (unsigned int k = 0; k < nf; ++k)
          out[k](i) /= out[nf](i);
      for (auto &v : out)
        v.update_ghost_values();
      return out;
    }

    // DataOut with the names and vector ranges of its data components in public.
    class FieldDataOut : public DataOut<2>
    {
    public:
      std::vector<std::string> names() const { return get_dataset_names(); }
      auto vector_ranges() const { return get_nonscalar_data_ranges(); }
    };

    // The local patches flattened, point by point: r, z, then every data component.
    std::vector<double> flatten(const std::vector<DataOutBase::Patch<2, 2>> &patches,
                                unsigned int n_data)
    {
      std::vector<double> flat;
      for (const auto &patch : patches)
        {
          const unsigned int n = patch.n_subdivisions + 1;
          for (unsigned int iy = 0; iy < n; ++iy)
            for (unsigned int ix = 0; ix < n; ++ix)
              {
                const unsigned int j = ix + n * iy;
                if (patch.points_are_available)
                  for (unsigned int d = 0; d < 2; ++d)
                    flat.push_back(patch.data(n_data + d, j));
                else
                  {
                    const double a = double(ix) / (n - 1), b = double(iy) / (n - 1);
                    const Point<2> x = (1 - a) * (1 - b) * patch.vertices[0] +
                                       a * (1 - b) * patch.vertices[1] +
                                       (1 - a) * b * patch.vertices[2] + a * b * patch.vertices[3];
                    flat.insert(flat.end(), {x[0], x[1]});
                  }
                for (unsigned int k = 0; k < n_data; ++k)
                  flat.push_back(patch.data(k, j));
              }
        }
      return flat;
    }

    // An array of the output and the data component of each of its components (-1: zero).
    struct OutputArray
    {
      QuadPointArray array;
      std::vector<int> source;
    };

    // The point arrays of the output from the data components 'names': internal ones (prefix
    // "internal_") dropped, vectors as (r, z, theta = 0) with component names, and each vector
    // NAME_UNIT also as the scalars NAME_r_UNIT and NAME_z_UNIT.
    std::vector<OutputArray> output_arrays(const FieldDataOut &out)
    {
      const std::vector<std::string> names = out.names();
      std::vector<int> vector_size(names.size(), 1);
      for (const auto &range : out.vector_ranges())
        vector_size[std::get<0>(range)] = std::get<1>(range) - std::get<0>(range) + 1;
      std::vector<OutputArray> arrays;
      for (int c = 0; c < int(names.size()); c += vector_size[c])
        {
          if (names[c].rfind("internal_", 0) == 0)
            continue;
          if (vector_size[c] == 1)
            {
              arrays.push_back({{names[c], {}, 1, {}}, {c}});
              continue;
            }
          AssertThrow(vector_size[c] == 2,
                      ExcMessage("write_vtu: the output vector '" + names[c] + "' has " +
                                 std::to_string(vector_size[c]) + " components, not (r, z)"));
          arrays.push_back({{names[c], {"r", "z", "theta"}, 3, {}}, {c, c + 1, -1}});
          const auto cut = names[c].find('_');
          const std::string head = names[c].substr(0, cut),
                            unit = cut == std::string::npos ? "" : names[c].substr(cut);
          arrays.push_back({{head + "_r" + unit, {}, 1, {}}, {c}});
          arrays.push_back({{head + "_z" + unit, {}, 1, {}}, {c + 1}});
        }
      return arrays;
    }

    // The mesh of the gathered patches (every rank's flattened patches, 'points_per_side'^2
    // points each): points, the subdivided quadrilaterals and the point arrays.
    QuadMesh gathered_mesh(const FieldDataOut &out, const std::vector<std::vector<double>> &flat,
                           unsigned int points_per_side)
    {
      const unsigned int stride = 2 + out.names().size();
      std::vector<OutputArray> arrays = output_arrays(out);
      QuadMesh mesh;
      const unsigned int n = points_per_side, per_patch = n * n;
      for (const auto &rank : flat)
        for (std::size_t p = 0; p * per_patch * stride < rank.size(); ++p)
          {
            const std::size_t base = mesh.r_m.size();
            for (unsigned int j = 0; j < per_patch; ++j)
              {
                const double *x = &rank[(p * per_patch + j) * stride];
                mesh.r_m.push_back(x[0]);
                mesh.z_m.push_back(x[1]);
                for (OutputArray &a : arrays)
                  for (const int c : a.source)
                    a.array.values.push_back(c < 0 ? 0.0 : x[2 + c]);
              }
            for (unsigned int iy = 0; iy + 1 < n; ++iy)
              for (unsigned int ix = 0; ix + 1 < n; ++ix)
                {
                  const std::size_t q = base + ix + n * iy;
                  mesh.quads.push_back({q, q + 1, q + 1 + n, q + n});
                }
          }
      for (OutputArray &a : arrays)
        mesh.point_data.push_back(std::move(a.array));
      return mesh;
    }
  }  // namespace

  void write_vtu(const Domain &domain, const StokesFlow &flow, const FieldEvaluator &fields,
                 const std::vector<const OutputFields *> &more, const std::string &filename)
  {
    const FE_Q<2> scalar_fe(2);
    DoFHandler<2> sdh(domain.triangulation());
    sdh.distribute_dofs(scalar_fe);
    const std::vector<DisplacementVector> derived = derived_fields(domain, fields, sdh);

    FieldDataOut out;
    out.attach_triangulation(domain.triangulation());
    flow.add_output(out);
    for (unsigned int k = 0; k < derived_names.size(); ++k)
      out.add_data_vector(sdh, derived[k], derived_names[k]);
    for (const OutputFields *o : more)
      o->add_output(out);
    const unsigned int subdivisions = 2;
    out.build_patches(domain.mapping(), subdivisions, DataOut<2>::curved_inner_cells);
    // one file with shared points: the patches of all ranks go to rank 0 (meshes of ~10^4 DoFs)
    const std::vector<std::vector<double>> flat =
      Utilities::MPI::gather(domain.comm(), flatten(out.get_patches(), out.names().size()), 0);
    if (Utilities::MPI::this_mpi_process(domain.comm()) == 0)
      write_quads_vtu(filename, gathered_mesh(out, flat, subdivisions + 1));
  }
}  // namespace hotdraw
