#include "clients/import/exporter.h"

#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "transpo/v1/administrations.grpc.pb.h"
#include "transpo/v1/clock.grpc.pb.h"
#include "transpo/v1/court_cases.grpc.pb.h"
#include "transpo/v1/directives.grpc.pb.h"
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

}  // namespace

absl::StatusOr<std::vector<v1::ExportRecord>> ExportAll(
    const std::shared_ptr<grpc::Channel>& channel, ExportOptions options) {
  if (!options.as_of) {
    // One instant for every list: the server's now, so the export is a
    // snapshot even while others write.
    auto clock = v1::ClockService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + options.timeout));
    v1::GetTimeResponse now;
    grpc::Status status = clock->GetTime(&context, {}, &now);
    if (!status.ok()) {
      return absl::Status(
          static_cast<absl::StatusCode>(status.error_code()),
          absl::StrCat("reading the server's time: ", status.error_message()));
    }
    options.as_of = now.time();
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
  auto dossier_stub = v1::DossierService::NewStub(channel);
  status = Pages(*dossier_stub, &v1::DossierService::Stub::ListDossiers,
                 options, "dossiers", [&](v1::ListDossiersResponse& page) {
                   for (v1::Dossier& d : *page.mutable_dossiers()) {
                     v1::DossierRecord& r =
                         *records.emplace_back().mutable_dossier();
                     // Both lists are of the same instant: every dossier
                     // has its directive.
                     auto it = directives.find(d.celex());
                     if (it != directives.end()) {
                       *r.mutable_directive() = std::move(it->second);
                     }
                     *r.mutable_dossier() = std::move(d);
                   }
                 });
  if (!status.ok()) return status;

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
