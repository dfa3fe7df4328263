# Use ccache when it is installed; a rebuild after a branch switch then costs seconds.
find_program(CALLGATE_CCACHE ccache)
if(CALLGATE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    set(CMAKE_CXX_COMPILER_LAUNCHER "${CALLGATE_CCACHE}")
endif()
