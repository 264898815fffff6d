// A field output on quadrilaterals in the (r, z) meridian plane written as one VTK XML
// unstructured grid (.vtu) whose cells share their points, so that ParaView's Feature Edges,
// Clean and Connectivity see one connected mesh. The cells may list their own copies of the
// points (as deal.II's patches do): points closer than a tolerance are merged. VTK is used only
// in the .cc file.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace hotdraw
{
  // One point array: n_components values per point, point by point.
  struct QuadPointArray
  {
    std::string name;
    // one name per component; empty: none (scalars need none)
    std::vector<std::string> component_names;
    unsigned int n_components = 1;
    std::vector<double> values;
  };

  struct QuadMesh
  {
    std::vector<double> r_m, z_m;                   // the points (copies allowed)
    std::vector<std::array<std::size_t, 4>> quads;  // corner points, counterclockwise in (r, z)
    std::vector<QuadPointArray> point_data;
  };

  // Writes 'mesh' as VTK_QUAD cells on points (r, z, 0) (double precision) with the point arrays
  // as Float32, in XML binary format (appended, zlib-compressed), under a temporary name renamed
  // when complete. Points closer than relative_tolerance times the diagonal of the bounding box
  // are merged into one, which keeps the values of the first of them (the arrays must be
  // continuous). Throws std::invalid_argument for an empty mesh, a corner index out of range or
  // an array whose size is not n_components values per point; std::runtime_error naming the file
  // if writing fails.
  void write_quads_vtu(const std::string &filename, const QuadMesh &mesh,
                       double relative_tolerance = 1e-9);

  // The number of distinct points among 'xyz' when points closer than relative_tolerance times
  // the bounding-box diagonal count as one.
  std::size_t count_distinct_points(const std::vector<std::array<double, 3>> &xyz,
                                    double relative_tolerance);
}  // namespace hotdraw
