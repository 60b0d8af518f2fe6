# One OBJECT library per layer (src/<layer>/*.cpp). Each layer names the layers it may use; the
# closure is recorded so that a per-layer test executable links exactly what that layer needs and a
# dependency on a lower layer fails to link instead of slipping in.

function(afterglow_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # g++ 12 at -O3 reports false -Wrestrict overlaps inside libstdc++'s own std::string code.
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(AFTERGLOW_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

set(AFTERGLOW_LAYERS "" CACHE INTERNAL "")

function(afterglow_layer name)
  cmake_parse_arguments(ARG "" "" "LAYERS;LINKS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cpp)
  set(target afterglow_layer_${name})
  if(NOT sources)
    # A layer without code yet still needs a translation unit to form a target.
    set(stub ${PROJECT_BINARY_DIR}/layer_stubs/${name}.cpp)
    file(WRITE ${stub} "// ${name}: no sources yet\n")
    set(sources ${stub})
  endif()
  add_library(${target} OBJECT ${sources})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/include)
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  afterglow_warnings(${target})
  set(closure ${name})
  foreach(dep IN LISTS ARG_LAYERS)
    target_link_libraries(${target} PUBLIC afterglow_layer_${dep})
    list(APPEND closure ${AFTERGLOW_CLOSURE_${dep}})
  endforeach()
  list(REMOVE_DUPLICATES closure)
  if(ARG_LINKS)
    target_link_libraries(${target} PUBLIC ${ARG_LINKS})
  endif()
  set(AFTERGLOW_CLOSURE_${name} ${closure} CACHE INTERNAL "")
  set(AFTERGLOW_LAYERS ${AFTERGLOW_LAYERS} ${name} CACHE INTERNAL "")
endfunction()

# Links every object library in a layer's closure into `target` (objects of an OBJECT library reach
# only its direct dependents).
function(afterglow_link_layer_closure target layer)
  foreach(dep IN LISTS AFTERGLOW_CLOSURE_${layer})
    target_link_libraries(${target} PRIVATE afterglow_layer_${dep})
  endforeach()
endfunction()
