// transpoctl administration add|show|list|update and
// correspondent add|show|list|update.

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/ctl/command.h"
#include "transpo/v1/administrations.grpc.pb.h"

namespace transpo::ctl {
namespace {

// The administration of a response.
struct AdministrationOf {
  template <typename Response>
  const v1::Administration& operator()(const Response& response) const {
    return response.administration();
  }
};

Table AdministrationTable(const v1::ListAdministrationsResponse& response) {
  Table table({"ID", "NAME (NL)", "NAME (FR)", "CORRESPONDENTS"});
  for (const v1::Administration& a : response.administrations()) {
    table.AddRow({a.id(), a.name_nl(), a.name_fr(),
                  absl::StrCat(a.correspondents_size())});
  }
  return table;
}

Table CorrespondentTable(const v1::Administration& a) {
  Table table({"ID", "NAME", "EMAIL", "LANGUAGE", "ACTIVE"});
  for (const v1::Correspondent& c : a.correspondents()) {
    table.AddRow({c.id(), c.name(), c.email(), clients::ShortName(c.language()),
                  c.active() ? "yes" : "no"});
  }
  return table;
}

// GetAdministration as of --as-of; false after printing the error.
bool GetAdministration(Run& run, const std::string& id,
                       v1::Administration* out) {
  Session& s = run.session;
  auto stub = NewStub<v1::AdministrationService>(s);
  if (stub == nullptr) {
    run.exit_code = kUsage;
    return false;
  }
  v1::GetAdministrationRequest request;
  request.set_id(id);
  SetAsOf(s, request);
  v1::GetAdministrationResponse response;
  grpc::Status status =
      s.Call(*stub, &v1::AdministrationService::Stub::GetAdministration,
             request, &response);
  if (!status.ok()) {
    run.exit_code = s.Fail(status);
    return false;
  }
  *out = response.administration();
  return true;
}

void AddAdministrationGroup(CLI::App& app, Run& run) {
  Session& s = run.session;
  CLI::App* group = app.add_subcommand(
      "administration", "Regional administrations and their correspondents");
  group->require_subcommand(1);

  struct Flags {
    std::string id, name_nl, name_fr;
  };
  auto af = std::make_shared<Flags>();
  CLI::App* add = AddCommand(
      *group, "add", "Register an administration",
      "  transpoctl administration add be --name-nl \"Leefmilieu Brussel\" "
      "\\\n      --name-fr \"Bruxelles Environnement\"");
  add->add_option("id", af->id, "Short id, e.g. be")->required();
  add->add_option("--name-nl", af->name_nl, "Dutch name")->required();
  add->add_option("--name-fr", af->name_fr, "French name")->required();
  add->callback([&run, &s, af] {
    v1::CreateAdministrationRequest request;
    v1::Administration& a = *request.mutable_administration();
    a.set_id(af->id);
    a.set_name_nl(af->name_nl);
    a.set_name_fr(af->name_fr);
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::AdministrationService>(
        s, &v1::AdministrationService::Stub::CreateAdministration, request,
        AdministrationOf());
  });

  auto uf = std::make_shared<Flags>();
  CLI::App* update =
      AddCommand(*group, "update", "Rename an administration",
                 "  transpoctl administration update be --name-fr "
                 "\"Bruxelles Environnement\"");
  update->add_option("id", uf->id, "Administration id")->required();
  update->add_option("--name-nl", uf->name_nl, "Dutch name");
  update->add_option("--name-fr", uf->name_fr, "French name");
  update->callback([&run, &s, uf, update] {
    v1::UpdateAdministrationRequest request;
    v1::Administration& a = *request.mutable_administration();
    a.set_id(uf->id);
    if (Given(update, "--name-nl")) {
      a.set_name_nl(uf->name_nl);
      request.mutable_update_mask()->add_paths("name_nl");
    }
    if (Given(update, "--name-fr")) {
      a.set_name_fr(uf->name_fr);
      request.mutable_update_mask()->add_paths("name_fr");
    }
    if (request.update_mask().paths().empty()) {
      return void(run.exit_code = s.Fail(kUsage,
                                         "nothing to update: give --name-nl or "
                                         "--name-fr"));
    }
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::AdministrationService>(
        s, &v1::AdministrationService::Stub::UpdateAdministration, request,
        AdministrationOf());
  });

  auto id = std::make_shared<std::string>();
  CLI::App* show = AddCommand(*group, "show",
                              "Show an administration and its correspondents",
                              "  transpoctl administration show be");
  show->add_option("id", *id, "Administration id")->required();
  show->callback([&run, &s, id] {
    v1::Administration a;
    if (GetAdministration(run, *id, &a)) run.exit_code = s.Print(a);
  });

  auto limit = std::make_shared<int>(0);
  CLI::App* list = AddCommand(*group, "list", "List administrations",
                              "  transpoctl administration list");
  list->add_option("--limit", *limit, "At most this many (0: all)");
  list->callback([&run, &s, limit] {
    auto stub = NewStub<v1::AdministrationService>(s);
    if (stub == nullptr) return void(run.exit_code = kUsage);
    v1::ListAdministrationsRequest request;
    SetAsOf(s, request);
    v1::ListAdministrationsResponse all;
    grpc::Status status = ListAll(
        s, *stub, &v1::AdministrationService::Stub::ListAdministrations,
        request,
        [](v1::ListAdministrationsResponse& r) {
          return r.mutable_administrations();
        },
        *limit, &all);
    run.exit_code =
        status.ok() ? s.Print(all, AdministrationTable(all)) : s.Fail(status);
  });
}

struct CorrespondentFlags {
  std::string administration, id, name, email, language;
  bool active = true;
};

void AddCorrespondentFields(CLI::App* command, CorrespondentFlags& f) {
  command->add_option("administration", f.administration, "Administration id")
      ->required();
  command->add_option("id", f.id, "Correspondent id, e.g. a.janssens")
      ->required();
  command->add_option("--name", f.name, "Full name");
  command->add_option("--email", f.email, "E-mail address (alerts go there)");
  command->add_option("--language", f.language, "nl or fr");
}

void AddCorrespondentGroup(CLI::App& app, Run& run) {
  Session& s = run.session;
  CLI::App* group = app.add_subcommand(
      "correspondent", "The correspondents of an administration");
  group->require_subcommand(1);

  auto af = std::make_shared<CorrespondentFlags>();
  CLI::App* add = AddCommand(
      *group, "add", "Add a correspondent to an administration",
      "  transpoctl correspondent add be a.janssens --name \"An Janssens\" "
      "\\\n      --email an.janssens@example.org --language nl");
  AddCorrespondentFields(add, *af);
  add->get_option("--name")->required();
  add->get_option("--email")->required();
  add->get_option("--language")->required();
  add->callback([&run, &s, af] {
    std::optional<int> language =
        ParseEnum(s, "--language", v1::Language_descriptor(), af->language);
    if (!language) return void(run.exit_code = kUsage);
    v1::AddCorrespondentRequest request;
    request.set_administration_id(af->administration);
    v1::Correspondent& c = *request.mutable_correspondent();
    c.set_id(af->id);
    c.set_name(af->name);
    c.set_email(af->email);
    c.set_language(static_cast<v1::Language>(*language));
    c.set_active(true);
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::AdministrationService>(
        s, &v1::AdministrationService::Stub::AddCorrespondent, request,
        AdministrationOf());
  });

  auto uf = std::make_shared<CorrespondentFlags>();
  CLI::App* update = AddCommand(
      *group, "update", "Change the fields given as flags",
      "  transpoctl correspondent update be a.janssens --active false");
  AddCorrespondentFields(update, *uf);
  update->add_option("--active", uf->active,
                     "true, or false for one who left (keeps the history)");
  update->callback([&run, &s, uf, update] {
    v1::UpdateCorrespondentRequest request;
    request.set_administration_id(uf->administration);
    v1::Correspondent& c = *request.mutable_correspondent();
    c.set_id(uf->id);
    auto& mask = *request.mutable_update_mask();
    if (Given(update, "--name")) {
      c.set_name(uf->name);
      mask.add_paths("name");
    }
    if (Given(update, "--email")) {
      c.set_email(uf->email);
      mask.add_paths("email");
    }
    if (Given(update, "--language")) {
      std::optional<int> language =
          ParseEnum(s, "--language", v1::Language_descriptor(), uf->language);
      if (!language) return void(run.exit_code = kUsage);
      c.set_language(static_cast<v1::Language>(*language));
      mask.add_paths("language");
    }
    if (Given(update, "--active")) {
      c.set_active(uf->active);
      mask.add_paths("active");
    }
    if (mask.paths().empty()) {
      return void(run.exit_code =
                      s.Fail(kUsage,
                             "nothing to update: give a flag such as "
                             "--email or --active"));
    }
    PrepareWrite(s, request);
    run.exit_code = Unary<v1::AdministrationService>(
        s, &v1::AdministrationService::Stub::UpdateCorrespondent, request,
        AdministrationOf());
  });

  auto sf = std::make_shared<CorrespondentFlags>();
  CLI::App* show = AddCommand(*group, "show", "Show a correspondent",
                              "  transpoctl correspondent show be a.janssens");
  show->add_option("administration", sf->administration, "Administration id")
      ->required();
  show->add_option("id", sf->id, "Correspondent id")->required();
  show->callback([&run, &s, sf] {
    v1::Administration a;
    if (!GetAdministration(run, sf->administration, &a)) return;
    for (const v1::Correspondent& c : a.correspondents()) {
      if (c.id() == sf->id) return void(run.exit_code = s.Print(c));
    }
    run.exit_code =
        s.Fail(kNotFound, absl::StrCat("correspondent ", sf->id,
                                       " not found in administration ",
                                       sf->administration));
  });

  auto lf = std::make_shared<std::string>();
  CLI::App* list =
      AddCommand(*group, "list", "List the correspondents of an administration",
                 "  transpoctl correspondent list be");
  list->add_option("administration", *lf, "Administration id")->required();
  list->callback([&run, &s, lf] {
    v1::Administration a;
    if (!GetAdministration(run, *lf, &a)) return;
    run.exit_code = s.Print(a, CorrespondentTable(a));
  });
}

}  // namespace

void AddAdministrationCommands(CLI::App& app, Run& run) {
  AddAdministrationGroup(app, run);
  AddCorrespondentGroup(app, run);
}

}  // namespace transpo::ctl
