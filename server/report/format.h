// Numbers, dates and amounts as a reader of each language writes them.
//
// Thread-safety: pure functions.

#ifndef TRANSPO_SERVER_REPORT_FORMAT_H_
#define TRANSPO_SERVER_REPORT_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "server/report/labels.h"

namespace transpo::report {

// "26/11/2026" in every language (the Belgian way); "—" if none.
std::string Day(std::optional<absl::CivilDay> day);

// 1234567 as "1,234,567" (en), "1 234 567" (fr), "1.234.567" (nl).
std::string Count(int64_t n, const Labels& labels);

// A ratio as a percentage with one decimal: 0.0123 as "1.2 %" (en) or
// "1,2 %" (fr, nl).
std::string Percent(double ratio, const Labels& labels);

// An amount in euros: "EUR 1,000" (en), "1 000 EUR" (fr), "EUR 1.000" (nl).
std::string Euros(int64_t amount, const Labels& labels);

}  // namespace transpo::report

#endif  // TRANSPO_SERVER_REPORT_FORMAT_H_
