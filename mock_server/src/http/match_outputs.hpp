#pragma once

#include "http/context.hpp"
#include "sftp/match_output_tree.hpp"

namespace reonomy::mock {

// The match outputs an account sees over SFTP in /jobs/match: one CSV per match job that has
// reached SUCCESS on the mock clock (doc: "You'll see your match job output files listed"), the
// same bytes as its result URL, with the job's completion time as mtime.
// ours: the file is named `<job id>_<uploaded file name>` (see match_output_name), so names are
// unique per job and still say which upload they answer.
MatchOutputFiles match_output_files(ServiceContext& ctx);

// The longest SFTP name of a match output, in bytes.
inline constexpr std::size_t kMaxMatchOutputNameBytes = 255;

// The SFTP name of a match job's output: `<job id>_<uploaded file name>`, where ASCII characters
// other than letters, digits, '.', '-' and '_', control characters and bytes that are not UTF-8
// become '_' (other UTF-8 characters are kept), and ".csv" is added when missing. At most
// kMaxMatchOutputNameBytes: a longer uploaded name is cut, between UTF-8 characters, before its
// ".csv"; the job id is always whole. Precondition: job_id is 36 bytes (a UUID).
std::string match_output_name(std::string_view job_id, std::string_view uploaded_name);
std::string match_output_name(const Job& job);

} // namespace reonomy::mock
