#include "server/api/directive_service.h"

#include "server/api/directive_convert.h"
#include "server/api/paging.h"
#include "server/api/request_context.h"
#include "server/api/values_convert.h"
#include "server/domain/identifiers.h"

namespace transpo::api {
namespace {

constexpr char kService[] = "transpo.v1.DirectiveService";

using DirectiveResult = app::Committed<domain::DirectiveState>;

}  // namespace

grpc::ServerUnaryReactor* DirectiveService::CreateDirective(
    grpc::CallbackServerContext* context,
    const v1::CreateDirectiveRequest* request,
    v1::CreateDirectiveResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto meta = WriteMetaOf(*caller, *request, request->request_id(), 0);
  if (!meta.ok()) return Finish(context, meta.status());
  absl::Status valid =
      domain::ValidateCelex("directive.celex", request->directive().celex());
  if (!valid.ok()) return Finish(context, valid);
  auto info = FromProto(request->directive());
  if (!info.ok()) return Finish(context, info.status());
  std::string celex = info->celex;
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  app_.commands().Directive(
      std::move(celex), domain::RegisterDirective{*std::move(info)},
      *std::move(meta),
      FinishWith<DirectiveResult>(reactor, [response](const auto& result) {
        *response->mutable_directive() = ToProtoDirective(result.state);
      }));
  return reactor;
}

grpc::ServerUnaryReactor* DirectiveService::GetDirective(
    grpc::CallbackServerContext* context,
    const v1::GetDirectiveRequest* request,
    v1::GetDirectiveResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  absl::Status valid = domain::ValidateCelex("celex", request->celex());
  if (!valid.ok()) return Finish(context, valid);
  auto as_of = AsOf(request->has_as_of(), request->as_of());
  if (!as_of.ok()) return Finish(context, as_of.status());
  auto state = app_.queries().Directive(request->celex(), *as_of);
  if (state.ok()) *response->mutable_directive() = ToProtoDirective(*state);
  return Finish(context, state.status());
}

grpc::ServerUnaryReactor* DirectiveService::ListDirectives(
    grpc::CallbackServerContext* context,
    const v1::ListDirectivesRequest* request,
    v1::ListDirectivesResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto query = ListQueryOf(*request);
  if (!query.ok()) return Finish(context, query.status());
  auto filter = FromProto(request->filter());
  if (!filter.ok()) return Finish(context, filter.status());
  auto page = app_.queries().Directives(*filter, query->page, query->as_of);
  if (!page.ok()) return Finish(context, page.status());
  FillPage(*page, ToProtoDirective, query->key, *response->mutable_directives(),
           *response->mutable_next_page_token());
  return Finish(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* DirectiveService::UpdateDirective(
    grpc::CallbackServerContext* context,
    const v1::UpdateDirectiveRequest* request,
    v1::UpdateDirectiveResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto meta = WriteMetaOf(*caller, *request, request->request_id(),
                          request->expected_version());
  if (!meta.ok()) return Finish(context, meta.status());
  absl::Status valid =
      domain::ValidateCelex("directive.celex", request->directive().celex());
  if (!valid.ok()) return Finish(context, valid);
  auto info = FromProto(request->directive());
  if (!info.ok()) return Finish(context, info.status());
  auto fields = FromProtoMask(request->update_mask());
  if (!fields.ok()) return Finish(context, fields.status());
  std::string celex = info->celex;
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  app_.commands().Directive(
      std::move(celex),
      domain::UpdateDirective{*std::move(info), *std::move(fields)},
      *std::move(meta),
      FinishWith<DirectiveResult>(reactor, [response](const auto& result) {
        *response->mutable_directive() = ToProtoDirective(result.state);
      }));
  return reactor;
}

}  // namespace transpo::api
