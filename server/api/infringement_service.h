// InfringementService (transpo.v1): records infringement procedures and their
// stages. Translates requests to domain commands and app queries; rules live
// in server/domain/procedure.h.
//
// Thread-safety: as any gRPC service; holds no state of its own.

#ifndef TRANSPO_SERVER_API_INFRINGEMENT_SERVICE_H_
#define TRANSPO_SERVER_API_INFRINGEMENT_SERVICE_H_

#include "server/api/authenticator.h"
#include "server/app/app.h"
#include "transpo/v1/infringements.grpc.pb.h"

namespace transpo::api {

class InfringementService final
    : public v1::InfringementService::CallbackService {
 public:
  InfringementService(const Authenticator& auth, app::App& app)
      : auth_(auth), app_(app) {}

  grpc::ServerUnaryReactor* OpenProcedure(
      grpc::CallbackServerContext* context,
      const v1::OpenProcedureRequest* request,
      v1::OpenProcedureResponse* response) override;
  grpc::ServerUnaryReactor* GetProcedure(
      grpc::CallbackServerContext* context,
      const v1::GetProcedureRequest* request,
      v1::GetProcedureResponse* response) override;
  grpc::ServerUnaryReactor* ListProcedures(
      grpc::CallbackServerContext* context,
      const v1::ListProceduresRequest* request,
      v1::ListProceduresResponse* response) override;
  grpc::ServerUnaryReactor* RecordStage(
      grpc::CallbackServerContext* context,
      const v1::RecordStageRequest* request,
      v1::RecordStageResponse* response) override;
  grpc::ServerUnaryReactor* RecordReply(
      grpc::CallbackServerContext* context,
      const v1::RecordReplyRequest* request,
      v1::RecordReplyResponse* response) override;
  grpc::ServerUnaryReactor* CloseProcedure(
      grpc::CallbackServerContext* context,
      const v1::CloseProcedureRequest* request,
      v1::CloseProcedureResponse* response) override;

 private:
  // Runs `command` on procedure `number`, answering with the procedure.
  template <typename Response>
  grpc::ServerUnaryReactor* Run(
      grpc::CallbackServerContext* context, const std::string& number,
      absl::StatusOr<app::WriteMeta> meta,
      absl::StatusOr<domain::ProcedureCommand> command, Response* response);

  const Authenticator& auth_;
  app::App& app_;
};

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_INFRINGEMENT_SERVICE_H_
