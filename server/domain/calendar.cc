#include "server/domain/calendar.h"

#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "server/domain/field_error.h"

namespace transpo::domain {
namespace {

int DaysInMonth(absl::CivilMonth month) {
  return static_cast<int>(absl::CivilDay(month + 1) - absl::CivilDay(month));
}

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
}

}  // namespace

absl::StatusOr<Period> Period::Parse(absl::string_view text) {
  absl::string_view rest = absl::StripAsciiWhitespace(text);
  size_t digits = 0;
  while (digits < rest.size() && absl::ascii_isdigit(rest[digits])) ++digits;
  Period period;
  absl::string_view unit = absl::StripAsciiWhitespace(rest.substr(digits));
  bool known = true;
  if (unit == "d" || unit == "day" || unit == "days") {
    period.unit = Unit::kDays;
  } else if (unit == "w" || unit == "week" || unit == "weeks") {
    period.unit = Unit::kWeeks;
  } else if (unit == "m" || unit == "month" || unit == "months") {
    period.unit = Unit::kMonths;
  } else if (unit == "y" || unit == "year" || unit == "years") {
    period.unit = Unit::kYears;
  } else {
    known = false;
  }
  if (digits == 0 || !known ||
      !absl::SimpleAtoi(rest.substr(0, digits), &period.count) ||
      period.count < 1 || period.count > 1000) {
    return absl::InvalidArgumentError(absl::StrCat(
        "period \"", text,
        "\": expected a count from 1 to 1000 and a unit (days, weeks, months, "
        "years), e.g. \"2 months\""));
  }
  return period;
}

std::string Period::ToString() const {
  const char* names[] = {"day", "week", "month", "year"};
  return absl::StrCat(count, " ", names[static_cast<int>(unit)],
                      count == 1 ? "" : "s");
}

absl::CivilDay EasterSunday(int year) {
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return absl::CivilDay(year, month, day);
}

bool InDateRange(absl::CivilDay day) {
  return day.year() >= kFirstYear && day.year() <= kLastYear;
}

absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view field,
                                         absl::string_view text) {
  absl::StatusOr<absl::CivilDay> day = ParseStoredDate(field, text);
  if (day.ok() && !InDateRange(*day)) {
    return FieldError(field, text,
                      absl::StrCat("out of range: dates run from ", kFirstYear,
                                   "-01-01 to ", kLastYear, "-12-31"));
  }
  return day;
}

absl::StatusOr<absl::CivilDay> ParseStoredDate(absl::string_view field,
                                               absl::string_view text) {
  auto bad = [&](absl::string_view why) {
    return FieldError(field, text, why);
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return bad("expected a date YYYY-MM-DD");
  }
  int year = 0, month = 0, day = 0;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(text[i])) return bad("expected a date YYYY-MM-DD");
  }
  if (!absl::SimpleAtoi(text.substr(0, 4), &year) ||
      !absl::SimpleAtoi(text.substr(5, 2), &month) ||
      !absl::SimpleAtoi(text.substr(8, 2), &day)) {
    return bad("expected a date YYYY-MM-DD");
  }
  const absl::CivilDay civil(year, month, day);
  if (civil.year() != year || civil.month() != month || civil.day() != day) {
    return bad("not a date");
  }
  return civil;
}

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::StatusOr<Calendar> Calendar::Create(const CalendarOptions& options) {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(options.time_zone, &zone)) {
    return absl::InvalidArgumentError(
        absl::StrCat("time_zone \"", options.time_zone,
                     "\": unknown (is tzdata installed?)"));
  }
  return Calendar(options, zone);
}

std::optional<std::string> Calendar::HolidayName(absl::CivilDay day) const {
  const int month = day.month();
  const int dom = day.day();
  if (month == 1 && dom == 1) return "New Year's Day";
  if (month == 5 && dom == 1) return "Labour Day";
  if (month == 7 && dom == 21) return "Belgian National Day";
  if (month == 8 && dom == 15) return "Assumption Day";
  if (month == 11 && dom == 1) return "All Saints' Day";
  if (month == 11 && dom == 11) return "Armistice Day";
  if (month == 12 && dom == 25) return "Christmas Day";
  const absl::CivilDay easter = EasterSunday(static_cast<int>(day.year()));
  if (day == easter + 1) return "Easter Monday";
  if (day == easter + 39) return "Ascension Day";
  if (day == easter + 50) return "Whit Monday";
  if (options_.regional_days_off) {
    if (month == 5 && dom == 8) return "Iris Day";
    if (month == 11 && dom == 2) return "All Souls' Day";
    if (month == 11 && dom == 15) return "King's Feast";
    if (month == 12 && dom == 26) return "Boxing Day";
  }
  return std::nullopt;
}

bool Calendar::IsWorkingDay(absl::CivilDay day) const {
  return !IsWeekend(day) && !IsPublicHoliday(day);
}

absl::CivilDay Calendar::NextWorkingDay(absl::CivilDay day) const {
  while (!IsWorkingDay(day)) ++day;
  return day;
}

absl::CivilDay Calendar::AddPeriod(absl::CivilDay from, Period period) {
  switch (period.unit) {
    case Period::Unit::kDays:
      return from + period.count;
    case Period::Unit::kWeeks:
      return from + 7 * static_cast<absl::civil_diff_t>(period.count);
    case Period::Unit::kMonths:
    case Period::Unit::kYears: {
      const int months = period.unit == Period::Unit::kYears ? 12 * period.count
                                                             : period.count;
      const absl::CivilMonth month = absl::CivilMonth(from) + months;
      const int day = std::min(from.day(), DaysInMonth(month));
      return absl::CivilDay(month.year(), month.month(), day);
    }
  }
  return from;
}

absl::CivilDay Calendar::PeriodEnd(absl::CivilDay from, Period period) const {
  const absl::CivilDay nominal = AddPeriod(from, period);
  absl::CivilDay end = NextWorkingDay(nominal);  // Art 3(4)
  if (nominal - from >= 2) {                     // Art 3(5)
    int working = 0;
    for (absl::CivilDay d = from + 1; d <= end; ++d) working += IsWorkingDay(d);
    while (working < 2) {
      end = NextWorkingDay(end + 1);
      ++working;
    }
  }
  return end;
}

absl::CivilDay Calendar::Today(absl::Time t) const {
  return absl::ToCivilDay(t, zone_);
}

absl::Time Calendar::EndOf(absl::CivilDay day) const {
  return absl::FromCivil(day + 1, zone_);
}

absl::Time Calendar::StartOf(absl::CivilDay day) const {
  return absl::FromCivil(day, zone_);
}

}  // namespace transpo::domain
