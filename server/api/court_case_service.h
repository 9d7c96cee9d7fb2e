// CourtCaseService (transpo.v1): keeps court cases and their deadlines.
// Translates requests to domain commands and app queries; rules live in
// server/domain/court_case.h.
//
// Thread-safety: as any gRPC service; holds no state of its own.

#ifndef TRANSPO_SERVER_API_COURT_CASE_SERVICE_H_
#define TRANSPO_SERVER_API_COURT_CASE_SERVICE_H_

#include "server/api/authenticator.h"
#include "server/app/app.h"
#include "transpo/v1/court_cases.grpc.pb.h"

namespace transpo::api {

class CourtCaseService final : public v1::CourtCaseService::CallbackService {
 public:
  CourtCaseService(const Authenticator& auth, app::App& app)
      : auth_(auth), app_(app) {}

  grpc::ServerUnaryReactor* CreateCourtCase(
      grpc::CallbackServerContext* context,
      const v1::CreateCourtCaseRequest* request,
      v1::CreateCourtCaseResponse* response) override;
  grpc::ServerUnaryReactor* GetCourtCase(
      grpc::CallbackServerContext* context,
      const v1::GetCourtCaseRequest* request,
      v1::GetCourtCaseResponse* response) override;
  grpc::ServerUnaryReactor* ListCourtCases(
      grpc::CallbackServerContext* context,
      const v1::ListCourtCasesRequest* request,
      v1::ListCourtCasesResponse* response) override;
  grpc::ServerUnaryReactor* AddCourtDeadline(
      grpc::CallbackServerContext* context,
      const v1::AddCourtDeadlineRequest* request,
      v1::AddCourtDeadlineResponse* response) override;

 private:
  // Runs `command` on court case `number` (request field `number_field`),
  // answering with the court case.
  template <typename Response>
  grpc::ServerUnaryReactor* Run(
      grpc::CallbackServerContext* context, const std::string& number,
      absl::string_view number_field, absl::StatusOr<app::WriteMeta> meta,
      absl::StatusOr<domain::CourtCaseCommand> command, Response* response);

  const Authenticator& auth_;
  app::App& app_;
};

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_COURT_CASE_SERVICE_H_
