#include "postprocess/table.h"

#include "postprocess/atomic_file.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <limits>
#include <locale>
#include <sstream>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    const double nan = std::numeric_limits<double>::quiet_NaN();

    std::string trim(const std::string &s)
    {
      const auto begin = s.find_first_not_of(" \t\r");
      if (begin == std::string::npos)
        return "";
      const auto end = s.find_last_not_of(" \t\r");
      return s.substr(begin, end - begin + 1);
    }

    // Parse a whole cell as a number ("nan", "inf" and a leading '+' included). Locale-free.
    bool parse_number(const std::string &s, double &value)
    {
      if (s.empty())
        return false;
      const char *first = s.data();
      const char *last = s.data() + s.size();
      if (*first == '+')
        ++first;
      const auto [end, error] = std::from_chars(first, last, value);
      return error == std::errc() && end == last;
    }

    // Significant digits written in a number cell (for choosing the precision of a read table).
    unsigned int significant_digits(const std::string &s)
    {
      unsigned int digits = 0;
      bool leading = true;
      for (const char c : s)
        {
          if (c == 'e' || c == 'E')
            break;
          if (c < '0' || c > '9')
            continue;
          if (leading && c == '0')
            continue;
          leading = false;
          ++digits;
        }
      return digits;
    }

    // A text cell must be quoted if an unquoted reader would split it, trim it, skip it as a
    // comment or read it as a number (or as missing).
    bool needs_quotes(const std::string &text)
    {
      double dummy;
      return text.empty() || text.find_first_of(",\"\n\r") != std::string::npos ||
             text.front() == '#' || trim(text) != text || parse_number(text, dummy);
    }

    std::string quote(const std::string &text)
    {
      std::string q = "\"";
      for (const char c : text)
        {
          if (c == '"')
            q += '"';
          q += c;
        }
      return q + "\"";
    }

    struct RawCell
    {
      std::string text;
      bool quoted = false;
    };

    // Split one CSV line into cells. Quoted cells may contain commas and doubled quotes (but not
    // line breaks: the writer never produces them in names, and they are rejected here).
    std::vector<RawCell> split_csv_line(const std::string &line, const std::string &where)
    {
      std::vector<RawCell> cells;
      std::size_t i = 0;
      while (true)
        {
          RawCell cell;
          while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
          if (i < line.size() && line[i] == '"')
            {
              cell.quoted = true;
              ++i;
              bool closed = false;
              while (i < line.size())
                {
                  if (line[i] == '"')
                    {
                      if (i + 1 < line.size() && line[i + 1] == '"')
                        {
                          cell.text += '"';
                          i += 2;
                          continue;
                        }
                      ++i;
                      closed = true;
                      break;
                    }
                  cell.text += line[i++];
                }
              if (!closed)
                throw std::runtime_error(where + ": unterminated quoted cell.");
              while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
                ++i;
              if (i < line.size() && line[i] != ',')
                throw std::runtime_error(where + ": unexpected text after a quoted cell.");
            }
          else
            {
              const auto comma = line.find(',', i);
              const auto stop = comma == std::string::npos ? line.size() : comma;
              cell.text = trim(line.substr(i, stop - i));
              i = stop;
            }
          cells.push_back(cell);
          if (i >= line.size())
            break;
          ++i;  // skip the comma; a trailing comma yields a final empty cell
          if (i == line.size())
            {
              cells.push_back(RawCell());
              break;
            }
        }
      return cells;
    }
  }  // namespace

  Table::Table(unsigned int significant_digits) : digits_(significant_digits)
  {
    if (digits_ == 0 || digits_ > 17)
      throw std::invalid_argument("Table: significant digits must be in 1..17, got " +
                                  std::to_string(digits_) + ".");
  }

  void Table::declare_column(const std::string &name)
  {
    if (std::find(columns_.begin(), columns_.end(), name) == columns_.end())
      columns_.push_back(name);
  }

  void Table::add(const std::string &column, double value)
  {
    declare_column(column);
    Cell c;
    c.number = value;
    current_[column] = c;
  }

  void Table::add(const std::string &column, const std::string &text)
  {
    declare_column(column);
    Cell c;
    c.is_text = true;
    c.text = text;
    current_[column] = c;
  }

  void Table::end_row()
  {
    rows_.push_back(std::move(current_));
    lines_.push_back(0);
    current_.clear();
  }

  namespace
  {
    template <typename Row>
    const typename Row::mapped_type *find_cell(const std::vector<Row> &rows,
                                               const std::vector<std::string> &columns,
                                               std::size_t row, const std::string &column)
    {
      if (row >= rows.size())
        throw std::out_of_range("Table: row " + std::to_string(row) + " requested, the table has " +
                                std::to_string(rows.size()) + " rows.");
      if (std::find(columns.begin(), columns.end(), column) == columns.end())
        throw std::out_of_range("Table: no column '" + column + "'.");
      const auto it = rows[row].find(column);
      return it == rows[row].end() ? nullptr : &it->second;
    }
  }  // namespace

  double Table::value(std::size_t row, const std::string &column) const
  {
    const Cell *c = find_cell(rows_, columns_, row, column);
    return (c == nullptr || c->is_text) ? nan : c->number;
  }

  std::string Table::text(std::size_t row, const std::string &column) const
  {
    const Cell *c = find_cell(rows_, columns_, row, column);
    return c == nullptr ? std::string() : (c->is_text ? c->text : format(*c));
  }

  std::size_t Table::line_number(std::size_t row) const
  {
    if (row >= lines_.size())
      throw std::out_of_range("Table: row " + std::to_string(row) + " requested, the table has " +
                              std::to_string(rows_.size()) + " rows.");
    return lines_[row];
  }

  std::string Table::format(const Cell &c) const
  {
    if (c.is_text)
      return c.text;
    if (std::isnan(c.number))
      return "";  // a quantity that does not exist: an empty cell
    if (std::isinf(c.number))
      return c.number > 0 ? "inf" : "-inf";
    std::ostringstream s;
    s.imbue(std::locale::classic());
    s << std::setprecision(digits_) << c.number;
    return s.str();
  }

  void Table::write_csv(std::ostream &out) const
  {
    for (std::size_t j = 0; j < columns_.size(); ++j)
      out << (j ? "," : "") << (needs_quotes(columns_[j]) ? quote(columns_[j]) : columns_[j]);
    out << '\n';
    for (const auto &row : rows_)
      {
        for (std::size_t j = 0; j < columns_.size(); ++j)
          {
            if (j)
              out << ',';
            const auto it = row.find(columns_[j]);
            if (it == row.end())
              continue;  // missing: an empty cell
            else if (it->second.is_text)
              out << (needs_quotes(it->second.text) ? quote(it->second.text) : it->second.text);
            else
              out << format(it->second);
          }
        out << '\n';
      }
  }

  void Table::write_csv(const std::string &filename) const
  {
    AtomicFile file(filename);  // whole or not at all (postprocess/atomic_file.h)
    write_csv(file.stream());
    file.commit();
  }

  void Table::write_text(std::ostream &out, const std::vector<std::string> &columns) const
  {
    const std::vector<std::string> &chosen = columns.empty() ? columns_ : columns;
    for (const auto &name : chosen)
      if (std::find(columns_.begin(), columns_.end(), name) == columns_.end())
        throw std::out_of_range("Table: no column '" + name + "'.");

    // Cell texts first, to size the columns.
    std::vector<std::vector<std::string>> cells(rows_.size(),
                                                std::vector<std::string>(chosen.size()));
    std::vector<std::size_t> width(chosen.size());
    for (std::size_t j = 0; j < chosen.size(); ++j)
      {
        width[j] = chosen[j].size();
        for (std::size_t i = 0; i < rows_.size(); ++i)
          {
            const auto it = rows_[i].find(chosen[j]);
            cells[i][j] = it == rows_[i].end() ? "-" : format(it->second);
            width[j] = std::max(width[j], cells[i][j].size());
          }
      }
    for (std::size_t j = 0; j < chosen.size(); ++j)
      out << (j ? "  " : "") << std::setw(static_cast<int>(width[j])) << chosen[j];
    out << '\n';
    for (std::size_t i = 0; i < rows_.size(); ++i)
      {
        for (std::size_t j = 0; j < chosen.size(); ++j)
          out << (j ? "  " : "") << std::setw(static_cast<int>(width[j])) << cells[i][j];
        out << '\n';
      }
  }

  Table Table::read_csv(const std::string &filename)
  {
    std::ifstream in(filename);
    if (!in)
      throw std::runtime_error("Cannot open the table '" + filename + "' for reading.");

    std::vector<std::string> names;
    std::vector<std::vector<RawCell>> raw_rows;
    std::vector<std::size_t> raw_lines;
    bool have_header = false;
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(in, line))
      {
        ++line_no;
        if (!line.empty() && line.back() == '\r')
          line.pop_back();
        const std::string stripped = trim(line);
        if (stripped.empty() || stripped.front() == '#')
          continue;
        const std::string where = filename + ":" + std::to_string(line_no);
        std::vector<RawCell> cells = split_csv_line(line, where);
        if (!have_header)
          {
            for (const auto &c : cells)
              {
                if (c.text.empty())
                  throw std::runtime_error(where + ": empty column name in the header line.");
                if (std::find(names.begin(), names.end(), c.text) != names.end())
                  throw std::runtime_error(where + ": column '" + c.text +
                                           "' appears twice in the header line.");
                names.push_back(c.text);
              }
            have_header = true;
            continue;
          }
        if (cells.size() != names.size())
          throw std::runtime_error(where + ": this row has " + std::to_string(cells.size()) +
                                   " cells but the header has " + std::to_string(names.size()) +
                                   " columns.");
        raw_rows.push_back(std::move(cells));
        raw_lines.push_back(line_no);
      }
    if (in.bad())
      throw std::runtime_error("Reading the table '" + filename + "' failed.");
    if (!have_header)
      throw std::runtime_error(filename + ": no header line (the file has no data lines).");

    // Keep at least as many digits as the file has, so that writing the table again loses
    // nothing.
    unsigned int digits = 8;
    for (const auto &row : raw_rows)
      for (const auto &c : row)
        {
          double v;
          if (!c.quoted && parse_number(c.text, v))
            digits = std::max(digits, std::min(17u, significant_digits(c.text)));
        }

    Table table(digits);
    for (const auto &name : names)
      table.declare_column(name);
    for (std::size_t i = 0; i < raw_rows.size(); ++i)
      {
        for (std::size_t j = 0; j < names.size(); ++j)
          {
            const RawCell &c = raw_rows[i][j];
            double v;
            if (c.quoted)
              table.add(names[j], c.text);
            else if (c.text.empty())
              continue;  // missing
            else if (parse_number(c.text, v))
              table.add(names[j], v);
            else
              table.add(names[j], c.text);
          }
        table.end_row();
        table.lines_.back() = raw_lines[i];
      }
    return table;
  }
}  // namespace hotdraw
