#include "server/infringement_service.h"

#include <algorithm>

namespace transpo {

template <typename Command, typename Response>
grpc::ServerUnaryReactor* InfringementService::Run(
    grpc::CallbackServerContext* context, const std::string& number,
    uint64_t expected_version, const std::string& request_id, Command command,
    Response* response) {
  return Write<ProcedureAggregate>(
      service_, context, request_id, number, expected_version,
      [this, command = std::move(command)](const ProcedureState& state,
                                           CommandContext& ctx) {
        ProcedureContext procedure{
            .today = ctx.today(),
            .calendar = &service_.settings.calendar,
            .reply = service_.settings.reply,
            .directive_exists = [&ctx](const std::string& celex) {
              auto row = ctx.Row(DirectiveAggregate::kFamily, celex);
              return row.ok() && row->has_value();
            }};
        return Decide(state, command, procedure);
      },
      [response](const ProcedureState& state) {
        *response->mutable_procedure() = ToProtoProcedure(state);
      });
}

grpc::ServerUnaryReactor* InfringementService::OpenProcedure(
    grpc::CallbackServerContext* context,
    const v1::OpenProcedureRequest* request,
    v1::OpenProcedureResponse* response) {
  auto type = FromProto(request->type(), "type");
  if (!type.ok()) return Answer(context, type.status());
  return Run(context, request->number(), 0, request->request_id(),
             transpo::OpenProcedure{
                 request->number(),
                 *type,
                 {request->celex().begin(), request->celex().end()}},
             response);
}

grpc::ServerUnaryReactor* InfringementService::GetProcedure(
    grpc::CallbackServerContext* context,
    const v1::GetProcedureRequest* request,
    v1::GetProcedureResponse* response) {
  auto state =
      Read<ProcedureAggregate>(service_, request->number(),
                               AsOf(request->has_as_of(), request->as_of()));
  if (state.ok()) *response->mutable_procedure() = ToProtoProcedure(*state);
  return Answer(context, state.status());
}

grpc::ServerUnaryReactor* InfringementService::ListProcedures(
    grpc::CallbackServerContext* context,
    const v1::ListProceduresRequest* request,
    v1::ListProceduresResponse* response) {
  auto page_size = PageSize(request->page_size(), 50, 500);
  if (!page_size.ok()) return Answer(context, page_size.status());
  auto states = ReadAll<ProcedureAggregate>(
      service_, AsOf(request->has_as_of(), request->as_of()));
  if (!states.ok()) return Answer(context, states.status());
  std::vector<ProcedureState> matching;
  for (ProcedureState& s : *states) {
    if (!s.exists() || (request->open_only() && s.closed())) continue;
    if (!request->celex().empty() &&
        std::find(s.celex.begin(), s.celex.end(), request->celex()) ==
            s.celex.end()) {
      continue;
    }
    matching.push_back(std::move(s));
  }
  std::string next;
  auto page = Page(
      matching, request->page_token(), *page_size,
      [](const ProcedureState& s) { return s.number; }, next);
  if (!page.ok()) return Answer(context, page.status());
  for (const ProcedureState* s : *page)
    *response->add_procedures() = ToProtoProcedure(*s);
  response->set_next_page_token(next);
  return Answer(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* InfringementService::RecordStage(
    grpc::CallbackServerContext* context, const v1::RecordStageRequest* request,
    v1::RecordStageResponse* response) {
  auto stage = FromProto(request->stage());
  if (!stage.ok()) return Answer(context, stage.status());
  return Run(context, request->number(), request->expected_version(),
             request->request_id(), transpo::RecordStage{*std::move(stage)},
             response);
}

grpc::ServerUnaryReactor* InfringementService::RecordReply(
    grpc::CallbackServerContext* context, const v1::RecordReplyRequest* request,
    v1::RecordReplyResponse* response) {
  auto kind = FromProto(request->stage(), "stage");
  if (!kind.ok()) return Answer(context, kind.status());
  auto date = FromProtoRequiredDate("reply_date", request->reply_date());
  if (!date.ok()) return Answer(context, date.status());
  return Run(context, request->number(), request->expected_version(),
             request->request_id(), transpo::RecordReply{*kind, *date},
             response);
}

grpc::ServerUnaryReactor* InfringementService::CloseProcedure(
    grpc::CallbackServerContext* context,
    const v1::CloseProcedureRequest* request,
    v1::CloseProcedureResponse* response) {
  auto date = FromProtoRequiredDate("closure_date", request->closure_date());
  if (!date.ok()) return Answer(context, date.status());
  return Run(context, request->number(), request->expected_version(),
             request->request_id(),
             transpo::CloseProcedure{*date, request->reason()}, response);
}

}  // namespace transpo
