# reonomy_warnings: an interface target every project target links, so flags live in one place.
add_library(reonomy_warnings INTERFACE)
target_compile_options(reonomy_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
  -Wconversion -Wno-sign-conversion
  # GCC 12 reports `"literal" + std::string&&` as overlapping memcpy at -O2 (GCC bug 105329).
  -Wno-restrict)
if(REONOMY_WERROR)
  target_compile_options(reonomy_warnings INTERFACE -Werror)
endif()
if(REONOMY_SANITIZE)
  target_compile_options(reonomy_warnings INTERFACE -fsanitize=${REONOMY_SANITIZE}
    -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(reonomy_warnings INTERFACE -fsanitize=${REONOMY_SANITIZE})
endif()
