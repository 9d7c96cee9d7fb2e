#include "server/domain/calendar.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace transpo::domain {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

Calendar Legal() { return *Calendar::Create({}); }
Calendar Regional() { return *Calendar::Create({.regional_days_off = true}); }

TEST(EasterTest, MatchesPublishedDates) {
  const absl::CivilDay known[] = {
      D(1961, 4, 2),  D(2000, 4, 23), D(2008, 3, 23), D(2011, 4, 24),
      D(2019, 4, 21), D(2021, 4, 4),  D(2022, 4, 17), D(2024, 3, 31),
      D(2025, 4, 20), D(2026, 4, 5),  D(2038, 4, 25)};
  for (absl::CivilDay easter : known) {
    EXPECT_EQ(EasterSunday(static_cast<int>(easter.year())), easter) << easter;
  }
}

struct HolidayCase {
  absl::CivilDay day;
  const char* name;  // nullptr: not a legal holiday
};

TEST(CalendarTest, BelgianLegalHolidays) {
  const HolidayCase cases[] = {
      {D(2026, 1, 1), "New Year's Day"},
      {D(2026, 4, 6), "Easter Monday"},
      {D(2026, 5, 1), "Labour Day"},
      {D(2026, 5, 14), "Ascension Day"},
      {D(2026, 5, 25), "Whit Monday"},
      {D(2026, 7, 21), "Belgian National Day"},
      {D(2026, 8, 15), "Assumption Day"},
      {D(2026, 11, 1), "All Saints' Day"},
      {D(2026, 11, 11), "Armistice Day"},
      {D(2026, 12, 25), "Christmas Day"},
      {D(2024, 4, 1), "Easter Monday"},
      {D(2024, 5, 9), "Ascension Day"},
      {D(2024, 5, 20), "Whit Monday"},
      {D(2026, 4, 5), nullptr},  // Easter Sunday
      {D(2026, 5, 8), nullptr},
      {D(2026, 11, 2), nullptr},
      {D(2026, 12, 26), nullptr},
      {D(2026, 3, 3), nullptr},
  };
  const Calendar calendar = Legal();
  for (const HolidayCase& c : cases) {
    if (c.name == nullptr) {
      EXPECT_FALSE(calendar.IsPublicHoliday(c.day)) << c.day;
    } else {
      EXPECT_EQ(calendar.HolidayName(c.day), c.name) << c.day;
    }
  }
}

TEST(CalendarTest, RegionalDaysOffOnlyWhenConfigured) {
  for (absl::CivilDay day :
       {D(2026, 5, 8), D(2026, 11, 2), D(2026, 11, 15), D(2026, 12, 26)}) {
    EXPECT_FALSE(Legal().IsPublicHoliday(day)) << day;
    EXPECT_TRUE(Regional().IsPublicHoliday(day)) << day;
  }
}

struct PeriodCase {
  absl::CivilDay from;
  Period period;
  absl::CivilDay date;  // AddPeriod: the date arithmetic alone
  absl::CivilDay end;   // PeriodEnd: with Arts 3(4) and 3(5)
  const char* why;
};

TEST(CalendarTest, Regulation1182PeriodsTable) {
  const PeriodCase cases[] = {
      {D(2021, 12, 17), Period::Months(1), D(2022, 1, 17), D(2022, 1, 17),
       "whistleblowers: deadline + 1 month, a Monday"},
      {D(2021, 1, 31), Period::Months(1), D(2021, 2, 28), D(2021, 3, 1),
       "31 Jan + 1 month = 28 Feb, a Sunday: next working day"},
      {D(2024, 1, 31), Period::Months(1), D(2024, 2, 29), D(2024, 2, 29),
       "leap year: 29 Feb, a Thursday"},
      {D(2020, 12, 31), Period::Months(2), D(2021, 2, 28), D(2021, 3, 1),
       "end of month over a year boundary"},
      {D(2022, 1, 27), Period::Months(2), D(2022, 3, 27), D(2022, 3, 28),
       "LFN reply: 2 months ending on a Sunday"},
      {D(2026, 4, 2), Period::Days(3), D(2026, 4, 5), D(2026, 4, 7),
       "ends Easter Sunday, Easter Monday is a holiday"},
      {D(2026, 3, 2), Period::Weeks(10), D(2026, 5, 11), D(2026, 5, 11),
       "EU Pilot: 10 weeks, same weekday"},
      {D(2026, 12, 24), Period::Days(1), D(2026, 12, 25), D(2026, 12, 28),
       "Christmas then a weekend"},
      {D(2026, 3, 6), Period::Days(2), D(2026, 3, 8), D(2026, 3, 10),
       "Art 3(5): two working days in a two-day period"},
      {D(2024, 2, 29), Period::Years(1), D(2025, 2, 28), D(2025, 2, 28),
       "29 Feb + 1 year"},
      {D(2026, 4, 13), Period::Months(1), D(2026, 5, 13), D(2026, 5, 13),
       "the day before Ascension"},
      {D(2026, 4, 14), Period::Months(1), D(2026, 5, 14), D(2026, 5, 15),
       "ends on Ascension Day"},
  };
  const Calendar calendar = Legal();
  for (const PeriodCase& c : cases) {
    EXPECT_EQ(Calendar::AddPeriod(c.from, c.period), c.date) << c.why;
    EXPECT_EQ(calendar.PeriodEnd(c.from, c.period), c.end) << c.why;
  }
}

