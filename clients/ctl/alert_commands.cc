// transpoctl alert list|watch|ack|forecast|policy.

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

}  // namespace

void AddAlertCommands(CLI::App& app, Run& run) {
  CLI::App* group = app.add_subcommand(
      "alert", "Deadline alerts: list, watch, acknowledge, forecast");
  group->require_subcommand(1);
  AddAlertReads(*group, run);
  AddAlertWrites(*group, run);
}

}  // namespace transpo::ctl
