#include "postprocess/vtk_quads.h"

#include "postprocess/vtk_write.h"

#include <vtkCellArray.h>
#include <vtkFloatArray.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPointLocator.h>
#include <vtkPoints.h>
#include <vtkUnstructuredGrid.h>
#include <vtkXMLUnstructuredGridWriter.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    // Merges the points xyz[i] closer than relative_tolerance times the bounding-box diagonal:
    // 'merged' receives the distinct points, the result maps every point to its merged index.
    std::vector<vtkIdType> merge_points(const std::vector<std::array<double, 3>> &xyz,
                                        double relative_tolerance, vtkPoints *merged)
    {
      double bounds[6] = {xyz[0][0], xyz[0][0], xyz[0][1], xyz[0][1], xyz[0][2], xyz[0][2]};
      for (const auto &x : xyz)
        for (int d = 0; d < 3; ++d)
          {
            bounds[2 * d] = std::min(bounds[2 * d], x[d]);
            bounds[2 * d + 1] = std::max(bounds[2 * d + 1], x[d]);
          }
      const double diagonal =
        std::hypot(bounds[1] - bounds[0], bounds[3] - bounds[2], bounds[5] - bounds[4]);
      // the locator's bounds are padded so that no point lies on their faces
      const double pad = std::max(1e-3 * diagonal, 1e-300);
      for (int d = 0; d < 3; ++d)
        {
          bounds[2 * d] -= pad;
          bounds[2 * d + 1] += pad;
        }
      vtkNew<vtkPointLocator> locator;
      locator->SetTolerance(relative_tolerance * diagonal);
      locator->InitPointInsertion(merged, bounds, static_cast<vtkIdType>(xyz.size()));
      std::vector<vtkIdType> index(xyz.size());
      for (std::size_t i = 0; i < xyz.size(); ++i)
        locator->InsertUniquePoint(xyz[i].data(), index[i]);
      return index;
    }

    void check_mesh(const QuadMesh &mesh)
    {
      const std::size_t n = mesh.r_m.size();
      if (n == 0 || mesh.quads.empty())
        throw std::invalid_argument("write_quads_vtu: the mesh has no points or no cells.");
      if (mesh.z_m.size() != n)
        throw std::invalid_argument("write_quads_vtu: " + std::to_string(n) + " r values but " +
                                    std::to_string(mesh.z_m.size()) + " z values.");
      for (std::size_t c = 0; c < mesh.quads.size(); ++c)
        for (const std::size_t p : mesh.quads[c])
          if (p >= n)
            throw std::invalid_argument("write_quads_vtu: cell " + std::to_string(c) +
                                        " refers to point " + std::to_string(p) + " of " +
                                        std::to_string(n) + ".");
      for (const auto &a : mesh.point_data)
        if (a.n_components == 0 || a.values.size() != n * a.n_components ||
            (!a.component_names.empty() && a.component_names.size() != a.n_components))
          throw std::invalid_argument(
            "write_quads_vtu: the array '" + a.name + "' has " + std::to_string(a.values.size()) +
            " values and " + std::to_string(a.component_names.size()) + " component names for " +
            std::to_string(n) + " points of " + std::to_string(a.n_components) + " components.");
    }
  }  // namespace

  void write_quads_vtu(const std::string &filename, const QuadMesh &mesh, double relative_tolerance)
  {
    check_mesh(mesh);
    vtkNew<vtkPoints> points;
    points->SetDataTypeToDouble();  // micrometre radii at metre scale need double precision
    std::vector<std::array<double, 3>> xyz(mesh.r_m.size());
    for (std::size_t i = 0; i < xyz.size(); ++i)
      xyz[i] = {mesh.r_m[i], mesh.z_m[i], 0.0};
    const std::vector<vtkIdType> index = merge_points(xyz, relative_tolerance, points);
    const vtkIdType n_points = points->GetNumberOfPoints();

    vtkNew<vtkCellArray> cells;
    cells->AllocateExact(static_cast<vtkIdType>(mesh.quads.size()),
                         4 * static_cast<vtkIdType>(mesh.quads.size()));
    for (const auto &q : mesh.quads)
      {
        const vtkIdType ids[4] = {index[q[0]], index[q[1]], index[q[2]], index[q[3]]};
        cells->InsertNextCell(4, ids);
      }
    vtkNew<vtkUnstructuredGrid> grid;
    grid->SetPoints(points);
    grid->SetCells(VTK_QUAD, cells);

    for (const auto &a : mesh.point_data)
      {
        vtkNew<vtkFloatArray> array;
        array->SetName(a.name.c_str());
        array->SetNumberOfComponents(static_cast<int>(a.n_components));
        for (std::size_t k = 0; k < a.component_names.size(); ++k)
          array->SetComponentName(static_cast<vtkIdType>(k), a.component_names[k].c_str());
        array->SetNumberOfTuples(n_points);
        // a merged point keeps the values of its first copy: write them in reverse order
        for (std::size_t i = index.size(); i-- > 0;)
          for (unsigned int k = 0; k < a.n_components; ++k)
            array->SetTypedComponent(index[i], static_cast<int>(k),
                                     static_cast<float>(a.values[i * a.n_components + k]));
        grid->GetPointData()->AddArray(array);
      }
    vtkNew<vtkXMLUnstructuredGridWriter> writer;
    write_xml_atomically(*writer, grid, filename, "the field output");
  }

  std::size_t count_distinct_points(const std::vector<std::array<double, 3>> &xyz,
                                    double relative_tolerance)
  {
    if (xyz.empty())
      return 0;
    vtkNew<vtkPoints> points;
    points->SetDataTypeToDouble();
    merge_points(xyz, relative_tolerance, points);
    return static_cast<std::size_t>(points->GetNumberOfPoints());
  }
}  // namespace hotdraw
