#include "postprocess/vtk_paths.h"

#include "postprocess/vtk_write.h"

#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkXMLPolyDataWriter.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    std::string path_name(std::size_t i)
    {
      return "write_paths_vtp: path " + std::to_string(i);
    }

    // The array names of 'path' must be those of 'first', in the same order. 'kind' is "point"
    // or "cell"; the element type is the (name, data) pair of the respective list.
    template <typename Entry>
    void check_same_names(const std::vector<Entry> &first, const std::vector<Entry> &path,
                          std::size_t index, const std::string &kind)
    {
      for (std::size_t k = 0; k < std::max(first.size(), path.size()); ++k)
        {
          if (k >= path.size())
            throw std::invalid_argument(path_name(index) + " lacks the " + kind + " array '" +
                                        first[k].first + "' that path 0 has.");
          if (k >= first.size())
            throw std::invalid_argument(path_name(index) + " has the " + kind + " array '" +
                                        path[k].first + "' that path 0 does not have.");
          if (path[k].first != first[k].first)
            throw std::invalid_argument(path_name(index) + " has the " + kind + " array '" +
                                        path[k].first + "' at position " + std::to_string(k) +
                                        " where path 0 has '" + first[k].first +
                                        "' (all paths need the same arrays in the same order).");
        }
    }

    template <typename Entry>
    void check_names_unique(const std::vector<Entry> &arrays, const std::string &kind)
    {
      std::set<std::string> seen;
      for (const auto &a : arrays)
        {
          if (a.first.empty())
            throw std::invalid_argument(path_name(0) + " has a " + kind + " array without a name.");
          if (!seen.insert(a.first).second)
            throw std::invalid_argument(path_name(0) + " has the " + kind + " array '" + a.first +
                                        "' twice.");
        }
    }

    void validate(const std::vector<PathPolyline> &paths)
    {
      if (paths.empty())
        throw std::invalid_argument("write_paths_vtp: no paths to write.");
      check_names_unique(paths[0].point_data, "point");
      check_names_unique(paths[0].cell_data, "cell");
      for (std::size_t i = 0; i < paths.size(); ++i)
        {
          const PathPolyline &p = paths[i];
          if (p.r_m.size() != p.z_m.size())
            throw std::invalid_argument(path_name(i) + " has " + std::to_string(p.r_m.size()) +
                                        " r values but " + std::to_string(p.z_m.size()) +
                                        " z values.");
          if (p.r_m.empty())
            throw std::invalid_argument(path_name(i) + " has no points.");
          check_same_names(paths[0].point_data, p.point_data, i, "point");
          check_same_names(paths[0].cell_data, p.cell_data, i, "cell");
          for (const auto &[name, values] : p.point_data)
            if (values.size() != p.r_m.size())
              throw std::invalid_argument(path_name(i) + ": the point array '" + name + "' has " +
                                          std::to_string(values.size()) + " values for " +
                                          std::to_string(p.r_m.size()) + " points.");
        }
    }
  }  // namespace

  void write_paths_vtp(const std::string &filename, const std::vector<PathPolyline> &paths)
  {
    validate(paths);

    vtkIdType n_points = 0;
    for (const auto &p : paths)
      n_points += static_cast<vtkIdType>(p.r_m.size());

    vtkNew<vtkPoints> points;
    points->SetDataTypeToDouble();  // micrometre radii at metre scale need double precision
    points->SetNumberOfPoints(n_points);
    vtkNew<vtkCellArray> lines;
    lines->AllocateExact(static_cast<vtkIdType>(paths.size()), n_points);

    const auto make_array = [](const std::string &name, vtkIdType n_tuples) {
      vtkNew<vtkDoubleArray> a;
      a->SetName(name.c_str());
      a->SetNumberOfComponents(1);
      a->SetNumberOfTuples(n_tuples);
      return a;
    };
    std::vector<vtkNew<vtkDoubleArray>> point_arrays, cell_arrays;
    for (const auto &entry : paths[0].point_data)
      point_arrays.push_back(make_array(entry.first, n_points));
    for (const auto &entry : paths[0].cell_data)
      cell_arrays.push_back(make_array(entry.first, static_cast<vtkIdType>(paths.size())));

    vtkIdType next = 0;
    for (std::size_t i = 0; i < paths.size(); ++i)
      {
        const PathPolyline &p = paths[i];
        const vtkIdType first = next;
        lines->InsertNextCell(static_cast<int>(p.r_m.size()));
        for (std::size_t j = 0; j < p.r_m.size(); ++j, ++next)
          {
            points->SetPoint(next, p.r_m[j], p.z_m[j], 0.0);
            lines->InsertCellPoint(next);
          }
        for (std::size_t k = 0; k < p.point_data.size(); ++k)
          for (std::size_t j = 0; j < p.r_m.size(); ++j)
            point_arrays[k]->SetValue(first + static_cast<vtkIdType>(j), p.point_data[k].second[j]);
        for (std::size_t k = 0; k < p.cell_data.size(); ++k)
          cell_arrays[k]->SetValue(static_cast<vtkIdType>(i), p.cell_data[k].second);
      }

    vtkNew<vtkPolyData> poly;
    poly->SetPoints(points);
    poly->SetLines(lines);  // n-point line cells are VTK_POLY_LINE (VTK_LINE for two points)
    for (auto &a : point_arrays)
      poly->GetPointData()->AddArray(a);
    for (auto &a : cell_arrays)
      poly->GetCellData()->AddArray(a);

    vtkNew<vtkXMLPolyDataWriter> writer;
    write_xml_atomically(*writer, poly, filename, "the material paths");
  }
}  // namespace hotdraw
