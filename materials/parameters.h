// Parameter handling for hotdraw: a thin layer over dealii::ParameterHandler that
//  - records a unit for every parameter (printed by --print-parameters),
//  - validates an input file itself before handing it to deal.II, so that an unknown key, an
//    unknown section or a value out of range produces a message naming the file and line, the
//    section, the parameter, the value and what is allowed,
//  - throws InputError (never aborts) for every bad input, including inconsistent combinations
//    found later by the models' parse_parameters() through fail().
//
// Models own their parameters: each has static declare_parameters(ParameterSet &) and
// parse_parameters(ParameterSet &), called inside its section.
#pragma once

#include "solver/numerics/errors.h"

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/patterns.h>

#include <memory>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace hotdraw
{
  // Pattern "a number in [min, max], or a keyword": used for values that default to something
  // computed ("auto") or to the material preset ("preset") but can be overridden by a number.
  class KeywordOrDouble : public dealii::Patterns::PatternBase
  {
  public:
    KeywordOrDouble(const std::string &keyword, double min, double max);
    bool match(const std::string &s) const override;
    std::string description(const OutputStyle style = Machine) const override;
    std::unique_ptr<dealii::Patterns::PatternBase> clone() const override;

  private:
    std::string keyword_;
    double min_, max_;
  };

  inline KeywordOrDouble PresetOrDouble(double min, double max)
  {
    return KeywordOrDouble("preset", min, max);
  }

  // Pattern for a comma-separated list of doubles, each in [min, max], with at least min_n and at
  // most max_n entries.
  dealii::Patterns::List double_list(double min, double max, unsigned int min_n = 1,
                                     unsigned int max_n = 1000);

  class ParameterSet
  {
  public:
    struct Entry
    {
      std::string section;  // "A/B", empty at top level
      std::string name;
      std::string default_value;
      std::string allowed;  // pattern description
      std::string unit;
      std::string documentation;
    };

    ParameterSet();

    // --- declaration ---------------------------------------------------------------------------
    void enter_subsection(const std::string &name);
    void leave_subsection();
    void declare(const std::string &name, const std::string &default_value,
                 const dealii::Patterns::PatternBase &pattern, const std::string &documentation,
                 const std::string &unit = "");

    // --- input ---------------------------------------------------------------------------------
    // Validate and read a parameter file. Throws InputError naming file:line, section, parameter,
    // value and allowed values. Every 'set' must name a declared parameter, every 'subsection' a
    // declared section, and a parameter may be set only once.
    void parse_file(const std::string &filename);
    void parse_string(const std::string &text, const std::string &source_name = "<input>");

    // --- access (inside the current section) ----------------------------------------------------
    std::string get(const std::string &name) const;
    double get_double(const std::string &name) const;
    long get_integer(const std::string &name) const;
    bool get_bool(const std::string &name) const;
    std::vector<double> get_double_list(const std::string &name) const;
    std::vector<std::string> get_string_list(const std::string &name) const;
    // For KeywordOrDouble entries: the given number, or 'fallback' if the entry is the keyword.
    double get_keyword_or_double(const std::string &name, const std::string &keyword,
                                 double fallback) const;
    double get_preset_or_double(const std::string &name, double preset_value) const
    {
      return get_keyword_or_double(name, "preset", preset_value);
    }
    // Was the entry given explicitly in the input (not left at its default)?
    bool was_set(const std::string &name) const;

    // Replace the value of the entry at 'path' ("Section/Subsection/Name", from the top level)
    // after parsing, e.g. for a sample of an uncertainty study. Throws InputError naming the
    // path if no such entry is declared or the value does not match its pattern.
    void set(const std::string &path, const std::string &value);
    // The same with a number, written with all 17 significant digits (it reads back exactly).
    void set(const std::string &path, double value);
    // Is 'path' ("Section/Name") a declared entry?
    bool declared(const std::string &path) const;
    // The unit declared for the entry at 'path' (empty if it has none or does not exist).
    std::string unit_of(const std::string &path) const;

    // Throw an InputError for an inconsistent or unusable value of a parameter in the current
    // section: "Parameter 'Section/Name' = 'value': <problem>. Allowed: <allowed>."
    [[noreturn]] void fail(const std::string &name, const std::string &value,
                           const std::string &problem, const std::string &allowed) const;
    [[noreturn]] void fail(const std::string &name, double value, const std::string &problem,
                           const std::string &allowed) const;

    std::string current_section() const;

    // --- output --------------------------------------------------------------------------------
    // Every parameter with section, default, allowed values, unit and documentation.
    void print_documentation(std::ostream &out) const;
    // The fully resolved parameter set in .prm syntax (defaults included), loadable again.
    void print_resolved(std::ostream &out) const;

    const std::vector<Entry> &entries() const { return entries_; }
    // Entries ("section/name") that no get*() has read since the set was declared: a parse
    // that forgets a declared parameter shows up here (tests/unit/solver/test_parameters.cc).
    std::set<std::string> entries_never_read() const;
    dealii::ParameterHandler &handler() { return prm_; }

  private:
    const Entry *find_entry(const std::string &section, const std::string &name) const;
    bool section_declared(const std::string &section) const;
    std::string full_name(const std::string &name) const;
    void mark_read(const std::string &name) const;

    dealii::ParameterHandler prm_;
    std::vector<std::string> path_;
    std::vector<Entry> entries_;
    std::vector<std::string> explicitly_set_;  // "section/name"
    mutable std::set<std::string> read_;       // "section/name" of every entry read
  };

  // Format a number for messages (shortest round-trip-ish representation).
  std::string to_string(double value, int digits = 10);
}  // namespace hotdraw
