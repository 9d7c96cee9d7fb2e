// transpoctl dossier show|list|update|assign|status|milestone|history and
// measure add|notify.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "clients/ctl/command.h"
#include "transpo/v1/directives.grpc.pb.h"
#include "transpo/v1/event_log.grpc.pb.h"

namespace transpo::ctl {
namespace {

constexpr int kDueSoonDays = 30;
constexpr size_t kTitleWidth = 44;

// At most kTitleWidth bytes, cut on a character boundary.
std::string Shorten(const std::string& text) {
  if (text.size() <= kTitleWidth) return text;
  size_t end = kTitleWidth - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return text.substr(0, end) + "...";
}

// The deadline the row shows: the missed one when overdue, else the first
// unmet deadline from today.
const v1::Deadline* NextDeadline(const v1::Dossier& d, absl::CivilDay today) {
  const v1::Deadline* next = nullptr;
  for (const v1::Deadline& deadline : d.deadlines()) {
    absl::CivilDay day;
    if (deadline.met() || !absl::ParseCivilTime(deadline.date(), &day)) {
      continue;
    }
    const bool missed_transposition =
        deadline.kind() == v1::DEADLINE_KIND_TRANSPOSITION && day < today;
    if (d.overdue() ? !missed_transposition : day < today) continue;
    if (next == nullptr || deadline.date() < next->date()) next = &deadline;
  }
  return next;
}

Table DossierTable(const v1::ListDossiersResponse& response,
                   absl::CivilDay today) {
  Table table(
      {"CELEX", "SHORT TITLE", "STATUS", "LEAD", "NEXT DEADLINE", "DAYS LEFT"});
  for (const v1::Dossier& d : response.dossiers()) {
    const v1::Deadline* next = NextDeadline(d, today);
    std::string days;
    Colour colour = Colour::kNone;
    if (d.overdue()) {
      days = absl::StrCat(d.days_overdue(), " overdue!");
      colour = Colour::kRed;
    } else if (absl::CivilDay day;
               next != nullptr && absl::ParseCivilTime(next->date(), &day)) {
      const int left = static_cast<int>(day - today);
      days = absl::StrCat(left);
      if (left <= kDueSoonDays) colour = Colour::kYellow;
    }
    table.AddRow(
        {d.celex(), Shorten(d.short_title()), clients::ShortName(d.status()),
         d.lead_administration(), next != nullptr ? next->date() : "", days},
        {Colour::kNone, Colour::kNone, Colour::kNone, Colour::kNone, colour,
         colour});
  }
  return table;
}

struct ListFlags {
  bool overdue = false;
  std::string due_within;
  std::string administration;
  std::vector<std::string> statuses;
  std::string policy_area;
  int limit = 0;
};

int ListDossiers(Session& s, const ListFlags& f) {
  v1::ListDossiersRequest request;
  v1::DossierFilter& filter = *request.mutable_filter();
  filter.set_overdue_only(f.overdue);
  filter.set_administration(f.administration);
  filter.set_policy_area(f.policy_area);
  for (const std::string& text : f.statuses) {
    std::optional<int> status =
        ParseEnum(s, "--status", v1::DossierStatus_descriptor(), text);
    if (!status) return kUsage;
    filter.add_statuses(static_cast<v1::DossierStatus>(*status));
  }
  int failed = kOk;
  std::optional<absl::CivilDay> today = s.Today(&failed);
  if (!today) return failed;
  if (!f.due_within.empty()) {
    // "60d" or "60": a transposition deadline from today to 60 days on, of
    // a dossier not yet transposed (unless --status says otherwise).
    int days = 0;
    absl::string_view text = f.due_within;
    absl::ConsumeSuffix(&text, "d");
    if (!absl::SimpleAtoi(text, &days) || days < 0) {
      return s.Fail(kUsage,
                    absl::StrCat("--due-within \"", f.due_within,
                                 "\": want a number of days, e.g. 60d"));
    }
    filter.set_deadline_after(absl::FormatCivilTime(*today));
    filter.set_deadline_before(absl::FormatCivilTime(*today + days));
    if (f.statuses.empty()) {
      for (v1::DossierStatus status :
           {v1::DOSSIER_STATUS_REGISTERED, v1::DOSSIER_STATUS_ASSIGNED,
            v1::DOSSIER_STATUS_DRAFTING, v1::DOSSIER_STATUS_ADOPTED,
            v1::DOSSIER_STATUS_PARTIALLY_NOTIFIED}) {
        filter.add_statuses(status);
      }
    }
  }
  SetAsOf(s, request);
  auto stub = NewStub<v1::DossierService>(s);
  if (stub == nullptr) return kUsage;
  v1::ListDossiersResponse all;
  grpc::Status status = ListAll(
      s, *stub, &v1::DossierService::Stub::ListDossiers, request,
      [](v1::ListDossiersResponse& r) { return r.mutable_dossiers(); }, f.limit,
      &all);
  if (!status.ok()) return s.Fail(status);
  return s.Print(all, DossierTable(all, *today));
}

// The dossier of a response.
struct DossierOf {
  template <typename Response>
  const v1::Dossier& operator()(const Response& response) const {
    return response.dossier();
  }
};

struct PeopleFlags {
  std::string celex;
  std::string lead;
  std::vector<std::string> involved;
  std::vector<std::string> correspondents;
  std::vector<std::string> experts;
  std::string minister;
  std::string eta;
  std::string delay_cause;
};

void AddPeopleFlags(CLI::App* command, PeopleFlags& f) {
  command->add_option("celex", f.celex, "CELEX number")->required();
  command->add_option("--lead", f.lead, "Lead administration id");
  command
      ->add_option("--involved", f.involved,
                   "Involved administration ids (comma-separated)")
      ->delimiter(',');
  command
      ->add_option("--correspondent", f.correspondents,
                   "Correspondent ids (repeat or comma-separate)")
      ->delimiter(',');
  command
      ->add_option("--expert", f.experts,
                   "Experts (repeat or "
                   "comma-separate)")
      ->delimiter(',');
  command->add_option("--minister", f.minister, "Responsible minister");
}

void Replace(google::protobuf::RepeatedPtrField<std::string>* field,
             const std::vector<std::string>& values) {
  field->Clear();
  for (const std::string& v : values) field->Add()->assign(v);
}

void AddShowListHistory(CLI::App& group, Run& run) {
  Session& s = run.session;
  auto celex = std::make_shared<std::string>();
  CLI::App* show = AddCommand(
      group, "show", "Show a dossier: people, milestones, measures, deadlines",
      "  transpoctl dossier show 32019L1937 --as-of 2022-06-30");
  show->add_option("celex", *celex, "CELEX number")->required();
  show->callback([&run, &s, celex] {
    v1::GetDossierRequest request;
    request.set_celex(*celex);
    SetAsOf(s, request);
    run.exit_code = Unary<v1::DossierService>(
        s, &v1::DossierService::Stub::GetDossier, request, DossierOf());
  });

  auto f = std::make_shared<ListFlags>();
  CLI::App* list = AddCommand(
      group, "list",
      "List dossiers: CELEX, title, status, lead, next deadline, days left",
      "  transpoctl dossier list --overdue\n"
      "  transpoctl dossier list --due-within 60d --administration be\n"
      "  transpoctl dossier list --status drafting,adopted --policy-area "
      "energy");
  list->add_flag("--overdue", f->overdue,
                 "Only dossiers past a transposition deadline");
  list->add_option("--due-within", f->due_within,
                   "Only open dossiers with a transposition deadline within "
                   "this many days, e.g. 60d");
  list->add_option("--administration", f->administration,
                   "Only dossiers this administration leads or is involved in");
  list->add_option(
          "--status", f->statuses,
          absl::StrCat("Only these statuses (comma-separated): ",
                       clients::EnumValues(v1::DossierStatus_descriptor())))
      ->delimiter(',');
  list->add_option("--policy-area", f->policy_area, "Only this policy area");
  list->add_option("--limit", f->limit, "At most this many (0: all)");
  list->callback([&run, &s, f] { run.exit_code = ListDossiers(s, *f); });

  auto history_celex = std::make_shared<std::string>();
  CLI::App* history =
      AddCommand(group, "history", "The events of a dossier, oldest first",
                 "  transpoctl dossier history 32019L1937");
  history->add_option("celex", *history_celex, "CELEX number")->required();
  history->callback([&run, &s, history_celex] {
    auto stub = NewStub<v1::EventLogService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    v1::ReadStreamRequest request;
    request.set_stream(absl::StrCat("directive-", *history_celex));
    v1::ReadStreamResponse all;
    grpc::Status status = ListAll(
        s, *stub, &v1::EventLogService::Stub::ReadStream, request,
        [](v1::ReadStreamResponse& r) { return r.mutable_events(); }, 0, &all);
    if (status.ok() && all.events().empty()) {
      return void(run.exit_code = s.Fail(
                      kNotFound,
                      absl::StrCat("dossier ", *history_celex, " not found")));
    }
    Table table({"VERSION", "TIME", "TYPE", "ACTOR"});
    for (const v1::Event& e : all.events()) {
      table.AddRow({absl::StrCat(e.stream_version()),
                    FormatTime(e.record_time()), e.type(), e.actor()});
    }
    run.exit_code = status.ok() ? s.Print(all, table) : s.Fail(status);
  });
}

void AddPeopleCommands(CLI::App& group, Run& run) {
  Session& s = run.session;
  auto assign_flags = std::make_shared<PeopleFlags>();
  CLI::App* assign = AddCommand(
      group, "assign",
      "Set the lead administration and the people (registered -> assigned)",
      "  transpoctl dossier assign 32019L1937 --lead gob --involved bew \\\n"
      "      --correspondent a.janssens --minister \"Minister of Finance\"");
  AddPeopleFlags(assign, *assign_flags);
  assign->get_option("--lead")->required();
  assign->callback([&run, &s, f = assign_flags] {
    v1::AssignDossierRequest request;
    request.set_celex(f->celex);
    request.set_lead_administration(f->lead);
    Replace(request.mutable_involved_administrations(), f->involved);
    Replace(request.mutable_correspondents(), f->correspondents);
    Replace(request.mutable_experts(), f->experts);
    request.set_responsible_minister(f->minister);
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::DossierService>(
        s, &v1::DossierService::Stub::AssignDossier, request, DossierOf());
  });

  auto update_flags = std::make_shared<PeopleFlags>();
  CLI::App* update =
      AddCommand(group, "update", "Change the fields given as flags",
                 "  transpoctl dossier update 32019L1937 --eta 2027-03-01 \\\n"
                 "      --delay-cause \"Council of State advice pending\"");
  AddPeopleFlags(update, *update_flags);
  update->add_option("--eta", update_flags->eta,
                     "Expected date of full transposition");
  update->add_option("--delay-cause", update_flags->delay_cause,
                     "Why the dossier is late");
  update->callback([&run, &s, f = update_flags, update] {
    v1::UpdateDossierRequest request;
    v1::Dossier& d = *request.mutable_dossier();
    d.set_celex(f->celex);
    auto& mask = *request.mutable_update_mask();
    auto flag = [&](const char* name, const char* field) {
      if (!Given(update, name)) return false;
      mask.add_paths(field);
      return true;
    };
    if (flag("--lead", "lead_administration")) {
      d.set_lead_administration(f->lead);
    }
    if (flag("--involved", "involved_administrations")) {
      Replace(d.mutable_involved_administrations(), f->involved);
    }
    if (flag("--correspondent", "correspondents")) {
      Replace(d.mutable_correspondents(), f->correspondents);
    }
    if (flag("--expert", "experts")) Replace(d.mutable_experts(), f->experts);
    if (flag("--minister", "responsible_minister")) {
      d.set_responsible_minister(f->minister);
    }
    if (flag("--eta", "expected_completion_date")) {
      d.set_expected_completion_date(f->eta);
    }
    if (flag("--delay-cause", "delay_cause")) d.set_delay_cause(f->delay_cause);
    if (mask.paths().empty()) {
      return void(run.exit_code = s.Fail(
                      kUsage, "nothing to update: give a flag such as --eta"));
    }
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::DossierService>(
        s, &v1::DossierService::Stub::UpdateDossier, request, DossierOf());
  });
}

void AddStatusMilestone(CLI::App& group, Run& run) {
  Session& s = run.session;
  struct StatusFlags {
    std::string celex, status, reason;
  };
  auto sf = std::make_shared<StatusFlags>();
  CLI::App* status = AddCommand(
      group, "status",
      "Move a dossier to drafting, adopted, closed, not-applicable or back "
      "to registered",
      "  transpoctl dossier status 32019L1937 drafting\n"
      "  transpoctl dossier status 32014L0061 not-applicable "
      "--reason \"federal competence\"");
  status->add_option("celex", sf->celex, "CELEX number")->required();
  status->add_option("status", sf->status, "The new status")->required();
  status->add_option("--reason", sf->reason,
                     "Why (required for not-applicable)");
  status->callback([&run, &s, sf] {
    std::optional<int> to =
        ParseEnum(s, "status", v1::DossierStatus_descriptor(), sf->status);
    if (!to) return void(run.exit_code = kUsage);
    v1::ChangeDossierStatusRequest request;
    request.set_celex(sf->celex);
    request.set_status(static_cast<v1::DossierStatus>(*to));
    request.set_reason(sf->reason);
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::DossierService>(
        s, &v1::DossierService::Stub::ChangeDossierStatus, request,
        DossierOf());
  });

  struct MilestoneFlags {
    std::string celex, kind, planned, actual;
  };
  auto mf = std::make_shared<MilestoneFlags>();
  CLI::App* milestone = AddCommand(
      group, "milestone", "Plan or record a milestone of the dossier",
      "  transpoctl dossier milestone 32019L1937 council-of-state-advice "
      "--planned 2027-01-15\n"
      "  transpoctl dossier milestone 32019L1937 draft --actual 2026-10-02");
  milestone->add_option("celex", mf->celex, "CELEX number")->required();
  milestone
      ->add_option("kind", mf->kind,
                   absl::StrCat("One of ", clients::EnumValues(
                                               v1::MilestoneKind_descriptor())))
      ->required();
  milestone->add_option("--planned", mf->planned, "Planned date");
  milestone->add_option("--actual", mf->actual, "Actual date");
  milestone->callback([&run, &s, mf] {
    std::optional<int> kind =
        ParseEnum(s, "kind", v1::MilestoneKind_descriptor(), mf->kind);
    if (!kind) return void(run.exit_code = kUsage);
    v1::SetMilestoneRequest request;
    request.set_celex(mf->celex);
    request.mutable_milestone()->set_kind(
        static_cast<v1::MilestoneKind>(*kind));
    request.mutable_milestone()->set_planned_date(mf->planned);
    request.mutable_milestone()->set_actual_date(mf->actual);
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::DossierService>(
        s, &v1::DossierService::Stub::SetMilestone, request, DossierOf());
  });
}

void AddMeasureCommands(CLI::App& app, Run& run) {
  Session& s = run.session;
  CLI::App* group = app.add_subcommand(
      "measure", "Record the measures that transpose a directive");
  group->require_subcommand(1);
  auto m = std::make_shared<v1::Measure>();
  auto celex = std::make_shared<std::string>();
  auto covers = std::make_shared<std::vector<std::string>>();
  CLI::App* add = AddCommand(
      *group, "add", "Record or replace (by id) a transposition measure",
      "  transpoctl measure add 32019L1937 ord-2022-12-01 --act-type "
      "ordinance \\\n"
      "      --title \"Ordinance on whistleblowers\" --adopted 2022-12-01 "
      "--published 2022-12-20");
  add->add_option("celex", *celex, "CELEX number")->required();
  add->add_option("id", *m->mutable_id(),
                  "Measure id: letters, digits, '-', '_', '.'")
      ->required();
  add->add_option("--act-type", *m->mutable_act_type(), "ordinance, order, ...")
      ->required();
  add->add_option("--title", *m->mutable_title(), "Title")->required();
  add->add_option("--reference", *m->mutable_reference(), "Reference");
  add->add_option("--adopted", *m->mutable_adoption_date(), "Adoption date");
  add->add_option("--published", *m->mutable_publication_date(),
                  "Publication date in the Belgian Official Gazette");
  add->add_option("--covers", *covers,
                  "Deadlines or articles covered (comma-separated)")
      ->delimiter(',');
  add->add_option("--correlation-table", *m->mutable_correlation_table(),
                  "Correlation table (a reference or a link)");
  add->callback([&run, &s, m, celex, covers] {
    v1::RecordMeasureRequest request;
    request.set_celex(*celex);
    *request.mutable_measure() = *m;
    Replace(request.mutable_measure()->mutable_covers(), *covers);
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::DossierService>(
        s, &v1::DossierService::Stub::RecordMeasure, request, DossierOf());
  });

  struct NotifyFlags {
    std::string celex, id, date, scope = "full";
  };
  auto nf = std::make_shared<NotifyFlags>();
  CLI::App* notify =
      AddCommand(*group, "notify",
                 "Record the notification of a measure to the Commission",
                 "  transpoctl measure notify 32019L1937 ord-2022-12-01 --date "
                 "2023-01-10 --scope full");
  notify->add_option("celex", nf->celex, "CELEX number")->required();
  notify->add_option("id", nf->id, "Measure id")->required();
  notify->add_option("--date", nf->date, "Notification date")->required();
  notify
      ->add_option("--scope", nf->scope,
                   "full (the directive is transposed) or partial")
      ->capture_default_str();
  notify->callback([&run, &s, nf] {
    std::optional<int> scope =
        ParseEnum(s, "--scope", v1::NotificationScope_descriptor(), nf->scope);
    if (!scope) return void(run.exit_code = kUsage);
    v1::NotifyMeasureRequest request;
    request.set_celex(nf->celex);
    request.set_measure_id(nf->id);
    request.set_notification_date(nf->date);
    request.set_scope(static_cast<v1::NotificationScope>(*scope));
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::DossierService>(
        s, &v1::DossierService::Stub::NotifyMeasure, request, DossierOf());
  });
}

}  // namespace

void AddDossierCommands(CLI::App& app, Run& run) {
  CLI::App* group = app.add_subcommand(
      "dossier", "Follow the transposition dossier of each directive");
  group->require_subcommand(1);
  AddShowListHistory(*group, run);
  AddPeopleCommands(*group, run);
  AddStatusMilestone(*group, run);
  AddMeasureCommands(app, run);
}

}  // namespace transpo::ctl
