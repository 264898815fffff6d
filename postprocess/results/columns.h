// Output columns declared once: every CSV a run writes is made from one list of column
// descriptors (name with its unit, a one-line description, a getter). A getter returns an empty
// cell where the quantity does not exist for a row; an optional column is written only if some
// row has a value in it. The README's column lists are checked against these descriptors
// (tests/unit/solver/test_columns.cc), and `hotdraw --print-columns` prints them.
#pragma once

#include "postprocess/table.h"
#include "solver/wire_record.h"

#include <functional>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

namespace hotdraw
{
  // One cell: missing, a number or a text.
  using Cell = std::variant<std::monostate, double, std::string>;

  template <class Row>
  struct Column
  {
    std::string name;         // with its unit: draw_force_N
    std::string description;  // one line, for the README and --print-columns
    std::function<Cell(const Row &)> get;
    bool optional = false;  // written only if some row has a value
  };

  // Write 'rows' into 'table' through 'columns' (the columns in this order, then the rows).
  template <class Row>
  void fill_table(Table &table, const std::vector<Column<Row>> &columns,
                  const std::vector<const Row *> &rows)
  {
    std::vector<const Column<Row> *> present;
    for (const auto &c : columns)
      {
        bool any = !c.optional;
        for (std::size_t i = 0; !any && i < rows.size(); ++i)
          any = !std::holds_alternative<std::monostate>(c.get(*rows[i]));
        if (any)
          {
            present.push_back(&c);
            table.declare_column(c.name);
          }
      }
    for (const Row *row : rows)
      {
        for (const auto *c : present)
          {
            const Cell cell = c->get(*row);
            if (const double *x = std::get_if<double>(&cell))
              table.add(c->name, *x);
            else if (const std::string *s = std::get_if<std::string>(&cell))
              table.add(c->name, *s);
          }
        table.end_row();
      }
  }

  // sweep.csv: one row per wire (and the reference rod).
  const std::vector<Column<WireRecord>> &sweep_columns();

  // The sweep.csv columns that carry uncertainty bands (solver/studies/uncertainty.h); each has
  // the optional columns <name>_p05, <name>_p50 and <name>_p95.
  const std::vector<std::string> &banded_columns();

  // The number in sweep.csv column 'name' for 'record' (NaN for an empty cell); throws
  // std::invalid_argument for a column that does not exist or holds text.
  double sweep_value(const std::string &name, const WireRecord &record);

  // fe_<d>um/radial_profile.csv: one row per material path at the outlet.
  struct RadialRow
  {
    const PathResult *path = nullptr;
    double wire_radius_m = 0;
    Predictions local;  // the path's state at its radius through both mappings
  };
  const std::vector<Column<RadialRow>> &radial_profile_columns();

  // profile_<d>um.csv: one row per node of the thin-filament axial profile.
  struct AxialRow
  {
    const FilamentProfile *profile = nullptr;
    std::size_t node = 0;
  };
  const std::vector<Column<AxialRow>> &axial_profile_columns();

  // Markdown tables (| column | description |) of the three lists, for the README.
  void print_columns(std::ostream &out);
}  // namespace hotdraw
