# Warnings and build-speed settings shared by every target of the project.

add_library(dwb_warnings INTERFACE)
target_compile_options(dwb_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)

# ccache survives between clean builds on the same machine; precompiled headers need the
# sloppiness settings that the Makefile exports.
find_program(DWB_CCACHE ccache)
if(DWB_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    set(CMAKE_CXX_COMPILER_LAUNCHER "${DWB_CCACHE}")
endif()
