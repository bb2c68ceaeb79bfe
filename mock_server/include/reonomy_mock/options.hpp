#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace reonomy::mock {

// real: time is the system's. manual: time starts at the real time of start-up and moves only
// through POST /_mock/clock/advance, so tests can walk lifecycles and expiries instantly.
enum class ClockMode { real, manual };

enum class LogFormat { text, json, off };

struct Credentials {
  std::string access_key;
  std::string secret;
};

// Everything that configures a mock server. The command line (`reonomy-mock --help`) maps onto
// these fields one to one; an embedding program or test fills them directly.
struct Options {
  std::string host = "127.0.0.1";
  int port = 8080;          // 0: any free port, read it back with Server::port()
  std::string public_url;   // base URL clients are told to use; default http://host:port
  std::string port_file;    // when set, {"http": P, "sftp": Q or null} is written there once listening
  int sftp_port = 2222;     // match outputs over SFTP; 0: any free port; -1: no SFTP server
  std::string sftp_host_key; // ed25519 host key file, made on first start; empty: a new key per run
  std::vector<Credentials> users = {{"demo-access-key", "demo-secret-key"}};
  ClockMode clock = ClockMode::real;
  double pending_seconds = 1.0; // how long a new job stays PENDING
  double started_seconds = 2.0; // how long it then stays STARTED before SUCCESS
  unsigned rate_limit = 5;      // requests per second per account; 0 turns the limit off
  double url_ttl_seconds = 600;    // how long a presigned result URL stays valid (doc: 10 minutes)
  // The HMAC key result URLs are signed with. Empty (the default): random bytes made per run, so
  // URLs of an earlier run are refused. It never leaves the process (no log, body or journal).
  std::string url_signing_secret;
  double object_ttl_seconds = 600; // how long a result object exists after it was (re)made
  std::size_t chunk_size = 25000;  // records per property-details result file (doc: 25,000)
  std::uint64_t seed = 1;          // the corpus: the same seed gives the same properties
  std::size_t corpus_size = 200000; // properties in the corpus
  std::size_t max_upload_bytes = 256u << 20; // larger request bodies get 413
  unsigned threads = 32;        // HTTP worker threads (a keep-alive connection holds one)
  LogFormat log_format = LogFormat::text;
};

} // namespace reonomy::mock
