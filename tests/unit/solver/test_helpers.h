// Shared helpers for the solver tests: build a complete case from parameter text.
#pragma once

#include "materials/parameters.h"
#include "solver/case_setup.h"

#include <string>

namespace hotdraw::testing
{
  // Parse 'text' on top of the declared defaults (calibration switched off unless the text
  // switches it on) and build the case. Relative paths resolve against the source tree.
  inline CaseSetup make_case(const std::string &text, ParameterSet *keep = nullptr)
  {
    ParameterSet local;
    ParameterSet &prm = keep ? *keep : local;
    declare_all_parameters(prm);
    prm.parse_string(text, "<test>");
    return parse_case(prm, HOTDRAW_SOURCE_DIR "/parameters");
  }
}  // namespace hotdraw::testing
