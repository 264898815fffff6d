# Run one .prm regression test (called by ctest through cmake -P).
#
# Header lines of the .prm steer the test:
#   # ranks: N                   run under mpirun -np N (default 1)
#   # expect-exit: C             expected exit status (default 0)
#   # expect-message: TEXT       text that must appear in the output (may repeat)
#   # numdiff: OPTIONS           numdiff tolerances (default: -r 1e-6 -a 1e-12)
#   # expect-no-file: NAME       a file that must NOT be in the output directory afterwards
#   # expect-file: NAME          a file that must be in the output directory afterwards
#   # input: PATH                run this parameter file (relative to tests/prm) instead of the
#                                test file itself, e.g. a case from parameters/
#   # args: ARGS                 extra command-line arguments before the parameter file
# Every file in REFERENCE_DIR (recursively) is compared with the same file in the run's output
# directory (<WORK_DIR>/output) by numdiff.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

file(STRINGS ${PRM} _header REGEX "^# (expect-exit|expect-message|expect-no-file|expect-file|numdiff|input|args):")
set(_no_files "")
set(_files "")
set(_input ${PRM})
set(_args "")
set(_expect_exit 0)
set(_messages "")
set(_numdiff_opts -r 1e-6 -a 1e-12)
foreach(_line ${_header})
  if(_line MATCHES "^# expect-exit: *([0-9]+)")
    set(_expect_exit ${CMAKE_MATCH_1})
  elseif(_line MATCHES "^# expect-message: *(.*)$")
    list(APPEND _messages "${CMAKE_MATCH_1}")
  elseif(_line MATCHES "^# input: *(.*)$")
    get_filename_component(_dir ${PRM} DIRECTORY)
    get_filename_component(_input "${_dir}/${CMAKE_MATCH_1}" ABSOLUTE)
  elseif(_line MATCHES "^# args: *(.*)$")
    separate_arguments(_args UNIX_COMMAND "${CMAKE_MATCH_1}")
  elseif(_line MATCHES "^# expect-file: *(.*)$")
    list(APPEND _files "${CMAKE_MATCH_1}")
  elseif(_line MATCHES "^# expect-no-file: *(.*)$")
    list(APPEND _no_files "${CMAKE_MATCH_1}")
  elseif(_line MATCHES "^# numdiff: *(.*)$")
    separate_arguments(_numdiff_opts UNIX_COMMAND "${CMAKE_MATCH_1}")
  endif()
endforeach()

set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
if(RANKS GREATER 1)
  set(_cmd ${MPIEXEC} --oversubscribe -np ${RANKS} ${HOTDRAW} ${_args} ${_input})
else()
  set(_cmd ${HOTDRAW} ${_args} ${_input})
endif()
execute_process(COMMAND ${_cmd} WORKING_DIRECTORY ${WORK_DIR}
                RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err
                TIMEOUT 1200)
file(WRITE ${WORK_DIR}/stdout.txt "${_out}")
file(WRITE ${WORK_DIR}/stderr.txt "${_err}")
if(NOT "${_rc}" STREQUAL "${_expect_exit}")
  message(FATAL_ERROR "exit status ${_rc}, expected ${_expect_exit}\nstdout:\n${_out}\nstderr:\n${_err}")
endif()
foreach(_m ${_messages})
  string(FIND "${_out}${_err}" "${_m}" _pos)
  if(_pos EQUAL -1)
    message(FATAL_ERROR "expected message not found: '${_m}'\nstdout:\n${_out}\nstderr:\n${_err}")
  endif()
endforeach()

foreach(_f ${_files})
  if(NOT EXISTS ${WORK_DIR}/output/${_f})
    message(FATAL_ERROR "${_f} was not written")
  endif()
endforeach()
foreach(_f ${_no_files})
  if(EXISTS ${WORK_DIR}/output/${_f})
    message(FATAL_ERROR "${_f} exists but must not: a failed run left a result behind")
  endif()
endforeach()

if(EXISTS ${REFERENCE_DIR})
  file(GLOB_RECURSE _refs RELATIVE ${REFERENCE_DIR} ${REFERENCE_DIR}/*)
  foreach(_f ${_refs})
    if(NOT EXISTS ${WORK_DIR}/output/${_f})
      message(FATAL_ERROR "output file ${_f} was not written")
    endif()
    execute_process(COMMAND ${NUMDIFF} -q -s " \t\n,=" ${_numdiff_opts}
                            ${REFERENCE_DIR}/${_f} ${WORK_DIR}/output/${_f}
                    RESULT_VARIABLE _diff OUTPUT_VARIABLE _dout ERROR_VARIABLE _derr)
    if(NOT _diff EQUAL 0)
      execute_process(COMMAND ${NUMDIFF} -s " \t\n,=" ${_numdiff_opts}
                              ${REFERENCE_DIR}/${_f} ${WORK_DIR}/output/${_f}
                      OUTPUT_VARIABLE _dout2 ERROR_VARIABLE _derr2)
      message(FATAL_ERROR "${_f} differs from the reference:\n${_dout2}${_derr2}")
    endif()
  endforeach()
endif()
message(STATUS "prm test passed")
