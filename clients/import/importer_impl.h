// The importer's parts (importer.h), shared by the files that hold them:
// importer.cc (the run, checks, correspondents' activity), and
// import_administration.cc, import_dossier.cc, import_procedure.cc (one
// kind of record each). Private to clients/import.
//
// Thread-safety: as Importer.

#ifndef TRANSPO_CLIENTS_IMPORT_IMPORTER_IMPL_H_
#define TRANSPO_CLIENTS_IMPORT_IMPORTER_IMPL_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "clients/import/importer.h"
#include "transpo/v1/administrations.grpc.pb.h"
#include "transpo/v1/court_cases.grpc.pb.h"
#include "transpo/v1/directives.grpc.pb.h"
#include "transpo/v1/infringements.grpc.pb.h"

namespace transpo::clients {
namespace import_detail {

enum class Outcome { kCreated, kUpdated, kUnchanged };

// An error of one record: the column it concerns and why.
struct Failure {
  std::string column;
  std::string reason;
  // The server's code; OK for a failure found by the importer itself.
  grpc::StatusCode code = grpc::StatusCode::OK;
  bool Unreachable() const {
    return code == grpc::StatusCode::UNAVAILABLE ||
           code == grpc::StatusCode::DEADLINE_EXCEEDED;
  }
};

using Result = std::variant<Outcome, Failure>;

// The column of the file a server's field violation points at.
std::string ColumnOf(absl::string_view field);
// The server's error on `what`, with the column of its field violation.
Failure FromGrpc(const grpc::Status& status, absl::string_view what);
// FNV-1a, 64 bits: a stable digest for request ids (not a security measure).
uint64_t Fnv1a(absl::string_view data, uint64_t hash = 14695981039346656037u);
bool Same(const google::protobuf::Message& a,
          const google::protobuf::Message& b);
bool SameList(const google::protobuf::RepeatedPtrField<std::string>& a,
              const google::protobuf::RepeatedPtrField<std::string>& b);
bool Notified(v1::DossierStatus s);
v1::Measure WithoutNotification(v1::Measure m);
const v1::Measure* FindMeasure(const v1::Dossier& d, const std::string& id);

}  // namespace import_detail

class Importer::Impl {
 public:
  using Outcome = import_detail::Outcome;
  using Failure = import_detail::Failure;
  using Result = import_detail::Result;

  Impl(const std::shared_ptr<grpc::Channel>& channel, ImportOptions options)
      : options_(std::move(options)),
        administrations_(v1::AdministrationService::NewStub(channel)),
        directives_(v1::DirectiveService::NewStub(channel)),
        dossiers_(v1::DossierService::NewStub(channel)),
        procedures_(v1::InfringementService::NewStub(channel)),
        court_cases_(v1::CourtCaseService::NewStub(channel)) {}

  ImportSummary Run(const ParsedFile& file);

 private:
  // create_only: a resource someone else changed last is left as it is;
  // one the importer itself wrote last (an earlier, interrupted run) is
  // brought to the file's state.
  bool LeaveAlone(const v1::Audit& audit) const {
    return options_.create_only && audit.updated_by() != options_.actor;
  }

  std::unique_ptr<grpc::ClientContext> Context() const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(absl::ToChronoTime(absl::Now() + options_.timeout));
    if (!options_.actor.empty()) {
      context->AddMetadata("transpo-actor", options_.actor);
    }
    return context;
  }

  template <typename Stub, typename Request, typename Response>
  grpc::Status Read(Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                 const Request&, Response*),
                    const Request& request, Response* response) {
    return (stub.*method)(Context().get(), request, response);
  }

  // A write over `version` (the resource's, as read; 0 for a creation),
  // expected by the server, with a request id derived from `step`, the
  // request and `version`; sent again with it while the server is
  // UNAVAILABLE.
  template <typename Stub, typename Request, typename Response>
  std::optional<Failure> Write(
      Stub& stub,
      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                   Response*),
      Request request, uint64_t version, absl::string_view step,
      Response* response) {
    if constexpr (requires { request.set_expected_version(version); }) {
      request.set_expected_version(version);
    }
    const uint64_t digest =
        import_detail::Fnv1a(absl::StrCat(version),
                             import_detail::Fnv1a(request.SerializeAsString(),
                                                  import_detail::Fnv1a(step)));
    request.set_request_id(absl::StrFormat("import-%016x", digest));
    grpc::Status status;
    for (int attempt = 0; attempt < 3; ++attempt) {
      status = (stub.*method)(Context().get(), request, response);
      if (status.error_code() != grpc::StatusCode::UNAVAILABLE) break;
    }
    if (status.ok()) return std::nullopt;
    return import_detail::FromGrpc(status, step);
  }

  Result Administration(const SourceRecord& r);
  Result Dossier(const SourceRecord& r);
  Result Procedure(const SourceRecord& r);
  Result CourtCase(const SourceRecord& r);
  std::optional<Failure> DossierChanges(const SourceRecord& r,
                                        v1::Dossier& current, bool* changed);
  std::vector<RowError> Check(const ParsedFile& file, bool* unreachable);
  // Marks a correspondent active or not; the administration as it is then
  // in `*after` (if not null).
  std::optional<Failure> SetActive(const std::string& administration,
                                   const std::string& id, bool active,
                                   v1::Administration* after);
  // Makes `id` active if one of `administrations` lists it as inactive, and
  // notes it in `reactivated`.
  std::optional<Failure> ReactivateIfInactive(
      const std::vector<std::string>& administrations, const std::string& id,
      std::vector<std::pair<std::string, std::string>>& reactivated);

  const ImportOptions options_;
  std::unique_ptr<v1::AdministrationService::Stub> administrations_;
  std::unique_ptr<v1::DirectiveService::Stub> directives_;
  std::unique_ptr<v1::DossierService::Stub> dossiers_;
  std::unique_ptr<v1::InfringementService::Stub> procedures_;
  std::unique_ptr<v1::CourtCaseService::Stub> court_cases_;
};

}  // namespace transpo::clients

#endif  // TRANSPO_CLIENTS_IMPORT_IMPORTER_IMPL_H_
