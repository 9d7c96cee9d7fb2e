#include "server/api/court_case_service.h"

#include "server/api/court_case_convert.h"
#include "server/api/paging.h"
#include "server/api/request_context.h"
#include "server/domain/identifiers.h"

namespace transpo::api {
namespace {

constexpr char kService[] = "transpo.v1.CourtCaseService";

}  // namespace

template <typename Response>
grpc::ServerUnaryReactor* CourtCaseService::Run(
    grpc::CallbackServerContext* context, const std::string& number,
    absl::string_view number_field, absl::StatusOr<app::WriteMeta> meta,
    absl::StatusOr<domain::CourtCaseCommand> command, Response* response) {
  if (!meta.ok()) return Finish(context, meta.status());
  absl::Status valid = domain::ValidateCaseNumber(number_field, number);
  if (!valid.ok()) return Finish(context, valid);
  if (!command.ok()) return Finish(context, command.status());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  app_.commands().CourtCase(number, *std::move(command), *std::move(meta),
                            FinishWith<app::Committed<domain::CourtCaseState>>(
                                reactor, [response](const auto& result) {
                                  *response->mutable_court_case() =
                                      ToProtoCourtCase(result.state);
                                }));
  return reactor;
}

grpc::ServerUnaryReactor* CourtCaseService::CreateCourtCase(
    grpc::CallbackServerContext* context,
    const v1::CreateCourtCaseRequest* request,
    v1::CreateCourtCaseResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::CourtCaseCommand> {
    auto info = FromProto(request->court_case());
    if (!info.ok()) return info.status();
    return domain::RegisterCourtCase{*std::move(info)};
  };
  return Run(context, request->court_case().number(), "court_case.number",
             WriteMetaOf(*caller, *request, request->request_id(), 0),
             command(), response);
}

grpc::ServerUnaryReactor* CourtCaseService::GetCourtCase(
    grpc::CallbackServerContext* context,
    const v1::GetCourtCaseRequest* request,
    v1::GetCourtCaseResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  absl::Status valid = domain::ValidateCaseNumber("number", request->number());
  if (!valid.ok()) return Finish(context, valid);
  auto as_of = AsOf(request->has_as_of(), request->as_of());
  if (!as_of.ok()) return Finish(context, as_of.status());
  auto state = app_.queries().CourtCase(request->number(), *as_of);
  if (state.ok()) *response->mutable_court_case() = ToProtoCourtCase(*state);
  return Finish(context, state.status());
}

grpc::ServerUnaryReactor* CourtCaseService::ListCourtCases(
    grpc::CallbackServerContext* context,
    const v1::ListCourtCasesRequest* request,
    v1::ListCourtCasesResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto query = ListQueryOf(*request);
  if (!query.ok()) return Finish(context, query.status());
  auto page = app_.queries().CourtCases(query->page, query->as_of);
  if (!page.ok()) return Finish(context, page.status());
  FillPage(*page, ToProtoCourtCase, query->key,
           *response->mutable_court_cases(),
           *response->mutable_next_page_token());
  return Finish(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* CourtCaseService::AddCourtDeadline(
    grpc::CallbackServerContext* context,
    const v1::AddCourtDeadlineRequest* request,
    v1::AddCourtDeadlineResponse* response) {
  auto caller = auth_.Authorize(context, kService, __func__);
  if (!caller.ok()) return Finish(context, caller.status());
  auto command = [&]() -> absl::StatusOr<domain::CourtCaseCommand> {
    auto deadline = FromProto(request->deadline());
    if (!deadline.ok()) return deadline.status();
    return domain::AddCourtDeadline{*deadline};
  };
  return Run(context, request->number(), "number",
             WriteMetaOf(*caller, *request, request->request_id(),
                         request->expected_version()),
             command(), response);
}

}  // namespace transpo::api
