#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

#include "reonomy_client/conformance.hpp"
#include "reonomy_client/options.hpp"
#include "reonomy_client/sftp.hpp"
#include "reonomy_client/submission.hpp"

namespace reonomy::client {

// The subcommands of `reonomy-client`, apart from argument parsing (which main.cpp does). Each
// writes its result to `out` (JSON for submit, status and list; a summary otherwise) and what
// happens along the way to `log`, and returns an exit code (errors.hpp). They throw ClientError
// subclasses; run_command() turns those into a message and the matching exit code.
struct CommandContext {
  ClientOptions client;
  std::ostream& out;
  std::ostream& log;
  bool terminal = false; // `log` is a terminal: draw progress bars
};

int command_submit(CommandContext& ctx, const Submission& submission);
int command_status(CommandContext& ctx, const std::string& job_id);
int command_list(CommandContext& ctx, std::optional<std::size_t> limit,
                 std::optional<std::size_t> offset);
int command_wait(CommandContext& ctx, const std::string& job_id,
                 std::optional<std::chrono::seconds> timeout);
int command_download(CommandContext& ctx, const std::string& job_id,
                     const std::filesystem::path& out_dir,
                     std::optional<RecordRange> expected_records);
// Submit, wait, download: the whole life of one job.
int command_run(CommandContext& ctx, const Submission& submission,
                const std::filesystem::path& out_dir, std::optional<std::chrono::seconds> timeout);
int command_conformance(CommandContext& ctx, ConformanceOptions options);
// Downloads match outputs from the SFTP folder jobs/match (those whose name holds `job_id`, or
// all when it is empty) into `out_dir`, each checked as CSV.
int command_sftp_get(CommandContext& ctx, const SftpOptions& sftp, const std::string& job_id,
                     const std::filesystem::path& out_dir);

// Runs `command`, printing "reonomy-client: <message>" to `log` for a ClientError, a
// ScenarioError or any other exception, and returns the exit code.
int run_command(std::ostream& log, const std::function<int()>& command);

} // namespace reonomy::client
