#include "reonomy_client/commands.hpp"

#include <ostream>

#include "api/result_files.hpp"
#include "reonomy_client/client.hpp"
#include "reonomy_client/console_observer.hpp"

namespace reonomy::client {

namespace {

// A Client whose observer writes to the context's log.
struct Session {
  explicit Session(CommandContext& ctx)
      : observer(ctx.log, ctx.terminal), client([&] {
          ClientOptions options = ctx.client;
          options.observer = &observer;
          return options;
        }()) {}
  ConsoleObserver observer;
  Client client;
};

void print_report(CommandContext& ctx, const DownloadReport& report) {
  ctx.out << report.files.size() << " file(s), " << report.records << " records:\n";
  for (const auto& file : report.files)
    ctx.out << "  " << file.path.string() << "  " << file.records << " records, " << file.bytes
            << " bytes\n";
}

} // namespace

int command_submit(CommandContext& ctx, const Submission& submission) {
  Session s(ctx);
  ctx.out << s.client.submit(submission).json.dump(2) << "\n";
  return 0;
}

int command_status(CommandContext& ctx, const std::string& job_id) {
  Session s(ctx);
  ctx.out << s.client.get(job_id).json.dump(2) << "\n";
  return 0;
}

int command_list(CommandContext& ctx, std::optional<std::size_t> limit,
                 std::optional<std::size_t> offset) {
  Session s(ctx);
  const JobList list = s.client.list(limit, offset);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& job : list.items)
    items.push_back(job.json);
  ctx.out << nlohmann::json{{"count", list.count}, {"items", items}}.dump(2) << "\n";
  return 0;
}

int command_wait(CommandContext& ctx, const std::string& job_id,
                 std::optional<std::chrono::seconds> timeout) {
  Session s(ctx);
  const Job job = s.client.wait(job_id, timeout);
  ctx.out << "job " << job.id() << ": " << job.status_text() << ", " << job.result_urls().size()
          << " result URL(s)\n";
  return 0;
}

int command_download(CommandContext& ctx, const std::string& job_id,
                     const std::filesystem::path& out_dir,
                     std::optional<RecordRange> expected_records) {
  Session s(ctx);
  print_report(ctx, s.client.download(s.client.get(job_id), {out_dir, expected_records}));
  return 0;
}

int command_run(CommandContext& ctx, const Submission& submission,
                const std::filesystem::path& out_dir, std::optional<std::chrono::seconds> timeout) {
  Session s(ctx);
  const Job created = s.client.submit(submission);
  ctx.log << "submitted " << submission.job_type << " job " << created.id() << "\n";
  const Job done = s.client.wait(created.id(), timeout);
  print_report(ctx, s.client.download(done, {out_dir, submission.expected_records}));
  return 0;
}

int command_conformance(CommandContext& ctx, ConformanceOptions options) {
  options.client = ctx.client;
  const ConformanceReport report = run_conformance(options, ctx.out);
  return report.count(Outcome::failed) ? static_cast<int>(ExitCode::scenarios_failed) : 0;
}

int command_sftp_get(CommandContext& ctx, const SftpOptions& sftp, const std::string& job_id,
                     const std::filesystem::path& out_dir) {
  // doc: "Navigate to the jobs/match folder. You'll see your match job output files listed."
  const std::string folder = "jobs/match";
  SftpClient session(sftp);
  std::vector<SftpEntry> wanted;
  for (const auto& entry : session.list(folder))
    if (!entry.directory && (job_id.empty() || entry.name.find(job_id) != std::string::npos))
      wanted.push_back(entry);
  if (wanted.empty())
    throw DownloadError("no match output" + (job_id.empty() ? "" : " of job " + job_id) + " in " +
                        folder + " (a match job's output appears once the job is SUCCESS)");
  std::filesystem::create_directories(out_dir);
  ctx.out << wanted.size() << " file(s):\n";
  for (const auto& entry : wanted) {
    ctx.log << "downloading " << folder << "/" << entry.name << " (" << human_bytes(entry.size)
            << ")\n";
    const auto local = out_dir / entry.name;
    const auto bytes = session.get(folder + "/" + entry.name, local);
    const auto rows = detail::check_csv(local, entry.name);
    ctx.out << "  " << local.string() << "  " << rows << " rows, " << bytes << " bytes\n";
  }
  return 0;
}

int run_command(std::ostream& log, const std::function<int()>& command) {
  try {
    return command();
  } catch (const ClientError& e) {
    log << "reonomy-client: " << e.what() << "\n";
    return static_cast<int>(e.exit_code());
  } catch (const ScenarioError& e) {
    log << "reonomy-client: " << e.what() << "\n";
    return static_cast<int>(ExitCode::usage);
  } catch (const std::exception& e) {
    log << "reonomy-client: unexpected error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::unexpected);
  }
}

} // namespace reonomy::client
