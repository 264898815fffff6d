// Material paths (polylines in the (r, z) meridian plane) written as a VTK XML PolyData file
// (.vtp) for ParaView, next to the deal.II flow output. VTK is used only in the .cc file.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace hotdraw
{
  // One material path (a polyline in the (r, z) meridian plane) with per-point data.
  struct PathPolyline
  {
    std::vector<double> r_m, z_m;  // point coordinates (m)
    // name -> one value per point
    std::vector<std::pair<std::string, std::vector<double>>> point_data;
    // name -> one value per path (e.g. "mass_flux_m3_per_s", "seed_radius_m")
    std::vector<std::pair<std::string, double>> cell_data;
  };

  // Writes all paths as one vtkPolyData (one VTK_POLY_LINE cell per path, points at (r, z, 0)
  // like deal.II's 2-D output) in XML binary format (appended, zlib-compressed) with
  // vtkXMLPolyDataWriter; every array is a vtkDoubleArray.
  // Every path must carry the same point_data and cell_data names in the same order, have at
  // least one point and one value per point in each point array; otherwise (and for an empty list
  // of paths) throws std::invalid_argument naming the path index and the array.
  // Throws std::runtime_error with the file name if writing fails.
  void write_paths_vtp(const std::string &filename, const std::vector<PathPolyline> &paths);
}  // namespace hotdraw
