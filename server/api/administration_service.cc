#include "server/api/administration_service.h"

#include "absl/strings/str_cat.h"
#include "server/api/administration_convert.h"
#include "server/api/paging.h"
#include "server/api/request_context.h"
#include "server/api/values_convert.h"
#include "server/domain/limits.h"

namespace transpo::api {
namespace {

constexpr char kService[] = "transpo.v1.AdministrationService";

}  // namespace

template <typename Response>
grpc::ServerUnaryReactor* AdministrationService::Run(
    grpc::CallbackServerContext* context, const std::string& id,
    absl::string_view id_field, absl::StatusOr<app::WriteMeta> meta,
    absl::StatusOr<domain::AdministrationCommand> command, Response* response) {
  if (!meta.ok()) return Finish(context, meta.status());
  absl::Status valid = domain::ValidateAdministrationId(id_field, id);
  if (!valid.ok()) return Finish(context, valid);
  if (!command.ok()) return Finish(context, command.status());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  app_.commands().Administration(
      id, *std::move(command), *std::move(meta),
      FinishWith<app::Committed<domain::AdministrationState>>(
          reactor, [response](const auto& result) {
            *response->mutable_administration() =
                ToProtoAdministration(result.state);
          }));
  return reactor;
}

grpc::ServerUnaryReactor* AdministrationService::CreateAdministration(
    grpc::CallbackServerContext* context,
    const v1::CreateAdministrationRequest* request,
    v1::CreateAdministrationResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::AdministrationCommand> {
    const v1::Administration& in = request->administration();
    absl::Status count =
        CheckRequestList("administration.correspondents",
                         in.correspondents_size(), domain::kMaxCorrespondents);
    if (!count.ok()) return count;
    domain::RegisterAdministration register_administration{FromProto(in), {}};
    for (int i = 0; i < in.correspondents_size(); ++i) {
      auto c = FromProto(in.correspondents(i),
                         absl::StrCat("administration.correspondents[", i, "]"),
                         /*language_required=*/true);
      if (!c.ok()) return c.status();
      c->active = true;
      register_administration.correspondents.push_back(*std::move(c));
    }
    return register_administration;
  };
  return Run(context, request->administration().id(), "administration.id",
             WriteMetaOf(*caller, *request, request->request_id(), 0),
             command(), response);
}

grpc::ServerUnaryReactor* AdministrationService::GetAdministration(
    grpc::CallbackServerContext* context,
    const v1::GetAdministrationRequest* request,
    v1::GetAdministrationResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  absl::Status valid = domain::ValidateAdministrationId("id", request->id());
  if (!valid.ok()) return Finish(context, valid);
  auto as_of = AsOf(request->has_as_of(), request->as_of());
  if (!as_of.ok()) return Finish(context, as_of.status());
  auto state = app_.queries().Administration(request->id(), *as_of);
  if (state.ok()) {
    *response->mutable_administration() = ToProtoAdministration(*state);
  }
  return Finish(context, state.status());
}

grpc::ServerUnaryReactor* AdministrationService::ListAdministrations(
    grpc::CallbackServerContext* context,
    const v1::ListAdministrationsRequest* request,
    v1::ListAdministrationsResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto query = ListQueryOf(*request);
  if (!query.ok()) return Finish(context, query.status());
  auto page = app_.queries().Administrations(query->page, query->as_of);
  if (!page.ok()) return Finish(context, page.status());
  FillPage(*page, ToProtoAdministration, query->key,
           *response->mutable_administrations(),
           *response->mutable_next_page_token());
  return Finish(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* AdministrationService::UpdateAdministration(
    grpc::CallbackServerContext* context,
    const v1::UpdateAdministrationRequest* request,
    v1::UpdateAdministrationResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::AdministrationCommand> {
    auto fields = FromProtoMask(request->update_mask());
    if (!fields.ok()) return fields.status();
    return domain::UpdateAdministration{FromProto(request->administration()),
                                        *std::move(fields)};
  };
  return Run(context, request->administration().id(), "administration.id",
             WriteMetaOf(*caller, *request, request->request_id(),
                         request->expected_version()),
             command(), response);
}

grpc::ServerUnaryReactor* AdministrationService::AddCorrespondent(
    grpc::CallbackServerContext* context,
    const v1::AddCorrespondentRequest* request,
    v1::AddCorrespondentResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::AdministrationCommand> {
    auto c = FromProto(request->correspondent(), "correspondent",
                       /*language_required=*/true);
    if (!c.ok()) return c.status();
    c->active = true;
    return domain::AddCorrespondent{*std::move(c)};
  };
  return Run(context, request->administration_id(), "administration_id",
             WriteMetaOf(*caller, *request, request->request_id(),
                         request->expected_version()),
             command(), response);
}

grpc::ServerUnaryReactor* AdministrationService::UpdateCorrespondent(
    grpc::CallbackServerContext* context,
    const v1::UpdateCorrespondentRequest* request,
    v1::UpdateCorrespondentResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::AdministrationCommand> {
    auto fields = FromProtoMask(request->update_mask());
    if (!fields.ok()) return fields.status();
    auto c = FromProto(request->correspondent(), "correspondent",
                       fields->contains("language"));
    if (!c.ok()) return c.status();
    return domain::UpdateCorrespondent{*std::move(c), *std::move(fields)};
  };
  return Run(context, request->administration_id(), "administration_id",
             WriteMetaOf(*caller, *request, request->request_id(),
                         request->expected_version()),
             command(), response);
}

}  // namespace transpo::api
