// The demo data set: directives from a CSV file (columns celex, short_title,
// deadline, other_deadlines, policy_area, confidence; other_deadlines is
// "YYYY-MM-DD scope; YYYY-MM-DD scope"), registered through the public API
// with request ids "demo-<CELEX>", so loading twice writes nothing new.
//
// Example:
//   auto loaded = LoadDemoData(*server, "deploy/demo/directives.csv");

#ifndef TRANSPO_SERVER_DEMO_DATA_H_
#define TRANSPO_SERVER_DEMO_DATA_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/transpod.h"
#include "transpo/v1/directives.pb.h"

namespace transpo {

// InvalidArgument naming the line of a malformed row.
absl::StatusOr<std::vector<v1::Directive>> ParseDirectivesCsv(
    const std::string& text);

struct DemoLoad {
  int directives = 0;  // in the file
  int created = 0;     // new in the log
};

// Registers every directive of the file in `server`. Stops at the first
// refused row, naming it.
absl::StatusOr<DemoLoad> LoadDemoData(Transpod& server,
                                      const std::string& path);

}  // namespace transpo

#endif  // TRANSPO_SERVER_DEMO_DATA_H_
