// ReportService (transpo.v1): the two-monthly note and the yearly report,
// built by the application from the log as of a day (app::Queries::Note),
// rendered by server/report when a format is asked.
//
// Thread-safety: as any gRPC service.

#ifndef TRANSPO_SERVER_API_REPORT_SERVICE_H_
#define TRANSPO_SERVER_API_REPORT_SERVICE_H_

#include "server/api/authenticator.h"
#include "server/app/app.h"
#include "transpo/v1/reports.grpc.pb.h"

namespace transpo::api {

class ReportService final : public v1::ReportService::CallbackService {
 public:
  ReportService(const Authenticator& auth, app::App& app)
      : auth_(auth), app_(app) {}

  grpc::ServerUnaryReactor* GetNote(grpc::CallbackServerContext* context,
                                    const v1::GetNoteRequest* request,
                                    v1::GetNoteResponse* response) override;
  grpc::ServerUnaryReactor* GetYearlyReport(
      grpc::CallbackServerContext* context,
      const v1::GetYearlyReportRequest* request,
      v1::GetYearlyReportResponse* response) override;

 private:
  const Authenticator& auth_;
  app::App& app_;
};

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_REPORT_SERVICE_H_
