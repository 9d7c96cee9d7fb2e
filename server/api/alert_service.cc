#include "server/api/alert_service.h"

#include <limits>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/api/alert_convert.h"
#include "server/api/enum_convert.h"
#include "server/api/grpc_status.h"
#include "server/api/log_stream.h"
#include "server/api/paging.h"
#include "server/api/request_context.h"
#include "server/api/values_convert.h"
#include "server/app/access.h"
#include "server/app/proto_time.h"
#include "server/domain/field_error.h"
#include "server/domain/limits.h"

namespace transpo::api {
namespace {

constexpr char kService[] = "transpo.v1.AlertService";

// Longest alert id accepted, in bytes.
constexpr size_t kMaxAlertIdBytes = 512;
constexpr int kDefaultForecast = 100;
constexpr int kMaxForecast = 1000;
constexpr absl::Duration kMaxForecastAhead = absl::Hours(3 * 366 * 24);

// "<deadline id>/<rule id>" split at its last '/'.
absl::StatusOr<std::pair<std::string, std::string>> SplitAlertId(
    const std::string& id) {
  const size_t slash = id.rfind('/');
  if (id.size() > kMaxAlertIdBytes || slash == std::string::npos ||
      slash == 0 || slash + 1 == id.size()) {
    return domain::FieldError(
        "alert_id", id,
        "not an alert id (<subject>/<kind>/<YYYY-MM-DD>/<rule id>)");
  }
  return std::pair{id.substr(0, slash), id.substr(slash + 1)};
}

}  // namespace

grpc::ServerUnaryReactor* AlertService::GetAlertPolicy(
    grpc::CallbackServerContext* context,
    const v1::GetAlertPolicyRequest* request,
    v1::GetAlertPolicyResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  *response->mutable_policy() =
      ToProto(app_.settings().alerts, app_.settings().calendar.time_zone());
  return Finish(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* AlertService::ListAlerts(
    grpc::CallbackServerContext* context, const v1::ListAlertsRequest* request,
    v1::ListAlertsResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto query = ListQueryOf(*request);
  if (!query.ok()) return Finish(context, query.status());
  absl::Status count =
      CheckRequestList("statuses", request->statuses_size(), 3);
  if (!count.ok()) return Finish(context, count);
  auto administrations =
      app::AlertScope(caller->principal, request->administration());
  if (!administrations.ok()) {
    return Finish(context,
                  auth_.Checked(context->peer(), administrations.status()));
  }
  app::AlertFilter filter{.administrations = *std::move(administrations),
                          .correspondent = request->correspondent()};
  for (int i = 0; i < request->statuses_size(); ++i) {
    auto status =
        FromProto(request->statuses(i), absl::StrCat("statuses[", i, "]"));
    if (!status.ok()) return Finish(context, status.status());
    filter.statuses.push_back(*status);
  }
  if (request->min_severity() != v1::ALERT_SEVERITY_UNSPECIFIED) {
    auto severity = FromProto(request->min_severity(), "min_severity");
    if (!severity.ok()) return Finish(context, severity.status());
    filter.min_severity = *severity;
  }
  auto page = app_.queries().Alerts(filter, query->page, query->as_of);
  if (!page.ok()) return Finish(context, page.status());
  FillPage(*page, ToProtoAlert, query->key, *response->mutable_alerts(),
           *response->mutable_next_page_token());
  return Finish(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* AlertService::AcknowledgeAlert(
    grpc::CallbackServerContext* context,
    const v1::AcknowledgeAlertRequest* request,
    v1::AcknowledgeAlertResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto meta = WriteMetaOf(*caller, *request, request->request_id(),
                          request->expected_version());
  if (!meta.ok()) return Finish(context, meta.status());
  auto id = SplitAlertId(request->alert_id());
  if (!id.ok()) return Finish(context, id.status());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  app_.commands().Alert(
      id->first, domain::AcknowledgeAlert{id->second, request->comment()},
      *std::move(meta),
      FinishChecked<app::Committed<domain::DeadlineAlertsState>>(
          auth_, context, reactor, [response](const auto& result) {
            *response->mutable_alert() = ToProtoAlert(result.state);
          }));
  return reactor;
}

grpc::ServerUnaryReactor* AlertService::ForecastAlerts(
    grpc::CallbackServerContext* context,
    const v1::ForecastAlertsRequest* request,
    v1::ForecastAlertsResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  if (!request->has_until()) {
    return Finish(context, domain::FieldError("until", "required"));
  }
  auto until = FromRequestTime(request->until(), "until");
  if (!until.ok()) return Finish(context, until.status());
  const absl::Time now = app_.clock().Now();
  if (*until <= now || *until > now + kMaxForecastAhead) {
    return Finish(context,
                  domain::FieldError("until", absl::FormatTime(*until),
                                     "not after now and within 3 years"));
  }
  auto max = PageSize(request->max_alerts(), kDefaultForecast, kMaxForecast);
  if (!max.ok()) return Finish(context, max.status());
  bool truncated = false;
  for (const app::ForecastedAlert& f :
       app_.alerts().Forecast(*until, request->administration(),
                              static_cast<size_t>(*max), truncated)) {
    v1::ForecastAlert* out = response->add_alerts();
    out->set_alert_id(domain::AlertId(f.planned.key));
    app::ToProtoTime(f.planned.fire_at, *out->mutable_fire_time());
    out->set_severity(ToProto(f.planned.severity));
    out->set_deadline_kind(ToProto(f.deadline.kind));
    out->set_deadline_date(domain::FormatDate(f.deadline.date));
    out->set_deadline_description(f.description);
    out->set_celex(f.celex);
    out->set_title(f.title);
    for (const auto& a : f.administrations) out->add_administrations(a);
  }
  response->set_truncated(truncated);
  return Finish(context, absl::OkStatus());
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* AlertService::WatchAlerts(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) {
    return new LogStream(tail_, app_.log(), ToGrpcStatus(caller.status()));
  }
  v1::WatchAlertsRequest parsed;
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (request->Dump(&slices).ok()) {
    for (const grpc::Slice& slice : slices) {
      bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
  }
  EventLog& log = app_.log();
  if (!parsed.ParseFromString(bytes)) {
    return new LogStream(tail_, log,
                         grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                      "WatchAlertsRequest does not parse"));
  }
  auto administrations =
      app::AlertScope(caller->principal, parsed.administration());
  if (!administrations.ok()) {
    return new LogStream(
        tail_, log,
        ToGrpcStatus(auth_.Checked(context->peer(), administrations.status())));
  }
  LogStream::Options::Alerts alerts{
      .administrations = *std::move(administrations),
      .correspondent = parsed.correspondent()};
  if (parsed.min_severity() != v1::ALERT_SEVERITY_UNSPECIFIED) {
    auto severity = FromProto(parsed.min_severity(), "min_severity");
    if (!severity.ok()) {
      return new LogStream(tail_, log, ToGrpcStatus(severity.status()));
    }
    alerts.min_severity = *severity;
  }
  return new LogStream(
      tail_, log,
      {.from = parsed.after_cursor() == std::numeric_limits<uint64_t>::max()
                   ? parsed.after_cursor()
                   : parsed.after_cursor() + 1,
       .max_events_per_message = kUpdatesPerMessage,
       .alerts = std::move(alerts),
       .allowed = StillAllowed(auth_, *std::move(caller))});
}

}  // namespace transpo::api
