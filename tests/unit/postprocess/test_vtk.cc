// VTK output and read-back: write_paths_vtp round trip through VTK's readers, the range summary
// (scalars, vector magnitudes, non-finite values), .pvd/.pvtu reading and the error messages.
#include "postprocess/vtk_check.h"
#include "postprocess/vtk_paths.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>
#include <vtkCell.h>
#include <vtkCellType.h>
#include <vtkNew.h>
#include <vtkPolyData.h>
#include <vtkXMLPolyDataReader.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>

using namespace hotdraw;
using hotdraw::test::TempDir;

namespace
{
  // Three paths of 4, 2 and 5 points with two point arrays and two cell arrays. Each value is
  // exactly representable, so that ranges can be compared exactly.
  std::vector<PathPolyline> three_paths()
  {
    std::vector<PathPolyline> paths(3);
    paths[0].r_m = {0.5e-3, 0.4e-3, 0.3e-3, 0.25e-3};
    paths[0].z_m = {-0.04, 0.0, 0.02, 0.08};
    paths[0].point_data = {{"temperature_K", {560, 670, 640.5, 300}}, {"time_s", {0, 10, 20, 30}}};
    paths[0].cell_data = {{"mass_flux_m3_per_s", 1e-10}, {"seed_radius_m", 0.5e-3}};

    paths[1].r_m = {0.25e-3, 0.1e-3};
    paths[1].z_m = {-0.04, 0.08};
    paths[1].point_data = {{"temperature_K", {560, 298.25}}, {"time_s", {0, 42.5}}};
    paths[1].cell_data = {{"mass_flux_m3_per_s", 2e-10}, {"seed_radius_m", 0.25e-3}};

    paths[2].r_m = {0, 0, 0, 0, 0};
    paths[2].z_m = {-0.04, -0.01, 0.02, 0.05, 0.08};
    paths[2].point_data = {{"temperature_K", {560, 680.75, 650, 400, 310}},
                           {"time_s", {0, 5, 10, 15, 20}}};
    paths[2].cell_data = {{"mass_flux_m3_per_s", 3e-10}, {"seed_radius_m", 0}};
    return paths;
  }

  std::vector<std::string> names(const std::vector<VtkArrayStats> &arrays)
  {
    std::vector<std::string> n;
    for (const auto &a : arrays)
      n.push_back(a.name);
    return n;
  }

  // A small ASCII .vtu (one triangle) with a scalar and a 3-component vector array.
  const char *const triangle_vtu = R"(<?xml version="1.0"?>
<VTKFile type="UnstructuredGrid" version="0.1" byte_order="LittleEndian">
  <UnstructuredGrid>
    <Piece NumberOfPoints="3" NumberOfCells="1">
      <PointData>
        <DataArray type="Float64" Name="pressure_Pa" format="ascii">-2.5 0 7</DataArray>
        <DataArray type="Float64" Name="velocity_m_per_s" NumberOfComponents="3" format="ascii">
          3 4 0   0 0 -2   -1 0 0
        </DataArray>
      </PointData>
      <Points>
        <DataArray type="Float64" NumberOfComponents="3" format="ascii">
          0 0 0   1 0 0   0 1 0
        </DataArray>
      </Points>
      <Cells>
        <DataArray type="Int64" Name="connectivity" format="ascii">0 1 2</DataArray>
        <DataArray type="Int64" Name="offsets" format="ascii">3</DataArray>
        <DataArray type="UInt8" Name="types" format="ascii">5</DataArray>
      </Cells>
    </Piece>
  </UnstructuredGrid>
</VTKFile>
)";

  // A .pvtu with the one piece 'piece' (relative to the .pvtu).
  std::string triangle_pvtu(const std::string &piece)
  {
    return R"(<?xml version="1.0"?>
<VTKFile type="PUnstructuredGrid" version="0.1" byte_order="LittleEndian">
  <PUnstructuredGrid GhostLevel="0">
    <PPointData>
      <PDataArray type="Float64" Name="pressure_Pa"/>
      <PDataArray type="Float64" Name="velocity_m_per_s" NumberOfComponents="3"/>
    </PPointData>
    <PPoints>
      <PDataArray type="Float64" NumberOfComponents="3"/>
    </PPoints>
    <Piece Source=")" +
           piece + R"("/>
  </PUnstructuredGrid>
</VTKFile>
)";
  }
}  // namespace

