// Read-back checks of VTK output: files are read through VTK's own XML readers (as ParaView reads
// them) and summarised by point/cell counts and array ranges, so that tests can verify that the
// written files are readable and physically sensible. VTK is used only in the .cc file.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace hotdraw
{
  // Range summary of one data array of a VTK file.
  struct VtkArrayStats
  {
    std::string name;
    int n_components = 0;
    std::size_t n_tuples = 0;
    // Per component, over its finite values (nan if it has none).
    std::vector<double> component_min, component_max;
    // The range used for checks: the value for scalars, the Euclidean magnitude for arrays with
    // several components (over the tuples whose components are all finite; nan if there are none).
    double min = 0, max = 0;
    bool all_finite = true;  // no nan or inf in any component
  };

  // Summary of one .vtu, .pvtu or .vtp file as VTK reads it.
  struct VtkFileStats
  {
    std::string filename;
    std::size_t n_points = 0, n_cells = 0;
    // The points that differ by more than 1e-7 times the bounding-box diagonal (Float32
    // resolution): n_points if the cells share their points, more if cells carry own copies.
    std::size_t n_distinct_points = 0;
    std::vector<VtkArrayStats> point_data, cell_data;  // in the file's order
    std::vector<std::string> warnings;                 // VTK warnings issued while reading

    // The point (or cell) data array of that name, nullptr if there is none.
    const VtkArrayStats *find_point_data(const std::string &name) const;
    const VtkArrayStats *find_cell_data(const std::string &name) const;
  };

  // One <DataSet> entry of a ParaView collection (.pvd).
  struct PvdDataSet
  {
    std::string file;                // resolved against the .pvd's directory
    std::optional<double> timestep;  // absent if the entry has no timestep attribute
  };

  // The data sets a .pvd lists, in file order. VTK has no .pvd reader class: the XML is parsed by
  // vtkXMLDataParser. Throws std::runtime_error naming the file if it is missing, is not valid
  // XML, is not a VTKFile of type "Collection" or has a DataSet without a file attribute.
  std::vector<PvdDataSet> read_pvd(const std::string &filename);

  // Reads a .pvtu (vtkXMLPUnstructuredGridReader), .vtu (vtkXMLUnstructuredGridReader) or .vtp
  // (vtkXMLPolyDataReader) file, chosen by its extension, and summarises it. Throws
  // std::runtime_error naming the file if it is missing, has another extension, cannot be read
  // (any VTK reader error counts) or has no points.
  VtkFileStats read_vtk_stats(const std::string &filename);
}  // namespace hotdraw
