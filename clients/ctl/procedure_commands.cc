// transpoctl procedure open|stage|reply|close|show|list and
// court-case add|show|list|deadline.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/ctl/command.h"
#include "transpo/v1/court_cases.grpc.pb.h"
#include "transpo/v1/infringements.grpc.pb.h"

namespace transpo::ctl {
namespace {

// The procedure of a response.
struct ProcedureOf {
  template <typename Response>
  const v1::InfringementProcedure& operator()(const Response& response) const {
    return response.procedure();
  }
};

// The court case of a response.
struct CourtCaseOf {
  template <typename Response>
  const v1::CourtCase& operator()(const Response& response) const {
    return response.court_case();
  }
};

Table ProcedureTable(const v1::ListProceduresResponse& response) {
  Table table(
      {"NUMBER", "TYPE", "CELEX", "STAGE", "SINCE", "REPLY DUE", "STATE"});
  for (const v1::InfringementProcedure& p : response.procedures()) {
    const v1::Stage* last =
        p.stages().empty() ? nullptr : &*p.stages().rbegin();
    table.AddRow(
        {p.number(), clients::ShortName(p.type()),
         absl::StrJoin(p.celex(), ","),
         last ? clients::ShortName(last->kind()) : "", last ? last->date() : "",
         last && last->reply_date().empty() ? last->reply_due_date() : "",
         p.closed() ? absl::StrCat("closed ", p.closure_date()) : "open"});
  }
  return table;
}

Table CourtCaseTable(const v1::ListCourtCasesResponse& response) {
  Table table({"NUMBER", "KIND", "CELEX", "LAST DEADLINE", "TITLE"});
  for (const v1::CourtCase& c : response.court_cases()) {
    table.AddRow({c.number(), clients::ShortName(c.kind()),
                  absl::StrJoin(c.celex(), ","),
                  c.deadlines().empty() ? "" : c.deadlines().rbegin()->date(),
                  c.title()});
  }
  return table;
}

void AddProcedureWrites(CLI::App& group, Run& run) {
  Session& s = run.session;
  struct OpenFlags {
    std::string number, type;
    std::vector<std::string> celex;
  };
  auto of = std::make_shared<OpenFlags>();
  CLI::App* open =
      AddCommand(group, "open", "Open an infringement procedure",
                 "  transpoctl procedure open \"INFR(2022)0075\" --type "
                 "non-communication --celex 32019L1937");
  open->add_option("number", of->number, "Procedure number, INFR(YYYY)NNNN")
      ->required();
  open->add_option("--type", of->type,
                   absl::StrCat("One of ", clients::EnumValues(
                                               v1::ProcedureType_descriptor())))
      ->required();
  open->add_option("--celex", of->celex,
                   "The directives concerned (repeat or comma-separate)")
      ->delimiter(',')
      ->required();
  open->callback([&run, &s, of] {
    std::optional<int> type =
        ParseEnum(s, "--type", v1::ProcedureType_descriptor(), of->type);
    if (!type) return void(run.exit_code = kUsage);
    v1::OpenProcedureRequest request;
    request.set_number(of->number);
    request.set_type(static_cast<v1::ProcedureType>(*type));
    for (const std::string& c : of->celex) request.add_celex(c);
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::InfringementService>(
        s, &v1::InfringementService::Stub::OpenProcedure, request,
        ProcedureOf());
  });

  struct StageFlags {
    std::string number, kind, date, reply_due, case_number;
    int64_t lump_sum = 0, daily_penalty = 0;
  };
  auto sf = std::make_shared<StageFlags>();
  CLI::App* stage = AddCommand(
      group, "stage", "Record the next stage of a procedure",
      "  transpoctl procedure stage \"INFR(2022)0075\" "
      "letter-of-formal-notice --date 2022-02-09\n"
      "  transpoctl procedure stage \"INFR(2022)0075\" judgment --date "
      "2025-03-06 --case-number C-123/24 --lump-sum 1500000");
  stage->add_option("number", sf->number, "Procedure number")->required();
  stage
      ->add_option("kind", sf->kind,
                   absl::StrCat("One of ", clients::EnumValues(
                                               v1::StageKind_descriptor())))
      ->required();
  stage->add_option("--date", sf->date, "Date of the stage")->required();
  stage->add_option("--reply-due", sf->reply_due,
                    "Reply due date written in the letter (default: the "
                    "usual period from --date)");
  stage->add_option("--case-number", sf->case_number,
                    "Court case number (referral, judgment)");
  stage->add_option("--lump-sum", sf->lump_sum, "Lump sum in euros");
  stage->add_option("--daily-penalty", sf->daily_penalty,
                    "Daily penalty payment in euros");
  stage->callback([&run, &s, sf] {
    std::optional<int> kind =
        ParseEnum(s, "kind", v1::StageKind_descriptor(), sf->kind);
    if (!kind) return void(run.exit_code = kUsage);
    v1::RecordStageRequest request;
    request.set_number(sf->number);
    v1::Stage& st = *request.mutable_stage();
    st.set_kind(static_cast<v1::StageKind>(*kind));
    st.set_date(sf->date);
    st.set_reply_due_date(sf->reply_due);
    st.set_case_number(sf->case_number);
    st.set_lump_sum_eur(sf->lump_sum);
    st.set_daily_penalty_eur(sf->daily_penalty);
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::InfringementService>(
        s, &v1::InfringementService::Stub::RecordStage, request, ProcedureOf());
  });

  struct ReplyFlags {
    std::string number, kind, date;
  };
  auto rf = std::make_shared<ReplyFlags>();
  CLI::App* reply =
      AddCommand(group, "reply", "Record Belgium's reply to a letter",
                 "  transpoctl procedure reply \"INFR(2022)0075\" "
                 "letter-of-formal-notice --date 2022-04-05");
  reply->add_option("number", rf->number, "Procedure number")->required();
  reply->add_option("stage", rf->kind, "The letter replied to")->required();
  reply->add_option("--date", rf->date, "Date of the reply")->required();
  reply->callback([&run, &s, rf] {
    std::optional<int> kind =
        ParseEnum(s, "stage", v1::StageKind_descriptor(), rf->kind);
    if (!kind) return void(run.exit_code = kUsage);
    v1::RecordReplyRequest request;
    request.set_number(rf->number);
    request.set_stage(static_cast<v1::StageKind>(*kind));
    request.set_reply_date(rf->date);
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::InfringementService>(
        s, &v1::InfringementService::Stub::RecordReply, request, ProcedureOf());
  });

  struct CloseFlags {
    std::string number, date, reason;
  };
  auto cf = std::make_shared<CloseFlags>();
  CLI::App* close = AddCommand(
      group, "close", "Close a procedure",
      "  transpoctl procedure close \"INFR(2022)0075\" --date 2023-06-01 "
      "--reason \"transposition notified\"");
  close->add_option("number", cf->number, "Procedure number")->required();
  close->add_option("--date", cf->date, "Closure date")->required();
  close->add_option("--reason", cf->reason, "Why it was closed")->required();
  close->callback([&run, &s, cf] {
    v1::CloseProcedureRequest request;
    request.set_number(cf->number);
    request.set_closure_date(cf->date);
    request.set_reason(cf->reason);
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::InfringementService>(
        s, &v1::InfringementService::Stub::CloseProcedure, request,
        ProcedureOf());
  });
}

void AddProcedureReads(CLI::App& group, Run& run) {
  Session& s = run.session;
  auto number = std::make_shared<std::string>();
  CLI::App* show =
      AddCommand(group, "show", "Show a procedure, its stages and deadlines",
                 "  transpoctl procedure show \"INFR(2022)0075\"");
  show->add_option("number", *number, "Procedure number")->required();
  show->callback([&run, &s, number] {
    v1::GetProcedureRequest request;
    request.set_number(*number);
    SetAsOf(s, request);
    run.exit_code = Unary<v1::InfringementService>(
        s, &v1::InfringementService::Stub::GetProcedure, request,
        ProcedureOf());
  });

  struct ListFlags {
    std::string celex, stage;
    bool open = false;
    int limit = 0;
  };
  auto lf = std::make_shared<ListFlags>();
  CLI::App* list =
      AddCommand(group, "list", "List procedures",
                 "  transpoctl procedure list --open --stage reasoned-opinion");
  list->add_option("--celex", lf->celex, "Only those concerning a directive");
  list->add_flag("--open", lf->open, "Only open procedures");
  list->add_option("--stage", lf->stage, "Only those at this stage");
  list->add_option("--limit", lf->limit, "At most this many (0: all)");
  list->callback([&run, &s, lf] {
    v1::ListProceduresRequest request;
    request.set_celex(lf->celex);
    request.set_open_only(lf->open);
    if (!lf->stage.empty()) {
      std::optional<int> stage =
          ParseEnum(s, "--stage", v1::StageKind_descriptor(), lf->stage);
      if (!stage) return void(run.exit_code = kUsage);
      request.set_stage(static_cast<v1::StageKind>(*stage));
    }
    SetAsOf(s, request);
    auto stub = NewStub<v1::InfringementService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    v1::ListProceduresResponse all;
    grpc::Status status = ListAll(
        s, *stub, &v1::InfringementService::Stub::ListProcedures, request,
        [](v1::ListProceduresResponse& r) { return r.mutable_procedures(); },
        lf->limit, &all);
    run.exit_code =
        status.ok() ? s.Print(all, ProcedureTable(all)) : s.Fail(status);
  });
}

void AddCourtCaseCommands(CLI::App& app, Run& run) {
  Session& s = run.session;
  CLI::App* group = app.add_subcommand(
      "court-case", "Court cases: preliminary references and actions");
  group->require_subcommand(1);

  struct AddFlags {
    std::string number, kind, title;
    std::vector<std::string> celex;
  };
  auto af = std::make_shared<AddFlags>();
  CLI::App* add =
      AddCommand(*group, "add", "Register a court case",
                 "  transpoctl court-case add C-123/24 --kind action --celex "
                 "32019L1937 --title \"Commission v Belgium\"");
  add->add_option("number", af->number, "Case number")->required();
  add->add_option("--kind", af->kind,
                  absl::StrCat("One of ", clients::EnumValues(
                                              v1::CourtCaseKind_descriptor())))
      ->required();
  add->add_option("--title", af->title, "Title")->required();
  add->add_option("--celex", af->celex, "Directives concerned")->delimiter(',');
  add->callback([&run, &s, af] {
    std::optional<int> kind =
        ParseEnum(s, "--kind", v1::CourtCaseKind_descriptor(), af->kind);
    if (!kind) return void(run.exit_code = kUsage);
    v1::CreateCourtCaseRequest request;
    v1::CourtCase& c = *request.mutable_court_case();
    c.set_number(af->number);
    c.set_kind(static_cast<v1::CourtCaseKind>(*kind));
    c.set_title(af->title);
    for (const std::string& celex : af->celex) c.add_celex(celex);
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::CourtCaseService>(
        s, &v1::CourtCaseService::Stub::CreateCourtCase, request,
        CourtCaseOf());
  });

  auto number = std::make_shared<std::string>();
  CLI::App* show = AddCommand(*group, "show", "Show a court case",
                              "  transpoctl court-case show C-123/24");
  show->add_option("number", *number, "Case number")->required();
  show->callback([&run, &s, number] {
    v1::GetCourtCaseRequest request;
    request.set_number(*number);
    SetAsOf(s, request);
    run.exit_code = Unary<v1::CourtCaseService>(
        s, &v1::CourtCaseService::Stub::GetCourtCase, request, CourtCaseOf());
  });

  auto limit = std::make_shared<int>(0);
  CLI::App* list = AddCommand(*group, "list", "List court cases",
                              "  transpoctl court-case list -o yaml");
  list->add_option("--limit", *limit, "At most this many (0: all)");
  list->callback([&run, &s, limit] {
    auto stub = NewStub<v1::CourtCaseService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    v1::ListCourtCasesRequest request;
    SetAsOf(s, request);
    v1::ListCourtCasesResponse all;
    grpc::Status status = ListAll(
        s, *stub, &v1::CourtCaseService::Stub::ListCourtCases, request,
        [](v1::ListCourtCasesResponse& r) { return r.mutable_court_cases(); },
        *limit, &all);
    run.exit_code =
        status.ok() ? s.Print(all, CourtCaseTable(all)) : s.Fail(status);
  });

  struct DeadlineFlags {
    std::string number, date, description;
  };
  auto df = std::make_shared<DeadlineFlags>();
  CLI::App* deadline =
      AddCommand(*group, "deadline", "Add a deadline to a court case",
                 "  transpoctl court-case deadline C-123/24 --date 2027-02-01 "
                 "--description \"Defence due\"");
  deadline->add_option("number", df->number, "Case number")->required();
  deadline->add_option("--date", df->date, "Date")->required();
  deadline->add_option("--description", df->description, "What is due")
      ->required();
  deadline->callback([&run, &s, df] {
    v1::AddCourtDeadlineRequest request;
    request.set_number(df->number);
    request.mutable_deadline()->set_date(df->date);
    request.mutable_deadline()->set_description(df->description);
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::CourtCaseService>(
        s, &v1::CourtCaseService::Stub::AddCourtDeadline, request,
        CourtCaseOf());
  });
}

}  // namespace

void AddProcedureCommands(CLI::App& app, Run& run) {
  CLI::App* group = app.add_subcommand(
      "procedure", "Infringement procedures and their stages");
  group->require_subcommand(1);
  AddProcedureWrites(*group, run);
  AddProcedureReads(*group, run);
  AddCourtCaseCommands(app, run);
}

}  // namespace transpo::ctl
