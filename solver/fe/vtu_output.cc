#include "solver/fe/vtu_output.h"

#include "solver/fe/domain.h"
#include "solver/fe/fields.h"
#include "solver/fe/stokes_flow.h"

#include <deal.II/base/quadrature.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/lac/vector.h>
#include <deal.II/numerics/data_component_interpretation.h>
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
  }  // namespace

  std::string write_vtu(const Domain &domain, const StokesFlow &flow, const FieldEvaluator &fields,
                        const std::vector<const OutputFields *> &more, const std::string &dir,
                        const std::string &base, unsigned int step)
  {
    const FE_Q<2> scalar_fe(2);
    DoFHandler<2> sdh(domain.triangulation());
    sdh.distribute_dofs(scalar_fe);
    const std::vector<DisplacementVector> derived = derived_fields(domain, fields, sdh);

    DataOut<2> out;
    out.attach_triangulation(domain.triangulation());
    flow.add_output(out);
    for (unsigned int k = 0; k < derived_names.size(); ++k)
      out.add_data_vector(sdh, derived[k], derived_names[k]);
    std::vector<DataComponentInterpretation::DataComponentInterpretation> vinterp(
      2, DataComponentInterpretation::component_is_part_of_vector);
    out.add_data_vector(domain.mesh_dof_handler(), domain.displacement(),
                        std::vector<std::string>{"mesh_displacement_m", "mesh_displacement_m"},
                        vinterp);
    for (const OutputFields *o : more)
      o->add_output(out);
    const auto &tria = domain.triangulation();
    dealii::Vector<float> subdomain(tria.n_active_cells());
    for (unsigned int i = 0; i < subdomain.size(); ++i)
      subdomain(i) = tria.locally_owned_subdomain();
    out.add_data_vector(subdomain, "subdomain");
    out.build_patches(domain.mapping(), 2, DataOut<2>::curved_inner_cells);
    return out.write_vtu_with_pvtu_record(dir + "/", base, step, domain.comm(), 4);
  }
}  // namespace hotdraw
