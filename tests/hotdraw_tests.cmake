# Helpers for hotdraw tests.
set(HOTDRAW_MPIEXEC ${MPIEXEC_EXECUTABLE})
if(NOT HOTDRAW_MPIEXEC)
  find_program(HOTDRAW_MPIEXEC mpirun)
endif()

# hotdraw_unit_test(<name> SOURCES ... LIBS ... [RANKS n])
# Builds a Catch2 executable with the MPI-aware main and registers it with ctest (one ctest entry
# per executable; Catch2 reports the individual cases).
function(hotdraw_unit_test _name)
  cmake_parse_arguments(T "" "RANKS" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${_name} ${T_SOURCES} $<TARGET_OBJECTS:hotdraw_catch_main>)
  hotdraw_setup_target(${_name})
  target_link_libraries(${_name} ${T_LIBS} Catch2::Catch2)
  target_compile_definitions(${_name} PRIVATE HOTDRAW_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  set_target_properties(${_name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  if(T_RANKS AND T_RANKS GREATER 1)
    add_test(NAME ${_name}.np${T_RANKS}
             COMMAND ${HOTDRAW_MPIEXEC} --oversubscribe -np ${T_RANKS} $<TARGET_FILE:${_name}>
             WORKING_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
    set_tests_properties(${_name}.np${T_RANKS} PROPERTIES ENVIRONMENT
      "OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1;OMPI_MCA_rmaps_base_oversubscribe=1"
      PROCESSORS ${T_RANKS} LABELS "unit;mpi;${T_LABELS}")
  else()
    add_test(NAME ${_name} COMMAND $<TARGET_FILE:${_name}>
             WORKING_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
    set_tests_properties(${_name} PROPERTIES LABELS "unit;${T_LABELS}")
  endif()
endfunction()
