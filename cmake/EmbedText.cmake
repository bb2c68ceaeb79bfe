# Turns a text file into a C++ source defining `const std::string_view SYMBOL` (namespace
# reonomy::mock) with its content, so the binary carries data files such as the OpenAPI document
# and serves them without the source tree. Run as a build step:
#   cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=kName -P EmbedText.cmake
# The content is written as raw string literals of at most 30,000 bytes, each ending at a line end
# (never inside a UTF-8 sequence), joined at start-up: compilers need only support literals of
# 65,536 (clang's -Woverlength-strings).
file(READ "${INPUT}" content)
set(delimiter "reonomy_embed")
string(FIND "${content}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains )${delimiter}\" and cannot be embedded as a raw string")
endif()
set(parts "")
set(rest "${content}")
string(LENGTH "${rest}" left)
while(left GREATER 0)
  if(left GREATER 30000)
    string(SUBSTRING "${rest}" 0 30000 piece)
    string(FIND "${piece}" "\n" cut REVERSE)
    if(cut EQUAL -1)
      message(FATAL_ERROR "${INPUT} has a line over 30,000 bytes and cannot be embedded")
    endif()
    math(EXPR cut "${cut} + 1")
    string(SUBSTRING "${rest}" 0 ${cut} piece)
    string(SUBSTRING "${rest}" ${cut} -1 rest)
  else()
    set(piece "${rest}")
    set(rest "")
  endif()
  string(APPEND parts "    R\"${delimiter}(${piece})${delimiter}\",\n")
  string(LENGTH "${rest}" left)
endwhile()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/EmbedText.cmake: edit that file, not this one.\n"
  "#include <string>\n#include <string_view>\n\nnamespace reonomy::mock {\nnamespace {\n"
  "constexpr std::string_view kParts[] = {\n${parts}};\n"
  "std::string joined() {\n  std::string all;\n  for (const std::string_view part : kParts)\n"
  "    all += part;\n  return all;\n}\nconst std::string kJoined = joined();\n} // namespace\n"
  "extern const std::string_view ${SYMBOL};\n"
  "const std::string_view ${SYMBOL} = kJoined;\n"
  "} // namespace reonomy::mock\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
