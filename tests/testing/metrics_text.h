// Reads a series' value in the Prometheus text format (a /metrics page).
//
// Example:
//   std::optional<double> v = SeriesValue(text, "transpo_dossiers_overdue");

#ifndef TRANSPO_TESTS_TESTING_METRICS_TEXT_H_
#define TRANSPO_TESTS_TESTING_METRICS_TEXT_H_

#include <optional>
#include <string>

namespace transpo::testing {

// The value of the series `series` (name and labels exactly as printed);
// nullopt when the page has none.
inline std::optional<double> SeriesValue(const std::string& text,
                                         const std::string& series) {
  const std::string line = series + " ";
  size_t at = 0;
  if (text.compare(0, line.size(), line) != 0) {
    at = text.find("\n" + line);
    if (at == std::string::npos) return std::nullopt;
    ++at;
  }
  return std::stod(text.substr(at + line.size()));
}

}  // namespace transpo::testing

#endif  // TRANSPO_TESTS_TESTING_METRICS_TEXT_H_
