#include "server/clock_service.h"

#include "absl/strings/str_cat.h"
#include "server/proto_time.h"

namespace transpo {

grpc::ServerUnaryReactor* ClockService::GetTime(
    grpc::CallbackServerContext* context, const v1::GetTimeRequest* request,
    v1::GetTimeResponse* response) {
  const absl::Time now = clock_.Now();
  ToProtoTime(now, *response->mutable_time());
  response->set_today(FormatDate(calendar_.Today(now)));
  response->set_manual(manual_ != nullptr);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerUnaryReactor* ClockService::SetTime(
    grpc::CallbackServerContext* context, const v1::SetTimeRequest* request,
    v1::SetTimeResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (manual_ == nullptr) {
    reactor->Finish(
        grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                     "the clock is the system clock: start transpod with "
                     "--clock=manual@YYYY-MM-DDTHH:MM to set it"));
    return reactor;
  }
  if (request->has_time()) {
    manual_->Set(FromProtoTime(request->time()));
  } else if (request->has_advance()) {
    const absl::Duration by = FromProtoDuration(request->advance());
    if (by < absl::ZeroDuration()) {
      reactor->Finish(
          grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                       absl::StrCat("advance \"", absl::FormatDuration(by),
                                    "\": must not be negative")));
      return reactor;
    }
    manual_->Advance(by);
  } else {
    reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 "change: set time or advance"));
    return reactor;
  }
  const absl::Time now = clock_.Now();
  ToProtoTime(now, *response->mutable_time());
  response->set_today(FormatDate(calendar_.Today(now)));
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace transpo
