// ClockService (transpo.v1): reads the server's clock, and moves it when the
// server runs on a manual clock (tests, demos); FAILED_PRECONDITION
// otherwise.
//
// Thread-safety: as any gRPC service.

#ifndef TRANSPO_SERVER_API_CLOCK_SERVICE_H_
#define TRANSPO_SERVER_API_CLOCK_SERVICE_H_

#include "server/api/authenticator.h"
#include "server/app/clock.h"
#include "server/domain/calendar.h"
#include "transpo/v1/clock.grpc.pb.h"

namespace transpo::api {

class ClockService final : public v1::ClockService::CallbackService {
 public:
  // `manual` is the clock itself when it is manual, else null.
  ClockService(const Authenticator& auth, const app::Clock& clock,
               app::ManualClock* manual, const domain::Calendar& calendar)
      : auth_(auth), clock_(clock), manual_(manual), calendar_(calendar) {}

  grpc::ServerUnaryReactor* GetTime(grpc::CallbackServerContext* context,
                                    const v1::GetTimeRequest* request,
                                    v1::GetTimeResponse* response) override;
  grpc::ServerUnaryReactor* SetTime(grpc::CallbackServerContext* context,
                                    const v1::SetTimeRequest* request,
                                    v1::SetTimeResponse* response) override;

 private:
  const Authenticator& auth_;
  const app::Clock& clock_;
  app::ManualClock* const manual_;
  const domain::Calendar& calendar_;
};

}  // namespace transpo::api

#endif  // TRANSPO_SERVER_API_CLOCK_SERVICE_H_
