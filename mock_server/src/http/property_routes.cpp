#include "http/property_routes.hpp"

#include "specs/spec_text.hpp"

#include <charconv>
#include <functional>
#include <span>

#include "core/api_error.hpp"
#include "core/base64.hpp"
#include "data/corpus.hpp"
#include "data/property_record.hpp"
#include "data/search_match.hpp"
#include "http/responses.hpp"
#include "specs/property_details_spec.hpp"
#include "specs/search_spec.hpp"

namespace reonomy::mock {

namespace {

constexpr std::size_t kDefaultSummaries = 10; // ours, after public clients' page size

bool parse_bool_param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name))
    return false;
  const std::string v = req.get_param_value(name);
  if (v == "true" || v == "1")
    return true;
  if (v == "false" || v == "0")
    return false;
  throw validation_error(name, "'" + v + "' is not true or false");
}

// ours: a search token says where the next page starts and which search it belongs to, so a
// token sent with other settings is refused instead of paging through the wrong results. It is
// base64url without padding, so it goes into a query string as it is.
std::string make_token(std::size_t offset, const std::string& settings) {
  std::string token = base64_encode("v1:" + std::to_string(offset) + ":" +
                                    std::to_string(std::hash<std::string>{}(settings)));
  while (!token.empty() && token.back() == '=')
    token.pop_back();
  for (char& c : token)
    c = c == '+' ? '-' : c == '/' ? '_' : c;
  return token;
}

std::size_t read_token(std::string token, const std::string& settings) {
  for (char& c : token)
    c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (token.size() % 4 != 0)
    token += '=';
  const auto decoded = base64_decode(token);
  const std::string suffix = ":" + std::to_string(std::hash<std::string>{}(settings));
  std::size_t offset = 0;
  if (decoded && decoded->starts_with("v1:") && decoded->ends_with(suffix)) {
    const char* first = decoded->data() + 3;
    const char* last = decoded->data() + decoded->size() - suffix.size();
    const auto [end, ec] = std::from_chars(first, last, offset);
    if (ec == std::errc() && end == last && first != last)
      return offset;
  }
  throw validation_error("search_token", "not a token of this search; send the same body with "
                                         "the search_token the previous page returned");
}

// "basic, mortgages, ... taxes or tenants", from the list the spec parser reads, so the endpoint
// and the spec cannot name different types.
std::string detail_type_choices() {
  const std::span names(kDetailTypeNames);
  return detail::join(names.first(names.size() - 1)) + " or " + std::string(names.back());
}

} // namespace

void add_property_routes(Routes& http, ServiceContext& ctx) {
  http.Get("/v2/property/([^/]+)",
           guarded([&ctx](const httplib::Request& req, httplib::Response& res) {
             const std::string id_text = req.matches[1];
             const auto id = parse_uuid(id_text);
             if (!id)
               throw ApiError(404, error_type::kNotFound,
                              "No property " + detail::quoted_value(id_text) +
                                  ": property ids are UUIDs.");
             std::vector<DetailType> types;
             for (std::size_t i = 0; i < req.get_param_value_count("detail_type"); ++i) {
               const std::string name = req.get_param_value("detail_type", i);
               const auto type = parse_detail_type(name);
               if (!type)
                 throw validation_error("detail_type", "'" + name + "' is not a detail type; use " +
                                                           detail_type_choices());
               types.push_back(*type);
             }
             if (types.empty())
               types.push_back(DetailType::basic); // doc: default basic
             std::string body;
             write_record(body, *ctx.corpus(), *id, types, parse_bool_param(req, "filter_pii"));
             res.status = 200;
             res.set_content(body, "application/json");
           }));

  http.Post(
      "/v2/search/summaries", guarded([&ctx](const httplib::Request& req, httplib::Response& res) {
        // doc: a search job's file is "exactly the same" as this body; one reader serves both.
        const SearchRequest request = parse_search_request(req.body, "(body)");
        const std::size_t limit = request.limit.value_or(kDefaultSummaries);
        const SearchSpec& spec = request.spec;
        const std::string settings_text = request.settings.dump();
        const std::size_t offset =
            req.has_param("search_token")
                ? read_token(req.get_param_value("search_token"), settings_text)
                : 0;

        const Corpus& corpus = *ctx.corpus();
        const SearchFilter filter(corpus, spec);
        std::size_t count = 0;
        nlohmann::json items = nlohmann::json::array();
        std::string line;
        for (const auto& entry : corpus.entries()) {
          if (!filter.matches(entry))
            continue;
          if (count >= offset && items.size() < limit) {
            line.clear();
            write_search_line(line, corpus, entry);
            items.push_back(nlohmann::json::parse(line));
          }
          ++count;
        }
        const std::size_t next = offset + items.size();
        render_json(res, 200,
                    {{"count", count},
                     {"items", std::move(items)},
                     {"search_token", next < count ? nlohmann::json(make_token(next, settings_text))
                                                   : nlohmann::json(nullptr)}});
      }));
}

} // namespace reonomy::mock
