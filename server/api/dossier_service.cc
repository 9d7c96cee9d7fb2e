#include "server/api/dossier_service.h"

#include "server/api/directive_convert.h"
#include "server/api/dossier_convert.h"
#include "server/api/enum_convert.h"
#include "server/api/paging.h"
#include "server/api/request_context.h"
#include "server/api/values_convert.h"
#include "server/domain/checks.h"
#include "server/domain/identifiers.h"
#include "server/domain/limits.h"

namespace transpo::api {
namespace {

constexpr char kService[] = "transpo.v1.DossierService";

}  // namespace

template <typename Request, typename Response>
grpc::ServerUnaryReactor* DossierService::Run(
    grpc::CallbackServerContext* context, const Caller& caller,
    const Request& request, const std::string& celex,
    absl::StatusOr<domain::DirectiveCommand> command, Response* response,
    absl::string_view celex_field) {
  auto meta = WriteMetaOf(caller, request, request.request_id(),
                          request.expected_version());
  if (!meta.ok()) return Finish(context, meta.status());
  absl::Status valid = domain::ValidateCelex(celex_field, celex);
  if (!valid.ok()) return Finish(context, valid);
  if (!command.ok()) return Finish(context, command.status());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  app_.commands().Dossier(
      celex, *std::move(command), *std::move(meta),
      FinishChecked<app::DossierView>(
          auth_, context, reactor, [response](const app::DossierView& view) {
            *response->mutable_dossier() = ToProtoDossier(view);
          }));
  return reactor;
}

grpc::ServerUnaryReactor* DossierService::GetDossier(
    grpc::CallbackServerContext* context, const v1::GetDossierRequest* request,
    v1::GetDossierResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  absl::Status valid = domain::ValidateCelex("celex", request->celex());
  if (!valid.ok()) return Finish(context, valid);
  auto as_of = AsOf(request->has_as_of(), request->as_of());
  if (!as_of.ok()) return Finish(context, as_of.status());
  auto view = app_.queries().Dossier(request->celex(), *as_of);
  if (view.ok()) *response->mutable_dossier() = ToProtoDossier(*view);
  return Finish(context, view.status());
}

grpc::ServerUnaryReactor* DossierService::ListDossiers(
    grpc::CallbackServerContext* context,
    const v1::ListDossiersRequest* request,
    v1::ListDossiersResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto query = ListQueryOf(*request);
  if (!query.ok()) return Finish(context, query.status());
  auto filter = FromProto(request->filter());
  if (!filter.ok()) return Finish(context, filter.status());
  auto page = app_.queries().Dossiers(*filter, query->page, query->as_of);
  if (!page.ok()) return Finish(context, page.status());
  FillPage(*page, ToProtoDossier, query->key, *response->mutable_dossiers(),
           *response->mutable_next_page_token());
  return Finish(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* DossierService::UpdateDossier(
    grpc::CallbackServerContext* context,
    const v1::UpdateDossierRequest* request,
    v1::UpdateDossierResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::DirectiveCommand> {
    auto info = FromProto(request->dossier());
    if (!info.ok()) return info.status();
    auto fields = FromProtoMask(request->update_mask());
    if (!fields.ok()) return fields.status();
    return domain::UpdateDossier{*std::move(info), *std::move(fields)};
  };
  return Run(context, *caller, *request, request->dossier().celex(), command(),
             response, "dossier.celex");
}

grpc::ServerUnaryReactor* DossierService::AssignDossier(
    grpc::CallbackServerContext* context,
    const v1::AssignDossierRequest* request,
    v1::AssignDossierResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::DirectiveCommand> {
    auto info = FromProto(*request);
    if (!info.ok()) return info.status();
    return domain::AssignDossier{*std::move(info)};
  };
  return Run(context, *caller, *request, request->celex(), command(), response);
}

grpc::ServerUnaryReactor* DossierService::ChangeDossierStatus(
    grpc::CallbackServerContext* context,
    const v1::ChangeDossierStatusRequest* request,
    v1::ChangeDossierStatusResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::DirectiveCommand> {
    auto to = FromProto(request->status(), "status");
    if (!to.ok()) return to.status();
    return domain::ChangeDossierStatus{*to, request->reason()};
  };
  return Run(context, *caller, *request, request->celex(), command(), response);
}

grpc::ServerUnaryReactor* DossierService::SetMilestone(
    grpc::CallbackServerContext* context,
    const v1::SetMilestoneRequest* request,
    v1::SetMilestoneResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::DirectiveCommand> {
    auto milestone = FromProto(request->milestone());
    if (!milestone.ok()) return milestone.status();
    return domain::SetMilestone{*milestone};
  };
  return Run(context, *caller, *request, request->celex(), command(), response);
}

grpc::ServerUnaryReactor* DossierService::RecordMeasure(
    grpc::CallbackServerContext* context,
    const v1::RecordMeasureRequest* request,
    v1::RecordMeasureResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::DirectiveCommand> {
    auto measure = FromProto(request->measure());
    if (!measure.ok()) return measure.status();
    return domain::RecordMeasure{*std::move(measure)};
  };
  return Run(context, *caller, *request, request->celex(), command(), response);
}

grpc::ServerUnaryReactor* DossierService::NotifyMeasure(
    grpc::CallbackServerContext* context,
    const v1::NotifyMeasureRequest* request,
    v1::NotifyMeasureResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::DirectiveCommand> {
    absl::Status id = domain::CheckText("measure_id", request->measure_id(),
                                        true, domain::kMaxMeasureIdBytes);
    if (!id.ok()) return id;
    auto date = FromProtoRequiredDate("notification_date",
                                      request->notification_date());
    if (!date.ok()) return date.status();
    auto scope = FromProto(request->scope(), "scope");
    if (!scope.ok()) return scope.status();
    return domain::NotifyMeasure{request->measure_id(), *date, *scope};
  };
  return Run(context, *caller, *request, request->celex(), command(), response);
}

}  // namespace transpo::api
