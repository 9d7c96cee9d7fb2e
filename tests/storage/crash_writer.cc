// crash_writer DIR ROUND THREADS: appends the crash workload to the event log
// in DIR from THREADS threads until killed, and prints one line per
// acknowledged append, "<round> <thread> <seq> <first_position>", once the
// append is durable. Used by event_log_crash_test.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/rocksdb_event_log.h"
#include "tests/storage/crash_workload.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: crash_writer DIR ROUND THREADS\n");
    return 2;
  }
  const int round = std::atoi(argv[2]);
  const int threads = std::atoi(argv[3]);
  auto log = transpo::RocksDbEventLog::Open(argv[1], {});
  if (!log.ok()) {
    std::fprintf(stderr, "Error: %s\n", log.status().ToString().c_str());
    return 1;
  }
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&, t] {
      for (int seq = 0;; ++seq) {
        auto result =
            (*log)->Append(transpo::testing::CrashRequest(round, t, seq));
        if (!result.ok()) {
          std::fprintf(stderr, "Error: %s\n",
                       result.status().ToString().c_str());
          std::_Exit(1);
        }
        // One write(2) per line: atomic on a pipe, so lines never interleave.
        std::string line = absl::StrCat(round, " ", t, " ", seq, " ",
                                        result->first_position, "\n");
        if (write(STDOUT_FILENO, line.data(), line.size()) < 0) std::_Exit(1);
      }
    });
  }
  for (auto& w : writers) w.join();
}
