#include "clients/import/exporter.h"

#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "transpo/v1/administrations.grpc.pb.h"
#include "transpo/v1/clock.grpc.pb.h"
#include "transpo/v1/court_cases.grpc.pb.h"
#include "transpo/v1/directives.grpc.pb.h"
#include "transpo/v1/event_log.grpc.pb.h"
#include "transpo/v1/infringements.grpc.pb.h"

namespace transpo::clients {
namespace {

constexpr int kPageSize = 500;

// Every page of a list, each item handed to `take`.
template <typename Stub, typename Request, typename Response, typename Take>
absl::Status Pages(Stub& stub,
                   grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                const Request&, Response*),
                   const ExportOptions& options, const char* what, Take take) {
  Request request;
  request.set_page_size(kPageSize);
  if (options.as_of) *request.mutable_as_of() = *options.as_of;
  while (true) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + options.timeout));
    Response page;
    grpc::Status status = (stub.*method)(&context, request, &page);
    if (!status.ok()) {
      return absl::Status(
          static_cast<absl::StatusCode>(status.error_code()),
          absl::StrCat("reading ", what, ": ", status.error_message()));
    }
    take(page);
    if (page.next_page_token().empty()) return absl::OkStatus();
    request.set_page_token(page.next_page_token());
  }
}

absl::Status FromGrpc(const grpc::Status& status, absl::string_view what) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, ": ", status.error_message()));
}

// The instant of the export: the server's now, or the time of the last
// event if that is later (record times never go back, clocks may).
absl::StatusOr<google::protobuf::Timestamp> Now(
    const std::shared_ptr<grpc::Channel>& channel,
    const ExportOptions& options) {
  auto deadline = [&] {
    return absl::ToChronoTime(absl::Now() + options.timeout);
  };
  grpc::ClientContext clock_context;
  clock_context.set_deadline(deadline());
  v1::GetTimeResponse now;
  grpc::Status status =
      v1::ClockService::NewStub(channel)->GetTime(&clock_context, {}, &now);
  if (!status.ok()) return FromGrpc(status, "reading the server's time");
  auto log = v1::EventLogService::NewStub(channel);
  v1::ReadEventsRequest head_request;
  head_request.set_from_position(UINT64_MAX);
  head_request.set_page_size(1);
  v1::ReadEventsResponse head;
  grpc::ClientContext head_context;
  head_context.set_deadline(deadline());
  status = log->ReadEvents(&head_context, head_request, &head);
  if (!status.ok()) return FromGrpc(status, "reading the log's head");
  if (head.head_position() == 0) return now.time();
  v1::ReadEventsRequest last_request;
  last_request.set_from_position(head.head_position());
  last_request.set_page_size(1);
  v1::ReadEventsResponse last;
  grpc::ClientContext last_context;
  last_context.set_deadline(deadline());
  status = log->ReadEvents(&last_context, last_request, &last);
  if (!status.ok()) return FromGrpc(status, "reading the last event");
  if (last.events().empty()) return now.time();
  const auto& t = last.events(0).record_time();
  const auto& n = now.time();
  return std::make_pair(t.seconds(), t.nanos()) >
                 std::make_pair(n.seconds(), n.nanos())
             ? t
             : n;
}

}  // namespace

absl::StatusOr<std::vector<v1::ExportRecord>> ExportAll(
    const std::shared_ptr<grpc::Channel>& channel, ExportOptions options) {
  if (!options.as_of) {
    absl::StatusOr<google::protobuf::Timestamp> now = Now(channel, options);
    if (!now.ok()) return now.status();
    options.as_of = *now;
  }
  std::vector<v1::ExportRecord> records;
  auto administrations = v1::AdministrationService::NewStub(channel);
  absl::Status status = Pages(
      *administrations, &v1::AdministrationService::Stub::ListAdministrations,
      options, "administrations", [&](v1::ListAdministrationsResponse& page) {
        for (v1::Administration& a : *page.mutable_administrations()) {
          *records.emplace_back().mutable_administration() = std::move(a);
        }
      });
  if (!status.ok()) return status;

  // Dossiers first: a directive recorded at the very instant of the export
  // while it runs may then be listed without its dossier, never the reverse.
  std::vector<v1::Dossier> dossiers;
  auto dossier_stub = v1::DossierService::NewStub(channel);
  status = Pages(*dossier_stub, &v1::DossierService::Stub::ListDossiers,
                 options, "dossiers", [&](v1::ListDossiersResponse& page) {
                   for (v1::Dossier& d : *page.mutable_dossiers()) {
                     dossiers.push_back(std::move(d));
                   }
                 });
  if (!status.ok()) return status;
  std::map<std::string, v1::Directive> directives;
  auto directive_stub = v1::DirectiveService::NewStub(channel);
  status = Pages(*directive_stub, &v1::DirectiveService::Stub::ListDirectives,
                 options, "directives", [&](v1::ListDirectivesResponse& page) {
                   for (v1::Directive& d : *page.mutable_directives()) {
                     std::string celex = d.celex();
                     directives.emplace(std::move(celex), std::move(d));
                   }
                 });
  if (!status.ok()) return status;
  for (v1::Dossier& d : dossiers) {
    v1::DossierRecord& r = *records.emplace_back().mutable_dossier();
    *r.mutable_directive() = std::move(directives[d.celex()]);
    *r.mutable_dossier() = std::move(d);
  }

  auto procedures = v1::InfringementService::NewStub(channel);
  status =
      Pages(*procedures, &v1::InfringementService::Stub::ListProcedures,
            options, "procedures", [&](v1::ListProceduresResponse& page) {
              for (v1::InfringementProcedure& p : *page.mutable_procedures()) {
                *records.emplace_back().mutable_procedure() = std::move(p);
              }
            });
  if (!status.ok()) return status;

  auto court_cases = v1::CourtCaseService::NewStub(channel);
  status = Pages(*court_cases, &v1::CourtCaseService::Stub::ListCourtCases,
                 options, "court cases", [&](v1::ListCourtCasesResponse& page) {
                   for (v1::CourtCase& c : *page.mutable_court_cases()) {
                     *records.emplace_back().mutable_court_case() =
                         std::move(c);
                   }
                 });
  if (!status.ok()) return status;
  return records;
}

}  // namespace transpo::clients
