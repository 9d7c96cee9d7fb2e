#include "server/report/format.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"

namespace transpo::report {

std::string Day(std::optional<absl::CivilDay> day) {
  if (!day.has_value()) return "—";
  return absl::StrFormat("%02d/%02d/%04d", day->day(), day->month(),
                         day->year());
}

std::string Count(int64_t n, const Labels& labels) {
  std::string digits = absl::StrCat(n < 0 ? -n : n);
  const std::string separator = labels.Get("number_thousands");
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<size_t>(i), separator);
  }
  return n < 0 ? absl::StrCat("-", digits) : digits;
}

std::string Percent(double ratio, const Labels& labels) {
  std::string number = absl::StrFormat("%.1f", ratio * 100);
  return absl::StrCat(
      absl::StrReplaceAll(number, {{".", labels.Get("number_decimal")}}),
      "\u00a0%");
}

std::string Euros(int64_t amount, const Labels& labels) {
  return absl::StrReplaceAll(labels.Get("money"),
                             {{"{}", Count(amount, labels)}});
}

}  // namespace transpo::report
