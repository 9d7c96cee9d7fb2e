// AlertService (transpo.v1): the alert policy, the alerts raised, their
// acknowledgement and a forecast. Translates requests to app queries and
// commands; the rules live in server/domain/alert.h and alert_policy.h, the
// raising in server/app/alert_scheduler.h.
//
// Thread-safety: as any gRPC service; holds no state of its own.

#ifndef TRANSPO_SERVER_API_ALERT_SERVICE_H_
#define TRANSPO_SERVER_API_ALERT_SERVICE_H_

#include "server/api/authenticator.h"
#include "server/api/log_tail.h"
#include "server/app/app.h"
#include "transpo/v1/alerts.grpc.pb.h"

namespace transpo::api {

// WatchAlerts is raw (grpc::ByteBuffer): its updates go out as the shared
// LogTail encoded them.
class AlertService final
    : public v1::AlertService::WithCallbackMethod_GetAlertPolicy<
          v1::AlertService::WithCallbackMethod_ListAlerts<
              v1::AlertService::WithCallbackMethod_AcknowledgeAlert<
                  v1::AlertService::WithCallbackMethod_ForecastAlerts<
                      v1::AlertService::WithRawCallbackMethod_WatchAlerts<
                          v1::AlertService::Service>>>>> {
 public:
  // Updates one WatchAlerts message carries at most.
  static constexpr uint32_t kUpdatesPerMessage = 256;

  // `tail` is the one EventLogService's streams share.
  AlertService(const Authenticator& auth, app::App& app, LogTail& tail)
      : auth_(auth), app_(app), tail_(tail) {}

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
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchAlerts(
      grpc::CallbackServerContext* context,
      const grpc::ByteBuffer* request) override;

 private:
  const Authenticator& auth_;
  app::App& app_;
  LogTail& tail_;
};

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_ALERT_SERVICE_H_
