#include "materials/parameters.h"

#include "materials/registry.h"

#include <deal.II/base/utilities.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <limits>
#include <sstream>

namespace hotdraw
{

  std::string to_string(double value, int digits)
  {
    std::ostringstream s;
    s << std::setprecision(digits) << value;
    return s.str();
  }

  namespace
  {
    std::string trim(const std::string &s)
    {
      const auto b = s.find_first_not_of(" \t\r\n");
      if (b == std::string::npos)
        return "";
      const auto e = s.find_last_not_of(" \t\r\n");
      return s.substr(b, e - b + 1);
    }

    // Collapse runs of blanks to one space, as deal.II does for entry names.
    std::string normalise(const std::string &s)
    {
      std::string out;
      bool blank = false;
      for (char c : trim(s))
        {
          if (c == ' ' || c == '\t')
            {
              if (!blank)
                out += ' ';
              blank = true;
            }
          else
            {
              out += c;
              blank = false;
            }
        }
      return out;
    }

    std::size_t edit_distance(const std::string &a, const std::string &b)
    {
      std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
      for (std::size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
      for (std::size_t i = 1; i <= a.size(); ++i)
        {
          cur[0] = i;
          for (std::size_t j = 1; j <= b.size(); ++j)
            {
              const bool same = std::tolower(a[i - 1]) == std::tolower(b[j - 1]);
              cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
            }
          std::swap(prev, cur);
        }
      return prev[b.size()];
    }

    std::string join_path(const std::vector<std::string> &path)
    {
      std::string s;
      for (const auto &p : path)
        s += (s.empty() ? "" : "/") + p;
      return s;
    }

    std::string section_label(const std::string &section)
    {
      return section.empty() ? "at the top level" : "in section '" + section + "'";
    }

    std::string best_match(const std::string &word, const std::vector<std::string> &candidates)
    {
      std::string best;
      std::size_t best_d = std::numeric_limits<std::size_t>::max();
      for (const auto &c : candidates)
        {
          const auto d = edit_distance(word, c);
          if (d < best_d)
            {
              best_d = d;
              best = c;
            }
        }
      if (best_d <= std::max<std::size_t>(3, word.size() / 3))
        return best;
      return "";
    }
  }  // namespace

  // ------------------------------------------------------------------------------------------
  KeywordOrDouble::KeywordOrDouble(const std::string &keyword, double min, double max)
    : keyword_(keyword), min_(min), max_(max)
  {}

  bool KeywordOrDouble::match(const std::string &s) const
  {
    const std::string t = trim(s);
    if (t == keyword_)
      return true;
    std::istringstream in(t);
    double v;
    in >> v;
    if (in.fail())
      return false;
    std::string rest;
    in >> rest;
    if (!rest.empty())
      return false;
    return std::isfinite(v) && v >= min_ && v <= max_;
  }

  std::string KeywordOrDouble::description(const OutputStyle) const
  {
    return "[Double " + to_string(min_) + "..." + to_string(max_) + " (inclusive) or '" + keyword_ +
           "']";
  }

  std::unique_ptr<dealii::Patterns::PatternBase> KeywordOrDouble::clone() const
  {
    return std::make_unique<KeywordOrDouble>(keyword_, min_, max_);
  }

  dealii::Patterns::List double_list(double min, double max, unsigned int min_n, unsigned int max_n)
  {
    return dealii::Patterns::List(dealii::Patterns::Double(min, max), min_n, max_n, ",");
  }

  // ------------------------------------------------------------------------------------------
  ParameterSet::ParameterSet() = default;

  void ParameterSet::enter_subsection(const std::string &name)
  {
    path_.push_back(name);
    prm_.enter_subsection(name);
  }

  void ParameterSet::leave_subsection()
  {
    if (path_.empty())
      throw std::logic_error("ParameterSet::leave_subsection() at top level");
    path_.pop_back();
    prm_.leave_subsection();
  }

  std::string ParameterSet::current_section() const
  {
    return join_path(path_);
  }

  std::set<std::string> ParameterSet::entries_never_read() const
  {
    std::set<std::string> unread;
    for (const auto &e : entries_)
      {
        const std::string key = e.section.empty() ? e.name : e.section + "/" + e.name;
        if (read_.count(key) == 0)
          unread.insert(key);
      }
    return unread;
  }

