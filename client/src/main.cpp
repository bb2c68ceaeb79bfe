// reonomy-client: maps the command line onto the reonomy_client library (commands.hpp).
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include <boost/program_options.hpp>

#include "reonomy_client/commands.hpp"
#include "reonomy_client/errors.hpp"

namespace po = boost::program_options;
using namespace reonomy::client;

namespace {

constexpr const char* kUsage =
    R"(reonomy-client: a client of Reonomy's v2 batch jobs API (/v2/jobs/file)

Usage: reonomy-client [global options] COMMAND [options]

Commands:
  submit property-details --spec FILE
  submit property-details --ids FILE --detail-type T [--detail-type T...]
                          [--updated TYPE=YYYY-MM-DD | --updated YYYY-MM-DD] [--filter-pii]
  submit match --csv FILE [--map API_NAME=COLUMN...]
  submit search --settings FILE
  status JOB_ID                      the job as JSON
  list [--limit N] [--offset N]      the account's jobs, newest first
  wait JOB_ID [--timeout SECONDS]    poll about once a second, show each status change
  download JOB_ID --out DIR [--expect-records N]
                                     every result file, saved under its object name
  run TYPE <submit options> --out DIR [--timeout SECONDS]
                                     submit, wait, download
    sftp-get --out DIR [--job JOB_ID] [--sftp sftp://HOST:PORT] [--accept-new-host-key]
                                     match outputs from the SFTP folder jobs/match
  conformance [--target embedded|URL] [--scenarios DIR] [--tag T...] [--scenario NAME...]
              [--junit FILE] [--sftp URL] [--accept-new-host-key]
                                     run the scenarios, report where the server departs
                                     from the documentation
  COMMAND --help                     the options of one command

Exit codes:
  0  success (conformance: no scenario failed)
  1  unexpected error
  2  usage: bad options, unreadable or invalid input files, ambiguous CSV mapping,
     invalid scenario files
  3  the API refused the request (HTTP 4xx: ValidationError, FileNotFoundAtPathError, 404...)
  4  credentials refused (401 AuthorizationException, 403)
  5  the job ended with status FAILURE
  6  a download failed or its files failed verification (a line that is not JSON,
     a record count other than the one asked for)
  7  the server kept failing (5xx, dropped connections, 429) past every retry
  8  the job did not finish within --timeout
  9  conformance: at least one scenario failed

)";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UsageError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string base_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

std::pair<std::string, std::string> key_value(const std::string& text, const char* flag) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size())
    throw UsageError(std::string(flag) + " takes NAME=VALUE, got '" + text + "'");
  return {text.substr(0, equals), text.substr(equals + 1)};
}

po::variables_map parse_command(const po::options_description& desc,
                                const std::vector<std::string>& args,
                                const po::positional_options_description& positional = {}) {
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).positional(positional).run(), vm);
  po::notify(vm);
  return vm;
}

void add_submission_options(po::options_description& desc) {
  // clang-format off
  desc.add_options()
      ("spec", po::value<std::string>(), "property-details: the job spec JSON file")
      ("ids", po::value<std::string>(), "property-details: a file of property ids, one per line")
      ("detail-type", po::value<std::vector<std::string>>(),
       "property-details with --ids: a detail type (repeatable)")
      ("updated", po::value<std::vector<std::string>>(),
       "property-details with --ids: TYPE=YYYY-MM-DD (repeatable), or one date for every type")
      ("filter-pii", po::bool_switch(), "property-details with --ids: exclude PII")
      ("csv", po::value<std::string>(), "match: the CSV file (with a header row)")
      ("map", po::value<std::vector<std::string>>(),
       "match: API_NAME=COLUMN (repeatable); unmapped parameters are guessed from common names")
      ("settings", po::value<std::string>(),
       "search: the settings JSON file ({\"settings\": {...}})");
  // clang-format on
}

std::vector<std::string> strings(const po::variables_map& vm, const char* name) {
  return vm.count(name) ? vm[name].as<std::vector<std::string>>() : std::vector<std::string>{};
}

Submission build_submission(const std::string& type, const po::variables_map& vm) {
  if (type == "property-details") {
    if (vm.count("spec") == vm.count("ids"))
      throw UsageError("property-details takes either --spec FILE or --ids FILE");
    if (vm.count("spec"))
      return property_details_from_spec(base_name(vm["spec"].as<std::string>()),
                                        read_file(vm["spec"].as<std::string>()));
    IdsSpecOptions options;
    options.detail_types = strings(vm, "detail-type");
    for (const auto& u : strings(vm, "updated"))
      add_updated(options, u);
    options.filter_pii = vm["filter-pii"].as<bool>();
    return property_details_from_ids(read_file(vm["ids"].as<std::string>()), options);
  }
  if (type == "match") {
    if (!vm.count("csv"))
      throw UsageError("match takes --csv FILE");
    std::vector<std::pair<std::string, std::string>> map;
    for (const auto& m : strings(vm, "map"))
      map.push_back(key_value(m, "--map"));
    const auto& path = vm["csv"].as<std::string>();
    return match_from_csv(base_name(path), read_file(path), map);
  }
  if (type == "search") {
    if (!vm.count("settings"))
      throw UsageError("search takes --settings FILE");
    const auto& path = vm["settings"].as<std::string>();
    return search_from_settings(base_name(path), read_file(path));
  }
  throw UsageError("the job type is property-details, match or search, not '" + type + "'");
}