TEST_CASE("write_paths_vtp round trip through VTK's poly data reader", "[vtk]")
{
  TempDir dir;
  const std::string file = dir.file("paths.vtp");
  write_paths_vtp(file, three_paths());

  const VtkFileStats stats = read_vtk_stats(file);
  CHECK(stats.filename == file);
  CHECK(stats.n_points == 11);
  CHECK(stats.n_cells == 3);
  CHECK(stats.warnings.empty());
  CHECK(names(stats.point_data) == std::vector<std::string>{"temperature_K", "time_s"});
  CHECK(names(stats.cell_data) == std::vector<std::string>{"mass_flux_m3_per_s", "seed_radius_m"});

  const VtkArrayStats *T = stats.find_point_data("temperature_K");
  REQUIRE(T != nullptr);
  CHECK(T->n_components == 1);
  CHECK(T->n_tuples == 11);
  CHECK(T->all_finite);
  CHECK(T->min == 298.25);
  CHECK(T->max == 680.75);
  CHECK(T->component_min == std::vector<double>{298.25});
  CHECK(T->component_max == std::vector<double>{680.75});
  const VtkArrayStats *t = stats.find_point_data("time_s");
  REQUIRE(t != nullptr);
  CHECK(t->min == 0);
  CHECK(t->max == 42.5);

  const VtkArrayStats *flux = stats.find_cell_data("mass_flux_m3_per_s");
  REQUIRE(flux != nullptr);
  CHECK(flux->n_tuples == 3);
  CHECK(flux->min == 1e-10);  // written as Float64: exact
  CHECK(flux->max == 3e-10);
  const VtkArrayStats *seed = stats.find_cell_data("seed_radius_m");
  REQUIRE(seed != nullptr);
  CHECK(seed->min == 0);
  CHECK(seed->max == 0.5e-3);
  CHECK(stats.find_point_data("mass_flux_m3_per_s") == nullptr);  // cell data only
  CHECK(stats.find_cell_data("no_such_array") == nullptr);

  // The file format asked for: appended raw binary, zlib-compressed, Float64 arrays.
  const std::string text = hotdraw::test::read_file(file);
  CHECK(text.find("compressor=\"vtkZLibDataCompressor\"") != std::string::npos);
  CHECK(text.find("<AppendedData encoding=\"raw\">") != std::string::npos);
  CHECK(text.find("type=\"Float64\" Name=\"temperature_K\"") != std::string::npos);
  CHECK(text.find("type=\"Float64\" Name=\"mass_flux_m3_per_s\"") != std::string::npos);

  // Geometry and cells, read with VTK directly: points at (r, z, 0), one line cell per path in
  // order (VTK reports a two-point line as VTK_LINE).
  vtkNew<vtkXMLPolyDataReader> reader;
  reader->SetFileName(file.c_str());
  reader->Update();
  vtkPolyData *poly = reader->GetOutput();
  REQUIRE(poly->GetNumberOfLines() == 3);
  CHECK(poly->GetCellType(0) == VTK_POLY_LINE);
  CHECK(poly->GetCellType(1) == VTK_LINE);
  CHECK(poly->GetCellType(2) == VTK_POLY_LINE);
  CHECK(poly->GetCell(0)->GetNumberOfPoints() == 4);
  CHECK(poly->GetCell(1)->GetNumberOfPoints() == 2);
  CHECK(poly->GetCell(2)->GetNumberOfPoints() == 5);
  double x[3];
  poly->GetPoint(4, x);  // first point of path 1
  CHECK(x[0] == 0.25e-3);
  CHECK(x[1] == -0.04);
  CHECK(x[2] == 0);
  CHECK(poly->GetCell(2)->GetPointId(0) == 6);
}

TEST_CASE("The range summary skips non-finite values and flags them", "[vtk]")
{
  TempDir dir;
  const std::string file = dir.file("nan.vtp");
  auto paths = three_paths();
  paths[1].point_data[0].second[1] = std::numeric_limits<double>::quiet_NaN();  // was the min
  paths[2].point_data[1].second[4] = std::numeric_limits<double>::infinity();
  write_paths_vtp(file, paths);

  const VtkFileStats stats = read_vtk_stats(file);
  const VtkArrayStats *T = stats.find_point_data("temperature_K");
  REQUIRE(T != nullptr);
  CHECK_FALSE(T->all_finite);
  CHECK(T->min == 300);  // over the finite values
  CHECK(T->max == 680.75);
  const VtkArrayStats *t = stats.find_point_data("time_s");
  REQUIRE(t != nullptr);
  CHECK_FALSE(t->all_finite);
  CHECK(t->max == 42.5);
  CHECK(stats.find_cell_data("seed_radius_m")->all_finite);
}

