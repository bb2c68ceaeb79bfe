#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace reonomy::client::detail {

enum class ResultFormat { ndjson, csv };

// doc: property-details and search results are NDJSON; match results are CSV. The object name's
// extension says which.
ResultFormat format_of(std::string_view object_name);

// Reads an NDJSON file line by line and checks each line is one JSON object (doc: "each
// property is represented as a separate JSON object, with a new line character between each
// object"). A final newline is allowed, blank lines are not. Returns the number of records;
// throws VerificationError naming the file and line otherwise. `each` (optional) gets every
// line's text.
std::size_t check_ndjson(const std::filesystem::path& path, const std::string& name,
                         const std::function<void(std::string_view)>& each = {});

// Reads a CSV file (RFC 4180) and returns its data rows (after the header row). Throws
// VerificationError when it is empty or a quote is left open. `each` (optional) gets every
// record, the header first.
std::size_t check_csv(const std::filesystem::path& path, const std::string& name,
                      const std::function<void(const std::vector<std::string>&)>& each = {});

} // namespace reonomy::client::detail
