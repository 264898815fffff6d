// Unit tests of the thermal properties (materials/thermal.h).

#include "materials/material.h"
#include "materials/thermal.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hotdraw;

TEST_CASE("thermal: enthalpy derivative is c_p", "[thermal]")
{
  const Material m = Material::preset("Pd40Cu30Ni10P20");
  const ThermalProperties th(m);
  const double h = 1e-3;  // K
  for (double T = 300; T <= 900; T += 2.5)
    {
      INFO("T = " << T << " K");
      const double fd = (th.enthalpy(T + h) - th.enthalpy(T - h)) / (2 * h);
      CHECK(std::abs(fd - th.cp(T)) <= 1e-6 * th.cp(T));
      const double fd_cp = (th.cp(T + h) - th.cp(T - h)) / (2 * h);
      CHECK(std::abs(fd_cp - th.dcp_dT(T)) <=
            1e-6 * m.delta_cp_J_per_kgK() / 10 + 1e-6 * std::abs(fd_cp));
      const double fd_k = (th.k(T + h) - th.k(T - h)) / (2 * h);
      CHECK(std::abs(fd_k - th.dk_dT(T)) <= 1e-6 * 2.5 / 10 + 1e-6 * std::abs(fd_k));
    }
  CHECK(th.enthalpy(298.15) == Approx(0).margin(1e-9));
}

TEST_CASE("thermal: enthalpy equals the integral of c_p", "[thermal]")
{
  // Composite Simpson rule over 298.15 ... 750 K, independent of the closed form.
  const ThermalProperties th(Material::preset("Pd40Cu30Ni10P20"));
  const double a = 298.15, b = 750;
  const int n = 20000;
  const double dx = (b - a) / n;
  double sum = th.cp(a) + th.cp(b);
  for (int i = 1; i < n; ++i)
    sum += (i % 2 ? 4 : 2) * th.cp(a + i * dx);
  CHECK(th.enthalpy(b) == Approx(sum * dx / 3).epsilon(1e-10));
}

TEST_CASE("thermal: limits away from Tg and no overflow", "[thermal]")
{
  const Material m = Material::preset("Pd40Cu30Ni10P20");
  const ThermalProperties th(m);
  const double Tg = m.glass_transition_K, w = m.glass_transition_width_K;
  CHECK(th.cp(Tg - 10 * w) == Approx(m.cp_glass_J_per_kgK).epsilon(1e-6));
  CHECK(th.cp(Tg + 10 * w) == Approx(m.cp_liquid_J_per_kgK).epsilon(1e-6));
  CHECK(th.cp(Tg) == Approx(0.5 * (m.cp_glass_J_per_kgK + m.cp_liquid_J_per_kgK)));
  CHECK(th.k(Tg - 10 * w) == Approx(m.k_glass_W_per_mK).epsilon(1e-6));
  CHECK(th.k(Tg + 10 * w) == Approx(m.k_liquid_W_per_mK).epsilon(1e-6));
  CHECK(th.density() == m.density_kg_per_m3);

  for (const double T : {10.0, 3000.0, 1e5})
    {
      INFO("T = " << T);
      CHECK(std::isfinite(th.enthalpy(T)));
      CHECK(std::isfinite(th.cp(T)));
      CHECK(std::isfinite(th.dcp_dT(T)));
      CHECK(std::isfinite(th.k(T)));
      CHECK(std::isfinite(th.dk_dT(T)));
    }
  CHECK(th.cp(10) == m.cp_glass_J_per_kgK);
  CHECK(th.cp(3000) == m.cp_liquid_J_per_kgK);
  CHECK(std::abs(th.dcp_dT(3000)) < 1e-100);
  // far from Tg the enthalpy is linear with the glass / liquid heat capacity
  CHECK(th.enthalpy(100) - th.enthalpy(10) == Approx(90 * m.cp_glass_J_per_kgK).epsilon(1e-12));
  CHECK(th.enthalpy(3000) - th.enthalpy(2000) ==
        Approx(1000 * m.cp_liquid_J_per_kgK).epsilon(1e-12));
  // across the transition the extra enthalpy is Delta c_p (T - Tg) for T >> Tg
  CHECK(th.enthalpy(1000) ==
        Approx(m.cp_glass_J_per_kgK * (1000 - 298.15) + m.delta_cp_J_per_kgK() * (1000 - Tg))
          .epsilon(1e-12));
}
