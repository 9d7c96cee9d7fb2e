// The workload of the crash test, shared by the child that writes it
// (crash_writer) and the parent that checks it (event_log_crash_test): every
// field of an append follows from its request id, so the parent can rebuild
// any acknowledged request and retry it.

#ifndef TRANSPO_TESTS_STORAGE_CRASH_WORKLOAD_H_
#define TRANSPO_TESTS_STORAGE_CRASH_WORKLOAD_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "storage/event_log.h"

namespace transpo::testing {

inline std::string CrashRequestId(int round, int thread, int seq) {
  return absl::StrCat("r", round, ".t", thread, ".n", seq);
}

inline std::string CrashEventId(const std::string& request_id, int i) {
  return absl::StrCat(request_id, ".e", i);
}

// 1 to 3 events to stream "crash-t<thread>", with payloads of 0 to 499 bytes.
inline AppendRequest CrashRequest(int round, int thread, int seq) {
  AppendRequest request;
  request.request_id = CrashRequestId(round, thread, seq);
  request.stream = absl::StrCat("crash-t", thread);
  request.actor = "crash-writer";
  const int events = 1 + seq % 3;
  for (int i = 0; i < events; ++i) {
    request.events.push_back(
        {.event_id = CrashEventId(request.request_id, i),
         .type = "CrashTested",
         .payload =
             std::string((seq * 37 + i) % 500, static_cast<char>('a' + i))});
  }
  return request;
}

inline int CrashEventCount(int seq) { return 1 + seq % 3; }

}  // namespace transpo::testing

#endif  // TRANSPO_TESTS_STORAGE_CRASH_WORKLOAD_H_
