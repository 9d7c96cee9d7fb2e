// Importing directives: the CSV format of the shared data set (columns
// celex, short_title, deadline, other_deadlines, policy_area, confidence;
// other_deadlines is "YYYY-MM-DD scope; YYYY-MM-DD scope"), registered
// through the public API (DirectiveService) with request ids
// "import-<CELEX>", so importing twice writes nothing new. The demo data set
// of transpod --demo-data and, later, transpoctl import use it.
//
// Thread-safety: pure functions; ImportDirectives makes blocking calls.
//
// Example:
//   auto directives = ParseDirectivesCsv(text);
//   auto counts = ImportDirectives(*stub, *directives, "demo-data");

#ifndef TRANSPO_CLIENTS_DIRECTIVE_IMPORT_H_
#define TRANSPO_CLIENTS_DIRECTIVE_IMPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "transpo/v1/directives.grpc.pb.h"

namespace transpo::clients {

// InvalidArgument naming the line of a malformed row.
absl::StatusOr<std::vector<v1::Directive>> ParseDirectivesCsv(
    const std::string& text);

struct ImportCounts {
  int directives = 0;  // in the input
  int created = 0;     // new on the server
};

// Registers each directive that is not there yet, as `actor`. Stops at the
// first refused one, with the server's error naming it.
absl::StatusOr<ImportCounts> ImportDirectives(
    v1::DirectiveService::StubInterface& directives,
    const std::vector<v1::Directive>& input, const std::string& actor);

}  // namespace transpo::clients

#endif  // TRANSPO_CLIENTS_DIRECTIVE_IMPORT_H_
