// ForwardingEventLog passes every call to another EventLog: a test derives
// from it and overrides only what it observes or breaks (a failing append, a
// count of reads), as rocksdb's EnvWrapper does for Env.
//
// Thread-safety: as the log it forwards to.
//
// Example:
//   class CountingLog final : public ForwardingEventLog {
//     using ForwardingEventLog::ForwardingEventLog;
//     absl::StatusOr<std::optional<std::string>> GetProjection(...) override;
//   };

#ifndef TRANSPO_TESTS_TESTING_FORWARDING_EVENT_LOG_H_
#define TRANSPO_TESTS_TESTING_FORWARDING_EVENT_LOG_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/event_log.h"

namespace transpo::testing {

class ForwardingEventLog : public EventLog {
 public:
  explicit ForwardingEventLog(EventLog& log) : log_(log) {}

  void AppendAsync(AppendRequest request, AppendCallback done) override {
    log_.AppendAsync(std::move(request), std::move(done));
  }
  std::vector<absl::StatusOr<AppendResult>> AppendGroup(
      std::vector<AppendRequest> requests) override {
    return log_.AppendGroup(std::move(requests));
  }
  uint64_t head() const override { return log_.head(); }
  absl::StatusOr<std::optional<AppendResult>> LookupRequest(
      absl::string_view id, absl::string_view key) override {
    return log_.LookupRequest(id, key);
  }
  absl::StatusOr<uint64_t> StreamVersion(absl::string_view stream) override {
    return log_.StreamVersion(stream);
  }
  absl::StatusOr<std::vector<EventRecord>> ReadStream(
      absl::string_view stream, uint64_t from_version, size_t max,
      size_t max_bytes) override {
    return log_.ReadStream(stream, from_version, max, max_bytes);
  }
  absl::StatusOr<std::vector<EventRecord>> ReadAll(uint64_t from_position,
                                                   size_t max,
                                                   size_t max_bytes) override {
    return log_.ReadAll(from_position, max, max_bytes);
  }
  uint64_t WaitForHead(uint64_t after, absl::Time deadline) override {
    return log_.WaitForHead(after, deadline);
  }
  std::unique_ptr<HeadWatch> Watch(
      std::function<void(uint64_t)> listener) override {
    return log_.Watch(std::move(listener));
  }
  absl::StatusOr<VerifyReport> Verify() override { return log_.Verify(); }
  absl::StatusOr<std::optional<std::string>> GetProjection(
      absl::string_view family, absl::string_view key) override {
    return log_.GetProjection(family, key);
  }
  absl::Status ScanProjectionRange(
      absl::string_view family, absl::string_view begin, absl::string_view end,
      const std::function<bool(absl::string_view, absl::string_view)>& visit,
      ScanCache cache) override {
    return log_.ScanProjectionRange(family, begin, end, visit, cache);
  }
  using EventLog::ScanProjectionRange;
  uint64_t projection_checkpoint() const override {
    return log_.projection_checkpoint();
  }
  absl::Status RebuildProjections(Projector& projector) override {
    return log_.RebuildProjections(projector);
  }

 private:
  EventLog& log_;
};

}  // namespace transpo::testing

#endif  // TRANSPO_TESTS_TESTING_FORWARDING_EVENT_LOG_H_
