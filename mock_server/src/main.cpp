// reonomy-mock: maps the command line (and --config file) onto Options and runs a Server until
// SIGINT or SIGTERM.
#include <malloc.h>

#include <charconv>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "reonomy_mock/server.hpp"

namespace po = boost::program_options;
using reonomy::mock::ClockMode;
using reonomy::mock::Credentials;
using reonomy::mock::LogFormat;
using reonomy::mock::Options;

namespace {

struct Usage : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Credentials parse_user(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    throw Usage("--user takes KEY:SECRET, got '" + text + "'");
  return {text.substr(0, colon), text.substr(colon + 1)};
}

// A byte count: digits, optionally followed by K, M or G (powers of 1024).
std::uint64_t parse_size(const std::string& text, const char* flag) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, ec] = std::from_chars(text.data(), end, value);
  int shift = 0;
  if (stop + 1 == end && (*stop == 'K' || *stop == 'k'))
    shift = 10;
  else if (stop + 1 == end && (*stop == 'M' || *stop == 'm'))
    shift = 20;
  else if (stop + 1 == end && (*stop == 'G' || *stop == 'g'))
    shift = 30;
  else if (stop != end)
    shift = -1;
  if (ec != std::errc() || stop == text.data() || shift < 0 || (value >> (63 - shift)) != 0)
    throw Usage(std::string(flag) + " takes a byte count such as 536870912, 512M or 2G, got '" +
                text + "'");
  return value << shift;
}

