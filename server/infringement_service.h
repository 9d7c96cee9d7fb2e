// InfringementService (transpo.v1): infringement procedures and their
// stages. Translates requests to domain commands; rules live in
// server/domain/procedure.h.
//
// Thread-safety: as any gRPC service; holds no state of its own.

#ifndef TRANSPO_SERVER_INFRINGEMENT_SERVICE_H_
#define TRANSPO_SERVER_INFRINGEMENT_SERVICE_H_

#include "server/service_support.h"
#include "transpo/v1/infringements.grpc.pb.h"

namespace transpo {

class InfringementService final
    : public v1::InfringementService::CallbackService {
 public:
  explicit InfringementService(const ServiceContext& service)
      : service_(service) {}

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
  template <typename Command, typename Response>
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context,
                                const std::string& number,
                                uint64_t expected_version,
                                const std::string& request_id, Command command,
                                Response* response);

  const ServiceContext& service_;
};

}  // namespace transpo

#endif  // TRANSPO_SERVER_INFRINGEMENT_SERVICE_H_
