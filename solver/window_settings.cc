#include "solver/window_settings.h"

#include "materials/parameters.h"
#include "solver/case_setup.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    std::string trim(const std::string &s)
    {
      const auto b = s.find_first_not_of(" \t\n"), e = s.find_last_not_of(" \t\n");
      return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    }

    std::vector<std::string> split(const std::string &text, char separator)
    {
      std::vector<std::string> parts;
      std::stringstream in(text);
      for (std::string item; std::getline(in, item, separator);)
        parts.push_back(trim(item));
      return parts;
    }

    double number(const std::string &text)
    {
      std::size_t used = 0;
      double x = 0;
      try
        {
          x = std::stod(text, &used);
        }
      catch (const std::exception &)
        {
          used = 0;
        }
      if (used == 0 || used != text.size() || !std::isfinite(x))
        throw std::invalid_argument("'" + text + "' is not a number");
      return x;
    }
  }  // namespace

  std::vector<double> parse_grid(const std::string &text)
  {
    std::vector<double> v;
    if (text.find(':') != std::string::npos)
      {
        const auto parts = split(text, ':');
        if (parts.size() < 3 || parts.size() > 4 || (parts.size() == 4 && parts[3] != "log"))
          throw std::invalid_argument("a range is 'start : end : n' or 'start : end : n : log'");
        const double a = number(parts[0]), b = number(parts[1]), n_real = number(parts[2]);
        const bool log = parts.size() == 4;
        if (!(n_real >= 2 && n_real <= 1000 && n_real == std::floor(n_real)))
          throw std::invalid_argument("the number of values n must be an integer from 2 to 1000");
        if (log && !(a > 0 && b > 0))
          throw std::invalid_argument("a logarithmic range needs positive ends");
        const unsigned int n = static_cast<unsigned int>(n_real);
        for (unsigned int k = 0; k < n; ++k)
          {
            const double f = static_cast<double>(k) / (n - 1);
            v.push_back(log ? a * std::pow(b / a, f) : a + (b - a) * f);
          }
      }
    else
      for (const auto &item : split(text, ','))
        v.push_back(number(item));
    std::sort(v.begin(), v.end());
    if (v.empty() || std::adjacent_find(v.begin(), v.end()) != v.end())
      throw std::invalid_argument("a grid needs at least one value and no value twice");
    return v;
  }

  std::size_t WindowSettings::n_points() const
  {
    if (!enabled())
      return 0;
    std::size_t n = 1;
    for (const auto &g : values)
      n *= g.size();
    return n;
  }

  std::vector<double> WindowSettings::point(std::size_t i) const
  {
    std::vector<double> p;
    for (const auto &g : values)
      {
        p.push_back(g[i % g.size()]);
        i /= g.size();
      }
    return p;
  }

  void WindowSettings::declare_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;
    for (const char *k : {"1", "2", "3"})
      {
        prm.declare(std::string("Parameter ") + k, "", Anything(),
                    "Path of a numeric parameter of this file to vary, as --print-parameters "
                    "lists it (e.g. 'Geometry and process/Draw temperature'); empty: unused. "
                    "'Parameter 1' empty switches the process-window map off.");
        prm.declare(std::string("Grid ") + k, "", Anything(),
                    "Its values: 'a, b, c', or 'start : end : n' (n values, linear), or 'start "
                    ": end : n : log' (logarithmic), in the parameter's unit.");
      }
    prm.declare("Wire diameter", "0", Double(0, 0.1),
                "Every point is drawn to this wire diameter; 0: to each point's 'Geometry and "
                "process/Wire diameter' (so that it can be a parameter of the map).",
                "m");
    prm.declare("Map", "enthalpy_increase_percent_literature", Anything(),
                "The sweep.csv column window.png shows in colour over the feasible points.");
    prm.declare("Ranks per point", "1", Integer(1, 1024),
                "MPI ranks that share one point (rank groups split from all ranks; the "
                "thin-filament points use one rank each, so 1 is best; the group solves a "
                "'Finite-element points' entry together).");
    prm.declare("Finite-element points", "", List(Integer(0), 0, 1000, ","),
                "Points (their number in window.csv's column 'point') that are solved on the "
                "finite-element solver too, as 'Numerics' configures it, with FE heat transfer "
                "and material paths: their rows in window.csv are the FE wire's (column "
                "'model' says which), and their ParaView files go to fe_point_<n>/. Empty: "
                "every point on the thin-filament model only.");
  }

  void WindowSettings::parse_parameters(ParameterSet &prm)
  {
    *this = WindowSettings();
    ParameterSet scratch;
    declare_all_parameters(scratch);
    for (const char *k : {"1", "2", "3"})
      {
        const std::string name = std::string("Parameter ") + k, grid = std::string("Grid ") + k;
        const std::string path = trim(prm.get(name));
        if (path.empty())
          {
            if (!trim(prm.get(grid)).empty())
              prm.fail(grid, prm.get(grid), "is given without '" + name + "'",
                       "a grid only for a parameter that is named");
            continue;
          }
        if (parameters.size() + 1 != static_cast<std::size_t>(k[0] - '0'))
          prm.fail(name, path, "is given, but an earlier parameter is empty",
                   "parameters 1, 2, 3 in order");
        if (!scratch.declared(path))
          prm.fail(name, path, "no such parameter",
                   "the path of a parameter as --print-parameters lists it");
        if (std::find(parameters.begin(), parameters.end(), path) != parameters.end())
          prm.fail(name, path, "is varied twice", "each parameter once");
        std::vector<double> v;
        try
          {
            v = parse_grid(prm.get(grid));
          }
        catch (const std::invalid_argument &e)
          {
            prm.fail(grid, prm.get(grid), e.what(),
                     "'a, b, c', 'start : end : n' or 'start : end : n : log'");
          }
        for (const double x : v)
          try
            {
              scratch.set(path, x);
            }
          catch (const InputError &e)
            {
              prm.fail(grid, prm.get(grid),
                       "the value " + to_string(x) + " is not accepted by '" + path + "' (" +
                         e.what() + ")",
                       "values within the parameter's range");
            }
        parameters.push_back(path);
        units.push_back(scratch.unit_of(path));
        values.push_back(v);
      }
    wire_diameter_m = prm.get_double("Wire diameter");
    map_column = trim(prm.get("Map"));
    ranks_per_point = prm.get_integer("Ranks per point");
    for (const auto &text : split(prm.get("Finite-element points"), ','))
      if (!trim(text).empty())
        fe_points.push_back(std::stoul(trim(text)));
    std::sort(fe_points.begin(), fe_points.end());
    fe_points.erase(std::unique(fe_points.begin(), fe_points.end()), fe_points.end());
    for (const std::size_t i : fe_points)
      if (!enabled() || i >= n_points())
        prm.fail("Finite-element points", prm.get("Finite-element points"),
                 "point " + std::to_string(i) + " is not a point of the map (" +
                   std::to_string(enabled() ? n_points() : 0) + " points)",
                 "point numbers from 0 to the number of points - 1");
    if (enabled() && n_points() > 100000)
      prm.fail("Grid 1", prm.get("Grid 1"), "the map has " + std::to_string(n_points()) + " points",
               "at most 100000 points");
  }
}  // namespace hotdraw