  // ------------------------------------------------------------------------------------------
  Section::Section(ParameterSet &prm, const std::string &path) : prm_(prm)
  {
    if (path.empty())
      return;
    for (const auto &part : dealii::Utilities::split_string_list(path, '/'))
      {
        prm_.enter_subsection(part);
        ++depth_;
      }
  }

  Section::~Section()
  {
    for (; depth_ > 0; --depth_)
      prm_.leave_subsection();
  }

  std::string ParameterSet::full_name(const std::string &name) const
  {
    const std::string s = current_section();
    return s.empty() ? name : s + "/" + name;
  }

  void ParameterSet::declare(const std::string &name, const std::string &default_value,
                             const dealii::Patterns::PatternBase &pattern,
                             const std::string &documentation, const std::string &unit)
  {
    if (!pattern.match(default_value))
      throw std::logic_error("default '" + default_value + "' of parameter '" + full_name(name) +
                             "' does not match its own pattern " + pattern.description());
    const std::string section = current_section();
    if (const Entry *e = find_entry(section, name))
      {
        // Declaring the same entry twice (e.g. two plugins sharing a section) is allowed only if
        // the declarations agree.
        if (e->default_value != default_value || e->unit != unit)
          throw std::logic_error("parameter '" + full_name(name) + "' declared twice differently");
        return;
      }
    std::string doc = documentation;
    if (!unit.empty())
      doc += " [unit: " + unit + "]";
    prm_.declare_entry(name, default_value, pattern, doc);
    entries_.push_back(Entry{section, name, default_value,
                             pattern.description(dealii::Patterns::PatternBase::Text), unit,
                             documentation});
  }

  const ParameterSet::Entry *ParameterSet::find_entry(const std::string &section,
                                                      const std::string &name) const
  {
    for (const auto &e : entries_)
      if (e.section == section && e.name == name)
        return &e;
    return nullptr;
  }

  bool ParameterSet::section_declared(const std::string &section) const
  {
    for (const auto &e : entries_)
      if (e.section == section || e.section.rfind(section + "/", 0) == 0)
        return true;
    return false;
  }

  void ParameterSet::parse_file(const std::string &filename)
  {
    std::ifstream in(filename);
    if (!in)
      throw InputError("Cannot open parameter file '" + filename + "'.");
    std::stringstream buffer;
    buffer << in.rdbuf();
    parse_string(buffer.str(), filename);
  }

