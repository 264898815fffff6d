// Column tables written as CSV: a header line of column names that carry their units
// (draw_force_N, diameter_um), then one row per record. Numbers are written with a fixed number
// of significant digits so that numdiff can compare them; text cells are allowed (case names).
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace hotdraw
{
  class Table
  {
  public:
    explicit Table(unsigned int significant_digits = 8);

    // Declare columns in order (optional: add() creates missing columns at the end).
    void declare_column(const std::string &name);
    // Set a cell of the current row.
    void add(const std::string &column, double value);
    void add(const std::string &column, const std::string &text);
    // Finish the current row. Missing cells (and NaN) are written as empty cells: a quantity
    // that does not exist for a row is never written as a number.
    void end_row();

    std::size_t n_rows() const { return rows_.size(); }
    const std::vector<std::string> &columns() const { return columns_; }
    // Numeric value of a cell (nan for text or missing).
    double value(std::size_t row, const std::string &column) const;
    std::string text(std::size_t row, const std::string &column) const;

    void write_csv(std::ostream &out) const;
    void write_csv(const std::string &filename) const;  // throws std::runtime_error on failure
    // Human-readable aligned table of the chosen columns (all if empty).
    void write_text(std::ostream &out, const std::vector<std::string> &columns = {}) const;

    // Read a CSV written by write_csv (or by a user: '#' comment lines allowed).
    static Table read_csv(const std::string &filename);
    // Line of the source file a row was read from (1-based; 0 for rows built with end_row()), so
    // that readers of tables can name file:line in their own error messages.
    std::size_t line_number(std::size_t row) const;

  private:
    struct Cell
    {
      bool is_text = false;
      double number = 0;
      std::string text;
    };
    std::string format(const Cell &c) const;
    unsigned int digits_;
    std::vector<std::string> columns_;
    std::vector<std::map<std::string, Cell>> rows_;
    std::vector<std::size_t> lines_;  // parallel to rows_
    std::map<std::string, Cell> current_;
  };
}  // namespace hotdraw
