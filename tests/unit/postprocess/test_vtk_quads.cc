// write_quads_vtu: cells given with their own copies of the points (as deal.II patches) are
// written on shared points, values and component names survive the round trip through VTK's
// reader, and bad input is refused with a message naming the problem.
#include "postprocess/vtk_check.h"
#include "postprocess/vtk_quads.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>
#include <vtkCellType.h>
#include <vtkDataArray.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkUnstructuredGrid.h>
#include <vtkXMLUnstructuredGridReader.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <stdexcept>

using namespace hotdraw;
using hotdraw::test::TempDir;

namespace
{
  // A 2 x 2 block of unit quads in (r, z), each with its own four corner points (16 points, 9
  // distinct); the corners shared between cells differ by round-off (1e-15 relative) as points
  // evaluated from two cells do. Arrays: T = 10 r + z (continuous) and the vector (r, z).
  QuadMesh block(double scale)
  {
    QuadMesh mesh;
    mesh.point_data = {{"temperature_K", {}, 1, {}}, {"velocity_m_per_s", {"r", "z"}, 2, {}}};
    for (int j = 0; j < 2; ++j)
      for (int i = 0; i < 2; ++i)
        {
          const std::size_t first = mesh.r_m.size();
          const int corners[4][2] = {{i, j}, {i + 1, j}, {i + 1, j + 1}, {i, j + 1}};
          for (const auto &c : corners)
            {
              const double wobble = (i + j) % 2 == 0 ? 1.0 : 1.0 + 1e-15;
              mesh.r_m.push_back(scale * c[0] * wobble);
              mesh.z_m.push_back(scale * c[1] * wobble);
              mesh.point_data[0].values.push_back(10.0 * c[0] + c[1]);
              mesh.point_data[1].values.insert(mesh.point_data[1].values.end(),
                                               {double(c[0]), double(c[1])});
            }
          mesh.quads.push_back({first, first + 1, first + 2, first + 3});
        }
    return mesh;
  }
}  // namespace

TEST_CASE("write_quads_vtu merges the points the cells share", "[vtk]")
{
  TempDir dir;
  const std::string file = dir.file("block.vtu");
  // the shared corner (r, z) = (1, 0) of cells 0 and 1 is not bitwise the same in the two copies
  REQUIRE(block(1e-4).r_m[1] != block(1e-4).r_m[4]);
  // metre-scale coordinates of a 100 um mesh: the tolerance is relative to the domain
  write_quads_vtu(file, block(1e-4));

  vtkNew<vtkXMLUnstructuredGridReader> reader;
  reader->SetFileName(file.c_str());
  reader->Update();
  vtkUnstructuredGrid *grid = reader->GetOutput();
  REQUIRE(grid->GetNumberOfPoints() == 9);
  REQUIRE(grid->GetNumberOfCells() == 4);
  for (vtkIdType c = 0; c < 4; ++c)
    CHECK(grid->GetCellType(c) == VTK_QUAD);
  vtkDataArray *T = grid->GetPointData()->GetArray("temperature_K");
  vtkDataArray *u = grid->GetPointData()->GetArray("velocity_m_per_s");
  REQUIRE(T != nullptr);
  REQUIRE(u != nullptr);
  CHECK(u->GetNumberOfComponents() == 2);
  CHECK(std::string(u->GetComponentName(0)) == "r");
  CHECK(std::string(u->GetComponentName(1)) == "z");
  for (vtkIdType p = 0; p < 9; ++p)
    {
      double x[3];
      grid->GetPoint(p, x);
      // every merged point keeps the values of its position
      CHECK(T->GetTuple1(p) == Approx(10.0 * x[0] / 1e-4 + x[1] / 1e-4));
      CHECK(u->GetComponent(p, 0) == Approx(x[0] / 1e-4).margin(1e-12));
      CHECK(u->GetComponent(p, 1) == Approx(x[1] / 1e-4).margin(1e-12));
    }

  const VtkFileStats stats = read_vtk_stats(file);
  CHECK(stats.n_points == 9);
  CHECK(stats.n_distinct_points == 9);
}

TEST_CASE("count_distinct_points sees the copies of points", "[vtk]")
{
  const QuadMesh mesh = block(1.0);
  std::vector<std::array<double, 3>> xyz;
  for (std::size_t i = 0; i < mesh.r_m.size(); ++i)
    xyz.push_back({mesh.r_m[i], mesh.z_m[i], 0.0});
  CHECK(count_distinct_points(xyz, 1e-9) == 9);
  // points 1e-6 apart are distinct at a tolerance of 1e-9 of the 2.8 m diagonal
  xyz.push_back({0.5, 0.5, 0.0});
  xyz.push_back({0.5 + 1e-6, 0.5, 0.0});
  CHECK(count_distinct_points(xyz, 1e-9) == 11);
  CHECK(count_distinct_points({}, 1e-9) == 0);
}

TEST_CASE("write_quads_vtu refuses inconsistent meshes", "[vtk]")
{
  TempDir dir;
  const std::string file = dir.file("bad.vtu");
  QuadMesh mesh = block(1.0);
  mesh.quads.back()[2] = 99;
  CHECK_THROWS_WITH(write_quads_vtu(file, mesh),
                    Catch::Contains("cell 3 refers to point 99 of 16"));
  mesh = block(1.0);
  mesh.point_data[1].values.pop_back();
  CHECK_THROWS_WITH(write_quads_vtu(file, mesh), Catch::Contains("the array 'velocity_m_per_s'"));
  CHECK_THROWS_AS(write_quads_vtu(file, QuadMesh{}), std::invalid_argument);
  CHECK_FALSE(std::filesystem::exists(file));
}
