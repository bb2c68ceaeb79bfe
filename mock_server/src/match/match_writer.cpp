#include "match/match_writer.hpp"

#include "data/corpus.hpp"

namespace reonomy::mock {

namespace {
constexpr std::string_view kAddedHeaders = "reonomy_id,status,miss_reason";
constexpr std::string_view kLineEnd = "\r\n";

void append_fields(std::string& out, const std::vector<std::string>& fields) {
  for (const auto& field : fields) {
    out.push_back(',');
    write_csv_field(out, field);
  }
  out.append(kLineEnd);
}
} // namespace

MatchWriter::MatchWriter(const MatchSpec& spec, const Matcher& matcher)
    : matcher_(matcher), columns_(spec.metadata), reader_(spec.csv) {}

MatchWriter::MatchWriter(const MatchSpec& spec, const Corpus& corpus)
    : owned_(std::make_unique<const Matcher>(corpus)), matcher_(*owned_), columns_(spec.metadata),
      reader_(spec.csv) {}

MatchWriter::~MatchWriter() = default;

bool MatchWriter::fill(std::string& out, std::size_t min_bytes) {
  if (done_)
    return false;
  const std::size_t before = out.size();
  while (out.size() < min_bytes || out.size() == before) {
    if (!reader_.next(record_)) {
      done_ = true;
      break;
    }
    if (!header_written_) {
      header_written_ = true;
      out.append(kAddedHeaders);
      append_fields(out, record_.fields);
      continue;
    }
    if (!record_.valid_utf8)
      continue;
    const MatchResult result = match_row(matcher_, columns_, record_.fields);
    if (result.id)
      out.append(to_string(*result.id));
    out.push_back(',');
    out.append(to_string(result.status));
    out.push_back(',');
    write_csv_field(out, to_string(result.miss_reason));
    append_fields(out, record_.fields);
  }
  return out.size() > before;
}

std::string write_match_result(const MatchSpec& spec, const Matcher& matcher) {
  std::string out;
  MatchWriter writer(spec, matcher);
  while (writer.fill(out, out.size() + (1u << 20))) {
  }
  return out;
}

} // namespace reonomy::mock
