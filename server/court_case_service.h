// CourtCaseService (transpo.v1): court cases beyond infringements and their
// deadlines. Rules live in server/domain/court_case.h.
//
// Thread-safety: as any gRPC service; holds no state of its own.

#ifndef TRANSPO_SERVER_COURT_CASE_SERVICE_H_
#define TRANSPO_SERVER_COURT_CASE_SERVICE_H_

#include "server/service_support.h"
#include "transpo/v1/court_cases.grpc.pb.h"

namespace transpo {

class CourtCaseService final : public v1::CourtCaseService::CallbackService {
 public:
  explicit CourtCaseService(const ServiceContext& service)
      : service_(service) {}

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
  const ServiceContext& service_;
};

}  // namespace transpo

#endif  // TRANSPO_SERVER_COURT_CASE_SERVICE_H_