TEST(CalendarTest, RegionalDaysOffMovePeriodEnds) {
  // 28 Oct 2026 (Wednesday) + 5 days = Monday 2 Nov, a regional day off.
  EXPECT_EQ(Legal().PeriodEnd(D(2026, 10, 28), Period::Days(5)),
            D(2026, 11, 2));
  EXPECT_EQ(Regional().PeriodEnd(D(2026, 10, 28), Period::Days(5)),
            D(2026, 11, 3));
  // From Friday 30 Oct, 3 days end on Monday 2 Nov with one working day in
  // the period: Art 3(5) takes it to Tuesday; with 2 Nov off, to Wednesday.
  EXPECT_EQ(Legal().PeriodEnd(D(2026, 10, 30), Period::Days(3)),
            D(2026, 11, 3));
  EXPECT_EQ(Regional().PeriodEnd(D(2026, 10, 30), Period::Days(3)),
            D(2026, 11, 4));
}

TEST(CalendarTest, BrusselsTimeZone) {
  const Calendar calendar = Legal();
  // 22:30 UTC on 29 March 2026 is already 30 March in summer-time Brussels.
  const absl::Time late = absl::FromCivil(
      absl::CivilSecond(2026, 3, 29, 22, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(calendar.Today(late), D(2026, 3, 30));
  // A deadline on 17 Dec 2021 has passed from midnight, 23:00 UTC in winter.
  EXPECT_EQ(calendar.EndOf(D(2021, 12, 17)),
            absl::FromCivil(absl::CivilSecond(2021, 12, 17, 23, 0, 0),
                            absl::UTCTimeZone()));
  EXPECT_THAT(
      Calendar::Create({.time_zone = "Mars/Olympus"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("Mars/Olympus")));
}

TEST(ParseDateTest, AcceptsRealDatesOnly) {
  EXPECT_EQ(*ParseDate("deadline", "2021-12-17"), D(2021, 12, 17));
  EXPECT_EQ(*ParseDate("deadline", "2024-02-29"), D(2024, 2, 29));
  EXPECT_THAT(ParseDate("deadline", "2021-02-30"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("deadline \"2021-02-30\": not a date")));
  EXPECT_THAT(
      ParseDate("deadline", "2023-02-29"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a date")));
  for (const char* bad :
       {"", "2021-1-1", "17/12/2021", "2021-12-1x", "20211217"}) {
    EXPECT_THAT(ParseDate("adoption_date", bad),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("adoption_date")))
        << bad;
  }
  EXPECT_EQ(FormatDate(D(2021, 2, 3)), "2021-02-03");
}

TEST(PeriodTest, ParsesAndPrints) {
  EXPECT_EQ(Period::Parse("2 months")->ToString(), "2 months");
  EXPECT_EQ(Period::Parse("1m")->ToString(), "1 month");
  EXPECT_EQ(Period::Parse("10 weeks")->ToString(), "10 weeks");
  EXPECT_EQ(Period::Parse("30d")->count, 30);
  for (const char* bad :
       {"", "months", "0 days", "2 fortnights", "-1 m", "1001 days"}) {
    EXPECT_THAT(Period::Parse(bad), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("period")))
        << bad;
  }
}

}  // namespace
}  // namespace transpo::domain
