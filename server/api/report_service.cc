#include "server/api/report_service.h"

#include "server/api/report_convert.h"
#include "server/api/request_context.h"
#include "server/api/values_convert.h"

namespace transpo::api {
namespace {

constexpr char kService[] = "transpo.v1.ReportService";

}  // namespace

grpc::ServerUnaryReactor* ReportService::GetNote(
    grpc::CallbackServerContext* context, const v1::GetNoteRequest* request,
    v1::GetNoteResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto as_of = FromProtoDate("as_of_date", request->as_of_date());
  if (!as_of.ok()) return Finish(context, as_of.status());
  auto since = FromProtoDate("since_date", request->since_date());
  if (!since.ok()) return Finish(context, since.status());
  auto horizon = FromProtoDate("horizon_date", request->horizon_date());
  if (!horizon.ok()) return Finish(context, horizon.status());
  auto format = FromProtoFormat(request->format());
  if (!format.ok()) return Finish(context, format.status());
  auto language = FromProtoLanguage(request->language());
  if (!language.ok()) return Finish(context, language.status());
  auto note = app_.queries().Note(*as_of, *since, *horizon);
  if (!note.ok()) return Finish(context, note.status());
  *response->mutable_note() = ToProtoNote(*note);
  if (format->has_value()) {
    *response->mutable_document() = ToProtoDocument(
        report::RenderNote(*note, std::nullopt, **format, *language));
  }
  return Finish(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* ReportService::GetYearlyReport(
    grpc::CallbackServerContext* context,
    const v1::GetYearlyReportRequest* request,
    v1::GetYearlyReportResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto format = FromProtoFormat(request->format());
  if (!format.ok()) return Finish(context, format.status());
  auto language = FromProtoLanguage(request->language());
  if (!language.ok()) return Finish(context, language.status());
  auto note = app_.queries().YearlyReport(request->year());
  if (!note.ok()) return Finish(context, note.status());
  response->set_year(request->year());
  *response->mutable_note() = ToProtoNote(*note);
  if (format->has_value()) {
    *response->mutable_document() = ToProtoDocument(
        report::RenderNote(*note, request->year(), **format, *language));
  }
  return Finish(context, absl::OkStatus());
}

}  // namespace transpo::api
