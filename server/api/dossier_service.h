// DossierService (transpo.v1): follows the transposition of each directive.
// Translates requests to domain commands and app queries; rules live in
// server/domain/dossier.cc.
//
// Thread-safety: as any gRPC service; holds no state of its own.

#ifndef TRANSPO_SERVER_API_DOSSIER_SERVICE_H_
#define TRANSPO_SERVER_API_DOSSIER_SERVICE_H_

#include "server/api/authenticator.h"
#include "server/app/app.h"
#include "transpo/v1/directives.grpc.pb.h"

namespace transpo::api {

class DossierService final : public v1::DossierService::CallbackService {
 public:
  DossierService(const Authenticator& auth, app::App& app)
      : auth_(auth), app_(app) {}

  grpc::ServerUnaryReactor* GetDossier(
      grpc::CallbackServerContext* context,
      const v1::GetDossierRequest* request,
      v1::GetDossierResponse* response) override;
  grpc::ServerUnaryReactor* ListDossiers(
      grpc::CallbackServerContext* context,
      const v1::ListDossiersRequest* request,
      v1::ListDossiersResponse* response) override;
  grpc::ServerUnaryReactor* UpdateDossier(
      grpc::CallbackServerContext* context,
      const v1::UpdateDossierRequest* request,
      v1::UpdateDossierResponse* response) override;
  grpc::ServerUnaryReactor* AssignDossier(
      grpc::CallbackServerContext* context,
      const v1::AssignDossierRequest* request,
      v1::AssignDossierResponse* response) override;
  grpc::ServerUnaryReactor* ChangeDossierStatus(
      grpc::CallbackServerContext* context,
      const v1::ChangeDossierStatusRequest* request,
      v1::ChangeDossierStatusResponse* response) override;
  grpc::ServerUnaryReactor* SetMilestone(
      grpc::CallbackServerContext* context,
      const v1::SetMilestoneRequest* request,
      v1::SetMilestoneResponse* response) override;
  grpc::ServerUnaryReactor* RecordMeasure(
      grpc::CallbackServerContext* context,
      const v1::RecordMeasureRequest* request,
      v1::RecordMeasureResponse* response) override;
  grpc::ServerUnaryReactor* NotifyMeasure(
      grpc::CallbackServerContext* context,
      const v1::NotifyMeasureRequest* request,
      v1::NotifyMeasureResponse* response) override;

 private:
  // Runs `command` of `caller` on the dossier of `celex` (request field
  // `celex_field`, for errors) and answers with the dossier as the command left
  // it.
  template <typename Request, typename Response>
  grpc::ServerUnaryReactor* Run(
      grpc::CallbackServerContext* context, const Caller& caller,
      const Request& request, const std::string& celex,
      absl::StatusOr<domain::DirectiveCommand> command, Response* response,
      absl::string_view celex_field = "celex");

  const Authenticator& auth_;
  app::App& app_;
};

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_DOSSIER_SERVICE_H_
