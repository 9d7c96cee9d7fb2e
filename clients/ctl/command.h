// What the subcommands of transpoctl have in common: each group adds its
// subcommands to the app; a subcommand's callback sets the exit code.
//
// Thread-safety: the main thread only.

#ifndef TRANSPO_CLIENTS_CTL_COMMAND_H_
#define TRANSPO_CLIENTS_CTL_COMMAND_H_

#include <google/protobuf/descriptor.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/string_view.h"
#include "clients/ctl/session.h"
#include "clients/enum_names.h"

namespace transpo::ctl {

// What a command's callback reports back to main.
struct Run {
  Session& session;
  int exit_code = kOk;
};

void AddDirectiveCommands(CLI::App& app, Run& run);
void AddDossierCommands(CLI::App& app, Run& run);
void AddProcedureCommands(CLI::App& app, Run& run);
void AddAdministrationCommands(CLI::App& app, Run& run);
void AddAlertCommands(CLI::App& app, Run& run);
void AddEventCommands(CLI::App& app, Run& run);
void AddClockCommands(CLI::App& app, Run& run);
void AddImportExportCommands(CLI::App& app, Run& run);
void AddNoteCommands(CLI::App& app, Run& run);

// A subcommand with its description and a worked example below the help.
CLI::App* AddCommand(CLI::App& parent, const std::string& name,
                     const std::string& description,
                     const std::string& example);

// A stub of `Service` on the session's channel; nullptr once the channel
// could not be made (the reason is printed).
template <typename Service>
std::unique_ptr<typename Service::Stub> NewStub(Session& session) {
  std::shared_ptr<grpc::Channel> channel = session.Channel();
  if (channel == nullptr) return nullptr;
  return Service::NewStub(channel);
}

// Reads an enum value given as "drafting", "DRAFTING" or
// "DOSSIER_STATUS_DRAFTING"; nullopt (after printing the accepted values
// under the flag's name) when it is none of them or the unspecified value.
std::optional<int> ParseEnum(Session& session, absl::string_view flag,
                             const google::protobuf::EnumDescriptor* type,
                             absl::string_view text);

// Gives a write its request id (--request-id or a new one) and, where the
// request has one, its expected version (--if-version).
template <typename Request>
void PrepareWrite(Session& session, Request& request) {
  request.set_request_id(session.RequestId());
  if constexpr (requires { request.set_expected_version(uint64_t{0}); }) {
    request.set_expected_version(session.if_version());
  }
}

// Calls `method` of `Service` and prints `pick(response)`, the resource; the
// exit code. A request with a request_id is a write (retried with it).
template <typename Service, typename Request, typename Response, typename Pick>
int Unary(Session& session,
          grpc::Status (Service::Stub::*method)(grpc::ClientContext*,
                                                const Request&, Response*),
          const Request& request, Pick pick) {
  auto stub = NewStub<Service>(session);
  if (stub == nullptr) return kUsage;
  Response response;
  std::string request_id;
  if constexpr (requires { request.request_id(); }) {
    request_id = request.request_id();
  }
  grpc::Status status =
      session.Call(*stub, method, request, &response, request_id);
  if (!status.ok()) return session.Fail(status);
  return session.Print(pick(response));
}

// Sets the request's as_of from --as-of.
template <typename Request>
void SetAsOf(const Session& session, Request& request) {
  if (session.as_of()) *request.mutable_as_of() = *session.as_of();
}

// Every page of a list (at most `limit` items when positive) in `all`;
// `items` names the response's repeated field.
template <typename Stub, typename Request, typename Response, typename Items>
grpc::Status ListAll(Session& session, Stub& stub,
                     grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                  const Request&, Response*),
                     Request request, Items items, int limit, Response* all) {
  constexpr int kMaxPage = 500;
  request.set_page_size(limit > 0 && limit < kMaxPage ? limit : kMaxPage);
  while (true) {
    Response page;
    grpc::Status status = session.Call(stub, method, request, &page);
    if (!status.ok()) return status;
    all->MergeFrom(page);
    auto* got = items(*all);
    if (limit > 0 && got->size() >= limit) {
      got->DeleteSubrange(limit, got->size() - limit);
      break;
    }
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  all->clear_next_page_token();
  return grpc::Status::OK;
}

// Whether the option was given on the command line.
inline bool Given(const CLI::App* command, const std::string& name) {
  return command->count(name) > 0;
}

}  // namespace transpo::ctl

#endif  // TRANSPO_CLIENTS_CTL_COMMAND_H_
