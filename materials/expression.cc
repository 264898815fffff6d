#include "materials/expression.h"

#include "materials/parameters.h"

#include <deal.II/base/function_parser.h>
#include <deal.II/base/point.h>
#include <deal.II/base/utilities.h>

#include <cmath>
#include <stdexcept>

namespace hotdraw
{
  struct Expression::Impl
  {
    unsigned int space_dim = 1;
    bool has_time = false;
    bool time_only = false;  // variables "t": operator()(t) evaluates at time t
    std::unique_ptr<dealii::FunctionParser<1>> f1;
    std::unique_ptr<dealii::FunctionParser<2>> f2;
  };

  Expression::Expression() = default;
  Expression::~Expression() = default;
  Expression::Expression(Expression &&) noexcept = default;
  Expression &Expression::operator=(Expression &&) noexcept = default;

  Expression::Expression(const Expression &other)
  {
    if (!other.empty())
      *this = Expression(other.expression_, other.variables_, other.constants_);
  }

  Expression &Expression::operator=(const Expression &other)
  {
    if (this != &other)
      {
        if (other.empty())
          impl_.reset();
        else
          *this = Expression(other.expression_, other.variables_, other.constants_);
      }
    return *this;
  }

  Expression::Expression(const std::string &expression, const std::string &variables,
                         const std::map<std::string, double> &constants)
    : expression_(expression), variables_(variables), constants_(constants),
      impl_(std::make_unique<Impl>())
  {
    std::vector<std::string> vars = dealii::Utilities::split_string_list(variables, ',');
    impl_->has_time = !vars.empty() && vars.back() == "t";
    impl_->space_dim = vars.size() - (impl_->has_time ? 1 : 0);
    std::string space_vars;
    for (unsigned int i = 0; i < impl_->space_dim; ++i)
      space_vars += (i ? "," : "") + vars[i];
    if (impl_->space_dim == 0 && impl_->has_time)
      {
        // a function of time only: a 1-D parser with an unused space variable
        impl_->time_only = true;
        impl_->space_dim = 1;
        space_vars = "unused_space_variable";
      }
    // FunctionParser always knows a time variable; name it "t" either way.
    const std::string all = space_vars + ",t";
    try
      {
        if (impl_->space_dim == 1)
          {
            impl_->f1 = std::make_unique<dealii::FunctionParser<1>>(1);
            impl_->f1->initialize(all, expression, constants, true);
            impl_->f1->value(dealii::Point<1>(0.0));  // muparser reports syntax errors lazily
          }
        else if (impl_->space_dim == 2)
          {
            impl_->f2 = std::make_unique<dealii::FunctionParser<2>>(1);
            impl_->f2->initialize(all, expression, constants, true);
            impl_->f2->value(dealii::Point<2>(0.0, 0.0));
          }
        else
          throw std::invalid_argument("expressions take one or two space variables");
      }
    catch (const std::invalid_argument &)
      {
        throw;
      }
    catch (const std::exception &e)
      {
        std::string msg = e.what();
        // Keep only deal.II's "Additional information" part of the message.
        const auto pos = msg.find("Additional information:");
        if (pos != std::string::npos)
          {
            msg = msg.substr(pos + 23);
            const auto st = msg.find("Stacktrace");
            if (st != std::string::npos)
              msg = msg.substr(0, st);
          }
        std::string clean;
        for (char c : msg)
          clean += (c == '\n' ? ' ' : c);
        while (!clean.empty() && (clean.back() == ' ' || clean.back() == '-'))
          clean.pop_back();
        throw std::invalid_argument("cannot parse expression '" + expression +
                                    "' in the variables (" + variables + "): " + clean);
      }
  }

  double Expression::operator()(double x, double t) const
  {
    if (!impl_ || impl_->space_dim != 1)
      throw std::logic_error("Expression: one space variable expected");
    if (impl_->time_only)
      {
        impl_->f1->set_time(x);
        return impl_->f1->value(dealii::Point<1>(0.0));
      }
    impl_->f1->set_time(t);
    return impl_->f1->value(dealii::Point<1>(x));
  }

  double Expression::operator()(double r, double z, double t) const
  {
    if (!impl_ || impl_->space_dim != 2)
      throw std::logic_error("Expression: two space variables expected");
    impl_->f2->set_time(t);
    return impl_->f2->value(dealii::Point<2>(r, z));
  }

  Expression Expression::from_parameter(ParameterSet &prm, const std::string &name,
                                        const std::string &variables,
                                        const std::map<std::string, double> &constants)
  {
    const std::string text = prm.get(name);
    std::string known = "variables " + variables;
    for (const auto &c : constants)
      known += ", " + c.first;
    try
      {
        Expression e(text, variables, constants);
        return e;
      }
    catch (const std::exception &ex)
      {
        prm.fail(name, text, ex.what(),
                 "a muparser expression in " + known + " (e.g. exp, tanh, min, max, a?b:c)");
      }
  }
}  // namespace hotdraw
