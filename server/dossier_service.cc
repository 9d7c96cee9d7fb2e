#include "server/dossier_service.h"

#include "server/directive_service.h"

namespace transpo {

template <typename Command, typename Response>
grpc::ServerUnaryReactor* DossierService::Run(
    grpc::CallbackServerContext* context, const std::string& celex,
    uint64_t expected_version, const std::string& request_id, Command command,
    Response* response, absl::string_view celex_field) {
  return Write<DirectiveAggregate>(
      service_, context, request_id, celex, expected_version,
      [command = std::move(command)](const DirectiveState& state,
                                     CommandContext& ctx) {
        return Decide(state, command, {ctx.today()});
      },
      [this, response](const DirectiveState& state) -> absl::Status {
        auto read = ReadAt(service_, std::nullopt);
        if (!read.ok()) return read.status();
        *response->mutable_dossier() = ToProtoDossier(state, *read);
        return absl::OkStatus();
      },
      celex_field);
}

grpc::ServerUnaryReactor* DossierService::GetDossier(
    grpc::CallbackServerContext* context, const v1::GetDossierRequest* request,
    v1::GetDossierResponse* response) {
  const auto as_of = AsOf(request->has_as_of(), request->as_of());
  auto state = Read<DirectiveAggregate>(service_, request->celex(), as_of);
  if (!state.ok()) return Answer(context, state.status());
  auto read = ReadAt(service_, as_of);
  if (!read.ok()) return Answer(context, read.status());
  *response->mutable_dossier() = ToProtoDossier(*state, *read);
  return Answer(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* DossierService::ListDossiers(
    grpc::CallbackServerContext* context,
    const v1::ListDossiersRequest* request,
    v1::ListDossiersResponse* response) {
  const auto as_of = AsOf(request->has_as_of(), request->as_of());
  auto page =
      ListDirectiveStates(service_, request->filter(), request->page_size(),
                          request->page_token(), as_of);
  if (!page.ok()) return Answer(context, page.status());
  auto read = ReadAt(service_, as_of);
  if (!read.ok()) return Answer(context, read.status());
  for (const DirectiveState& s : page->states) {
    *response->add_dossiers() = ToProtoDossier(s, *read);
  }
  response->set_next_page_token(page->next_page_token);
  return Answer(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* DossierService::UpdateDossier(
    grpc::CallbackServerContext* context,
    const v1::UpdateDossierRequest* request,
    v1::UpdateDossierResponse* response) {
  auto info = FromProto(request->dossier());
  if (!info.ok()) return Answer(context, info.status());
  auto fields = FromProtoMask(request->update_mask());
  if (!fields.ok()) return Answer(context, fields.status());
  return Run(context, request->dossier().celex(), request->expected_version(),
             request->request_id(),
             transpo::UpdateDossier{*std::move(info), *std::move(fields)},
             response, "dossier.celex");
}

grpc::ServerUnaryReactor* DossierService::AssignDossier(
    grpc::CallbackServerContext* context,
    const v1::AssignDossierRequest* request,
    v1::AssignDossierResponse* response) {
  DossierInfo info;
  info.lead_administration = request->lead_administration();
  info.involved_administrations.assign(
      request->involved_administrations().begin(),
      request->involved_administrations().end());
  info.correspondents.assign(request->correspondents().begin(),
                             request->correspondents().end());
  info.experts.assign(request->experts().begin(), request->experts().end());
  info.responsible_minister = request->responsible_minister();
  return Run(context, request->celex(), request->expected_version(),
             request->request_id(), transpo::AssignDossier{std::move(info)},
             response);
}

grpc::ServerUnaryReactor* DossierService::ChangeDossierStatus(
    grpc::CallbackServerContext* context,
    const v1::ChangeDossierStatusRequest* request,
    v1::ChangeDossierStatusResponse* response) {
  auto to = FromProto(request->status(), "status");
  if (!to.ok()) return Answer(context, to.status());
  return Run(context, request->celex(), request->expected_version(),
             request->request_id(),
             transpo::ChangeDossierStatus{*to, request->reason()}, response);
}

grpc::ServerUnaryReactor* DossierService::SetMilestone(
    grpc::CallbackServerContext* context,
    const v1::SetMilestoneRequest* request,
    v1::SetMilestoneResponse* response) {
  auto milestone = FromProto(request->milestone());
  if (!milestone.ok()) return Answer(context, milestone.status());
  return Run(context, request->celex(), request->expected_version(),
             request->request_id(), transpo::SetMilestone{*milestone},
             response);
}

grpc::ServerUnaryReactor* DossierService::RecordMeasure(
    grpc::CallbackServerContext* context,
    const v1::RecordMeasureRequest* request,
    v1::RecordMeasureResponse* response) {
  auto measure = FromProto(request->measure());
  if (!measure.ok()) return Answer(context, measure.status());
  return Run(context, request->celex(), request->expected_version(),
             request->request_id(), transpo::RecordMeasure{*std::move(measure)},
             response);
}

grpc::ServerUnaryReactor* DossierService::NotifyMeasure(
    grpc::CallbackServerContext* context,
    const v1::NotifyMeasureRequest* request,
    v1::NotifyMeasureResponse* response) {
  auto date =
      FromProtoRequiredDate("notification_date", request->notification_date());
  if (!date.ok()) return Answer(context, date.status());
  auto scope = FromProto(request->scope(), "scope");
  if (!scope.ok()) return Answer(context, scope.status());
  return Run(context, request->celex(), request->expected_version(),
             request->request_id(),
             transpo::NotifyMeasure{request->measure_id(), *date, *scope},
             response);
}

}  // namespace transpo
