# Turns a text file into a C++ source defining `const std::string_view SYMBOL` (namespace
# reonomy::mock) with its content, so the binary carries data files such as the OpenAPI document
# and serves them without the source tree. Run as a build step:
#   cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=kName -P EmbedText.cmake
file(READ "${INPUT}" content)
set(delimiter "reonomy_embed")
string(FIND "${content}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains )${delimiter}\" and cannot be embedded as a raw string")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/EmbedText.cmake: edit that file, not this one.\n"
  "#include <string_view>\n\nnamespace reonomy::mock {\n"
  "extern const std::string_view ${SYMBOL};\n"
  "const std::string_view ${SYMBOL} = R\"${delimiter}(${content})${delimiter}\";\n"
  "} // namespace reonomy::mock\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
