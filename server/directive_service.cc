#include "server/directive_service.h"

#include "server/domain/dossier_filter.h"

namespace transpo {
absl::StatusOr<DossierFilter> FromProto(const v1::DossierFilter& in) {
  DossierFilter out;
  for (int i = 0; i < in.statuses_size(); ++i) {
    auto status =
        FromProto(in.statuses(i), absl::StrCat("filter.statuses[", i, "]"));
    if (!status.ok()) return status.status();
    out.statuses.insert(*status);
  }
  out.administration = in.administration();
  auto after = FromProtoDate("filter.deadline_after", in.deadline_after());
  if (!after.ok()) return after.status();
  auto before = FromProtoDate("filter.deadline_before", in.deadline_before());
  if (!before.ok()) return before.status();
  out.deadline_after = *after;
  out.deadline_before = *before;
  out.overdue_only = in.overdue_only();
  out.policy_area = in.policy_area();
  return out;
}

grpc::ServerUnaryReactor* DirectiveService::CreateDirective(
    grpc::CallbackServerContext* context,
    const v1::CreateDirectiveRequest* request,
    v1::CreateDirectiveResponse* response) {
  auto info = FromProto(request->directive());
  if (!info.ok()) return Answer(context, info.status());
  std::string celex = info->celex;
  return Write<DirectiveAggregate>(
      service_, context, request->request_id(), std::move(celex), 0,
      [command = RegisterDirective{*std::move(info)}](
          const DirectiveState& state, CommandContext& ctx) {
        return Decide(state, command, {ctx.today()});
      },
      [response](const DirectiveState& state) {
        *response->mutable_directive() = ToProtoDirective(state);
      },
      "directive.celex");
}

grpc::ServerUnaryReactor* DirectiveService::GetDirective(
    grpc::CallbackServerContext* context,
    const v1::GetDirectiveRequest* request,
    v1::GetDirectiveResponse* response) {
  auto state = Read<DirectiveAggregate>(
      service_, request->celex(), AsOf(request->has_as_of(), request->as_of()));
  if (state.ok()) *response->mutable_directive() = ToProtoDirective(*state);
  return Answer(context, state.status());
}

absl::StatusOr<DirectivePage> ListDirectiveStates(
    const ServiceContext& service, const v1::DossierFilter& filter_proto,
    int requested_page_size, const std::string& page_token,
    std::optional<absl::Time> as_of) {
  auto filter = FromProto(filter_proto);
  if (!filter.ok()) return filter.status();
  auto page_size = PageSize(requested_page_size, 50, 500);
  if (!page_size.ok()) return page_size.status();
  auto states = ReadAll<DirectiveAggregate>(service, as_of);
  if (!states.ok()) return states.status();
  DirectivePage result{.today = service.TodayAt(as_of)};
  std::vector<DirectiveState> matching;
  for (DirectiveState& s : *states) {
    if (s.exists() && Matches(s, *filter, result.today)) {
      matching.push_back(std::move(s));
    }
  }
  auto page = Page(
      matching, page_token, *page_size,
      [](const DirectiveState& s) { return s.directive.celex; },
      result.next_page_token);
  if (!page.ok()) return page.status();
  for (const DirectiveState* s : *page) result.states.push_back(*s);
  return result;
}

grpc::ServerUnaryReactor* DirectiveService::ListDirectives(
    grpc::CallbackServerContext* context,
    const v1::ListDirectivesRequest* request,
    v1::ListDirectivesResponse* response) {
  auto page = ListDirectiveStates(service_, request->filter(),
                                  request->page_size(), request->page_token(),
                                  AsOf(request->has_as_of(), request->as_of()));
  if (!page.ok()) return Answer(context, page.status());
  for (const DirectiveState& s : page->states) {
    *response->add_directives() = ToProtoDirective(s);
  }
  response->set_next_page_token(page->next_page_token);
  return Answer(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* DirectiveService::UpdateDirective(
    grpc::CallbackServerContext* context,
    const v1::UpdateDirectiveRequest* request,
    v1::UpdateDirectiveResponse* response) {
  auto info = FromProto(request->directive());
  if (!info.ok()) return Answer(context, info.status());
  auto fields = FromProtoMask(request->update_mask());
  if (!fields.ok()) return Answer(context, fields.status());
  return Write<DirectiveAggregate>(
      service_, context, request->request_id(), request->directive().celex(),
      request->expected_version(),
      [command =
           transpo::UpdateDirective{*std::move(info), *std::move(fields)}](
          const DirectiveState& state, CommandContext& ctx) {
        return Decide(state, command, {ctx.today()});
      },
      [response](const DirectiveState& state) {
        *response->mutable_directive() = ToProtoDirective(state);
      },
      "directive.celex");
}

}  // namespace transpo