Options parse(int argc, char** argv, bool& exit_now) {
  Options o;
  std::string clock = "real", log_format = "text", config, sftp_port = "2222", spool_bytes = "2G";
  std::vector<std::string> users;
  po::options_description desc(
      "reonomy-mock: an offline mock of Reonomy's v2 batch jobs API (/v2/jobs/file).\n\n"
      "Usage: reonomy-mock [options]\n\nOptions");
  // clang-format off
  desc.add_options()
    ("help,h", "show this help and exit")
    ("host", po::value(&o.host)->default_value(o.host), "address to listen on")
    ("port", po::value(&o.port)->default_value(o.port), "HTTP port; 0 picks a free one")
    ("port-file", po::value(&o.port_file),
     "write {\"http\": PORT, \"sftp\": PORT or null} to this file (atomically) once listening")
    ("sftp-port", po::value(&sftp_port)->default_value(sftp_port),
     "SFTP port for match outputs (user = access key, password = secret); 0 picks a free one; "
     "off: no SFTP server")
    ("sftp-host-key", po::value(&o.sftp_host_key),
     "SFTP host key file (ed25519), made on first start and kept; default: STATE_DIR/sftp_host_key "
     "with --state-dir, else a new key each run")
    ("tls-cert", po::value(&o.tls_cert),
     "serve HTTPS with this PEM certificate (chain); needs --tls-key")
    ("tls-key", po::value(&o.tls_key), "the PEM private key of --tls-cert (unencrypted)")
    ("tls-self-signed", po::value(&o.tls_self_signed)->implicit_value(true)->default_value(false),
     "serve HTTPS with a P-256 key and self-signed certificate made at start, valid for "
     "localhost, 127.0.0.1, ::1 and --host")
    ("tls-cert-out", po::value(&o.tls_cert_out),
     "with --tls-self-signed: write the certificate (PEM) to FILE before the port file, for "
     "clients to trust (curl --cacert FILE, reonomy-client --ca-file FILE)")
    ("admin-token", po::value(&o.admin_token),
     "bearer token for the control plane (/_mock/): optional on a loopback --host, required on "
     "any other (without it the control plane answers 401)")
    ("public-url", po::value(&o.public_url),
     "base URL clients reach the mock at (default http://HOST:PORT)")
    ("config", po::value(&config),
     "read options from FILE: one `name = value` per line, same names as these flags; "
     "flags on the command line win")
    ("user", po::value(&users)->composing(),
     "account KEY:SECRET for HTTP Basic auth; repeatable (default demo-access-key:demo-secret-key)")
    ("clock", po::value(&clock)->default_value(clock),
     "real, or manual: time moves only via POST /_mock/clock/advance")
    ("pending-seconds", po::value(&o.pending_seconds)->default_value(o.pending_seconds),
     "how long a new job stays PENDING")
    ("started-seconds", po::value(&o.started_seconds)->default_value(o.started_seconds),
     "how long a job then stays STARTED before SUCCESS")
    ("rate-limit", po::value(&o.rate_limit)->default_value(o.rate_limit),
     "requests per second per account before 429; 0 turns the limit off")
    ("url-ttl-seconds", po::value(&o.url_ttl_seconds)->default_value(o.url_ttl_seconds),
     "how long a presigned result URL stays valid")
    ("object-ttl-seconds", po::value(&o.object_ttl_seconds)->default_value(o.object_ttl_seconds),
     "how long a result object exists after it was made; later it is NoSuchKey until the job "
     "is fetched again")
    ("spool-dir", po::value(&o.spool_dir),
     "where rendered result objects are kept as files (removed at exit); default: "
     "reonomy-mock-spool-<pid> in the system temp directory")
    ("spool-bytes", po::value(&spool_bytes)->default_value(spool_bytes),
     "the spool's size cap, in bytes or with K, M or G (binary); least recently used objects "
     "are removed first; 0: no spool, every download generates its object again")
    ("chunk-size", po::value(&o.chunk_size)->default_value(o.chunk_size),
     "records per property-details result file")
    ("seed", po::value(&o.seed)->default_value(o.seed),
     "corpus seed: the same seed gives the same properties and records")
    ("corpus-size", po::value(&o.corpus_size)->default_value(o.corpus_size),
     "properties in the corpus (searches run over it)")
    ("fixtures", po::value(&o.fixtures_dir),
     "the fixtures directory (zipcodes.csv and the other tables); default: the source tree's "
     "fixtures/ when it exists, else fixtures/ next to the executable, else "
     "../share/reonomy-mock/fixtures from its directory")
    ("max-upload-bytes", po::value(&o.max_upload_bytes)->default_value(o.max_upload_bytes),
     "largest request body accepted; larger ones get 413")
    ("threads", po::value(&o.threads)->default_value(o.threads),
     "HTTP worker threads at most, started as connections need them (each keep-alive "
     "connection holds one while open)")
    ("log-format", po::value(&log_format)->default_value(log_format),
     "request log on stderr: text, json or off")
    ("faults", po::value(&o.faults_file),
     "fault rules to start with: a JSON file holding what POST /_mock/faults takes")
    ("journal-size", po::value(&o.journal_size)->default_value(o.journal_size),
     "requests GET /_mock/requests remembers (a ring); 0 keeps none")
    ("state-dir", po::value(&o.state_dir),
     "keep jobs (with their uploads), the URL-signing secret, a manual clock and the SFTP host key "
     "in DIR, durable before each 201; a restart carries on from it. Default: memory only")
    ("state-quarantine", po::bool_switch(&o.state_quarantine),
     "with --state-dir: move damaged state files to DIR/quarantine and start without them, "
     "instead of refusing to start");
  // clang-format on
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, desc), vm);
  if (vm.count("help")) {
    std::cout << desc
              << "\nOn start it prints one line: reonomy-mock listening on "
                 "http(s)://HOST:PORT\nControl plane: GET /_mock/health, POST "
                 "/_mock/reset[?access_key=K], GET /_mock/clock, POST "
                 "/_mock/clock/advance {\"seconds\": N}, POST|GET|DELETE /_mock/faults, POST "
                 "/_mock/jobs/ID/release, GET /_mock/requests, POST /_mock/echo (an upload's "
                 "report and verdict), GET /_mock/openapi.json. Open on loopback; "
                 "elsewhere send Authorization: Bearer ADMIN_TOKEN (or "
                 "X-Mock-Admin-Token: ADMIN_TOKEN).\n";
    exit_now = true;
    return o;
  }
  if (vm.count("config")) {
    const std::string path = vm["config"].as<std::string>();
    std::ifstream in(path);
    if (!in)
      throw Usage("cannot read --config file '" + path + "'");
    po::store(po::parse_config_file(in, desc), vm);
  }
  po::notify(vm);

  if (clock == "real")
    o.clock = ClockMode::real;
  else if (clock == "manual")
    o.clock = ClockMode::manual;
  else
    throw Usage("--clock takes real or manual, got '" + clock + "'");

  if (log_format == "text")
    o.log_format = LogFormat::text;
  else if (log_format == "json")
    o.log_format = LogFormat::json;
  else if (log_format == "off")
    o.log_format = LogFormat::off;
  else
    throw Usage("--log-format takes text, json or off, got '" + log_format + "'");

  if (sftp_port == "off") {
    o.sftp_port = -1;
  } else {
    try {
      std::size_t used = 0;
      o.sftp_port = std::stoi(sftp_port, &used);
      if (used != sftp_port.size() || o.sftp_port < 0 || o.sftp_port > 65535)
        throw Usage("");
    } catch (const std::exception&) {
      throw Usage("--sftp-port takes a port 0..65535 or off, got '" + sftp_port + "'");
    }
  }

  o.spool_bytes = parse_size(spool_bytes, "--spool-bytes");

  if (!users.empty()) {
    o.users.clear();
    for (const auto& u : users)
      o.users.push_back(parse_user(u));
  }
  return o;
}

} // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    bool exit_now = false;
    options = parse(argc, argv, exit_now);
    if (exit_now)
      return 0;
  } catch (const std::exception& e) {
    std::cerr << "reonomy-mock: " << e.what() << "\n(see reonomy-mock --help)\n";
    return 2;
  }

  // Memory stays flat across large jobs only with three glibc settings, each measured with
  // bench/results_bench (three rounds of a 1M-id and a 100k-id job):
  // - uploads grow by doubling; the dynamic mmap threshold then rises to 32 MB and later buffers
  //   stay on the heap once freed. A fixed 8 MiB threshold (above the 1 MiB download pieces,
  //   below any large upload) returns them at once;
  // - fixing it freezes the trim threshold at 128 KiB, so every download piece shrank and
  //   re-faulted the heap (3x slower): 16 MiB covers the piece churn;
  // - each worker thread may get its own arena (up to 16 here), each keeping its freed pieces:
  //   peak RSS 232 MB with the default, 136 MB with two arenas, at the same speed.
  mallopt(M_MMAP_THRESHOLD, 8 << 20);
  mallopt(M_TRIM_THRESHOLD, 16 << 20);
  mallopt(M_ARENA_MAX, 2);

  // Block the stop signals before any thread starts, so every thread inherits the mask and only
  // sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  try {
    reonomy::mock::Server server(options);
    server.start();
    std::cout << "reonomy-mock listening on " << server.base_url() << std::endl;
    int signal = 0;
    sigwait(&stop_signals, &signal);
    std::cerr << "reonomy-mock: stopping (signal " << signal << ")\n";
    server.stop();
  } catch (const std::exception& e) {
    std::cerr << "reonomy-mock: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
