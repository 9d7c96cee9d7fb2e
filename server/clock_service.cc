#include "server/clock_service.h"

#include "absl/strings/str_cat.h"

namespace transpo {
namespace {

void SetTimestamp(absl::Time t, google::protobuf::Timestamp& out) {
  const int64_t nanos = absl::ToUnixNanos(t);
  out.set_seconds(nanos / 1'000'000'000);
  out.set_nanos(static_cast<int32_t>(nanos % 1'000'000'000));
}

}  // namespace

grpc::ServerUnaryReactor* ClockService::GetTime(
    grpc::CallbackServerContext* context, const v1::GetTimeRequest* request,
    v1::GetTimeResponse* response) {
  const absl::Time now = clock_.Now();
  SetTimestamp(now, *response->mutable_time());
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
    manual_->Set(absl::FromUnixSeconds(request->time().seconds()) +
                 absl::Nanoseconds(request->time().nanos()));
  } else if (request->has_advance()) {
    const absl::Duration by = absl::Seconds(request->advance().seconds()) +
                              absl::Nanoseconds(request->advance().nanos());
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
  SetTimestamp(now, *response->mutable_time());
  response->set_today(FormatDate(calendar_.Today(now)));
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace transpo
