// AlertService (transpo.v1): the alert policy, the alerts raised, their
// acknowledgement and a forecast. Translates requests to app queries and
// commands; the rules live in server/domain/alert.h and alert_policy.h, the
// raising in server/app/alert_scheduler.h.
//
// Thread-safety: as any gRPC service; holds no state of its own.

#ifndef TRANSPO_SERVER_API_ALERT_SERVICE_H_
#define TRANSPO_SERVER_API_ALERT_SERVICE_H_

#include "server/app/app.h"
#include "transpo/v1/alerts.grpc.pb.h"

namespace transpo::api {

class AlertService final : public v1::AlertService::CallbackService {
 public:
  explicit AlertService(app::App& app) : app_(app) {}

  grpc::ServerUnaryReactor* GetAlertPolicy(
      grpc::CallbackServerContext* context,
      const v1::GetAlertPolicyRequest* request,
      v1::GetAlertPolicyResponse* response) override;
  grpc::ServerUnaryReactor* ListAlerts(
      grpc::CallbackServerContext* context,
      const v1::ListAlertsRequest* request,
      v1::ListAlertsResponse* response) override;
  grpc::ServerUnaryReactor* AcknowledgeAlert(
      grpc::CallbackServerContext* context,
      const v1::AcknowledgeAlertRequest* request,
      v1::AcknowledgeAlertResponse* response) override;
  grpc::ServerUnaryReactor* ForecastAlerts(
      grpc::CallbackServerContext* context,
      const v1::ForecastAlertsRequest* request,
      v1::ForecastAlertsResponse* response) override;

 private:
  app::App& app_;
};

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_ALERT_SERVICE_H_
