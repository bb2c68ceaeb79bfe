# Every dependency comes from a Debian 12 package; scripts/bootstrap installs them.
find_package(PkgConfig REQUIRED)
# Debian's cpp-httplib ships no CMake config, only a pkg-config file. Linking the imported
# target also brings -DCPPHTTPLIB_OPENSSL_SUPPORT, which must match the precompiled library.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
find_package(OpenSSL 3 REQUIRED)
find_package(Threads REQUIRED)
# libssh ships a CMake config whose target is named plain `ssh` (the SFTP server links it).
find_package(libssh 0.10 CONFIG REQUIRED)

# libcsv (libcsv-dev) ships neither CMake config nor pkg-config file.
find_path(LIBCSV_INCLUDE_DIR csv.h REQUIRED)
find_library(LIBCSV_LIBRARY csv REQUIRED)
add_library(libcsv::libcsv UNKNOWN IMPORTED)
set_target_properties(libcsv::libcsv PROPERTIES
  IMPORTED_LOCATION "${LIBCSV_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${LIBCSV_INCLUDE_DIR}")

if(REONOMY_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
endif()
