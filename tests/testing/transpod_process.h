// The transpod binary as a child process, for end-to-end tests: started with
// its arguments, its gRPC port read from what it prints, killed (SIGKILL)
// when the TranspodProcess goes.
//
// Example:
//   auto transpod = StartTranspodProcess(TRANSPOD_PATH,
//                                        {"--listen=127.0.0.1:0", ...});
//   ASSERT_NE(transpod->port, 0);

#ifndef TRANSPO_TESTS_TESTING_TRANSPOD_PROCESS_H_
#define TRANSPO_TESTS_TESTING_TRANSPOD_PROCESS_H_

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/testing/subprocess.h"

namespace transpo::testing {

// A transpod child and its standard output.
struct TranspodProcess {
  Subprocess process;
  FILE* out = nullptr;
  int port = 0;

  ~TranspodProcess() {
    process.Kill(SIGKILL);
    process.Wait();
    if (out != nullptr) fclose(out);
  }

  // Reads lines until one contains `text`; that line, or "" at the end.
  std::string AwaitLine(const std::string& text) {
    char line[1024];
    while (out != nullptr && fgets(line, sizeof(line), out) != nullptr) {
      if (absl::StrContains(line, text)) return line;
    }
    return "";
  }
};

// Starts the transpod at `path` with `args`; port 0 (and a test failure)
// when it printed no gRPC address.
inline std::unique_ptr<TranspodProcess> StartTranspodProcess(
    const std::string& path, std::vector<std::string> args) {
  auto child = std::make_unique<TranspodProcess>();
  args.insert(args.begin(), path);
  child->process = Spawn(args);
  child->out = fdopen(child->process.ReleaseStdout(), "r");
  const std::string line = child->AwaitLine("transpod: gRPC on ");
  const size_t colon = line.rfind(':');
  if (colon != std::string::npos) child->port = std::atoi(&line[colon + 1]);
  EXPECT_NE(child->port, 0) << "transpod printed no port";
  return child;
}

}  // namespace transpo::testing

#endif  // TRANSPO_TESTS_TESTING_TRANSPOD_PROCESS_H_
