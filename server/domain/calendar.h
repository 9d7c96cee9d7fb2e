// Calendar computes dates the way EU law counts them: Regulation (EEC,
// Euratom) No 1182/71 periods, Belgian public holidays (Easter-based ones
// computed), and the Europe/Brussels time zone.
//
// Rules (Reg. 1182/71):
//   Art 3(1)    the day of the event a period runs from is not counted;
//   Art 3(2)    days: the period ends at the end of the n-th day after it;
//               weeks, months, years: on the day with the same weekday or
//               date as the event day, or the last day of the month if that
//               date does not exist (31 Jan + 1 month = 28/29 Feb);
//   Art 3(4)    if that last day is a Saturday, Sunday or public holiday,
//               the period ends at the end of the next working day;
//   Art 3(5)    a period of two days or more includes two working days.
// Fixed dates (a directive's transposition deadline) never move
// (Arts 4 and 5): they are not periods and need none of this.
//
// Thread-safety: immutable after construction; all methods are const.
//
// Example:
//   Calendar calendar(CalendarOptions{});
//   absl::CivilDay due = calendar.PeriodEnd(absl::CivilDay(2022, 1, 27),
//                                           Period::Months(2));

#ifndef TRANSPO_SERVER_DOMAIN_CALENDAR_H_
#define TRANSPO_SERVER_DOMAIN_CALENDAR_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace transpo::domain {

struct Period {
  enum class Unit { kDays, kWeeks, kMonths, kYears };

  static Period Days(int n) { return {n, Unit::kDays}; }
  static Period Weeks(int n) { return {n, Unit::kWeeks}; }
  static Period Months(int n) { return {n, Unit::kMonths}; }
  static Period Years(int n) { return {n, Unit::kYears}; }

  // Parses "10d", "10 days", "2w", "2 weeks", "1m", "2 months", "1y";
  // InvalidArgument naming the text otherwise. Count 1 to 1000.
  static absl::StatusOr<Period> Parse(absl::string_view text);
  std::string ToString() const;  // "2 months"

  int count = 0;
  Unit unit = Unit::kDays;
};

struct CalendarOptions {
  // Also count the extra days off of Brussels regional civil servants
  // (8 May, 2 Nov, 15 Nov, 26 Dec) as public holidays. Default: false (the
  // ten Belgian legal holidays only).
  bool regional_days_off = false;
  // IANA time zone of business dates. Default: Europe/Brussels.
  std::string time_zone = "Europe/Brussels";
};

// Easter Sunday of `year` in the Gregorian calendar (anonymous computus).
absl::CivilDay EasterSunday(int year);

// Business dates run from kFirstYear-01-01 to kLastYear-12-31.
inline constexpr int kFirstYear = 1950;
inline constexpr int kLastYear = 2200;

// Parses an ISO date "YYYY-MM-DD"; InvalidArgument naming `field` and the
// text if it is not a real date (2021-02-30 is not) or out of range.
absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view field,
                                         absl::string_view text);
// The same for a date the server stored itself (a computed date may lie
// beyond the range): any real date is accepted.
absl::StatusOr<absl::CivilDay> ParseStoredDate(absl::string_view field,
                                               absl::string_view text);
// Whether `day` lies in the range business dates run in.
bool InDateRange(absl::CivilDay day);
std::string FormatDate(absl::CivilDay day);

class Calendar {
 public:
  // InvalidArgument if the time zone cannot be loaded.
  static absl::StatusOr<Calendar> Create(const CalendarOptions& options);

  // The holiday's name ("Easter Monday"), or nullopt on other days.
  std::optional<std::string> HolidayName(absl::CivilDay day) const;
  bool IsPublicHoliday(absl::CivilDay day) const {
    return HolidayName(day).has_value();
  }
  bool IsWorkingDay(absl::CivilDay day) const;
  // `day` itself if it is a working day, else the next one.
  absl::CivilDay NextWorkingDay(absl::CivilDay day) const;

  // Last day of `period` running from the event on `from` (Art 3, with the
  // next-working-day rule 3(4) and the two-working-days rule 3(5)).
  absl::CivilDay PeriodEnd(absl::CivilDay from, Period period) const;
  // The same date arithmetic without Art 3(4) and 3(5), for dates that do not
  // end a period for acting (e.g. "deadline plus one month" as a date).
  static absl::CivilDay AddPeriod(absl::CivilDay from, Period period);

  // The business day of instant `t` in the calendar's time zone.
  absl::CivilDay Today(absl::Time t) const;
  // The instant a day ends (start of the next day) in the time zone: a
  // deadline on `day` has passed from then on.
  absl::Time EndOf(absl::CivilDay day) const;
  absl::Time StartOf(absl::CivilDay day) const;

  const absl::TimeZone& time_zone() const { return zone_; }

 private:
  Calendar(CalendarOptions options, absl::TimeZone zone)
      : options_(std::move(options)), zone_(zone) {}

  CalendarOptions options_;
  absl::TimeZone zone_;
};

}  // namespace transpo::domain

#endif  // TRANSPO_SERVER_DOMAIN_CALENDAR_H_
