// Test doubles for the bridge: a fake Alertmanager that records what it is
// posted and can refuse, and a Bridge running on a thread of its own.

#ifndef TRANSPO_TESTS_CLIENTS_ALERTMANAGER_BRIDGE_TESTING_H_
#define TRANSPO_TESTS_CLIENTS_ALERTMANAGER_BRIDGE_TESTING_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "clients/alertmanager/bridge.h"
#include "gtest/gtest.h"

namespace transpo::bridge {

namespace am = alertmanager::v1;

inline absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// "<deadline> <rule>#<notification> <recipient>", what tells Alertmanager
// alerts apart in these tests.
inline std::string Key(const am::PostableAlert& a) {
  return absl::StrCat(a.annotations().at("deadline"), " ",
                      a.labels().at("rule"), "#", a.labels().at("notification"),
                      " ", a.labels().at("recipient"));
}

inline bool Firing(const am::PostableAlert& a) {
  return TimeOf(a.ends_at()) > absl::Now();
}

class FakeAlertmanager : public AlertSink {
 public:
  absl::Status Post(const std::vector<am::PostableAlert>& alerts) override {
    absl::MutexLock lock(&mu_);
    if (!answer_.ok()) {
      ++refused_;
      return answer_;
    }
    posts_.insert(posts_.end(), alerts.begin(), alerts.end());
    return absl::OkStatus();
  }

  // Down (UNAVAILABLE) or up.
  void Refuse(bool refuse) {
    Answer(refuse ? absl::UnavailableError("alertmanager is down")
                  : absl::OkStatus());
  }

  // What the next posts get.
  void Answer(absl::Status answer) {
    absl::MutexLock lock(&mu_);
    answer_ = std::move(answer);
  }

  int refused() {
    absl::MutexLock lock(&mu_);
    return refused_;
  }

  std::vector<am::PostableAlert> posts() {
    absl::MutexLock lock(&mu_);
    return posts_;
  }

  // The last state posted of each alert: key -> firing.
  std::map<std::string, bool> Latest() {
    std::map<std::string, bool> out;
    for (const auto& a : posts()) out[Key(a)] = Firing(a);
    return out;
  }

  // Waits (up to 20 s) until the latest states are `want`.
  bool AwaitLatest(const std::map<std::string, bool>& want) {
    for (int i = 0; i < 2000; ++i) {
      if (Latest() == want) return true;
      absl::SleepFor(absl::Milliseconds(10));
    }
    ADD_FAILURE() << "latest posts: "
                  << absl::StrJoin(Latest(), ", ", absl::PairFormatter("="));
    return false;
  }

 private:
  absl::Mutex mu_;
  absl::Status answer_ ABSL_GUARDED_BY(mu_);
  int refused_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<am::PostableAlert> posts_ ABSL_GUARDED_BY(mu_);
};

// Whether `done` turns true within 20 s.
inline bool Eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 4000; ++i) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return false;
}

// A Bridge running on a thread of its own until destroyed.
class RunningBridge {
 public:
  // The status Run returned, once it did.
  bool Ended() {
    absl::MutexLock lock(&mu_);
    return ended_;
  }

  RunningBridge(std::shared_ptr<grpc::Channel> channel, AlertSink* sink,
                BridgeOptions options)
      : bridge_(std::move(channel), sink, std::move(options)), thread_([this] {
          absl::Status status = bridge_.Run();
          absl::MutexLock lock(&mu_);
          status_ = status;
          ended_ = true;
        }) {}
  ~RunningBridge() { (void)Stop(); }
  absl::Status Stop() {
    bridge_.Stop();
    if (thread_.joinable()) thread_.join();
    absl::MutexLock lock(&mu_);
    return status_;
  }

 private:
  Bridge bridge_;
  absl::Mutex mu_;
  absl::Status status_ ABSL_GUARDED_BY(mu_);
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace transpo::bridge

#endif  // TRANSPO_TESTS_CLIENTS_ALERTMANAGER_BRIDGE_TESTING_H_
