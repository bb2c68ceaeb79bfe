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
  int port = 8080;        // 0: any free port, read it back with Server::port()
  std::string public_url; // base URL clients are told to use; default http://host:port
  std::string port_file; // when set, {"http": P, "sftp": Q or null} is written there once listening
  int sftp_port = 2222;  // match outputs over SFTP; 0: any free port; -1: no SFTP server
  // ed25519 host key file, made on first start; empty: STATE_DIR/sftp_host_key with a state_dir,
  // else a new key per run
  std::string sftp_host_key;
  // HTTPS: a PEM certificate (chain) and its private key; or tls_self_signed, which makes a P-256
  // key and a certificate for localhost, 127.0.0.1, ::1 and `host` at start and writes the
  // certificate to tls_cert_out (when set) for clients to trust. Empty and false: plain HTTP.
  std::string tls_cert;
  std::string tls_key;
  bool tls_self_signed = false;
  std::string tls_cert_out;
  // Bearer token for the control plane (/_mock/). On a loopback host it is optional; on any other
  // host the control plane answers 401 to every request without it.
  std::string admin_token;
  std::vector<Credentials> users = {{"demo-access-key", "demo-secret-key"}};
  ClockMode clock = ClockMode::real;
  double pending_seconds = 1.0; // how long a new job stays PENDING
  double started_seconds = 2.0; // how long it then stays STARTED before SUCCESS
  unsigned rate_limit = 5;      // requests per second per account; 0 turns the limit off
  double url_ttl_seconds = 600; // how long a presigned result URL stays valid (doc: 10 minutes)
  // The HMAC key result URLs are signed with. Empty (the default): random bytes made per run, so
  // URLs of an earlier run are refused. It never leaves the process (no log, body or journal).
  std::string url_signing_secret;
  double object_ttl_seconds = 600; // how long a result object exists after it was (re)made
  // Rendered result objects are kept as files here, at most spool_bytes of them (least recently
  // used removed first); removed at shutdown. Empty: reonomy-mock-spool-<pid> in the system temp
  // directory. spool_bytes 0: no spool (every download generates its object again).
  std::string spool_dir;
  std::uint64_t spool_bytes = std::uint64_t(2) << 30;
  std::size_t chunk_size = 25000;   // records per property-details result file (doc: 25,000)
  std::uint64_t seed = 1;           // the corpus: the same seed gives the same properties
  std::size_t corpus_size = 200000; // properties in the corpus
  // The fixture tables the corpus and the matcher are made from. Empty: the source tree's
  // fixtures/ the build compiled in when it exists, else fixtures/ next to the executable, else
  // ../share/reonomy-mock/fixtures from its directory; start-up fails naming every place tried.
  std::string fixtures_dir;
  std::size_t max_upload_bytes = 256u << 20; // larger request bodies get 413
  // HTTP worker threads at most, started as connections need them (a keep-alive connection
  // holds one)
  unsigned threads = 32;
  LogFormat log_format = LogFormat::text;
  std::string faults_file;         // fault rules to start with (the body of POST /_mock/faults)
  std::size_t journal_size = 1000; // requests GET /_mock/requests remembers; 0 keeps none
  // When set, jobs (with their uploads), the URL-signing secret, a manual clock's time and the
  // SFTP host key persist in this directory; a restarted mock carries on from it. Empty: memory
  // only.
  std::string state_dir;
  // With state_dir: move damaged state files to STATE_DIR/quarantine and start without them,
  // instead of refusing to start.
  bool state_quarantine = false;
};

} // namespace reonomy::mock