TEST_CASE("Vector arrays are summarised by components and magnitude; .pvtu and .pvd", "[vtk]")
{
  TempDir dir;
  std::filesystem::create_directories(dir.file("steps"));
  hotdraw::test::write_file(dir.file("steps/triangle.0.vtu"), triangle_vtu);
  hotdraw::test::write_file(dir.file("steps/triangle.pvtu"), triangle_pvtu("triangle.0.vtu"));

  for (const std::string name : {"steps/triangle.0.vtu", "steps/triangle.pvtu"})
    {
      INFO(name);
      const VtkFileStats stats = read_vtk_stats(dir.file(name));
      CHECK(stats.n_points == 3);
      CHECK(stats.n_cells == 1);
      CHECK(names(stats.point_data) == std::vector<std::string>{"pressure_Pa", "velocity_m_per_s"});
      const VtkArrayStats *p = stats.find_point_data("pressure_Pa");
      REQUIRE(p != nullptr);
      CHECK(p->min == -2.5);
      CHECK(p->max == 7);
      const VtkArrayStats *v = stats.find_point_data("velocity_m_per_s");
      REQUIRE(v != nullptr);
      CHECK(v->n_components == 3);
      CHECK(v->n_tuples == 3);
      CHECK(v->all_finite);
      CHECK(v->component_min == std::vector<double>{-1, 0, -2});
      CHECK(v->component_max == std::vector<double>{3, 4, 0});
      CHECK(v->min == 1);  // magnitudes 5, 2, 1
      CHECK(v->max == 5);
    }

  // The collection: files resolved against its directory, timesteps optional.
  hotdraw::test::write_file(dir.file("series.pvd"), R"(<?xml version="1.0"?>
<VTKFile type="Collection" version="0.1" ByteOrder="LittleEndian">
  <Collection>
    <DataSet timestep="0" group="" part="0" file="steps/triangle.pvtu"/>
    <DataSet timestep="2.5" group="" part="0" file="steps/triangle.0.vtu"/>
    <DataSet file="paths.vtp"/>
  </Collection>
</VTKFile>
)");
  const auto data_sets = read_pvd(dir.file("series.pvd"));
  REQUIRE(data_sets.size() == 3);
  CHECK(data_sets[0].file == dir.file("steps/triangle.pvtu"));
  CHECK(data_sets[1].file == dir.file("steps/triangle.0.vtu"));
  CHECK(data_sets[2].file == dir.file("paths.vtp"));
  REQUIRE(data_sets[0].timestep.has_value());
  CHECK(*data_sets[0].timestep == 0);
  REQUIRE(data_sets[1].timestep.has_value());
  CHECK(*data_sets[1].timestep == 2.5);
  CHECK_FALSE(data_sets[2].timestep.has_value());
  CHECK(read_vtk_stats(data_sets[0].file).n_points == 3);
}

TEST_CASE("write_paths_vtp rejects paths with different array layouts", "[vtk]")
{
  TempDir dir;
  const std::string file = dir.file("bad.vtp");

  SECTION("a point array renamed")
  {
    auto paths = three_paths();
    paths[1].point_data[1].first = "age_s";
    CHECK_THROWS_AS(write_paths_vtp(file, paths), std::invalid_argument);
    CHECK_THROWS_WITH(write_paths_vtp(file, paths), Catch::Contains("path 1") &&
                                                      Catch::Contains("'age_s'") &&
                                                      Catch::Contains("'time_s'"));
  }
  SECTION("point arrays in another order")
  {
    auto paths = three_paths();
    std::swap(paths[2].point_data[0], paths[2].point_data[1]);
    CHECK_THROWS_WITH(write_paths_vtp(file, paths),
                      Catch::Contains("path 2") && Catch::Contains("'time_s'"));
  }
  SECTION("a cell array missing")
  {
    auto paths = three_paths();
    paths[2].cell_data.pop_back();
    CHECK_THROWS_AS(write_paths_vtp(file, paths), std::invalid_argument);
    CHECK_THROWS_WITH(write_paths_vtp(file, paths),
                      Catch::Contains("path 2") && Catch::Contains("'seed_radius_m'"));
  }
  SECTION("an extra cell array")
  {
    auto paths = three_paths();
    paths[1].cell_data.push_back({"extra", 1.0});
    CHECK_THROWS_WITH(write_paths_vtp(file, paths),
                      Catch::Contains("path 1") && Catch::Contains("'extra'"));
  }
  SECTION("a point array with too few values")
  {
    auto paths = three_paths();
    paths[2].point_data[0].second.pop_back();
    CHECK_THROWS_AS(write_paths_vtp(file, paths), std::invalid_argument);
    CHECK_THROWS_WITH(write_paths_vtp(file, paths),
                      Catch::Contains("path 2") && Catch::Contains("'temperature_K'"));
  }
  SECTION("r and z of different lengths")
  {
    auto paths = three_paths();
    paths[0].z_m.pop_back();
    CHECK_THROWS_WITH(write_paths_vtp(file, paths), Catch::Contains("path 0"));
  }
  SECTION("no paths, or a path without points")
  {
    CHECK_THROWS_AS(write_paths_vtp(file, {}), std::invalid_argument);
    auto paths = three_paths();
    paths[1].r_m.clear();
    paths[1].z_m.clear();
    for (auto &a : paths[1].point_data)
      a.second.clear();
    CHECK_THROWS_WITH(write_paths_vtp(file, paths), Catch::Contains("path 1"));
  }
  CHECK_FALSE(std::filesystem::exists(file));
}

