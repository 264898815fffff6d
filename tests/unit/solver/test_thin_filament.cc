// Verification of the thin-filament drawing model.
//  - isothermal Newtonian limit against Matovich & Pearson (1969): radius profile, draw force,
//    residence time; measured order of the trapezoidal discretisation and error < 1e-6 at the
//    finest grid;
//  - mass flux conserved along the filament;
//  - with axial conduction, the result does not depend on where the domain starts (long-rod
//    inlet), whereas a fixed cold inlet placed too near the hot zone does change it;
//  - robust up to draw ratio 1000 on a non-isothermal case.
#include "solver/thin_filament.h"
#include "solver/wire_chain.h"
#include "test_helpers.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>

using namespace hotdraw;

namespace
{
  std::string isothermal_case(unsigned int n_cells, double length)
  {
    return "subsection Geometry and process\n"
           "  set Feed rod diameter = 1e-3\n"
           "  set Feed speed = 1e-3\n"
           "  set Draw control = take-up speed\n"
           "  set Hot-zone length = " +
           std::to_string(length) +
           "\n"
           "  set Domain start = 0\n"
           "  set Domain end = " +
           std::to_string(length) +
           "\n"
           "end\n"
           "subsection Rheology\n  set Model = VFT Newtonian\nend\n"
           "subsection Heat transfer\n"
           "  set Energy equation = isothermal\n"
           "  set Isothermal temperature = 640\n"
           "end\n"
           "subsection Property mapping\n subsection Calibration\n  set Calibrate = false\n "
           "end\nend\n"
           "subsection Numerics\n subsection Thin filament\n"
           "  set Uniform grid = true\n"
           "  set Number of cells = " +
           std::to_string(n_cells) +
           "\n"
           "  set Newton tolerance = 1e-13\n"
           "  set Verbosity = 0\n"
           " end\nend\n";
  }

  // The default case's furnace: preheat at 560 K (below Tg) over [-20, 0] mm, hot zone at
  // T_draw over [0, L_hz], room temperature elsewhere; smooth tanh edges of 1 mm.
  std::string furnace()
  {
    return "T_room + (560 - T_room)*0.5*(tanh((z + 0.02)/0.001) - tanh(z/0.001))"
           " + (T_draw - T_room)*0.5*(tanh(z/0.001) - tanh((z - L_hz)/0.001))";
  }

  std::string heated_case(double domain_start, const std::string &inlet, double diameter_um)
  {
    return "subsection Geometry and process\n"
           "  set Feed rod diameter = 1e-3\n"
           "  set Feed speed = 0.5e-3\n"
           "  set Wire diameter = " +
           hotdraw::to_string(diameter_um * 1e-6) +
           "\n"
           "  set Draw temperature = 670\n"
           "  set Hot-zone length = 40e-3\n"
           "  set Domain start = " +
           std::to_string(domain_start) +
           "\n"
           "  set Domain end = 80e-3\n"
           "  set Inlet thermal condition = " +
           inlet +
           "\n"
           "  set Furnace wall temperature = " +
           furnace() +
           "\n"
           "  set Gas temperature = " +
           furnace() +
           "\n"
           "end\n"
           "subsection Property mapping\n subsection Calibration\n  set Calibrate = false\n "
           "end\nend\n"
           "subsection Numerics\n subsection Thin filament\n  set Verbosity = 0\n end\nend\n";
  }
}  // namespace

TEST_CASE("thin filament: isothermal Newtonian draw converges to Matovich-Pearson at order 2",
          "[thin_filament][verification]")
{
  const double L = 0.02, DR = 100.0;
  std::vector<double> err_F, err_R, err_t;
  for (unsigned int n : {100u, 200u, 400u, 800u, 1600u, 3200u, 6400u})
    {
      CaseSetup c = testing::make_case(isothermal_case(n, L));
      ThinFilamentModel model(c.material, *c.rheology, *c.thermal, c.convection, c.process,
                              c.thin_filament);
      const double vf = c.process.feed_speed_m_per_s;
      const FilamentProfile p = model.solve_take_up_speed(DR * vf);
      const double eta = c.rheology->evaluate(640.0, 0.0).eta;
      const double A0 = c.process.feed_area(), R0 = c.process.feed_radius();
      const double F_exact = 3 * eta * A0 * vf * std::log(DR) / L;
      err_F.push_back(std::abs(p.draw_force_N / F_exact - 1.0));
      double eR = 0;
      for (std::size_t i = 0; i < p.size(); ++i)
        {
          const double R_exact = R0 * std::pow(DR, -p.z_m[i] / (2 * L));
          eR = std::max(eR, std::abs(p.radius_m[i] / R_exact - 1.0));
        }
      err_R.push_back(eR);
      const double t_exact = L * (1 - 1 / DR) / (vf * std::log(DR));
      err_t.push_back(std::abs(p.residence_time_s.back() / t_exact - 1.0));
      CHECK(p.mass_flux_error() < 1e-12);
      CHECK(p.take_up_speed_m_per_s == Approx(DR * vf).epsilon(1e-12));
    }
  for (std::size_t k = 0; k + 1 < err_F.size(); ++k)
    {
      const double order_F = std::log2(err_F[k] / err_F[k + 1]);
      const double order_R = std::log2(err_R[k] / err_R[k + 1]);
      INFO("level " << k << ": |dF|/F = " << err_F[k] << " -> " << err_F[k + 1] << ", order "
                    << order_F << "; |dR|/R = " << err_R[k] << ", order " << order_R);
      CHECK(order_F == Approx(2.0).margin(0.05));
      // With both end speeds fixed, the trapezoidal solution of v' = c v on a uniform grid is
      // the geometric sequence v_i = v_f DR^(i/N): the radius is exact at the nodes and the whole
      // discretisation error sits in the force. So the radius error stays at round-off.
      CHECK(err_R[k] < 1e-12);
      (void)order_R;
    }
  std::cout << "Matovich-Pearson, DR = 100: relative draw-force error per level:";
  for (double e : err_F)
    std::cout << " " << e;
  std::cout << "\n  radius error:";
  for (double e : err_R)
    std::cout << " " << e;
  std::cout << "\n";
  CHECK(err_F.back() < 1e-6);
  CHECK(err_R.back() < 1e-6);
  // the residence time uses the exact integral of 1/v for exponential v within a cell
  CHECK(err_t.back() < 1e-6);
}

