// transpoctl clock show|set|advance.

#include <memory>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clients/ctl/command.h"
#include "transpo/v1/clock.grpc.pb.h"

namespace transpo::ctl {
namespace {

// "30d", "12h", "1h30m": absl durations and whole days.
bool ParseAdvance(const std::string& text, absl::Duration* out) {
  absl::string_view days = text;
  int n = 0;
  if (absl::ConsumeSuffix(&days, "d") && absl::SimpleAtoi(days, &n)) {
    *out = absl::Hours(24) * n;
    return true;
  }
  return absl::ParseDuration(text, out);
}

void AddClockGroup(CLI::App& app, Run& run) {
  Session& s = run.session;
  CLI::App* group = app.add_subcommand(
      "clock", "The server's clock (set and advance: manual clock only)");
  group->require_subcommand(1);
  auto print_time = [&s](const auto& response) {
    return s.PrintText(
        absl::StrCat(response.today(), "  (", FormatTime(response.time()), ")"),
        response);
  };
  CLI::App* show = AddCommand(*group, "show", "The server's time and today",
                              "  transpoctl clock show");
  show->callback([&run, &s, print_time] {
    auto stub = NewStub<v1::ClockService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    v1::GetTimeResponse response;
    grpc::Status status = s.Call(*stub, &v1::ClockService::Stub::GetTime,
                                 v1::GetTimeRequest(), &response);
    run.exit_code = status.ok() ? print_time(response) : s.Fail(status);
  });

  auto set_time = [&run, &s, print_time](const v1::SetTimeRequest& request) {
    auto stub = NewStub<v1::ClockService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    v1::SetTimeResponse response;
    grpc::Status status =
        s.Call(*stub, &v1::ClockService::Stub::SetTime, request, &response);
    run.exit_code = status.ok() ? print_time(response) : s.Fail(status);
  };
  auto when = std::make_shared<std::string>();
  CLI::App* set = AddCommand(
      *group, "set", "Set the manual clock to a date (its noon) or a time",
      "  transpoctl clock set 2027-01-15\n"
      "  transpoctl clock set 2027-01-15T08:30:00+01:00");
  set->add_option("time", *when, "YYYY-MM-DD or RFC 3339")->required();
  set->callback([&s, &run, when, set_time] {
    absl::Time time;
    absl::CivilDay day;
    std::string error;
    if (absl::ParseCivilTime(*when, &day)) {
      time = absl::FromCivil(absl::CivilHour(day) + 12, BrusselsTimeZone());
    } else if (!absl::ParseTime(absl::RFC3339_full, *when, &time, &error)) {
      return void(run.exit_code = s.Fail(
                      kUsage, absl::StrCat("time \"", *when,
                                           "\": want YYYY-MM-DD or RFC 3339")));
    }
    v1::SetTimeRequest request;
    request.mutable_time()->set_seconds(absl::ToUnixSeconds(time));
    set_time(request);
  });

  auto by = std::make_shared<std::string>();
  CLI::App* advance =
      AddCommand(*group, "advance", "Move the manual clock forward",
                 "  transpoctl clock advance 30d");
  advance->add_option("duration", *by, "e.g. 30d, 12h, 90m")->required();
  advance->callback([&s, &run, by, set_time] {
    absl::Duration d;
    if (!ParseAdvance(*by, &d) || d <= absl::ZeroDuration()) {
      return void(run.exit_code = s.Fail(
                      kUsage, absl::StrCat("duration \"", *by,
                                           "\": want e.g. 30d, 12h or 90m")));
    }
    v1::SetTimeRequest request;
    request.mutable_advance()->set_seconds(absl::ToInt64Seconds(d));
    set_time(request);
  });
}

}  // namespace

void AddClockCommands(CLI::App& app, Run& run) { AddClockGroup(app, run); }

}  // namespace transpo::ctl
