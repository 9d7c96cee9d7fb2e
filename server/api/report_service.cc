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
  auto note = app_.queries().Note(*as_of, *since, *horizon);
  if (note.ok()) *response->mutable_note() = ToProtoNote(*note);
  return Finish(context, note.status());
}

}  // namespace transpo::api
