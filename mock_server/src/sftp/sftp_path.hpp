#pragma once

#include <string>
#include <string_view>

namespace reonomy::mock::detail {

// Turns a path as a client sent it into the absolute, normalised form SftpTree receives.
// Purely lexical (there is no real filesystem, and no symbolic links): a relative path is taken
// against the home directory "/", empty and "." components vanish, ".." drops the previous
// component and stays at "/" once there, so no input reaches outside the account's tree.
// Everything else is a literal name: "%2e%2e", "...", "\\" and "~" are ordinary characters.
std::string normalize_sftp_path(std::string_view path);

// The directory containing a normalised path; "/" for "/" itself.
std::string parent_sftp_path(std::string_view normalized);

} // namespace reonomy::mock::detail