void require_credentials(const ClientOptions& options) {
  if (options.access_key.empty() || options.secret_key.empty())
    throw UsageError("no credentials: pass --access-key and --secret-key, or set "
                     "REONOMY_ACCESS_KEY and REONOMY_SECRET_KEY");
}

int dispatch(int argc, char** argv) {
  ClientOptions client = ClientOptions::from_environment();
  po::options_description global("Global options");
  // clang-format off
  global.add_options()
      ("help,h", "this help")
      ("base-url", po::value<std::string>(),
       "API base URL (env REONOMY_BASE_URL; default https://api.reonomy.com)")
      ("access-key", po::value<std::string>(), "access key (env REONOMY_ACCESS_KEY)")
      ("secret-key", po::value<std::string>(), "secret key (env REONOMY_SECRET_KEY)")
      ("ca-file", po::value<std::string>(), "PEM certificate authorities for HTTPS")
      ("user-agent", po::value<std::string>(), "User-Agent header (default reonomy-client/0.1.0)")
      ("retries", po::value<int>(),
       "retries of a request that gets 5xx or loses its connection (default 5)");
  po::options_description hidden;
  hidden.add_options()
      ("command", po::value<std::string>())
      ("args", po::value<std::vector<std::string>>());
  // clang-format on
  po::options_description all;
  all.add(global).add(hidden);
  po::positional_options_description positional;
  positional.add("command", 1).add("args", -1);
  const auto parsed = po::command_line_parser(argc, argv)
                          .options(all)
                          .positional(positional)
                          .allow_unregistered()
                          .run();
  po::variables_map vm;
  po::store(parsed, vm);
  po::notify(vm);
  if (!vm.count("command")) {
    std::cout << kUsage << global << "\n";
    return vm.count("help") ? 0 : static_cast<int>(ExitCode::usage);
  }
  if (vm.count("base-url"))
    client.base_url = vm["base-url"].as<std::string>();
  if (vm.count("access-key"))
    client.access_key = vm["access-key"].as<std::string>();
  if (vm.count("secret-key"))
    client.secret_key = vm["secret-key"].as<std::string>();
  if (vm.count("ca-file"))
    client.ca_file = vm["ca-file"].as<std::string>();
  if (vm.count("retries")) {
    const int retries = vm["retries"].as<int>();
    if (retries < 0 || retries > 100)
      throw UsageError("--retries takes 0 to 100");
    client.retry.max_attempts = retries + 1;
  }
  if (vm.count("user-agent"))
    client.user_agent = vm["user-agent"].as<std::string>();

  const std::string command = vm["command"].as<std::string>();
  auto args = po::collect_unrecognized(parsed.options, po::include_positional);
  args.erase(args.begin()); // the command itself
  if (vm.count("help"))
    args.push_back("--help"); // `COMMAND --help` reached the global parser
  CommandContext ctx{client, std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1};
  po::options_description desc(command + " options");
  desc.add_options()("help,h", "this help");
  po::positional_options_description one;

  if (command == "conformance") {
    // clang-format off
    desc.add_options()
        ("target", po::value<std::string>()->default_value("embedded"),
         "embedded, or the base URL of a server")
        ("scenarios", po::value<std::string>()->default_value("scenarios"), "the scenario folder")
        ("tag", po::value<std::vector<std::string>>(),
         "run the scenarios with this tag (repeatable; with --scenario: either selects)")
        ("scenario", po::value<std::vector<std::string>>(),
         "run this scenario, by name or file stem (repeatable)")
                ("junit", po::value<std::string>(), "write a JUnit XML report here")
        ("sftp", po::value<std::string>(),
         "with --target URL: where it serves match outputs (sftp://HOST[:PORT])")
        ("accept-new-host-key", po::bool_switch(), "trust an SFTP host key not in known_hosts");
    // clang-format on
    const auto cvm = parse_command(desc, args);
    if (cvm.count("help"))
      return std::cout << desc << "\n", 0;
    ConformanceOptions options;
    options.target = cvm["target"].as<std::string>();
    options.scenarios_dir = cvm["scenarios"].as<std::string>();
    options.tags = strings(cvm, "tag");
    options.scenarios = strings(cvm, "scenario");
    if (cvm.count("junit"))
      options.junit_file = cvm["junit"].as<std::string>();
    if (cvm.count("sftp"))
      options.sftp_url = cvm["sftp"].as<std::string>();
    options.accept_unknown_host_key = cvm["accept-new-host-key"].as<bool>();
    if (options.target != "embedded")
      require_credentials(client);
    return command_conformance(ctx, options);
  }
  require_credentials(client);
  if (command == "sftp-get") {
    const char* env = std::getenv("REONOMY_SFTP_URL");
    // clang-format off
    desc.add_options()
        ("out", po::value<std::string>(), "folder for the match outputs")
        ("job", po::value<std::string>(), "only the outputs of this job")
        ("sftp", po::value<std::string>()->default_value(env ? env : "sftp://sftp.reonomy.com:22"),
         "the SFTP server (env REONOMY_SFTP_URL)")
        ("accept-new-host-key", po::bool_switch(),
         "trust a host key that is not in ~/.ssh/known_hosts, for this run");
    // clang-format on
    const auto cvm = parse_command(desc, args);
    if (cvm.count("help"))
      return std::cout << desc << "\n", 0;
    if (!cvm.count("out"))
      throw UsageError("sftp-get needs --out DIR");
    SftpOptions sftp;
    parse_sftp_url(cvm["sftp"].as<std::string>(), sftp);
    // doc: "using your API access key as the username and your secret key as the password"
    sftp.username = client.access_key;
    sftp.password = client.secret_key;
    sftp.accept_unknown_host_key = cvm["accept-new-host-key"].as<bool>();
    return command_sftp_get(ctx, sftp, cvm.count("job") ? cvm["job"].as<std::string>() : "",
                            cvm["out"].as<std::string>());
  }
  if (command == "submit" || command == "run") {
    desc.add_options()("type", po::value<std::string>(), "property-details, match or search");
    add_submission_options(desc);
    if (command == "run")
      desc.add_options()("out", po::value<std::string>(), "folder for the result files");
    if (command == "run")
      desc.add_options()("timeout", po::value<long>(), "give up waiting after this many seconds");
    one.add("type", 1);
    const auto cvm = parse_command(desc, args, one);
    if (cvm.count("help"))
      return std::cout << desc << "\n", 0;
    if (!cvm.count("type"))
      throw UsageError(command + " needs a job type: property-details, match or search");
    const Submission submission = build_submission(cvm["type"].as<std::string>(), cvm);
    if (command == "submit")
      return command_submit(ctx, submission);
    if (!cvm.count("out"))
      throw UsageError("run needs --out DIR");
    std::optional<std::chrono::seconds> timeout;
    if (cvm.count("timeout"))
      timeout = std::chrono::seconds(cvm["timeout"].as<long>());
    return command_run(ctx, submission, cvm["out"].as<std::string>(), timeout);
  }
  if (command == "list") {
    desc.add_options()("limit", po::value<std::size_t>(), "at most this many jobs (default 100)");
    desc.add_options()("offset", po::value<std::size_t>(), "skip this many of the newest");
    const auto cvm = parse_command(desc, args);
    if (cvm.count("help"))
      return std::cout << desc << "\n", 0;
    std::optional<std::size_t> limit, offset;
    if (cvm.count("limit"))
      limit = cvm["limit"].as<std::size_t>();
    if (cvm.count("offset"))
      offset = cvm["offset"].as<std::size_t>();
    return command_list(ctx, limit, offset);
  }
  if (command == "status" || command == "wait" || command == "download") {
    desc.add_options()("job-id", po::value<std::string>(), "the job's id");
    if (command == "wait")
      desc.add_options()("timeout", po::value<long>(), "give up after this many seconds");
    if (command == "download")
      desc.add_options()("out", po::value<std::string>(), "folder for the result files");
    if (command == "download")
      desc.add_options()("expect-records", po::value<std::size_t>(),
                         "fail unless the files hold this many records in total");
    one.add("job-id", 1);
    const auto cvm = parse_command(desc, args, one);
    if (cvm.count("help"))
      return std::cout << desc << "\n", 0;
    if (!cvm.count("job-id"))
      throw UsageError(command + " needs a JOB_ID");
    const auto id = cvm["job-id"].as<std::string>();
    if (command == "status")
      return command_status(ctx, id);
    if (command == "wait") {
      std::optional<std::chrono::seconds> timeout;
      if (cvm.count("timeout"))
        timeout = std::chrono::seconds(cvm["timeout"].as<long>());
      return command_wait(ctx, id, timeout);
    }
    if (!cvm.count("out"))
      throw UsageError("download needs --out DIR");
    std::optional<RecordRange> expected;
    if (cvm.count("expect-records")) {
      const auto n = cvm["expect-records"].as<std::size_t>();
      expected = RecordRange{n, n};
    }
    return command_download(ctx, id, cvm["out"].as<std::string>(), expected);
  }
  throw UsageError("unknown command '" + command + "'; see reonomy-client --help");
}

} // namespace

int main(int argc, char** argv) {
  return run_command(std::cerr, [&] {
    try {
      return dispatch(argc, argv);
    } catch (const po::error& e) {
      throw UsageError(std::string(e.what()) + "; see reonomy-client --help");
    }
  });
}
