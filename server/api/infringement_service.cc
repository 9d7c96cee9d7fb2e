#include "server/api/infringement_service.h"

#include "server/api/enum_convert.h"
#include "server/api/paging.h"
#include "server/api/procedure_convert.h"
#include "server/api/request_context.h"
#include "server/api/values_convert.h"
#include "server/domain/checks.h"
#include "server/domain/identifiers.h"
#include "server/domain/limits.h"

namespace transpo::api {
namespace {

constexpr char kService[] = "transpo.v1.InfringementService";

}  // namespace

template <typename Response>
grpc::ServerUnaryReactor* InfringementService::Run(
    grpc::CallbackServerContext* context, const std::string& number,
    absl::StatusOr<app::WriteMeta> meta,
    absl::StatusOr<domain::ProcedureCommand> command, Response* response) {
  if (!meta.ok()) return Finish(context, meta.status());
  absl::Status valid = domain::ValidateInfringementNumber("number", number);
  if (!valid.ok()) return Finish(context, valid);
  if (!command.ok()) return Finish(context, command.status());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  app_.commands().Procedure(number, *std::move(command), *std::move(meta),
                            FinishWith<app::Committed<domain::ProcedureState>>(
                                reactor, [response](const auto& result) {
                                  *response->mutable_procedure() =
                                      ToProtoProcedure(result.state);
                                }));
  return reactor;
}

grpc::ServerUnaryReactor* InfringementService::OpenProcedure(
    grpc::CallbackServerContext* context,
    const v1::OpenProcedureRequest* request,
    v1::OpenProcedureResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::ProcedureCommand> {
    auto open = FromProto(*request);
    if (!open.ok()) return open.status();
    return *std::move(open);
  };
  return Run(context, request->number(),
             WriteMetaOf(*caller, *request, request->request_id(), 0),
             command(), response);
}

grpc::ServerUnaryReactor* InfringementService::GetProcedure(
    grpc::CallbackServerContext* context,
    const v1::GetProcedureRequest* request,
    v1::GetProcedureResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  absl::Status valid =
      domain::ValidateInfringementNumber("number", request->number());
  if (!valid.ok()) return Finish(context, valid);
  auto as_of = AsOf(request->has_as_of(), request->as_of());
  if (!as_of.ok()) return Finish(context, as_of.status());
  auto state = app_.queries().Procedure(request->number(), *as_of);
  if (state.ok()) *response->mutable_procedure() = ToProtoProcedure(*state);
  return Finish(context, state.status());
}

grpc::ServerUnaryReactor* InfringementService::ListProcedures(
    grpc::CallbackServerContext* context,
    const v1::ListProceduresRequest* request,
    v1::ListProceduresResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  if (!request->celex().empty()) {
    absl::Status valid = domain::ValidateCelex("celex", request->celex());
    if (!valid.ok()) return Finish(context, valid);
  }
  auto query = ListQueryOf(*request);
  if (!query.ok()) return Finish(context, query.status());
  app::ProcedureFilter filter{.celex = request->celex(),
                              .open_only = request->open_only()};
  if (request->stage() != v1::STAGE_KIND_UNSPECIFIED) {
    auto stage = FromProto(request->stage(), "stage");
    if (!stage.ok()) return Finish(context, stage.status());
    filter.stage = *stage;
  }
  auto page = app_.queries().Procedures(filter, query->page, query->as_of);
  if (!page.ok()) return Finish(context, page.status());
  FillPage(*page, ToProtoProcedure, query->key, *response->mutable_procedures(),
           *response->mutable_next_page_token());
  return Finish(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* InfringementService::RecordStage(
    grpc::CallbackServerContext* context, const v1::RecordStageRequest* request,
    v1::RecordStageResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::ProcedureCommand> {
    auto stage = FromProto(request->stage());
    if (!stage.ok()) return stage.status();
    return domain::RecordStage{*std::move(stage)};
  };
  return Run(context, request->number(),
             WriteMetaOf(*caller, *request, request->request_id(),
                         request->expected_version()),
             command(), response);
}

grpc::ServerUnaryReactor* InfringementService::RecordReply(
    grpc::CallbackServerContext* context, const v1::RecordReplyRequest* request,
    v1::RecordReplyResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::ProcedureCommand> {
    auto kind = FromProto(request->stage(), "stage");
    if (!kind.ok()) return kind.status();
    auto date = FromProtoRequiredDate("reply_date", request->reply_date());
    if (!date.ok()) return date.status();
    return domain::RecordReply{*kind, *date};
  };
  return Run(context, request->number(),
             WriteMetaOf(*caller, *request, request->request_id(),
                         request->expected_version()),
             command(), response);
}

grpc::ServerUnaryReactor* InfringementService::CloseProcedure(
    grpc::CallbackServerContext* context,
    const v1::CloseProcedureRequest* request,
    v1::CloseProcedureResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::ProcedureCommand> {
    auto date = FromProtoRequiredDate("closure_date", request->closure_date());
    if (!date.ok()) return date.status();
    return domain::CloseProcedure{*date, request->reason()};
  };
  return Run(context, request->number(),
             WriteMetaOf(*caller, *request, request->request_id(),
                         request->expected_version()),
             command(), response);
}

}  // namespace transpo::api
