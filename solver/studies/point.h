// One wire of a study that varies parameters of the file (process-window maps, inverse
// design): the case with the given values, the wire on the thin-filament model, its verdict and
// its predictions (the calibrated ones with the nominal run's fitted mapping). Never throws: a
// failed solve or a value the case does not accept is a record with status 'failed'.
#pragma once

#include "solver/wire_record.h"

#include <mpi.h>

#include <string>
#include <vector>

namespace hotdraw
{
  struct CaseSetup;

  // A point solved on the finite-element solver too: by the ranks of 'comm', with its files in
  // 'directory'.
  struct StudyPointFE
  {
    MPI_Comm comm;
    std::string directory;
  };

  // diameter_m > 0: the wire drawn to it; else to the case's 'Geometry and process/Wire
  // diameter' (or as its draw control says). With 'fe', the record is the FE wire's (its
  // thin-filament chain in 'thin').
  WireRecord evaluate_study_point(const std::string &input_text, const std::string &input_directory,
                                  const CaseSetup &nominal, const std::vector<std::string> &paths,
                                  const std::vector<double> &values, double diameter_m,
                                  const StudyPointFE *fe = nullptr);
}  // namespace hotdraw
