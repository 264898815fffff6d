// write_plot(): a real PNG when gnuplot is there, a clear 'false' otherwise or when it fails.
#include "postprocess/plot.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>

using namespace hotdraw;
using hotdraw::test::TempDir;

namespace
{
  PlotSpec two_panel_spec()
  {
    PlotSpec spec;
    spec.title = "hotdraw test plot: it's a 'quoted' title";
    spec.columns = 2;
    spec.width_px = 800;
    spec.height_px = 400;

    Panel left;
    left.title = "modulus reduction";
    left.x_label = "diameter_um";
    left.y_label = "reduction_percent";
    left.log_x = true;
    Series model;
    model.title = "model";
    for (int i = 0; i < 20; ++i)
      {
        model.x.push_back(50 + 100 * i);
        model.y.push_back(30 * std::exp(-i / 5.0));
      }
    Series measured;
    measured.title = "measured";
    measured.points = true;
    measured.x = {60};
    measured.y = {26};
    measured.y_error = {2};
    measured.style = "lc rgb '#d62728'";
    Series band;
    band.title = "5-95 % band";
    band.x = {50, 150, 250};
    band.y = {20, 15, 10};
    band.y_high = {40, 30, 20};
    left.series = {band, model, measured};

    Panel right;
    right.title = "draw force";
    right.x_label = "time_s";
    right.y_label = "draw_force_N";
    right.log_y = true;
    Series force;
    force.title = "force with a gap";
    force.style = "dt 2 lw 1";
    for (int i = 0; i < 10; ++i)
      {
        force.x.push_back(i);
        force.y.push_back(i == 4 ? std::numeric_limits<double>::quiet_NaN() : 1.0 + i * i);
      }
    right.series = {force};

    spec.panels = {left, right};
    return spec;
  }
}  // namespace

TEST_CASE("write_plot writes a PNG, or says why not", "[plot]")
{
  TempDir dir;
  const std::string png = dir.file("test plot.png");  // a space in the name on purpose
  std::string message;
  const bool ok = write_plot(two_panel_spec(), png, message);
  INFO(message);

  // Script and data are written either way.
  const std::string script = hotdraw::test::read_file(png + ".gp");
  const std::string data = hotdraw::test::read_file(png + ".dat");
  CHECK(script.find("set multiplot layout 1,2") != std::string::npos);
  CHECK(script.find("set logscale x") != std::string::npos);
  CHECK(script.find("set logscale y") != std::string::npos);
  CHECK(script.find("with yerrorbars") != std::string::npos);
  CHECK(script.find("with linespoints") != std::string::npos);
  CHECK(script.find("lc rgb '#d62728'") != std::string::npos);
  CHECK(script.find("it''s a ''quoted'' title") != std::string::npos);
  CHECK(script.find("index 3") != std::string::npos);
  CHECK(script.find("with filledcurves") != std::string::npos);
  CHECK(data.find("150 15 30\n") != std::string::npos);
  // Four data blocks, separated by two blank lines each.
  std::size_t separators = 0;
  for (auto pos = data.find("\n\n\n"); pos != std::string::npos; pos = data.find("\n\n\n", pos + 3))
    ++separators;
  CHECK(separators == 3);
  CHECK(data.find("60 26 2\n") != std::string::npos);

  if (plotting_available())
    {
      REQUIRE(ok);
      REQUIRE(std::filesystem::exists(png));
      CHECK(std::filesystem::file_size(png) > 1000);
      const std::string bytes = hotdraw::test::read_file(png);
      REQUIRE(bytes.size() >= 8);
      CHECK(bytes.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
    }
  else
    {
      CHECK_FALSE(ok);
      CHECK(message.find("gnuplot") != std::string::npos);
      CHECK_FALSE(std::filesystem::exists(png));
    }
}

TEST_CASE("write_plot returns false instead of throwing when gnuplot fails", "[plot]")
{
  TempDir dir;
  PlotSpec spec = two_panel_spec();
  spec.panels[1].series[0].style = "this_is_not_a_gnuplot_option 3";
  const std::string png = dir.file("broken.png");
  std::string message;
  bool ok = true;
  REQUIRE_NOTHROW(ok = write_plot(spec, png, message));
  INFO(message);
  CHECK_FALSE(ok);
  CHECK(message.find("gnuplot") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(png));

  // An output directory that does not exist.
  ok = true;
  REQUIRE_NOTHROW(ok = write_plot(two_panel_spec(), dir.file("no/such/dir/x.png"), message));
  CHECK_FALSE(ok);
  CHECK(message.find("Cannot write") != std::string::npos);
}

TEST_CASE("write_plot rejects an inconsistent plot description", "[plot]")
{
  TempDir dir;
  std::string message;
  PlotSpec spec = two_panel_spec();
  spec.panels[0].series[0].y.pop_back();
  CHECK_THROWS_AS(write_plot(spec, dir.file("x.png"), message), std::invalid_argument);
  CHECK_THROWS_AS(write_plot(PlotSpec(), dir.file("x.png"), message), std::invalid_argument);
  spec = two_panel_spec();
  spec.panels[0].series[0].y_high.pop_back();  // a band with an edge too few
  CHECK_THROWS_AS(write_plot(spec, dir.file("x.png"), message), std::invalid_argument);
}
