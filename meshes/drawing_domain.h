// The two-dimensional drawing domain: the rod -> neck -> wire control volume of the
// axisymmetric (r, z) flow and heat solvers.
//
// Coordinates: Point<2>(r, z), i.e. x = r (radial, r >= 0) and y = z (axial, the drawing
// direction). The domain is z_start <= z <= z_end, 0 <= r <= R(z). The planar (plane-strain,
// sheet drawing) mode uses the same mesh with x = the half-thickness coordinate.
//
//  - BoundaryId:            the fixed boundary ids every mesh of hotdraw carries.
//  - DrawingDomainSpec:     the description of a structured mesh: cell boundaries along z, the
//                           radius at each of them, the number and grading of the radial cells.
//                           from_profile() builds one from a radius profile R(z).
//  - make_drawing_domain(): the structured quadrilateral coarse mesh of a spec (serial or
//                           parallel::distributed triangulation).
//  - read_gmsh_domain():    import of a Gmsh mesh, checked against the boundary-id convention.
//  - mesh_quality():        inversion and distortion measures, reduced over MPI.
#pragma once

#include <deal.II/base/types.h>
#include <deal.II/grid/tria.h>

#include <string>
#include <vector>

namespace dealii
{
  template <int dim, int spacedim>
  class Mapping;
}

namespace hotdraw
{
  // Boundary ids of the drawing domain. Every mesh generated or imported by hotdraw carries
  // exactly these four ids on its boundary faces.
  namespace BoundaryId
  {
    // z = z_start: the feed end, where the rod enters the control volume.
    constexpr dealii::types::boundary_id inlet = 0;
    // z = z_end: the take-up end, where the wire leaves the control volume.
    constexpr dealii::types::boundary_id outlet = 1;
    // r = 0: the symmetry axis (the symmetry plane in the planar mode).
    constexpr dealii::types::boundary_id axis = 2;
    // r = R(z): the free surface of the rod, neck and wire.
    constexpr dealii::types::boundary_id free_surface = 3;
  }  // namespace BoundaryId

  // A structured mesh of the drawing domain with (z_nodes.size() - 1) x n_radial_cells cells.
  // Node (i, j) sits at z = z_nodes[i], r = eta_j * radius[i], with 0 = eta_0 < ... < eta_n = 1.
  struct DrawingDomainSpec
  {
    // Cell boundaries along z (m), strictly increasing; the first is z_start, the last z_end.
    std::vector<double> z_nodes;
    // Free-surface radius R (m) at each z node; every value > 0.
    std::vector<double> radius;
    // Number of cells across the radius, >= 1.
    unsigned int n_radial_cells = 4;
    // Radial grading: the size of the innermost (axis) cell divided by the size of the
    // outermost (free-surface) cell, > 0. 1 gives uniform cells; > 1 makes the cells shrink
    // geometrically towards the free surface (thermal and shear boundary layers); < 1 makes them
    // shrink towards the axis.
    double radial_grading = 1.0;

    // A spec for the radius profile R(z) given at the nodes z_profile (strictly increasing,
    // R > 0; for instance the thin-filament solution). The n_axial_cells cells along z
    // equidistribute the arc length of the curve (xi, ln R), where xi(z) = int dz / R(z) is the
    // axial position measured in local radii:
    //   ds^2 = (dz / R)^2 + (d ln R / 0.1)^2,
    // i.e. a 10 % change of the radius weighs as much as an axial step of one local radius.
    // The ln R part concentrates cells in the neck, where the radius changes fast (it bounds the
    // radius change across a cell, hence the Jacobian ratio). The xi part makes the axial cell
    // size follow the local radius, so that the aspect ratio stays bounded from the rod (large R)
    // into the thin wire (small R); with ln R alone against z the wire's cells would be long and
    // thin, worse than on a uniform z grid. A fifth of the cells is spread uniformly in z as a
    // floor. R at the new nodes is the linear interpolant of the profile.
    // neck_share > 0 rescales the xi part so that it carries (1 - neck_share) / neck_share times
    // the arc length of the ln R part: a long, thin wire downstream of the neck (hundreds of
    // radii) would otherwise take almost all cells away from the neck, where the flow needs
    // them; the frozen wire is in plug flow and tolerates long cells. neck_share <= 0 keeps the
    // plain (xi, ln R) arc length.
    // Throws std::invalid_argument for an unusable profile.
    static DrawingDomainSpec from_profile(const std::vector<double> &z_profile,
                                          const std::vector<double> &radius_profile,
                                          unsigned int n_axial_cells, unsigned int n_radial_cells,
                                          double radial_grading = 1.0, double neck_share = 0.0);

