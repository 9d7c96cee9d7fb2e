#include "clients/directive_import.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace transpo::clients {
namespace {

constexpr int kColumns = 6;

absl::Status FromGrpc(const grpc::Status& status, absl::string_view what) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, ": ", status.error_message()));
}

}  // namespace

absl::StatusOr<std::vector<v1::Directive>> ParseDirectivesCsv(
    const std::string& text) {
  std::vector<v1::Directive> directives;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty() || line_number == 1) continue;  // header
    std::vector<std::string> cells = absl::StrSplit(line, ',');
    if (cells.size() != kColumns) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line_number, ": ", cells.size(),
                       " columns, expected ", kColumns));
    }
    v1::Directive d;
    d.set_celex(cells[0]);
    d.set_short_title(cells[1]);
    d.add_deadlines()->set_date(cells[2]);
    for (absl::string_view other :
         absl::StrSplit(cells[3], ';', absl::SkipWhitespace())) {
      other = absl::StripAsciiWhitespace(other);
      v1::TranspositionDeadline* deadline = d.add_deadlines();
      deadline->set_date(std::string(other.substr(0, 10)));
      if (other.size() > 11) deadline->set_scope(std::string(other.substr(11)));
    }
    d.set_policy_area(cells[4]);
    d.set_competence(v1::COMPETENCE_TO_BE_DETERMINED);
    directives.push_back(std::move(d));
  }
  return directives;
}

absl::StatusOr<ImportCounts> ImportDirectives(
    v1::DirectiveService::StubInterface& directives,
    const std::vector<v1::Directive>& input, const std::string& actor) {
  ImportCounts counts;
  for (const v1::Directive& directive : input) {
    ++counts.directives;
    {
      grpc::ClientContext context;
      v1::GetDirectiveRequest get;
      get.set_celex(directive.celex());
      v1::GetDirectiveResponse got;
      grpc::Status status = directives.GetDirective(&context, get, &got);
      if (status.ok()) continue;  // there already
      if (status.error_code() != grpc::StatusCode::NOT_FOUND) {
        return FromGrpc(status, directive.celex());
      }
    }
    grpc::ClientContext context;
    context.AddMetadata("transpo-actor", actor);
    v1::CreateDirectiveRequest request;
    *request.mutable_directive() = directive;
    request.set_request_id(absl::StrCat("import-", directive.celex()));
    v1::CreateDirectiveResponse response;
    grpc::Status status =
        directives.CreateDirective(&context, request, &response);
    if (!status.ok()) return FromGrpc(status, directive.celex());
    ++counts.created;
  }
  return counts;
}

}  // namespace transpo::clients
