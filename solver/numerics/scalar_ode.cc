#include "solver/numerics/scalar_ode.h"

#include "solver/numerics/errors.h"

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include <cmath>
#include <cstdlib>
#include <sstream>

namespace hotdraw::numerics
{
  namespace
  {
    // One integration: owns the SUNDIALS objects and frees them in every case.
    class Cvode
    {
    public:
      Cvode(const ScalarRhs &rhs, const ScalarOdeSettings &settings)
        : rhs_(rhs), settings_(settings)
      {}

      ~Cvode()
      {
        if (cvode_mem_ != nullptr)
          CVodeFree(&cvode_mem_);
        if (solver_ != nullptr)
          SUNLinSolFree(solver_);
        if (matrix_ != nullptr)
          SUNMatDestroy(matrix_);
        if (y_ != nullptr)
          N_VDestroy(y_);
        if (context_ != nullptr)
          SUNContext_Free(&context_);
      }

      Cvode(const Cvode &) = delete;
      Cvode &operator=(const Cvode &) = delete;

      std::vector<double> run(const std::vector<double> &times, double y0)
      {
        const std::size_t n = times.size();
        std::vector<double> y_out(n, y0);
        if (n < 2 || times.back() == times.front())
          return y_out;
        setup(times.front(), y0);
        double t = times.front();
        bool jump = false;  // the drive jumped at t (a repeated time): restart the BDF history
        for (std::size_t i = 0; i + 1 < n; ++i)
          {
            const double t_next = times[i + 1];
            if (t_next > t)
              {
                interval_ = i;
                if (jump)
                  restart(t);
                jump = false;
                check(CVodeSetStopTime(cvode_mem_, t_next), "CVodeSetStopTime");
                double t_reached = t;
                int flag = CVode(cvode_mem_, t_next, y_, &t_reached, CV_NORMAL);
                if (flag < 0 && t_reached == t)
                  {
                    // the history of the previous interval did not fit this one (a kink in the
                    // drive): try once more from a fresh first-order start
                    restart(t);
                    flag = CVode(cvode_mem_, t_next, y_, &t_reached, CV_NORMAL);
                  }
                if (flag < 0)
                  fail(flag, t_reached, t_next, i + 1, n);
                t = t_next;
              }
            else
              jump = true;
            y_out[i + 1] = NV_Ith_S(y_, 0);
          }
        return y_out;
      }

    private:
      void setup(double t0, double y0)
      {
        check(SUNContext_Create(nullptr, &context_), "SUNContext_Create");
        y_ = N_VNew_Serial(1, context_);
        if (y_ == nullptr)
          fail_setup("N_VNew_Serial");
        NV_Ith_S(y_, 0) = y0;
        cvode_mem_ = CVodeCreate(CV_BDF, context_);
        if (cvode_mem_ == nullptr)
          fail_setup("CVodeCreate");
        check(CVodeSetErrHandlerFn(cvode_mem_, &Cvode::error_handler, this),
              "CVodeSetErrHandlerFn");
        check(CVodeInit(cvode_mem_, &Cvode::f, t0, y_), "CVodeInit");
        check(CVodeSetUserData(cvode_mem_, this), "CVodeSetUserData");
        check(CVodeSStolerances(cvode_mem_, settings_.relative_tolerance,
                                settings_.absolute_tolerance),
              "CVodeSStolerances");
        matrix_ = SUNDenseMatrix(1, 1, context_);
        if (matrix_ == nullptr)
          fail_setup("SUNDenseMatrix");
        solver_ = SUNLinSol_Dense(y_, matrix_, context_);
        if (solver_ == nullptr)
          fail_setup("SUNLinSol_Dense");
        check(CVodeSetLinearSolver(cvode_mem_, solver_, matrix_), "CVodeSetLinearSolver");
        check(CVodeSetJacFn(cvode_mem_, &Cvode::jacobian), "CVodeSetJacFn");
        check(CVodeSetMaxNumSteps(cvode_mem_, settings_.max_steps_per_interval),
              "CVodeSetMaxNumSteps");
        // A fresh Jacobian and Newton matrix at every step. The relaxation rate of a freezing
        // glass changes by orders of magnitude within a few steps; with CVODE's default reuse
        // (up to 20 steps) a stale, much too stiff Newton matrix damps the corrections so much
        // that the iteration "converges" on the extrapolated equilibrium line and the error
        // test, which sees only the tiny correction, accepts it. For a 1x1 system the refresh
        // costs next to nothing.
        check(CVodeSetLSetupFrequency(cvode_mem_, 1), "CVodeSetLSetupFrequency");
        check(CVodeSetJacEvalFrequency(cvode_mem_, 1), "CVodeSetJacEvalFrequency");
      }