    // The radial node positions eta_0 = 0 < ... < eta_n = 1 for n_radial_cells and
    // radial_grading.
    std::vector<double> radial_fractions() const;

    // Throws std::invalid_argument naming the first problem: fewer than two z nodes, a radius
    // count different from the z-node count, z not strictly increasing, a radius that is not
    // positive and finite, n_radial_cells = 0, or radial_grading not positive and finite.
    void check() const;
  };

  // Fill the empty triangulation 'tria' (a dealii::Triangulation<2> or a
  // dealii::parallel::distributed::Triangulation<2>) with the structured coarse mesh of 'spec'
  // and set the boundary ids of BoundaryId. Only straight edges: attach a manifold or use a
  // higher-order mapping if the free surface should be curved between the nodes.
  // Throws std::invalid_argument if the spec fails DrawingDomainSpec::check() or if 'tria' is
  // not empty.
  void make_drawing_domain(dealii::Triangulation<2> &tria, const DrawingDomainSpec &spec);

  // Read the Gmsh mesh 'filename' into the empty triangulation 'tria' (ASCII .msh read by
  // deal.II's GridIn::read_msh from a stream, quadrilateral cells; format 2.2 is the tested
  // one). deal.II takes a boundary face's id from the physical tag of its line element and a
  // cell's material id from the physical tag of the cell; boundary lines without an element
  // get id 0. The MSH format defines physical tag 0 as "no tag", so a .geo script should leave the
  // inlet out of the physical groups (it then gets id 0) and put the outlet, axis and free
  // surface into Physical Line(1), (2) and (3).
  // The mesh is then checked against the convention above. InputError (materials/parameters.h)
  // is thrown, naming the file and the problems, and 'tria' is left empty, if: the file cannot
  // be opened or read, or holds no cells or triangles; a boundary face has an id other than 0..3;
  // one of the four boundaries is missing; a vertex has r < 0; an axis face is not at r = 0; an
  // inlet face is not at the minimum z or an outlet face not at the maximum z; a free-surface face
  // lies on the axis. The geometric tolerance is 1e-8 times the larger side of the bounding box.
  // Throws std::invalid_argument if 'tria' is not empty.
  void read_gmsh_domain(dealii::Triangulation<2> &tria, const std::string &filename);

  // Shape measures of a mesh, over the locally owned cells of all MPI ranks.
  struct MeshQuality
  {
    // min over the cells of (min det J / max det J) over the cell's sample points. 1 for
    // parallelograms, > 0 if no cell is inverted, <= 0 for an inverted or folded cell.
    double min_jacobian_ratio = 0;
    // max over the cells and sample points of sigma_max(J) / sigma_min(J), the ratio of the
    // singular values of the Jacobian: the side ratio for a rectangle, larger for a sheared
    // cell, +infinity for a degenerate one.
    double max_aspect_ratio = 0;
    // Interior angles (degrees) at the cell corners, between the mapped edge tangents; 90 for
    // rectangles, > 180 at the reflex corner of a folded cell.
    double min_angle_deg = 0;
    double max_angle_deg = 0;
    // Number of cells that were measured (locally owned active cells, summed over ranks).
    unsigned int n_cells = 0;
  };

  // The quality of the active cells of 'tria' under 'mapping'. The Jacobian is sampled at the
  // 3 x 3 Gauss-Lobatto points of each cell (corners, edge midpoints, centre); for the bilinear
  // mapping (MappingQ1) det J is bilinear, so its extremes lie at the corners and are exact.
  // On a parallel triangulation only the locally owned cells are measured and the results are
  // reduced over its communicator; every rank gets the same values. Collective on that
  // communicator. Throws std::invalid_argument if the triangulation has no cells.
  MeshQuality mesh_quality(const dealii::Triangulation<2> &tria,
                           const dealii::Mapping<2, 2> &mapping);
}  // namespace hotdraw
