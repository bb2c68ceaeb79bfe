#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reonomy::mock::state {

// A state file that cannot be used: it names the file and what is wrong with it.
class StateFileError : public std::runtime_error {
public:
  StateFileError(std::filesystem::path path, const std::string& problem)
      : std::runtime_error("state file " + path.string() + ": " + problem), path_(std::move(path)),
        problem_(problem) {}
  const std::filesystem::path& path() const noexcept { return path_; }
  // What is wrong, without the file's name.
  const std::string& problem() const noexcept { return problem_; }

private:
  std::filesystem::path path_;
  std::string problem_;
};

// The content of one state file: a kind and named fields whose values are any bytes.
// On disk:
//   reonomy-mock-state 1 <kind>\n
//   <name> <byte length>\n<bytes>\n        (once per field, in order)
//   sha256 <64 hex digits of everything above>\n
// A file missing its last line (truncated), with a checksum that does not match (damaged or
// edited), or with anything else out of this shape is refused; nothing in it is trusted.
struct Record {
  std::string kind;
  std::vector<std::pair<std::string, std::string>> fields;

  Record& add(std::string name, std::string value);
  // The value of a field, or nullptr.
  const std::string* find(std::string_view name) const;
  // The value of a field; throws std::runtime_error "missing field NAME" when absent.
  const std::string& at(std::string_view name) const;
  // A field holding a decimal integer; throws std::runtime_error naming the field otherwise.
  long long integer(std::string_view name) const;
};

std::string encode(const Record& record);
// Throws std::runtime_error saying what is wrong (the caller names the file).
Record decode(std::string_view bytes);

// Reads and decodes `path`; throws StateFileError naming it.
Record read_record(const std::filesystem::path& path);

// Writes `bytes` to `path` so that a crash at any point leaves the old file or the whole new one:
// a temporary file beside it (`path` + ".tmp") is written and fsync'ed, renamed over `path`, and
// the directory is fsync'ed so the rename itself is durable. Throws std::runtime_error naming the
// file and the system's reason (no space, permission...), removing the temporary file.
void write_durably(const std::filesystem::path& path, std::string_view bytes);

// Makes `dir` (and its parents) and fsyncs the parent so the new entry is durable.
void make_directory_durably(const std::filesystem::path& dir);

// Removes `path` (if present) and fsyncs its directory.
void remove_durably(const std::filesystem::path& path);

// fsync of a directory, so renames and removals in it survive a crash.
void sync_directory(const std::filesystem::path& dir);

inline constexpr std::string_view kTemporarySuffix = ".tmp";

} // namespace reonomy::mock::state
