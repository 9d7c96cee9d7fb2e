// Posts alerts to Alertmanager's API v2 (`POST <url>/api/v2/alerts`), with
// cpp-httplib.
//
// Example:
//   auto client = AlertmanagerClient::Create("http://127.0.0.1:9093",
//                                            absl::Seconds(10));
//   absl::Status posted = (*client)->Post(alerts);

#ifndef TRANSPO_CLIENTS_ALERTMANAGER_ALERTMANAGER_CLIENT_H_
#define TRANSPO_CLIENTS_ALERTMANAGER_ALERTMANAGER_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "transpo/alertmanager/v1/bridge.pb.h"

namespace httplib {
class Client;
}

namespace transpo::bridge {

// Where alerts go. Thread-compatible.
class AlertSink {
 public:
  virtual ~AlertSink() = default;
  // Delivers every alert of `alerts`, or returns an error (then some may have
  // been delivered: Alertmanager takes the same alert again as the same).
  // INVALID_ARGUMENT: refused, not worth trying again.
  virtual absl::Status Post(
      const std::vector<alertmanager::v1::PostableAlert>& alerts) = 0;
};

class AlertmanagerClient : public AlertSink {
 public:
  // `url`: "http://HOST:PORT" or "https://HOST:PORT", with an optional path
  // prefix (Alertmanager's --web.route-prefix). INVALID_ARGUMENT naming the
  // URL otherwise.
  static absl::StatusOr<std::unique_ptr<AlertmanagerClient>> Create(
      const std::string& url, absl::Duration timeout);
  ~AlertmanagerClient() override;

  // INVALID_ARGUMENT if Alertmanager refuses the alerts as invalid (400,
  // 422: trying again would not help), UNAVAILABLE if it cannot be reached
  // or answers otherwise; with its answer.
  absl::Status Post(
      const std::vector<alertmanager::v1::PostableAlert>& alerts) override;

 private:
  AlertmanagerClient(std::unique_ptr<httplib::Client> http, std::string url,
                     std::string path);

  std::unique_ptr<httplib::Client> http_;
  std::string url_;
  std::string path_;
};

}  // namespace transpo::bridge

#endif  // TRANSPO_CLIENTS_ALERTMANAGER_ALERTMANAGER_CLIENT_H_
