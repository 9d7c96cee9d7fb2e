#include "server/demo_data.h"

#include <grpcpp/grpcpp.h>

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "transpo/v1/directives.grpc.pb.h"

namespace transpo {

absl::StatusOr<std::vector<v1::Directive>> ParseDirectivesCsv(
    const std::string& text) {
  std::vector<v1::Directive> directives;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty() || line_number == 1) continue;  // header
    std::vector<std::string> cells = absl::StrSplit(line, ',');
    if (cells.size() != 6) {
      return absl::InvalidArgumentError(absl::StrCat(
          "line ", line_number, ": ", cells.size(), " columns, expected 6"));
    }
    v1::Directive d;
    d.set_celex(cells[0]);
    d.set_short_title(cells[1]);
    d.add_deadlines()->set_date(cells[2]);
    for (absl::string_view other :
         absl::StrSplit(cells[3], ';', absl::SkipWhitespace())) {
      other = absl::StripAsciiWhitespace(other);
      auto* deadline = d.add_deadlines();
      deadline->set_date(std::string(other.substr(0, 10)));
      if (other.size() > 11) deadline->set_scope(std::string(other.substr(11)));
    }
    d.set_policy_area(cells[4]);
    d.set_competence(v1::COMPETENCE_TO_BE_DETERMINED);
    directives.push_back(std::move(d));
  }
  return directives;
}

absl::StatusOr<DemoLoad> LoadDemoData(Transpod& server,
                                      const std::string& path) {
  std::ifstream in(path);
  if (!in)
    return absl::NotFoundError(
        absl::StrCat("demo data ", path, ": cannot be read"));
  std::stringstream text;
  text << in.rdbuf();
  auto directives = ParseDirectivesCsv(text.str());
  if (!directives.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("demo data ", path, ": ", directives.status().message()));
  }
  auto stub = v1::DirectiveService::NewStub(server.InProcessChannel());
  DemoLoad load;
  for (const v1::Directive& directive : *directives) {
    grpc::ClientContext context;
    context.AddMetadata("transpo-actor", "demo-data");
    v1::CreateDirectiveRequest request;
    *request.mutable_directive() = directive;
    request.set_request_id(absl::StrCat("demo-", directive.celex()));
    v1::CreateDirectiveResponse response;
    const uint64_t head = server.log().head();
    grpc::Status status = stub->CreateDirective(&context, request, &response);
    if (!status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("demo data ", path, ", ",
                                                     directive.celex(), ": ",
                                                     status.error_message()));
    }
    ++load.directives;
    if (server.log().head() != head) ++load.created;
  }
  return load;
}

}  // namespace transpo
