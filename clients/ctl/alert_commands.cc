// transpoctl alert list|watch|ack|forecast|policy, event tail|watch|stream
// and clock show|set|advance.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "clients/ctl/command.h"
#include "transpo/v1/alerts.grpc.pb.h"
#include "transpo/v1/clock.grpc.pb.h"
#include "transpo/v1/event_log.grpc.pb.h"

namespace transpo::ctl {
namespace {

std::string Severity(v1::AlertSeverity severity) {
  return clients::ShortName(severity);
}

std::vector<std::string> AlertRow(const v1::Alert& a) {
  return {Severity(a.severity()),
          clients::ShortName(a.status()),
          a.deadline_date(),
          a.celex(),
          absl::StrJoin(a.audience().administrations(), ","),
          a.deadline_description(),
          a.id()};
}

std::vector<Colour> AlertColours(const v1::Alert& a) {
  const Colour c = a.severity() == v1::ALERT_SEVERITY_CRITICAL ? Colour::kRed
                   : a.severity() == v1::ALERT_SEVERITY_WARNING
                       ? Colour::kYellow
                       : Colour::kNone;
  return {c};
}

std::vector<std::string> AlertHeader() {
  return {"SEVERITY",        "STATUS",      "DEADLINE", "CELEX",
          "ADMINISTRATIONS", "DEADLINE OF", "ID"};
}

struct FilterFlags {
  std::string administration, correspondent, min_severity;
  std::vector<std::string> statuses;
};

// Reads --min-severity into `out`; false after printing the error.
bool MinSeverity(Session& s, const FilterFlags& f, v1::AlertSeverity* out) {
  if (f.min_severity.empty()) return true;
  std::optional<int> v = ParseEnum(
      s, "--min-severity", v1::AlertSeverity_descriptor(), f.min_severity);
  if (!v) return false;
  *out = static_cast<v1::AlertSeverity>(*v);
  return true;
}

void AddFilterFlags(CLI::App* command, FilterFlags& f) {
  command->add_option("--administration", f.administration,
                      "Only alerts addressed to this administration");
  command->add_option("--correspondent", f.correspondent,
                      "Only alerts addressed to this correspondent");
  command->add_option("--min-severity", f.min_severity,
                      "info, warning or critical");
}

void AddAlertReads(CLI::App& group, Run& run) {
  Session& s = run.session;
  auto lf = std::make_shared<FilterFlags>();
  auto limit = std::make_shared<int>(0);
  CLI::App* list = AddCommand(
      group, "list", "List alerts (firing and acknowledged by default)",
      "  transpoctl alert list --administration be --min-severity warning");
  AddFilterFlags(list, *lf);
  list->add_option("--status", lf->statuses,
                   "firing, acknowledged, resolved (comma-separated)")
      ->delimiter(',');
  list->add_option("--limit", *limit, "At most this many (0: all)");
  list->callback([&run, &s, lf, limit] {
    v1::ListAlertsRequest request;
    request.set_administration(lf->administration);
    request.set_correspondent(lf->correspondent);
    v1::AlertSeverity min = v1::ALERT_SEVERITY_UNSPECIFIED;
    if (!MinSeverity(s, *lf, &min)) return void(run.exit_code = kUsage);
    request.set_min_severity(min);
    for (const std::string& text : lf->statuses) {
      std::optional<int> status =
          ParseEnum(s, "--status", v1::AlertStatus_descriptor(), text);
      if (!status) return void(run.exit_code = kUsage);
      request.add_statuses(static_cast<v1::AlertStatus>(*status));
    }
    SetAsOf(s, request);
    auto stub = NewStub<v1::AlertService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    v1::ListAlertsResponse all;
    grpc::Status status = ListAll(
        s, *stub, &v1::AlertService::Stub::ListAlerts, request,
        [](v1::ListAlertsResponse& r) { return r.mutable_alerts(); }, *limit,
        &all);
    if (!status.ok()) return void(run.exit_code = s.Fail(status));
    Table table(AlertHeader());
    for (const v1::Alert& a : all.alerts()) {
      table.AddRow(AlertRow(a), AlertColours(a));
    }
    run.exit_code = s.Print(all, table);
  });

  struct ForecastFlags {
    std::string until, administration;
    int max = 0;
  };
  auto ff = std::make_shared<ForecastFlags>();
  CLI::App* forecast = AddCommand(
      group, "forecast", "The alerts that will fire until a date",
      "  transpoctl alert forecast --until 2027-01-31 --administration be\n"
      "  transpoctl alert forecast --until 60d");
  forecast
      ->add_option("--until", ff->until,
                   "A date, YYYY-MM-DD, or a number of days from the "
                   "server's today, e.g. 60d")
      ->required();
  forecast->add_option("--administration", ff->administration,
                       "Only this administration's");
  forecast->add_option("--max", ff->max, "At most this many (0: server's)");
  forecast->callback([&run, &s, ff] {
    absl::CivilDay day;
    absl::string_view days_text = ff->until;
    int days = 0;
    if (absl::ConsumeSuffix(&days_text, "d") &&
        absl::SimpleAtoi(days_text, &days) && days > 0) {
      int failed = kOk;
      std::optional<absl::CivilDay> today = s.Today(&failed);
      if (!today) return void(run.exit_code = failed);
      day = *today + days;
    } else if (!absl::ParseCivilTime(ff->until, &day)) {
      return void(run.exit_code = s.Fail(
                      kUsage, absl::StrCat("--until \"", ff->until,
                                           "\": want a date, YYYY-MM-DD, or "
                                           "days, e.g. 60d")));
    }
    v1::ForecastAlertsRequest request;
    request.mutable_until()->set_seconds(
        absl::ToUnixSeconds(absl::FromCivil(day + 1, BrusselsTimeZone())));
    request.set_administration(ff->administration);
    request.set_max_alerts(ff->max);
    auto stub = NewStub<v1::AlertService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    v1::ForecastAlertsResponse response;
    grpc::Status status = s.Call(*stub, &v1::AlertService::Stub::ForecastAlerts,
                                 request, &response);
    if (!status.ok()) return void(run.exit_code = s.Fail(status));
    Table table({"FIRES", "SEVERITY", "DEADLINE", "CELEX", "ADMINISTRATIONS",
                 "DEADLINE OF"});
    for (const v1::ForecastAlert& a : response.alerts()) {
      table.AddRow({FormatTime(a.fire_time()), Severity(a.severity()),
                    a.deadline_date(), a.celex(),
                    absl::StrJoin(a.administrations(), ","),
                    a.deadline_description()});
    }
    run.exit_code = s.Print(response, table);
    if (response.truncated() && s.table()) {
      s.err() << "(more alerts follow: raise --max)\n";
    }
  });

  CLI::App* policy =
      AddCommand(group, "policy", "Show the alert policy (rules and times)",
                 "  transpoctl alert policy -o yaml");
  policy->callback([&run, &s] {
    run.exit_code = Unary<v1::AlertService>(
        s, &v1::AlertService::Stub::GetAlertPolicy, v1::GetAlertPolicyRequest(),
        [](const v1::GetAlertPolicyResponse& r) -> const v1::AlertPolicy& {
          return r.policy();
        });
  });
}

void AddAlertWrites(CLI::App& group, Run& run) {
  Session& s = run.session;
  struct AckFlags {
    std::string id, comment;
  };
  auto af = std::make_shared<AckFlags>();
  CLI::App* ack = AddCommand(
      group, "ack", "Acknowledge an alert (it stops repeating)",
      "  transpoctl alert ack "
      "directive-32019L1937/transposition/2021-12-17/transposition-7d \\\n"
      "      --comment \"ordinance on the agenda of 12 December\"");
  ack->add_option("id", af->id, "Alert id (see alert list)")->required();
  ack->add_option("--comment", af->comment, "A note for the others");
  ack->callback([&run, &s, af] {
    v1::AcknowledgeAlertRequest request;
    request.set_alert_id(af->id);
    request.set_comment(af->comment);
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::AlertService>(
        s, &v1::AlertService::Stub::AcknowledgeAlert, request,
        [](const v1::AcknowledgeAlertResponse& r) -> const v1::Alert& {
          return r.alert();
        });
  });

  auto wf = std::make_shared<FilterFlags>();
  struct WatchFlags {
    uint64_t after = 0;
    int limit = 0;
    bool until_caught_up = false;
  };
  auto wl = std::make_shared<WatchFlags>();
  CLI::App* watch = AddCommand(
      group, "watch",
      "Follow alert changes as they happen (Ctrl-C stops), from a cursor",
      "  transpoctl alert watch --administration be\n"
      "  transpoctl alert watch --after 1200 --until-caught-up -o json");
  AddFilterFlags(watch, *wf);
  watch->add_option("--after", wl->after,
                    "Start after this cursor (0: from the start of the log)");
  watch->add_option("--limit", wl->limit, "Stop after this many changes");
  watch->add_flag("--until-caught-up", wl->until_caught_up,
                  "Stop once every past change is printed");
  watch->callback([&run, &s, wf, wl] {
    v1::WatchAlertsRequest request;
    request.set_after_cursor(wl->after);
    request.set_administration(wf->administration);
    request.set_correspondent(wf->correspondent);
    v1::AlertSeverity min = v1::ALERT_SEVERITY_UNSPECIFIED;
    if (!MinSeverity(s, *wf, &min)) return void(run.exit_code = kUsage);
    request.set_min_severity(min);
    auto stub = NewStub<v1::AlertService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    grpc::ClientContext context;  // no deadline: it follows
    std::unique_ptr<grpc::ClientReader<v1::WatchAlertsResponse>> reader =
        stub->WatchAlerts(&context, request);
    if (s.table()) {
      s.out() << "CURSOR  CHANGE  " << absl::StrJoin(AlertHeader(), "  ")
              << "\n";
    }
    v1::WatchAlertsResponse response;
    int seen = 0;
    bool done = false;
    while (!done && reader->Read(&response)) {
      for (const v1::AlertUpdate& u : response.updates()) {
        if (s.table()) {
          s.out() << u.cursor() << "  " << clients::ShortName(u.change())
                  << "  " << absl::StrJoin(AlertRow(u.alert()), "  ") << "\n";
        } else {
          s.Print(u);
        }
        if (wl->limit > 0 && ++seen >= wl->limit) done = true;
        if (done) break;
      }
      s.out().flush();
      if (wl->until_caught_up && response.caught_up()) done = true;
    }
    if (done) {
      context.TryCancel();
      return void(run.exit_code = kOk);
    }
    grpc::Status status = reader->Finish();
    run.exit_code = status.ok() ? kOk : s.Fail(status);
  });
}

void AddEventGroup(CLI::App& app, Run& run) {
  Session& s = run.session;
  CLI::App* group = app.add_subcommand("event", "Read the event log");
  group->require_subcommand(1);
  auto event_table = [](const auto& events) {
    Table table({"POSITION", "TIME", "STREAM", "TYPE", "ACTOR"});
    for (const v1::Event& e : events) {
      table.AddRow({absl::StrCat(e.position()), FormatTime(e.record_time()),
                    e.stream(), e.type(), e.actor()});
    }
    return table;
  };

  struct TailFlags {
    int count = 20;
    uint64_t from = 0;
  };
  auto tf = std::make_shared<TailFlags>();
  CLI::App* tail = AddCommand(
      *group, "tail", "The last events of the log (or from a position)",
      "  transpoctl event tail -n 50\n  transpoctl event tail --from 1200");
  tail->add_option("-n,--count", tf->count, "How many events")
      ->capture_default_str();
  tail->add_option("--from", tf->from,
                   "From this position on (1 is the "
                   "first)");
  tail->callback([&run, &s, tf, tail, event_table] {
    auto stub = NewStub<v1::EventLogService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    v1::ReadEventsRequest request;
    request.set_from_position(tf->from);
    if (!Given(tail, "--from")) {
      // Ask for the head first, then read the last `count` events.
      v1::ReadEventsRequest head_request;
      head_request.set_page_size(1);
      head_request.set_from_position(UINT64_MAX);
      v1::ReadEventsResponse head;
      grpc::Status status = s.Call(
          *stub, &v1::EventLogService::Stub::ReadEvents, head_request, &head);
      if (!status.ok()) return void(run.exit_code = s.Fail(status));
      const uint64_t count = tf->count > 0 ? tf->count : 0;
      request.set_from_position(
          head.head_position() > count ? head.head_position() - count + 1 : 1);
    }
    v1::ReadEventsResponse all;
    grpc::Status status = ListAll(
        s, *stub, &v1::EventLogService::Stub::ReadEvents, request,
        [](v1::ReadEventsResponse& r) { return r.mutable_events(); }, tf->count,
        &all);
    run.exit_code =
        status.ok() ? s.Print(all, event_table(all.events())) : s.Fail(status);
  });

  auto stream = std::make_shared<std::string>();
  CLI::App* read_stream =
      AddCommand(*group, "stream", "The events of one stream (a resource)",
                 "  transpoctl event stream procedure-INFR(2022)0075");
  read_stream->add_option("name", *stream, "Stream name")->required();
  read_stream->callback([&run, &s, stream, event_table] {
    auto stub = NewStub<v1::EventLogService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    v1::ReadStreamRequest request;
    request.set_stream(*stream);
    v1::ReadStreamResponse all;
    grpc::Status status = ListAll(
        s, *stub, &v1::EventLogService::Stub::ReadStream, request,
        [](v1::ReadStreamResponse& r) { return r.mutable_events(); }, 0, &all);
    run.exit_code =
        status.ok() ? s.Print(all, event_table(all.events())) : s.Fail(status);
  });

  struct WatchFlags {
    uint64_t from = 0;
    int limit = 0;
  };
  auto wf = std::make_shared<WatchFlags>();
  CLI::App* watch = AddCommand(
      *group, "watch", "Follow the log from a position (Ctrl-C stops)",
      "  transpoctl event watch --from 1200 -o json | jq .type");
  watch->add_option("--from", wf->from,
                    "From this position on (0: from the next event)");
  watch->add_option("--limit", wf->limit, "Stop after this many events");
  watch->callback([&run, &s, wf] {
    auto stub = NewStub<v1::EventLogService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    uint64_t from = wf->from;
    if (from == 0) {
      v1::ReadEventsRequest head_request;
      head_request.set_page_size(1);
      head_request.set_from_position(UINT64_MAX);
      v1::ReadEventsResponse head;
      grpc::Status status = s.Call(
          *stub, &v1::EventLogService::Stub::ReadEvents, head_request, &head);
      if (!status.ok()) return void(run.exit_code = s.Fail(status));
      from = head.head_position() + 1;
    }
    v1::SubscribeRequest request;
    request.set_from_position(from);
    grpc::ClientContext context;  // no deadline: it follows
    auto reader = stub->Subscribe(&context, request);
    v1::SubscribeResponse response;
    int seen = 0;
    bool done = false;
    while (!done && reader->Read(&response)) {
      std::vector<const v1::Event*> events;
      if (response.has_event()) events.push_back(&response.event());
      for (const v1::Event& e : response.events()) events.push_back(&e);
      for (const v1::Event* e : events) {
        if (s.table()) {
          s.out() << e->position() << "  " << FormatTime(e->record_time())
                  << "  " << e->stream() << "  " << e->type() << "  "
                  << e->actor() << "\n";
        } else {
          s.Print(*e);
        }
        if (wf->limit > 0 && ++seen >= wf->limit) {
          done = true;
          break;
        }
      }
      s.out().flush();
    }
    if (done) {
      context.TryCancel();
      return void(run.exit_code = kOk);
    }
    grpc::Status status = reader->Finish();
    run.exit_code = status.ok() ? kOk : s.Fail(status);
  });
}

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

void AddAlertCommands(CLI::App& app, Run& run) {
  CLI::App* group = app.add_subcommand(
      "alert", "Deadline alerts: list, watch, acknowledge, forecast");
  group->require_subcommand(1);
  AddAlertReads(*group, run);
  AddAlertWrites(*group, run);
}

void AddEventCommands(CLI::App& app, Run& run) { AddEventGroup(app, run); }

void AddClockCommands(CLI::App& app, Run& run) { AddClockGroup(app, run); }

}  // namespace transpo::ctl
