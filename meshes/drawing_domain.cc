#include "meshes/drawing_domain.h"

#include "materials/parameters.h"
#include "meshes/line_grid.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/grid/grid_in.h>
#include <deal.II/grid/tria_description.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    constexpr double pi = 3.14159265358979323846;

    std::string point_string(double r, double z)
    {
      return "(r, z) = (" + to_string(r) + ", " + to_string(z) + ") m";
    }

    // The part of a deal.II exception text that describes the problem (the "Additional
    // information" block) without the source location and stack trace.
    std::string dealii_reason(const std::exception &e)
    {
      std::string text = e.what();
      const std::string key = "Additional information:";
      const auto pos = text.find(key);
      if (pos != std::string::npos)
        text = text.substr(pos + key.size());
      const auto stack = text.find("Stacktrace:");
      if (stack != std::string::npos)
        text = text.substr(0, stack);
      std::string out;
      bool space = false;
      for (const char c : text)
        {
          if (std::isspace(static_cast<unsigned char>(c)))
            space = !out.empty();
          else
            {
              if (space)
                out += ' ';
              out += c;
              space = false;
            }
        }
      while (!out.empty() && (out.back() == '-' || out.back() == ' '))
        out.pop_back();
      return out.empty() ? std::string("unknown error") : out;
    }
  }  // namespace

  // --------------------------------------------------------------------------------------------
  // DrawingDomainSpec
  // --------------------------------------------------------------------------------------------

  DrawingDomainSpec DrawingDomainSpec::from_profile(const std::vector<double> &z_profile,
                                                    const std::vector<double> &radius_profile,
                                                    unsigned int n_axial_cells,
                                                    unsigned int n_radial_cells,
                                                    double radial_grading, double neck_share)
  {
    const std::string where = "DrawingDomainSpec::from_profile: ";
    if (z_profile.size() != radius_profile.size())
      throw std::invalid_argument(where + "the profile has " + std::to_string(z_profile.size()) +
                                  " z values but " + std::to_string(radius_profile.size()) +
                                  " radii");
    try
      {
        LineGrid::check(z_profile);
      }
    catch (const std::invalid_argument &e)
      {
        throw std::invalid_argument(where + "z_profile: " + e.what());
      }
    for (std::size_t i = 0; i < radius_profile.size(); ++i)
      if (!(radius_profile[i] > 0) || !std::isfinite(radius_profile[i]))
        throw std::invalid_argument(where + "radius " + to_string(radius_profile[i]) +
                                    " m at z = " + to_string(z_profile[i]) + " m (node " +
                                    std::to_string(i) +
                                    "); every radius must be positive and finite");
    if (n_axial_cells == 0)
      throw std::invalid_argument(where + "n_axial_cells must be >= 1");

    // Monitors: ln R with scale 0.1 and xi = int dz / R (trapezoidal rule) with scale 1, so
    // that the arc length is ds^2 = (dz / R)^2 + (10 dR / R)^2 (plus the uniform floor).
    const std::size_t n = z_profile.size();
    std::vector<double> log_radius(n), xi(n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
      log_radius[i] = std::log(radius_profile[i]);
    for (std::size_t i = 1; i < n; ++i)
      xi[i] = xi[i - 1] + 0.5 * (z_profile[i] - z_profile[i - 1]) *
                            (1.0 / radius_profile[i] + 1.0 / radius_profile[i - 1]);

    double xi_scale = 1.0;
    if (neck_share > 0 && neck_share < 1)
      {
        double ln_arc = 0;
        for (std::size_t i = 1; i < n; ++i)
          ln_arc += std::abs(log_radius[i] - log_radius[i - 1]) / 0.1;
        if (ln_arc > 0)
          xi_scale = std::max(1.0, xi.back() / (ln_arc * (1 - neck_share) / neck_share));
      }
    DrawingDomainSpec spec;
    spec.z_nodes =
      LineGrid::equidistributed(z_profile, {log_radius, xi}, {0.1, xi_scale}, n_axial_cells, 0.2);
    spec.radius = LineGrid::interpolate(z_profile, radius_profile, spec.z_nodes);
    spec.n_radial_cells = n_radial_cells;
    spec.radial_grading = radial_grading;
    spec.check();
    return spec;
  }

  std::vector<double> DrawingDomainSpec::radial_fractions() const
  {
    const unsigned int n = n_radial_cells;
    std::vector<double> eta(n + 1, 0.0);
    if (n == 0)
      return eta;
    // Cell sizes h_k = h_0 q^k with h_{n-1} / h_0 = 1 / radial_grading.
    const double q = (n > 1) ? std::pow(radial_grading, -1.0 / double(n - 1)) : 1.0;
    double h = 1.0, total = 0.0;
    std::vector<double> sizes(n);
    for (unsigned int k = 0; k < n; ++k, h *= q)
      {
        sizes[k] = h;
        total += h;
      }
    for (unsigned int k = 0; k < n; ++k)
      eta[k + 1] = eta[k] + sizes[k] / total;
    eta[n] = 1.0;
    return eta;
  }

  void DrawingDomainSpec::check() const
  {
    const std::string where = "DrawingDomainSpec: ";
    if (z_nodes.size() < 2)
      throw std::invalid_argument(where + "need at least two z nodes (one axial cell), got " +
                                  std::to_string(z_nodes.size()));
    if (radius.size() != z_nodes.size())
      throw std::invalid_argument(where +
                                  "need one radius per z node: " + std::to_string(z_nodes.size()) +
                                  " z nodes but " + std::to_string(radius.size()) + " radii");
    for (std::size_t i = 0; i < z_nodes.size(); ++i)
      if (!std::isfinite(z_nodes[i]))
        throw std::invalid_argument(where + "z node " + std::to_string(i) + " is not finite");
    for (std::size_t i = 1; i < z_nodes.size(); ++i)
      if (!(z_nodes[i] > z_nodes[i - 1]))
        throw std::invalid_argument(where + "z nodes must be strictly increasing, but z[" +
                                    std::to_string(i) + "] = " + to_string(z_nodes[i]) +
                                    " m <= z[" + std::to_string(i - 1) +
                                    "] = " + to_string(z_nodes[i - 1]) + " m");
    for (std::size_t i = 0; i < radius.size(); ++i)
      if (!(radius[i] > 0) || !std::isfinite(radius[i]))
        throw std::invalid_argument(
          where + "radius[" + std::to_string(i) + "] = " + to_string(radius[i]) +
          " m at z = " + to_string(z_nodes[i]) + " m; every radius must be positive and finite");
    if (n_radial_cells < 1)
      throw std::invalid_argument(where + "n_radial_cells must be >= 1");
    if (!(radial_grading > 0) || !std::isfinite(radial_grading))
      throw std::invalid_argument(where + "radial_grading = " + to_string(radial_grading) +
                                  "; it must be positive and finite (1 = uniform)");
  }

  // --------------------------------------------------------------------------------------------
  // make_drawing_domain
  // --------------------------------------------------------------------------------------------

  void make_drawing_domain(dealii::Triangulation<2> &tria, const DrawingDomainSpec &spec)
  {
    spec.check();
    if (tria.n_levels() != 0)
      throw std::invalid_argument("make_drawing_domain: the triangulation is not empty");

    const unsigned int n_z = spec.z_nodes.size() - 1;  // axial cells
    const unsigned int n_r = spec.n_radial_cells;      // radial cells
    const std::vector<double> eta = spec.radial_fractions();
    const auto vertex_index = [n_r](unsigned int i, unsigned int j) { return i * (n_r + 1) + j; };

    std::vector<dealii::Point<2>> vertices((n_z + 1) * (n_r + 1));
    for (unsigned int i = 0; i <= n_z; ++i)
      for (unsigned int j = 0; j <= n_r; ++j)
        vertices[vertex_index(i, j)] = dealii::Point<2>(eta[j] * spec.radius[i], spec.z_nodes[i]);

    // deal.II's lexicographic vertex order: (r_j, z_i), (r_j+1, z_i), (r_j, z_i+1),
    // (r_j+1, z_i+1); r = x increases first, so every cell is positively oriented.
    std::vector<dealii::CellData<2>> cells(n_z * n_r);
    for (unsigned int i = 0; i < n_z; ++i)
      for (unsigned int j = 0; j < n_r; ++j)
        {
          dealii::CellData<2> &cell = cells[i * n_r + j];
          cell.vertices[0] = vertex_index(i, j);
          cell.vertices[1] = vertex_index(i, j + 1);
          cell.vertices[2] = vertex_index(i + 1, j);
          cell.vertices[3] = vertex_index(i + 1, j + 1);
          cell.material_id = 0;
        }

    // Boundary ids through the subcell data, so that they are part of the coarse mesh on every
    // rank of a distributed triangulation.
    dealii::SubCellData boundary;
    const auto add_line = [&boundary](unsigned int a, unsigned int b,
                                      dealii::types::boundary_id id) {
      dealii::CellData<1> line;
      line.vertices[0] = a;
      line.vertices[1] = b;
      line.boundary_id = id;
      boundary.boundary_lines.push_back(line);
    };
    for (unsigned int j = 0; j < n_r; ++j)
      {
        add_line(vertex_index(0, j), vertex_index(0, j + 1), BoundaryId::inlet);
        add_line(vertex_index(n_z, j), vertex_index(n_z, j + 1), BoundaryId::outlet);
      }
    for (unsigned int i = 0; i < n_z; ++i)
      {
        add_line(vertex_index(i, 0), vertex_index(i + 1, 0), BoundaryId::axis);
        add_line(vertex_index(i, n_r), vertex_index(i + 1, n_r), BoundaryId::free_surface);
      }

    tria.create_triangulation(vertices, cells, boundary);
  }

  // --------------------------------------------------------------------------------------------
  // read_gmsh_domain
  // --------------------------------------------------------------------------------------------

  void read_gmsh_domain(dealii::Triangulation<2> &tria, const std::string &filename)
  {
    if (tria.n_levels() != 0)
      throw std::invalid_argument("read_gmsh_domain: the triangulation is not empty");
    const std::string file = "Mesh file '" + filename + "'";

    std::ifstream in(filename);
    if (!in)
      throw InputError(file + ": cannot be opened.");
    try
      {
        dealii::GridIn<2> grid_in;
        grid_in.attach_triangulation(tria);
        grid_in.read_msh(in);
      }
    catch (const std::exception &e)
      {
        tria.clear();
        throw InputError(file + ": not a readable Gmsh mesh: " + dealii_reason(e));
      }
    if (tria.n_levels() == 0 || tria.n_cells(0) == 0)
      {
        tria.clear();
        throw InputError(file + ": contains no cells.");
      }
    if (!tria.all_reference_cells_are_hyper_cube())
      {
        tria.clear();
        throw InputError(file + ": contains triangles; hotdraw needs a mesh of quadrilaterals.");
      }

    // Bounding box of the used vertices and the geometric tolerance.
    const std::vector<dealii::Point<2>> &vertices = tria.get_vertices();
    const std::vector<bool> &used = tria.get_used_vertices();
    double r_min = std::numeric_limits<double>::max(), r_max = -r_min;
    double z_min = r_min, z_max = -r_min;
    for (std::size_t v = 0; v < vertices.size(); ++v)
      if (used[v])
        {
          r_min = std::min(r_min, vertices[v][0]);
          r_max = std::max(r_max, vertices[v][0]);
          z_min = std::min(z_min, vertices[v][1]);
          z_max = std::max(z_max, vertices[v][1]);
        }
    const double tol = 1e-8 * std::max(r_max - r_min, z_max - z_min);

    // Each kind of violation is reported once, with the number of offending entities and the
    // first of them.
    struct Finding
    {
      unsigned int count = 0;
      dealii::Point<2> first;
      void add(const dealii::Point<2> &p)
      {
        if (count++ == 0)
          first = p;
      }
      // "<description>: <count>, the first at (r, z) = (..) m"
      std::string where(const std::string &description) const
      {
        return description + ": " + std::to_string(count) +
               (count == 1 ? " at " : ", the first at ") + point_string(first[0], first[1]);
      }
    };
    Finding negative_r, unknown_id, axis_off, inlet_off, outlet_off, surface_on_axis;
    dealii::types::boundary_id first_unknown_id = 0;

    for (std::size_t v = 0; v < vertices.size(); ++v)
      if (used[v] && vertices[v][0] < -tol)
        negative_r.add(vertices[v]);

    // Every coarse cell is present on every rank (also on a distributed triangulation, where
    // the other ranks' cells are artificial), so these checks agree on all ranks.
    unsigned int count[4] = {0, 0, 0, 0};
    for (const auto &cell : tria.cell_iterators_on_level(0))
      for (const unsigned int f : cell->face_indices())
        if (cell->face(f)->at_boundary())
          {
            const auto face = cell->face(f);
            const dealii::types::boundary_id id = face->boundary_id();
            const dealii::Point<2> a = face->vertex(0), b = face->vertex(1);
            const dealii::Point<2> c = face->center();
            if (id > BoundaryId::free_surface)
              {
                if (unknown_id.count == 0)
                  first_unknown_id = id;
                unknown_id.add(c);
                continue;
              }
            ++count[id];
            if (id == BoundaryId::axis && (std::abs(a[0]) > tol || std::abs(b[0]) > tol))
              axis_off.add(c);
            else if (id == BoundaryId::inlet &&
                     (std::abs(a[1] - z_min) > tol || std::abs(b[1] - z_min) > tol))
              inlet_off.add(c);
            else if (id == BoundaryId::outlet &&
                     (std::abs(a[1] - z_max) > tol || std::abs(b[1] - z_max) > tol))
              outlet_off.add(c);
            else if (id == BoundaryId::free_surface && std::abs(a[0]) <= tol &&
                     std::abs(b[0]) <= tol)
              surface_on_axis.add(c);
          }

    std::vector<std::string> problems;
    const char *names[4] = {"inlet", "outlet", "axis", "free-surface"};
    for (unsigned int id = 0; id < 4; ++id)
      if (count[id] == 0)
        problems.push_back(std::string("there is no ") + names[id] +
                           " boundary (no face with boundary id " + std::to_string(id) + ")");
    if (unknown_id.count > 0)
      problems.push_back(unknown_id.where("boundary faces with an id (physical tag) other than "
                                          "0..3, e.g. " +
                                          std::to_string(first_unknown_id)));
    if (negative_r.count > 0)
      problems.push_back(negative_r.where(
        "vertices with r < 0 (the domain must lie in r >= 0, with x = r and y = z)"));
    if (axis_off.count > 0)
      problems.push_back(axis_off.where("faces tagged axis (2) that are not at r = 0"));
    if (inlet_off.count > 0)
      problems.push_back(inlet_off.where(
        "faces tagged inlet (0) that are not at the minimum z = " + to_string(z_min) +
        " m (deal.II gives id 0 to boundary lines without a physical tag: "
        "every boundary line must be tagged)"));
    if (outlet_off.count > 0)
      problems.push_back(outlet_off.where(
        "faces tagged outlet (1) that are not at the maximum z = " + to_string(z_max) + " m"));
    if (surface_on_axis.count > 0)
      problems.push_back(
        surface_on_axis.where("faces tagged free surface (3) that lie on the axis r = 0"));

    if (!problems.empty())
      {
        tria.clear();
        std::string message = file + " does not follow hotdraw's drawing-domain convention "
                                     "(x = r >= 0, y = z; boundary ids 0 inlet at the minimum z, "
                                     "1 outlet at the maximum z, 2 axis at r = 0, 3 free "
                                     "surface): ";
        for (std::size_t k = 0; k < problems.size(); ++k)
          message += (k ? "; " : "") + problems[k];
        message += ".";
        throw InputError(message);
      }
  }

  // --------------------------------------------------------------------------------------------
  // mesh_quality
  // --------------------------------------------------------------------------------------------

  MeshQuality mesh_quality(const dealii::Triangulation<2> &tria,
                           const dealii::Mapping<2, 2> &mapping)
  {
    const double inf = std::numeric_limits<double>::infinity();
    double min_jacobian_ratio = inf, max_aspect_ratio = 0;
    double min_angle = inf, max_angle = -inf;
    unsigned int n_cells = 0;

    if (!tria.all_reference_cells_are_hyper_cube())
      throw std::invalid_argument("mesh_quality: the mesh has cells other than quadrilaterals");
    if (tria.n_levels() > 0)
      {
        // The finite element is only needed by FEValues; the Jacobians come from the mapping.
        const dealii::FE_Q<2> fe(1);
        const dealii::QGaussLobatto<2> quadrature(3);
        dealii::FEValues<2> fe_values(mapping, fe, quadrature, dealii::update_jacobians);
        for (const auto &cell : tria.active_cell_iterators())
          if (cell->is_locally_owned())
            {
              fe_values.reinit(cell);
              double det_min = inf, det_max = -inf;
              for (unsigned int q = 0; q < quadrature.size(); ++q)
                {
                  const dealii::DerivativeForm<1, 2, 2> &J = fe_values.jacobian(q);
                  const double det = J[0][0] * J[1][1] - J[0][1] * J[1][0];
                  det_min = std::min(det_min, det);
                  det_max = std::max(det_max, det);

                  // sigma_max / sigma_min = sigma_max^2 / |det J|.
                  const double frob2 =
                    J[0][0] * J[0][0] + J[0][1] * J[0][1] + J[1][0] * J[1][0] + J[1][1] * J[1][1];
                  const double disc = std::max(0.0, frob2 * frob2 - 4.0 * det * det);
                  const double sigma_max2 = 0.5 * (frob2 + std::sqrt(disc));
                  max_aspect_ratio = std::max(max_aspect_ratio,
                                              std::abs(det) > 0 ? sigma_max2 / std::abs(det) : inf);

                  // Interior angle at a corner of the reference cell: the edges leave the corner
                  // along s_a * J e_xi and s_b * J e_eta (s = +1 at the lower end, -1 at the
                  // upper end), and the angle between them through the cell is
                  // atan2(det J, a.b), taken in (0, 360) (> 180 for a folded corner).
                  const dealii::Point<2> &p = quadrature.point(q);
                  const bool corner =
                    (p[0] < 1e-12 || p[0] > 1 - 1e-12) && (p[1] < 1e-12 || p[1] > 1 - 1e-12);
                  if (corner)
                    {
                      const double s_a = p[0] < 0.5 ? 1.0 : -1.0;
                      const double s_b = p[1] < 0.5 ? 1.0 : -1.0;
                      const double dot = s_a * s_b * (J[0][0] * J[0][1] + J[1][0] * J[1][1]);
                      double angle = std::atan2(det, dot) * 180.0 / pi;
                      if (angle < 0)
                        angle += 360.0;
                      min_angle = std::min(min_angle, angle);
                      max_angle = std::max(max_angle, angle);
                    }
                }
              const double ratio = det_max > 0 ? det_min / det_max : (det_min < 0 ? -inf : 0.0);
              min_jacobian_ratio = std::min(min_jacobian_ratio, ratio);
              ++n_cells;
            }
      }

    const MPI_Comm comm = tria.get_communicator();
    MeshQuality quality;
    quality.n_cells = dealii::Utilities::MPI::sum(n_cells, comm);
    if (quality.n_cells == 0)
      throw std::invalid_argument("mesh_quality: the triangulation has no cells");
    quality.min_jacobian_ratio = dealii::Utilities::MPI::min(min_jacobian_ratio, comm);
    quality.max_aspect_ratio = dealii::Utilities::MPI::max(max_aspect_ratio, comm);
    quality.min_angle_deg = dealii::Utilities::MPI::min(min_angle, comm);
    quality.max_angle_deg = dealii::Utilities::MPI::max(max_angle, comm);
    return quality;
  }
}  // namespace hotdraw
