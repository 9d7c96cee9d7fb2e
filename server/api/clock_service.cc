#include "server/api/clock_service.h"

#include "absl/strings/str_cat.h"
#include "server/api/request_context.h"
#include "server/app/proto_time.h"
#include "server/domain/field_error.h"

namespace transpo::api {
namespace {

constexpr char kService[] = "transpo.v1.ClockService";

// Largest step SetTime.advance takes: ten years.
constexpr absl::Duration kMaxAdvance = absl::Hours(24 * 3660);

}  // namespace

grpc::ServerUnaryReactor* ClockService::GetTime(
    grpc::CallbackServerContext* context, const v1::GetTimeRequest* request,
    v1::GetTimeResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  const absl::Time now = clock_.Now();
  app::ToProtoTime(now, *response->mutable_time());
  response->set_today(domain::FormatDate(calendar_.Today(now)));
  response->set_manual(manual_ != nullptr);
  return Finish(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* ClockService::SetTime(
    grpc::CallbackServerContext* context, const v1::SetTimeRequest* request,
    v1::SetTimeResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  if (manual_ == nullptr) {
    return Finish(context,
                  absl::FailedPreconditionError(
                      "the clock is the system clock: start transpod "
                      "with --clock=manual@YYYY-MM-DDTHH:MM to set it"));
  }
  if (request->has_time()) {
    auto time = FromRequestTime(request->time(), "time");
    if (!time.ok()) return Finish(context, time.status());
    if (*time < clock_.Now()) {
      return Finish(context,
                    domain::FieldError(
                        "time", absl::FormatTime(*time),
                        absl::StrCat("before the clock's time ",
                                     absl::FormatTime(clock_.Now()),
                                     ": the clock only moves forward (what "
                                     "was recorded cannot be undone)")));
    }
    manual_->Set(*time);
  } else if (request->has_advance()) {
    const google::protobuf::Duration& advance = request->advance();
    const absl::Duration by = app::FromProtoDuration(advance);
    if (advance.seconds() < 0 || advance.nanos() < 0 ||
        advance.nanos() > 999999999 || by > kMaxAdvance) {
      return Finish(
          context,
          domain::FieldError("advance", absl::FormatDuration(by),
                             "must be from 0 to 87840h (ten years), nanos 0 to "
                             "999,999,999"));
    }
    manual_->Advance(by);
  } else {
    return Finish(context, domain::FieldError("change", "set time or advance"));
  }
  const absl::Time now = clock_.Now();
  app::ToProtoTime(now, *response->mutable_time());
  response->set_today(domain::FormatDate(calendar_.Today(now)));
  return Finish(context, absl::OkStatus());
}

}  // namespace transpo::api
