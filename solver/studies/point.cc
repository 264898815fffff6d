#include "solver/studies/point.h"

#include "materials/parameters.h"
#include "postprocess/log.h"
#include "solver/case_setup.h"
#include "solver/sweep.h"

#include <cmath>
#include <tuple>

namespace hotdraw
{
  WireRecord evaluate_study_point(const std::string &text, const std::string &directory,
                                  const CaseSetup &nominal, const std::vector<std::string> &paths,
                                  const std::vector<double> &values, double diameter_m,
                                  const StudyPointFE *fe)
  {
    WireRecord r;
    try
      {
        const Log::Mute mute;  // the points' own warnings: their verdicts say it
        ParameterSet prm;
        declare_all_parameters(prm);
        prm.parse_string(text, "study point");
        for (std::size_t k = 0; k < values.size(); ++k)
          prm.set(paths[k], values[k]);
        CaseSetup c = parse_case(prm, directory);
        c.thin_filament.verbosity = 0;
        c.feasibility.in_study = true;
        const ProcessSettings &ps = c.process;
        const double d = diameter_m > 0                             ? diameter_m
                         : ps.control == DrawControl::wire_diameter ? ps.wire_diameter_m
                                                                    : 0.0;
        if (fe)
          {
            c.flow_solver = FlowSolver::finite_element;
            c.output.directory = fe->directory;
            r = solve_fe_wire_record(c, d, fe->comm, fe->directory);
          }
        else
          std::tie(r.wire, r.profile) = solve_thin_wire(c, d);
        if (r.wire.status == status::failed)
          return r;
        const WireState reference = evaluate_reference_rod(c).mapping_input();
        const WireState state = r.wire.mapping_input(c.indentation_radii_relative);
        r.predictions = {nominal.calibrated->predict(state, reference),
                         c.literature->predict(state, reference)};
        r.thermal_only = c.literature->predict(r.wire.thermal_only_input(), reference);
      }
    catch (const InputError &e)
      {
        r.wire = WireResult();
        r.wire.diameter_m = std::nan("");
        r.wire.status = status::failed;
        r.wire.error = e.what();
        r.wire.findings = {{"input_error", e.what()}};
      }
    catch (const std::exception &e)
      {
        r.wire = WireResult();
        r.wire.diameter_m = std::nan("");
        mark_failed(r.wire, e.what());
      }
    return r;
  }
}  // namespace hotdraw