TEST_CASE("thin filament: shear strain along the path is sqrt(3) ln DR on the axis",
          "[thin_filament][verification]")
{
  CaseSetup c = testing::make_case(isothermal_case(2000, 0.02));
  ThinFilamentModel model(c.material, *c.rheology, *c.thermal, c.convection, c.process,
                          c.thin_filament);
  for (double DR : {10.0, 100.0, 300.0})
    {
      const FilamentProfile p = model.solve_take_up_speed(DR * c.process.feed_speed_m_per_s);
      const WireResult w = evaluate_wire(c, p);
      CHECK(w.shear_strain_axis == Approx(std::sqrt(3.0) * std::log(DR)).epsilon(1e-4));
      // the taper adds shear near the surface: surface >= mean >= axis
      CHECK(w.shear_strain_surface > w.shear_strain_axis);
      CHECK(w.shear_strain_mean > w.shear_strain_axis);
      CHECK(w.shear_strain_mean < w.shear_strain_surface);
    }
}

TEST_CASE("thin filament: with axial conduction the inlet position does not matter",
          "[thin_filament][inlet]")
{
  auto solve = [](double start, const std::string &inlet) {
    CaseSetup c = testing::make_case(heated_case(start, inlet, 100.0));
    ThinFilamentModel model(c.material, *c.rheology, *c.thermal, c.convection, c.process,
                            c.thin_filament);
    const FilamentProfile p = model.solve();
    return std::make_pair(p, evaluate_wire(c, p));
  };
  const auto near = solve(-0.03, "long rod");
  const auto far = solve(-0.08, "long rod");
  INFO("draw force near/far inlet: " << near.second.draw_force_N << " / "
                                     << far.second.draw_force_N);
  CHECK(near.second.draw_force_N == Approx(far.second.draw_force_N).epsilon(2e-3));
  CHECK(near.second.cooling_rate_at_Tg_K_per_s ==
        Approx(far.second.cooling_rate_at_Tg_K_per_s).epsilon(2e-3));
  CHECK(near.second.peak_temperature_K == Approx(far.second.peak_temperature_K).margin(0.05));
  // temperature at the start of the hot zone, z = 0
  auto T_at = [](const FilamentProfile &p, double z) {
    for (std::size_t i = 1; i < p.size(); ++i)
      if (p.z_m[i] >= z)
        {
          const double f = (z - p.z_m[i - 1]) / (p.z_m[i] - p.z_m[i - 1]);
          return (1 - f) * p.temperature_K[i - 1] + f * p.temperature_K[i];
        }
    return p.temperature_K.back();
  };
  CHECK(T_at(near.first, 0.0) == Approx(T_at(far.first, 0.0)).margin(0.05));

  // A fixed room-temperature inlet only 1 mm before the hot zone draws heat out of it: the
  // test must be able to see that difference.
  const auto cold = solve(-0.001, "fixed temperature");
  INFO("draw force with a fixed cold inlet at -1 mm: " << cold.second.draw_force_N);
  CHECK(std::abs(cold.second.draw_force_N / far.second.draw_force_N - 1.0) > 0.02);
}

TEST_CASE("thin filament: robust up to draw ratio 1000", "[thin_filament][robustness]")
{
  // d = 1 mm / sqrt(1000) = 31.6 um
  CaseSetup c = testing::make_case(heated_case(-0.03, "long rod", 1000.0 / std::sqrt(1000.0)));
  ThinFilamentModel model(c.material, *c.rheology, *c.thermal, c.convection, c.process,
                          c.thin_filament);
  const FilamentProfile p = model.solve();
  CHECK(p.draw_ratio() == Approx(1000.0).epsilon(1e-7));
  CHECK(p.mass_flux_error() < 1e-12);
  const WireResult w = evaluate_wire(c, p);
  CHECK(w.vitrified);
  CHECK(w.cooling_rate_at_Tg_K_per_s > 0);
}

TEST_CASE("thin filament: force control reproduces the speed-controlled solution",
          "[thin_filament]")
{
  CaseSetup c = testing::make_case(heated_case(-0.03, "long rod", 100.0));
  ThinFilamentModel model(c.material, *c.rheology, *c.thermal, c.convection, c.process,
                          c.thin_filament);
  const FilamentProfile by_speed = model.solve();
  const FilamentProfile by_force = model.solve_draw_force(by_speed.draw_force_N);
  CHECK(by_force.take_up_speed_m_per_s == Approx(by_speed.take_up_speed_m_per_s).epsilon(1e-4));
}
