#pragma once

#include <string>
#include <string_view>

namespace reonomy::mock {

// Writes `content` to `path` through a temporary file and rename(), so a reader sees either no
// file or the whole of it. Throws std::runtime_error naming the path on failure.
void write_file_atomically(const std::string& path, std::string_view content);

} // namespace reonomy::mock
