#include "server/domain/identifiers.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "server/domain/field_error.h"

namespace transpo::domain {
namespace {

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  return true;
}

bool PlausibleYear(absl::string_view digits) {
  int year = 0;
  return digits.size() == 4 && absl::SimpleAtoi(digits, &year) &&
         year >= 1950 && year <= 2100;
}

}  // namespace

absl::Status ValidateCelex(absl::string_view field, absl::string_view celex) {
  if (celex.size() != 10 || celex[0] != '3' ||
      !PlausibleYear(celex.substr(1, 4)) || celex[5] != 'L' ||
      !AllDigits(celex.substr(6, 4))) {
    return FieldError(
        field, celex,
        "not a directive CELEX number (3YYYYLNNNN, e.g. 32019L1937)");
  }
  return absl::OkStatus();
}

absl::Status ValidateInfringementNumber(absl::string_view field,
                                        absl::string_view number) {
  if (number.size() != 14 || number.substr(0, 5) != "INFR(" ||
      !PlausibleYear(number.substr(5, 4)) || number[9] != ')' ||
      !AllDigits(number.substr(10, 4))) {
    return FieldError(
        field, number,
        "not an infringement number (INFR(YYYY)NNNN, e.g. INFR(2022)0075)");
  }
  return absl::OkStatus();
}

absl::Status ValidateCaseNumber(absl::string_view field,
                                absl::string_view number) {
  const size_t slash = number.find('/');
  if (number.size() < 6 || number.substr(0, 2) != "C-" ||
      slash == absl::string_view::npos || slash < 3 || slash > 6 ||
      !AllDigits(number.substr(2, slash - 2)) || number.size() != slash + 3 ||
      !AllDigits(number.substr(slash + 1))) {
    return FieldError(
        field, number,
        "not a Court of Justice case number (C-NNN/YY, e.g. C-543/17)");
  }
  return absl::OkStatus();
}

}  // namespace transpo::domain