TEST_CASE("VTK write and read failures become std::runtime_error naming the file", "[vtk]")
{
  TempDir dir;

  const std::string unwritable = dir.file("no_such_dir/paths.vtp");
  CHECK_THROWS_AS(write_paths_vtp(unwritable, three_paths()), std::runtime_error);
  CHECK_THROWS_WITH(write_paths_vtp(unwritable, three_paths()), Catch::Contains(unwritable));

  const std::string missing = dir.file("missing.vtu");
  CHECK_THROWS_AS(read_vtk_stats(missing), std::runtime_error);
  CHECK_THROWS_WITH(read_vtk_stats(missing), Catch::Contains(missing));
  CHECK_THROWS_WITH(read_pvd(dir.file("missing.pvd")), Catch::Contains(dir.file("missing.pvd")));

  // A valid file cut in half: the XML is incomplete.
  const std::string good = dir.file("paths.vtp");
  write_paths_vtp(good, three_paths());
  const std::string text = hotdraw::test::read_file(good);
  const std::string truncated = dir.file("truncated.vtp");
  hotdraw::test::write_file(truncated, text.substr(0, text.size() / 2));
  CHECK_THROWS_AS(read_vtk_stats(truncated), std::runtime_error);
  CHECK_THROWS_WITH(read_vtk_stats(truncated), Catch::Contains(truncated));

  // Not VTK at all, and the wrong kind of VTK file for the extension.
  const std::string garbage = dir.file("garbage.vtp");
  hotdraw::test::write_file(garbage, "this is not a VTK file\n");
  CHECK_THROWS_WITH(read_vtk_stats(garbage), Catch::Contains(garbage));
  const std::string wrong_kind = dir.file("paths.vtu");
  hotdraw::test::write_file(wrong_kind, text);
  CHECK_THROWS_WITH(read_vtk_stats(wrong_kind),
                    Catch::Contains(wrong_kind) && Catch::Contains("unstructured grid"));
  const std::string other = dir.file("paths.csv");
  hotdraw::test::write_file(other, text);
  CHECK_THROWS_WITH(read_vtk_stats(other), Catch::Contains(".csv"));

  // A parallel file whose piece is missing.
  const std::string pvtu = dir.file("lonely.pvtu");
  hotdraw::test::write_file(pvtu, triangle_pvtu("lonely.0.vtu"));
  CHECK_THROWS_AS(read_vtk_stats(pvtu), std::runtime_error);
  CHECK_THROWS_WITH(read_vtk_stats(pvtu), Catch::Contains(pvtu));
  // A parallel file whose piece is corrupt: the message names the piece.
  hotdraw::test::write_file(dir.file("lonely.0.vtu"), std::string(triangle_vtu).substr(0, 300));
  CHECK_THROWS_WITH(read_vtk_stats(pvtu), Catch::Contains(pvtu) && Catch::Contains("lonely.0.vtu"));

  // A collection that is not valid XML, and one that is not a collection.
  const std::string bad_pvd = dir.file("bad.pvd");
  hotdraw::test::write_file(bad_pvd, "<VTKFile type=\"Collection\"><Collection><DataSet file=\"a");
  CHECK_THROWS_AS(read_pvd(bad_pvd), std::runtime_error);
  CHECK_THROWS_WITH(read_pvd(bad_pvd), Catch::Contains(bad_pvd));
  CHECK_THROWS_WITH(read_pvd(good), Catch::Contains(good) && Catch::Contains("Collection"));
}
