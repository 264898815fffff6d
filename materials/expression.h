// Function expressions from the parameter file (muparser through dealii::FunctionParser), e.g.
// furnace wall and gas temperature profiles T_w(z, t), or a heat-transfer coefficient h(z, t).
//
// Variables: a comma-separated list of one or two space coordinates ("z" or "r,z") and optionally
// the time "t". Constants (for example hot-zone length L_hz) are passed by name. muparser's
// functions are available (exp, tanh, min, max, if-then-else "a ? b : c", ...).
#pragma once

#include <map>
#include <memory>
#include <string>

namespace hotdraw
{
  class ParameterSet;

  class Expression
  {
  public:
    Expression();
    // Throws std::invalid_argument with muparser's message if the expression does not parse.
    Expression(const std::string &expression, const std::string &variables,
               const std::map<std::string, double> &constants = {});
    ~Expression();
    Expression(const Expression &other);
    Expression &operator=(const Expression &other);
    Expression(Expression &&) noexcept;
    Expression &operator=(Expression &&) noexcept;

    // One space variable (z): value(z, t). Two (r, z): value(r, z, t). Time only ("t"):
    // value(t).
    double operator()(double x, double t = 0) const;
    double operator()(double r, double z, double t) const;

    const std::string &text() const { return expression_; }
    bool empty() const { return impl_ == nullptr; }

    // Read parameter 'name' of the current section as an expression; a parse failure or a value
    // that is not finite at 'probe' becomes an InputError naming the parameter.
    static Expression from_parameter(ParameterSet &prm, const std::string &name,
                                     const std::string &variables,
                                     const std::map<std::string, double> &constants = {});

  private:
    struct Impl;
    std::string expression_, variables_;
    std::map<std::string, double> constants_;
    std::unique_ptr<Impl> impl_;
  };
}  // namespace hotdraw
