#pragma once

#include "http/context.hpp"
#include "sftp/match_output_tree.hpp"

namespace reonomy::mock {

// The match outputs an account sees over SFTP in /jobs/match: one CSV per match job that has
// reached SUCCESS on the mock clock (doc: "You'll see your match job output files listed"), the
// same bytes as its result URL, with the job's completion time as mtime.
// ours: the file is named `<job id>_<uploaded file name>` (characters other than letters,
// digits, '.', '-' and '_' become '_'; ".csv" added when missing), so names are unique per job
// and still say which upload they answer.
MatchOutputFiles match_output_files(ServiceContext& ctx);

// The SFTP name of a match job's output.
std::string match_output_name(const Job& job);

} // namespace reonomy::mock
