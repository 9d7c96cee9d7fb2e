// transpoctl directive add|show|list|update.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/ctl/command.h"
#include "transpo/v1/directives.grpc.pb.h"

namespace transpo::ctl {
namespace {

struct DirectiveFlags {
  std::string celex;
  std::string short_title;
  std::string title;
  std::string oj_reference;
  std::string adoption_date;
  std::vector<std::string> deadlines;
  std::string policy_area;
  std::string competence;
};

// Fills `d` from the flags given; the names of the fields set go to `mask`.
int FillDirective(Session& s, const CLI::App* command, const DirectiveFlags& f,
                  v1::Directive& d, std::vector<std::string>& mask) {
  d.set_celex(f.celex);
  auto set = [&](const char* flag, const char* field, const std::string& v,
                 void (v1::Directive::*setter)(const std::string&)) {
    if (!Given(command, flag)) return;
    (d.*setter)(v);
    mask.push_back(field);
  };
  set("--short-title", "short_title", f.short_title,
      &v1::Directive::set_short_title);
  set("--title", "title", f.title, &v1::Directive::set_title);
  set("--oj-reference", "oj_reference", f.oj_reference,
      &v1::Directive::set_oj_reference);
  set("--adoption-date", "adoption_date", f.adoption_date,
      &v1::Directive::set_adoption_date);
  set("--policy-area", "policy_area", f.policy_area,
      &v1::Directive::set_policy_area);
  if (Given(command, "--deadline")) {
    for (absl::string_view text : f.deadlines) {
      // "2024-07-01 permitting provisions": a date and its scope.
      std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(
          absl::StripAsciiWhitespace(text), absl::MaxSplits(' ', 1));
      v1::TranspositionDeadline* deadline = d.add_deadlines();
      deadline->set_date(std::string(parts.first));
      deadline->set_scope(
          std::string(absl::StripAsciiWhitespace(parts.second)));
    }
    mask.push_back("deadlines");
  }
  if (Given(command, "--competence")) {
    std::optional<int> competence =
        ParseEnum(s, "--competence", v1::Competence_descriptor(), f.competence);
    if (!competence) return kUsage;
    d.set_competence(static_cast<v1::Competence>(*competence));
    mask.push_back("competence");
  }
  return kOk;
}

void AddDirectiveFlags(CLI::App* command, DirectiveFlags& f) {
  command->add_option("celex", f.celex, "CELEX number, e.g. 32019L1937")
      ->required();
  command->add_option("--short-title", f.short_title, "Short title");
  command->add_option("--title", f.title, "Full title");
  command->add_option("--oj-reference", f.oj_reference,
                      "Official Journal reference");
  command->add_option("--adoption-date", f.adoption_date,
                      "Adoption date, YYYY-MM-DD");
  command
      ->add_option("--deadline", f.deadlines,
                   "Transposition deadline \"YYYY-MM-DD [scope]\" "
                   "(repeat for several)")
      ->allow_extra_args(false);
  command->add_option("--policy-area", f.policy_area, "Policy area");
  command->add_option(
      "--competence", f.competence,
      absl::StrCat("Regional competence: ",
                   clients::EnumValues(v1::Competence_descriptor())));
}

// The directive of a response.
struct DirectiveOf {
  template <typename Response>
  const v1::Directive& operator()(const Response& response) const {
    return response.directive();
  }
};

Table DirectiveTable(const v1::ListDirectivesResponse& response) {
  Table table(
      {"CELEX", "SHORT TITLE", "DEADLINE", "POLICY AREA", "COMPETENCE"});
  for (const v1::Directive& d : response.directives()) {
    table.AddRow({d.celex(), d.short_title(),
                  d.deadlines().empty() ? "" : d.deadlines(0).date(),
                  d.policy_area(), clients::ShortName(d.competence())});
  }
  return table;
}

}  // namespace

void AddDirectiveCommands(CLI::App& app, Run& run) {
  Session& s = run.session;
  CLI::App* group = app.add_subcommand(
      "directive", "Register directives and keep their facts");
  group->require_subcommand(1);

  {
    auto f = std::make_shared<DirectiveFlags>();
    CLI::App* add = AddCommand(
        *group, "add", "Register a directive (its dossier opens as registered)",
        "  transpoctl directive add 32019L1937 --short-title Whistleblowers "
        "\\\n"
        "      --deadline 2021-12-17 --deadline \"2023-12-17 Article 8(3)\" "
        "\\\n"
        "      --policy-area governance --competence shared");
    AddDirectiveFlags(add, *f);
    add->get_option("--short-title")->required();
    add->get_option("--deadline")->required();
    add->callback([&run, &s, f, add] {
      v1::CreateDirectiveRequest request;
      std::vector<std::string> mask;
      if (int code =
              FillDirective(s, add, *f, *request.mutable_directive(), mask);
          code != kOk) {
        return void(run.exit_code = code);
      }
      if (!Given(add, "--competence")) {
        request.mutable_directive()->set_competence(
            v1::COMPETENCE_TO_BE_DETERMINED);
      }
      PrepareWrite(s, request);
      run.exit_code = Unary<v1::DirectiveService>(
          s, &v1::DirectiveService::Stub::CreateDirective, request,
          DirectiveOf());
    });
  }
  {
    auto f = std::make_shared<DirectiveFlags>();
    CLI::App* update = AddCommand(
        *group, "update", "Change the facts given as flags",
        "  transpoctl directive update 32019L1937 --deadline 2022-01-17 "
        "--if-version 3");
    AddDirectiveFlags(update, *f);
    update->callback([&run, &s, f, update] {
      v1::UpdateDirectiveRequest request;
      std::vector<std::string> mask;
      if (int code =
              FillDirective(s, update, *f, *request.mutable_directive(), mask);
          code != kOk) {
        return void(run.exit_code = code);
      }
      if (mask.empty()) {
        return void(run.exit_code =
                        s.Fail(kUsage,
                               "nothing to update: give a flag such "
                               "as --short-title or --deadline"));
      }
      for (const std::string& path : mask) {
        request.mutable_update_mask()->add_paths(path);
      }
      PrepareWrite(s, request);
      run.exit_code = Unary<v1::DirectiveService>(
          s, &v1::DirectiveService::Stub::UpdateDirective, request,
          DirectiveOf());
    });
  }
  {
    auto celex = std::make_shared<std::string>();
    CLI::App* show = AddCommand(*group, "show", "Show a directive",
                                "  transpoctl directive show 32019L1937 "
                                "--as-of 2022-01-01");
    show->add_option("celex", *celex, "CELEX number")->required();
    show->callback([&run, &s, celex] {
      v1::GetDirectiveRequest request;
      request.set_celex(*celex);
      SetAsOf(s, request);
      run.exit_code = Unary<v1::DirectiveService>(
          s, &v1::DirectiveService::Stub::GetDirective, request, DirectiveOf());
    });
  }
  {
    auto limit = std::make_shared<int>(0);
    auto policy_area = std::make_shared<std::string>();
    CLI::App* list = AddCommand(*group, "list", "List directives by CELEX",
                                "  transpoctl directive list --policy-area "
                                "energy -o json | jq -r '.directives[].celex'");
    list->add_option("--policy-area", *policy_area, "Only this policy area");
    list->add_option("--limit", *limit, "At most this many (0: all)");
    list->callback([&run, &s, limit, policy_area] {
      auto stub = NewStub<v1::DirectiveService>(s);
      if (stub == nullptr) return void(run.exit_code = kUsage);
      v1::ListDirectivesRequest request;
      request.mutable_filter()->set_policy_area(*policy_area);
      SetAsOf(s, request);
      v1::ListDirectivesResponse all;
      grpc::Status status = ListAll(
          s, *stub, &v1::DirectiveService::Stub::ListDirectives, request,
          [](v1::ListDirectivesResponse& r) { return r.mutable_directives(); },
          *limit, &all);
      run.exit_code =
          status.ok() ? s.Print(all, DirectiveTable(all)) : s.Fail(status);
    });
  }
}

}  // namespace transpo::ctl
