#include "conformance/reports.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <vector>

namespace reonomy::client {

std::size_t ConformanceReport::count(Outcome outcome) const {
  std::size_t n = 0;
  for (const auto& r : results)
    n += r.outcome == outcome;
  return n;
}

namespace detail {

namespace {

std::string milliseconds(double seconds) {
  return std::to_string(static_cast<long long>(seconds * 1000 + 0.5)) + " ms";
}

std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// The length of the UTF-8 sequence starting at text[i], 0 when it is not a valid one.
std::size_t utf8_length(const std::string& text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  std::size_t n = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xE  ? 3
                  : (c >> 3) == 0x1E ? 4
                                     : 0;
  if (n == 0 || i + n > text.size())
    return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80)
      return 0;
  return n;
}

std::string failure_text(const StepFailure& failure) {
  return failure.step_label + ": " + failure.expectation + ": expected " + failure.expected +
         ", actual " + failure.actual;
}

} // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(text, i, n);
      i += n;
      continue;
    }
    const char c = text[i++];
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    case '\n':
      out += "&#10;";
      break;
    case '\t':
      out += "&#9;";
      break;
    case '\r':
      out += "&#13;";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20)
        out += "\xEF\xBF\xBD";
      else
        out += c;
    }
  }
  return out;
}

void print_result(const ScenarioResult& result, std::ostream& out) {
  const char* word = result.outcome == Outcome::passed   ? "PASS"
                     : result.outcome == Outcome::failed ? "FAIL"
                                                         : "SKIP";
  out << word << "  [" << result.area << "] " << result.name << "  ("
      << milliseconds(result.seconds) << ")\n";
  if (result.outcome == Outcome::skipped)
    out << "      skipped: " << result.skip_reason << "\n";
  if (result.failure) {
    out << "      " << result.failure->step_label << ": " << result.failure->expectation << "\n"
        << "        expected: " << result.failure->expected << "\n"
        << "        actual:   " << result.failure->actual << "\n"
        << "      (" << result.file << ")\n";
  }
  out.flush();
}

void print_summary(const ConformanceReport& report, std::ostream& out) {
  out << report.count(Outcome::passed) << " passed, " << report.count(Outcome::failed)
      << " failed, " << report.count(Outcome::skipped) << " skipped of " << report.results.size()
      << " scenarios in " << fixed(report.seconds, 2) << " s against " << report.target << "\n";
}

} // namespace detail

void write_junit(const ConformanceReport& report, std::ostream& out) {
  using detail::xml_escape;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"reonomy conformance\" tests=\"" << report.results.size()
      << "\" failures=\"" << report.count(Outcome::failed) << "\" skipped=\""
      << report.count(Outcome::skipped) << "\" errors=\"0\" time=\""
      << detail::fixed(report.seconds, 3) << "\">\n";
  std::vector<std::string> areas;
  for (const auto& r : report.results)
    if (std::find(areas.begin(), areas.end(), r.area) == areas.end())
      areas.push_back(r.area);
  for (const auto& area : areas) {
    std::size_t tests = 0, failures = 0, skipped = 0;
    double seconds = 0;
    for (const auto& r : report.results) {
      if (r.area != area)
        continue;
      ++tests;
      failures += r.outcome == Outcome::failed;
      skipped += r.outcome == Outcome::skipped;
      seconds += r.seconds;
    }
    out << "  <testsuite name=\"" << xml_escape(area) << "\" tests=\"" << tests << "\" failures=\""
        << failures << "\" skipped=\"" << skipped << "\" errors=\"0\" time=\""
        << detail::fixed(seconds, 3) << "\">\n";
    for (const auto& r : report.results) {
      if (r.area != area)
        continue;
      out << "    <testcase classname=\"conformance." << xml_escape(area) << "\" name=\""
          << xml_escape(r.name) << "\" file=\"" << xml_escape(r.file) << "\" time=\""
          << detail::fixed(r.seconds, 3) << "\">\n";
      if (r.failure)
        out << "      <failure message=\"" << xml_escape(detail::failure_text(*r.failure))
            << "\" type=\"" << xml_escape(r.failure->expectation) << "\">"
            << xml_escape("step: " + r.failure->step_label +
                          "\nexpectation: " + r.failure->expectation +
                          "\nexpected: " + r.failure->expected + "\nactual: " + r.failure->actual)
            << "</failure>\n";
      if (r.outcome == Outcome::skipped)
        out << "      <skipped message=\"" << xml_escape(r.skip_reason) << "\"/>\n";
      std::string covers;
      for (const auto& c : r.covers)
        covers += (covers.empty() ? "" : ", ") + c;
      out << "      <system-out>covers: " << xml_escape(covers) << "</system-out>\n"
          << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

} // namespace reonomy::client