  void ParameterSet::parse_string(const std::string &text, const std::string &source_name)
  {
    // Our own pass over the file first: it knows the section of every line and can say exactly
    // what is wrong. deal.II then receives only values that are known to be valid.
    if (!path_.empty())
      throw std::logic_error("ParameterSet::parse_string() must be called at top level");

    std::istringstream in(text);
    std::string raw;
    unsigned int line_no = 0;
    std::vector<std::string> path;
    std::vector<unsigned int> open_lines;
    struct Assignment
    {
      std::vector<std::string> path;
      std::string name, value;
    };
    std::vector<Assignment> assignments;
    std::vector<std::string> seen;

    auto where = [&](unsigned int l) { return source_name + ":" + std::to_string(l) + ": "; };

    std::string pending;
    unsigned int pending_start = 0;
    while (std::getline(in, raw))
      {
        ++line_no;
        // strip comments
        const auto hash = raw.find('#');
        std::string line = (hash == std::string::npos) ? raw : raw.substr(0, hash);
        // continuation lines
        std::string t = trim(line);
        if (!t.empty() && t.back() == '\\')
          {
            if (pending.empty())
              pending_start = line_no;
            pending += t.substr(0, t.size() - 1) + " ";
            continue;
          }
        unsigned int l = line_no;
        if (!pending.empty())
          {
            t = trim(pending + t);
            l = pending_start;
            pending.clear();
          }
        if (t.empty())
          continue;

        std::istringstream words(t);
        std::string command;
        words >> command;
        if (command == "subsection")
          {
            std::string name = normalise(t.substr(std::string("subsection").size()));
            std::vector<std::string> p = path;
            p.push_back(name);
            if (!section_declared(join_path(p)))
              {
                std::vector<std::string> known;
                const std::string here = join_path(path);
                for (const auto &e : entries_)
                  {
                    if (here.empty() || e.section.rfind(here + "/", 0) == 0)
                      {
                        std::string rest =
                          here.empty() ? e.section : e.section.substr(here.size() + 1);
                        rest = rest.substr(0, rest.find('/'));
                        if (!rest.empty() &&
                            std::find(known.begin(), known.end(), rest) == known.end())
                          known.push_back(rest);
                      }
                  }
                std::string msg =
                  where(l) + "unknown section '" + name + "' " + section_label(here) + ".";
                const std::string guess = best_match(name, known);
                if (!guess.empty())
                  msg += " Did you mean '" + guess + "'?";
                msg += " Sections allowed here:";
                for (const auto &k : known)
                  msg += " '" + k + "'";
                throw InputError(msg + ".");
              }
            path = p;
            open_lines.push_back(l);
          }
        else if (command == "end")
          {
            if (path.empty())
              throw InputError(where(l) + "'end' without a matching 'subsection'.");
            path.pop_back();
            open_lines.pop_back();
          }
        else if (command == "set")
          {
            const std::string rest = t.substr(3);
            const auto eq = rest.find('=');
            if (eq == std::string::npos)
              throw InputError(where(l) + "expected 'set <name> = <value>', got '" + t + "'.");
            const std::string name = normalise(rest.substr(0, eq));
            const std::string value = trim(rest.substr(eq + 1));
            const std::string section = join_path(path);
            const Entry *e = find_entry(section, name);
            if (e == nullptr)
              {
                std::vector<std::string> known;
                for (const auto &x : entries_)
                  if (x.section == section)
                    known.push_back(x.name);
                std::string msg =
                  where(l) + "unknown parameter '" + name + "' " + section_label(section) + ".";
                const std::string guess = best_match(name, known);
                if (!guess.empty())
                  msg += " Did you mean '" + guess + "'?";
                if (!known.empty())
                  {
                    msg += " Parameters allowed here:";
                    for (const auto &k : known)
                      msg += " '" + k + "'";
                    msg += ".";
                  }
                msg += " (hotdraw --print-parameters lists them all.)";
                throw InputError(msg);
              }
            const std::string key = section + "/" + name;
            if (std::find(seen.begin(), seen.end(), key) != seen.end())
              throw InputError(where(l) + "parameter '" + (section.empty() ? name : key) +
                               "' is set more than once.");
            seen.push_back(key);
            assignments.push_back({path, name, value});
          }
        else if (command == "include")
          {
            throw InputError(where(l) + "'include' is not supported; put all parameters in one "
                                        "file.");
          }
        else
          {
            throw InputError(where(l) + "expected 'subsection', 'set' or 'end', got '" + command +
                             "'.");
          }
      }
    if (!pending.empty())
      throw InputError(source_name + ": the file ends inside a continued line ('\\').");
    if (!path.empty())
      throw InputError(source_name + ":" + std::to_string(open_lines.back()) + ": subsection '" +
                       join_path(path) + "' is never closed with 'end'.");

    // Apply the values. ParameterHandler::set() checks the pattern; turn its assertion into our
    // message (the pattern description is in our table).
    for (const auto &a : assignments)
      {
        for (const auto &p : a.path)
          prm_.enter_subsection(p);
        try
          {
            prm_.set(a.name, a.value);
          }
        catch (...)
          {
            for (std::size_t i = 0; i < a.path.size(); ++i)
              prm_.leave_subsection();
            const std::string section = join_path(a.path);
            const Entry *e = find_entry(section, a.name);
            throw InputError(source_name + ": parameter '" +
                             (section.empty() ? a.name : section + "/" + a.name) + "' = '" +
                             a.value + "' is not allowed. Allowed: " + e->allowed +
                             (e->unit.empty() ? "" : ", in " + e->unit) + ".");
          }
        for (std::size_t i = 0; i < a.path.size(); ++i)
          prm_.leave_subsection();
        explicitly_set_.push_back(join_path(a.path) + "/" + a.name);
      }
  }

  void ParameterSet::mark_read(const std::string &name) const
  {
    read_.insert(full_name(name));
  }

  std::string ParameterSet::get(const std::string &name) const
  {
    mark_read(name);
    return const_cast<dealii::ParameterHandler &>(prm_).get(name);
  }

  double ParameterSet::get_double(const std::string &name) const
  {
    mark_read(name);
    return const_cast<dealii::ParameterHandler &>(prm_).get_double(name);
  }

  long ParameterSet::get_integer(const std::string &name) const
  {
    mark_read(name);
    return const_cast<dealii::ParameterHandler &>(prm_).get_integer(name);
  }

  bool ParameterSet::get_bool(const std::string &name) const
  {
    mark_read(name);
    return const_cast<dealii::ParameterHandler &>(prm_).get_bool(name);
  }

