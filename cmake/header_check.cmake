# Every header compiles on its own: one generated translation unit per header of the libraries,
# containing only '#include "<header>"', compiled as part of the build (target
# hotdraw_header_check). A header that relies on something its includer happened to include
# breaks the build here.
file(GLOB_RECURSE _headers RELATIVE ${CMAKE_SOURCE_DIR} CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/materials/*.h ${CMAKE_SOURCE_DIR}/meshes/*.h
     ${CMAKE_SOURCE_DIR}/postprocess/*.h ${CMAKE_SOURCE_DIR}/solver/*.h)
set(_units "")
foreach(_h ${_headers})
  string(REGEX REPLACE "[/.]" "_" _name "${_h}")
  set(_unit ${CMAKE_BINARY_DIR}/header_check/${_name}.cc)
  set(_content "#include \"${_h}\"\n")
  if(EXISTS ${_unit})
    file(READ ${_unit} _old)
  else()
    set(_old "")
  endif()
  if(NOT _old STREQUAL _content)
    file(WRITE ${_unit} "${_content}")
  endif()
  list(APPEND _units ${_unit})
endforeach()
add_library(hotdraw_header_check OBJECT ${_units})
hotdraw_setup_target(hotdraw_header_check)
target_link_libraries(hotdraw_header_check hotdraw_app)