      // Restart the integration at t from the current state (BDF order 1, new step size).
      void restart(double t)
      {
        last_error_.clear();
        check(CVodeReInit(cvode_mem_, t, y_), "CVodeReInit");
      }

      static int f(realtype t, N_Vector y, N_Vector ydot, void *user_data)
      {
        auto *self = static_cast<Cvode *>(user_data);
        const double value = self->rhs_(t, NV_Ith_S(y, 0), self->interval_, nullptr);
        NV_Ith_S(ydot, 0) = value;
        return std::isfinite(value) ? 0 : 1;  // 1: recoverable, CVODE retries a smaller step
      }

      static int jacobian(realtype t, N_Vector y, N_Vector, SUNMatrix J, void *user_data, N_Vector,
                          N_Vector, N_Vector)
      {
        auto *self = static_cast<Cvode *>(user_data);
        double dfdy = 0;
        self->rhs_(t, NV_Ith_S(y, 0), self->interval_, &dfdy);
        SM_ELEMENT_D(J, 0, 0) = dfdy;
        return std::isfinite(dfdy) ? 0 : 1;
      }

      static void error_handler(int, const char *module, const char *function, char *msg,
                                void *user_data)
      {
        auto *self = static_cast<Cvode *>(user_data);
        self->last_error_ = std::string(module) + "::" + function + ": " + msg;
      }

      void check(int flag, const char *call)
      {
        if (flag != 0)
          throw SolverError(settings_.name + ": " + call + " failed with flag " +
                            std::to_string(flag) +
                            (last_error_.empty() ? std::string() : ": " + last_error_));
      }

      [[noreturn]] void fail_setup(const char *call)
      {
        throw SolverError(settings_.name + ": " + call + " returned null");
      }

      [[noreturn]] void fail(int flag, double t_reached, double t_next, std::size_t sample,
                             std::size_t n)
      {
        char *flag_name = CVodeGetReturnFlagName(flag);  // malloc'ed by CVODE
        const std::string flag_string = flag_name != nullptr ? flag_name : "?";
        std::free(flag_name);
        std::ostringstream msg;
        msg << settings_.name << ": CVODE failed with flag " << flag << " (" << flag_string
            << ") at t = " << t_reached << " s while integrating to t = " << t_next
            << " s (output time " << sample << " of " << n << "), state " << NV_Ith_S(y_, 0);
        if (!last_error_.empty())
          msg << ": " << last_error_;
        throw SolverError(msg.str());
      }

      ScalarRhs rhs_;
      ScalarOdeSettings settings_;
      std::size_t interval_ = 0;
      std::string last_error_;
      SUNContext context_ = nullptr;
      N_Vector y_ = nullptr;
      SUNMatrix matrix_ = nullptr;
      SUNLinearSolver solver_ = nullptr;
      void *cvode_mem_ = nullptr;
    };
  }  // namespace

  std::vector<double> integrate_scalar_ode(const ScalarRhs &rhs, const std::vector<double> &times,
                                           double y0, const ScalarOdeSettings &settings)
  {
    for (std::size_t i = 1; i < times.size(); ++i)
      if (!(times[i] >= times[i - 1]))
        throw std::invalid_argument(settings.name + ": output times must be non-decreasing");
    return Cvode(rhs, settings).run(times, y0);
  }
}  // namespace hotdraw::numerics