  std::vector<double> ParameterSet::get_double_list(const std::string &name) const
  {
    const std::string s = get(name);
    std::vector<double> out;
    for (const auto &w : dealii::Utilities::split_string_list(s, ','))
      if (!trim(w).empty())
        out.push_back(dealii::Utilities::string_to_double(trim(w)));
    return out;
  }

  std::vector<std::string> ParameterSet::get_string_list(const std::string &name) const
  {
    std::vector<std::string> out;
    for (const auto &w : dealii::Utilities::split_string_list(get(name), ','))
      if (!trim(w).empty())
        out.push_back(trim(w));
    return out;
  }

  double ParameterSet::get_keyword_or_double(const std::string &name, const std::string &keyword,
                                             double fallback) const
  {
    const std::string s = trim(get(name));
    if (s == keyword)
      return fallback;
    return dealii::Utilities::string_to_double(s);
  }

  bool ParameterSet::declared(const std::string &path) const
  {
    const auto slash = path.rfind('/');
    const std::string section = slash == std::string::npos ? "" : path.substr(0, slash);
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    return find_entry(section, name) != nullptr;
  }

  void ParameterSet::set(const std::string &path, const std::string &value)
  {
    if (!path_.empty())
      throw std::logic_error("ParameterSet::set() must be called at top level");
    if (!declared(path))
      throw InputError("Parameter '" + path +
                       "' does not exist. Allowed: the path of a "
                       "parameter as --print-parameters lists it, e.g. 'Material/Emissivity'.");
    const auto slash = path.rfind('/');
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    Section section(*this, slash == std::string::npos ? "" : path.substr(0, slash));
    const Entry *e = find_entry(current_section(), name);
    try
      {
        prm_.set(name, value);
      }
    catch (const std::exception &)
      {
        throw InputError("Parameter '" + path + "' = '" + value +
                         "': the value does not match the parameter. Allowed: " + e->allowed + ".");
      }
  }

  std::string ParameterSet::unit_of(const std::string &path) const
  {
    const auto slash = path.rfind('/');
    const Entry *e = find_entry(slash == std::string::npos ? "" : path.substr(0, slash),
                                slash == std::string::npos ? path : path.substr(slash + 1));
    return e ? e->unit : std::string();
  }

  void ParameterSet::set(const std::string &path, const double value)
  {
    std::ostringstream s;
    s.imbue(std::locale::classic());
    s << std::setprecision(17) << value;
    set(path, s.str());
  }

  bool ParameterSet::was_set(const std::string &name) const
  {
    const std::string key = current_section() + "/" + name;
    return std::find(explicitly_set_.begin(), explicitly_set_.end(), key) != explicitly_set_.end();
  }

  void ParameterSet::fail(const std::string &name, const std::string &value,
                          const std::string &problem, const std::string &allowed) const
  {
    throw InputError("Parameter '" + full_name(name) + "' = '" + value + "': " + problem +
                     ". Allowed: " + allowed + ".");
  }

  void ParameterSet::fail(const std::string &name, double value, const std::string &problem,
                          const std::string &allowed) const
  {
    fail(name, to_string(value), problem, allowed);
  }

  void ParameterSet::print_documentation(std::ostream &out) const
  {
    std::string last_section = "\x01";
    for (const auto &e : entries_)
      {
        if (e.section != last_section)
          {
            out << "\n[" << (e.section.empty() ? "top level" : e.section) << "]\n";
            last_section = e.section;
          }
        out << "  " << e.name << "\n"
            << "      default: " << (e.default_value.empty() ? "(empty)" : e.default_value) << "\n"
            << "      unit:    " << (e.unit.empty() ? "-" : e.unit) << "\n"
            << "      allowed: " << e.allowed << "\n";
        // wrap documentation at ~96 columns
        std::istringstream words(e.documentation);
        std::string word, line = "      ";
        while (words >> word)
          {
            if (line.size() + word.size() > 96)
              {
                out << line << "\n";
                line = "      ";
              }
            line += word + " ";
          }
        if (trim(line).size() > 0)
          out << line << "\n";
      }
  }

  void ParameterSet::print_resolved(std::ostream &out) const
  {
    const_cast<dealii::ParameterHandler &>(prm_).print_parameters(out,
                                                                  dealii::ParameterHandler::PRM);
  }
}  // namespace hotdraw
