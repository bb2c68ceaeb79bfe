#pragma once

#include <iosfwd>
#include <string>

#include "reonomy_client/conformance.hpp"

namespace reonomy::client::detail {

// One scenario's line(s) for the console: PASS/FAIL/SKIP, the area and name, the time; for a
// failure the step and its expected and actual values, for a skip the reason.
void print_result(const ScenarioResult& result, std::ostream& out);
void print_summary(const ConformanceReport& report, std::ostream& out);

// `text` made safe for XML 1.0 character data and attribute values: markup characters escaped,
// control characters and invalid UTF-8 replaced by U+FFFD.
std::string xml_escape(const std::string& text);

} // namespace reonomy::client::detail
