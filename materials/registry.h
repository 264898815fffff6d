// One registration pattern for every run-time choice of hotdraw: rheology laws, structural-state
// models, convection models, property mappings, free-surface updates and accelerations,
// feasibility checks and postprocessors.
//
// A choice of a given kind is a class that implements the kind's interface and provides
//   static void declare_parameters(ParameterSet &prm);          (optional: its own parameters)
//   static std::unique_ptr<Interface> create(ParameterSet &prm, Args... args);
// and registers itself by name in its own .cc file, with one line:
//   HOTDRAW_REGISTER(rheology_models, Eyring, "Eyring", "one-line summary for the docs");
// The kind's registry (a function returning Registry<Interface, Args...> &, defined once in the
// kind's .cc file) then
//   - declares a selection parameter (e.g. 'Model') whose allowed values and documentation list
//     every registered name, and one subsection per choice with parameters, named like the
//     choice with a capital first letter ('free volume' -> subsection 'Free volume');
//   - creates the chosen one, inside its subsection, from the parsed file.
// So a new choice is one new file: --print-parameters, the parameter documentation and the tests
// that loop over a registry pick it up with no other edit (docs/extending.md).
//
// The libraries are shared libraries, so every registration in them runs when they are loaded.
#pragma once

#include "materials/parameters.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace hotdraw
{
  // RAII guard for a parameter subsection: enters 'path' (components separated by '/') on
  // construction and leaves it on destruction, also when a parse throws.
  class Section
  {
  public:
    Section(ParameterSet &prm, const std::string &path);
    ~Section();
    Section(const Section &) = delete;
    Section &operator=(const Section &) = delete;

  private:
    ParameterSet &prm_;
    unsigned int depth_ = 0;
  };

  namespace internal
  {
    template <class C, class = void>
    struct has_declare_parameters : std::false_type
    {};
    template <class C>
    struct has_declare_parameters<C, std::void_t<decltype(&C::declare_parameters)>> : std::true_type
    {};
  }  // namespace internal

  template <class Interface, class... Args>
  class Registry
  {
  public:
    using Declare = std::function<void(ParameterSet &)>;
    using Create = std::function<std::unique_ptr<Interface>(ParameterSet &, Args...)>;

    struct Entry
    {
      std::string name;
      std::string summary;  // one line, for the documentation of the selection parameter
      Declare declare;      // empty: no parameters (no subsection is declared)
      Create create;
    };

    // 'kind' names the kind in messages ("rheology model").
    explicit Registry(std::string kind) : kind_(std::move(kind)) {}

    // Register a choice; a name may be registered only once.
    bool add(const std::string &name, const std::string &summary, Declare declare, Create create)
    {
      for (const auto &e : entries_)
        if (e.name == name)
          throw std::logic_error("hotdraw: the " + kind_ + " '" + name + "' is registered twice");
      entries_.push_back({name, summary, std::move(declare), std::move(create)});
      std::sort(entries_.begin(), entries_.end(),
                [](const Entry &a, const Entry &b) { return a.name < b.name; });
      return true;
    }

    // Register class C (see the top of this file).
    template <class C>
    bool add(const std::string &name, const std::string &summary)
    {
      Declare declare;
      if constexpr (internal::has_declare_parameters<C>::value)
        declare = [](ParameterSet &prm) { C::declare_parameters(prm); };
      return add(name, summary, declare,
                 [](ParameterSet &prm, Args... args) -> std::unique_ptr<Interface> {
                   return C::create(prm, args...);
                 });
    }

    const std::vector<Entry> &entries() const { return entries_; }
    std::vector<std::string> names() const
    {
      std::vector<std::string> n;
      for (const auto &e : entries_)
        n.push_back(e.name);
      return n;
    }
    bool contains(const std::string &name) const { return find(name) != nullptr; }

    // The subsection of a choice's parameters: its name with a capital first letter.
    static std::string section_of(const std::string &name)
    {
      std::string s = name;
      if (!s.empty() && s[0] >= 'a' && s[0] <= 'z')
        s[0] = static_cast<char>(s[0] - 'a' + 'A');
      return s;
    }
    const std::string &kind() const { return kind_; }

    // "a|b|c", for a Patterns::Selection.
    std::string selection() const
    {
      std::string s;
      for (const auto &e : entries_)
        s += (s.empty() ? "" : "|") + e.name;
      return s;
    }

    // Declares parameter 'parameter' (a selection of the registered names, default
    // 'default_name') with 'documentation' followed by every choice's summary, and one
    // subsection (section_of(name)) for every choice that has parameters.
    void declare_parameters(ParameterSet &prm, const std::string &parameter,
                            const std::string &default_name, const std::string &documentation) const
    {
      if (!contains(default_name))
        throw std::logic_error("hotdraw: the default " + kind_ + " '" + default_name +
                               "' is not registered");
      std::string doc = documentation + " Choices:";
      for (const auto &e : entries_)
        doc += " '" + e.name + "': " + e.summary + ";";
      doc.back() = '.';
      prm.declare(parameter, default_name, dealii::Patterns::Selection(selection()), doc);
      for (const auto &e : entries_)
        if (e.declare)
          {
            Section s(prm, section_of(e.name));
            e.declare(prm);
          }
    }

    // Creates the choice named by 'parameter', inside its subsection if it has one.
    std::unique_ptr<Interface> create(ParameterSet &prm, const std::string &parameter,
                                      Args... args) const
    {
      const std::string name = prm.get(parameter);
      return create_named(prm, name, parameter, args...);
    }

    // Creates the choice 'name' (e.g. chosen by code, not by a parameter).
    std::unique_ptr<Interface> create_named(ParameterSet &prm, const std::string &name,
                                            const std::string &parameter, Args... args) const
    {
      const Entry *e = find(name);
      if (e == nullptr)
        prm.fail(parameter, name, "no " + kind_ + " of this name is registered",
                 "one of " + selection());
      if (!e->declare)
        return e->create(prm, args...);
      Section s(prm, section_of(e->name));
      return e->create(prm, args...);
    }

  private:
    const Entry *find(const std::string &name) const
    {
      for (const auto &e : entries_)
        if (e.name == name)
          return &e;
      return nullptr;
    }

    std::string kind_;
    std::vector<Entry> entries_;
  };
}  // namespace hotdraw

// Registers class 'Class' under 'name' in the registry returned by the function 'registry'
// (evaluated at load time of the library that contains the line).
#define HOTDRAW_REGISTER(registry, Class, name, summary)     \
  namespace                                                  \
  {                                                          \
    [[maybe_unused]] const bool hotdraw_registered_##Class = \
      registry().template add<Class>(name, summary);         \
  }
