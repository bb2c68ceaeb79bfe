#include "sftp/sftp_path.hpp"

#include <vector>

namespace reonomy::mock::detail {

std::string normalize_sftp_path(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const std::size_t slash = path.find('/');
    const std::string_view part = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    if (part.empty() || part == ".")
      continue;
    if (part == "..") {
      if (!parts.empty())
        parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  if (parts.empty())
    return "/";
  std::string out;
  for (const std::string_view part : parts) {
    out += '/';
    out += part;
  }
  return out;
}

std::string parent_sftp_path(std::string_view normalized) {
  const std::size_t slash = normalized.rfind('/');
  if (slash == std::string_view::npos || slash == 0)
    return "/";
  return std::string(normalized.substr(0, slash));
}

} // namespace reonomy::mock::detail
