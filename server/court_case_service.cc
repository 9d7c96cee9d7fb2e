#include "server/court_case_service.h"

namespace transpo {
grpc::ServerUnaryReactor* CourtCaseService::CreateCourtCase(
    grpc::CallbackServerContext* context,
    const v1::CreateCourtCaseRequest* request,
    v1::CreateCourtCaseResponse* response) {
  auto info = FromProto(request->court_case());
  if (!info.ok()) return Answer(context, info.status());
  std::string number = info->number;
  return Write<CourtCaseAggregate>(
      service_, context, request->request_id(), std::move(number), 0,
      [command = RegisterCourtCase{*std::move(info)}](
          const CourtCaseState& state, CommandContext&) {
        return Decide(state, command);
      },
      [response](const CourtCaseState& s) {
        *response->mutable_court_case() = ToProtoCourtCase(s);
      },
      "court_case.number");
}

grpc::ServerUnaryReactor* CourtCaseService::GetCourtCase(
    grpc::CallbackServerContext* context,
    const v1::GetCourtCaseRequest* request,
    v1::GetCourtCaseResponse* response) {
  auto state =
      Read<CourtCaseAggregate>(service_, request->number(),
                               AsOf(request->has_as_of(), request->as_of()));
  if (state.ok()) *response->mutable_court_case() = ToProtoCourtCase(*state);
  return Answer(context, state.status());
}

grpc::ServerUnaryReactor* CourtCaseService::ListCourtCases(
    grpc::CallbackServerContext* context,
    const v1::ListCourtCasesRequest* request,
    v1::ListCourtCasesResponse* response) {
  auto page_size = PageSize(request->page_size(), 50, 500);
  if (!page_size.ok()) return Answer(context, page_size.status());
  auto states = ReadAll<CourtCaseAggregate>(
      service_, AsOf(request->has_as_of(), request->as_of()));
  if (!states.ok()) return Answer(context, states.status());
  std::string next;
  auto page = Page(
      *states, request->page_token(), *page_size,
      [](const CourtCaseState& s) { return s.info.number; }, next);
  if (!page.ok()) return Answer(context, page.status());
  for (const CourtCaseState* s : *page)
    *response->add_court_cases() = ToProtoCourtCase(*s);
  response->set_next_page_token(next);
  return Answer(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* CourtCaseService::AddCourtDeadline(
    grpc::CallbackServerContext* context,
    const v1::AddCourtDeadlineRequest* request,
    v1::AddCourtDeadlineResponse* response) {
  auto deadline = FromProto(request->deadline());
  if (!deadline.ok()) return Answer(context, deadline.status());
  return Write<CourtCaseAggregate>(
      service_, context, request->request_id(), request->number(),
      request->expected_version(),
      [command = transpo::AddCourtDeadline{*deadline}](
          const CourtCaseState& state, CommandContext&) {
        return Decide(state, command);
      },
      [response](const CourtCaseState& s) {
        *response->mutable_court_case() = ToProtoCourtCase(s);
      });
}

}  // namespace transpo
