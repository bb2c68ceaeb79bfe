# reonomy_warnings: an interface target every project target links, so flags live in one place.
add_library(reonomy_warnings INTERFACE)
target_compile_options(reonomy_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
  -Wconversion -Wno-sign-conversion)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports `"literal" + std::string&&` as overlapping memcpy at -O2 (GCC bug 105329).
  # (GCC only: clang, which builds the fuzz targets, does not know the option.)
  target_compile_options(reonomy_warnings INTERFACE -Wno-restrict)
endif()
if(REONOMY_WERROR)
  target_compile_options(reonomy_warnings INTERFACE -Werror)
endif()
if(REONOMY_SANITIZE)
  target_compile_options(reonomy_warnings INTERFACE -fsanitize=${REONOMY_SANITIZE}
    -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(reonomy_warnings INTERFACE -fsanitize=${REONOMY_SANITIZE})
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12's flow analysis is confused by the sanitizers' instrumentation and reports
    # -Wmaybe-uninitialized inside libstdc++'s std::regex (reached through Catch2 and the
    # scenario loader), code that is not ours and is correct. Off for sanitizer builds only: the
    # plain build keeps the warning, and ASan/UBSan report real uninitialised use at run time.
    target_compile_options(reonomy_warnings INTERFACE -Wno-maybe-uninitialized)
  endif()
endif()
