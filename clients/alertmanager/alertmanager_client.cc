#include "clients/alertmanager/alertmanager_client.h"

#include <httplib.h>

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"

namespace transpo::bridge {

absl::StatusOr<std::unique_ptr<AlertmanagerClient>> AlertmanagerClient::Create(
    const std::string& url, absl::Duration timeout) {
  const size_t scheme_end = url.find("://");
  const bool known_scheme =
      absl::StartsWith(url, "http://") || absl::StartsWith(url, "https://");
  if (scheme_end == std::string::npos || !known_scheme ||
      url.size() == scheme_end + 3) {
    return absl::InvalidArgumentError(absl::StrCat(
        "alertmanager URL \"", url,
        "\": want http://HOST:PORT or https://HOST:PORT[/PREFIX]"));
  }
  const size_t path_start = url.find('/', scheme_end + 3);
  const std::string origin = url.substr(0, path_start);
  std::string prefix =
      path_start == std::string::npos ? "" : url.substr(path_start);
  while (absl::EndsWith(prefix, "/")) prefix.pop_back();
  auto http = std::make_unique<httplib::Client>(origin);
  if (!http->is_valid()) {
    return absl::InvalidArgumentError(
        absl::StrCat("alertmanager URL \"", url, "\" is not usable"));
  }
  const auto seconds = absl::ToInt64Seconds(timeout);
  const auto micros = absl::ToInt64Microseconds(timeout) % 1000000;
  http->set_connection_timeout(seconds, micros);
  http->set_read_timeout(seconds, micros);
  http->set_write_timeout(seconds, micros);
  return std::unique_ptr<AlertmanagerClient>(
      new AlertmanagerClient(std::move(http), url, prefix + "/api/v2/alerts"));
}

AlertmanagerClient::AlertmanagerClient(std::unique_ptr<httplib::Client> http,
                                       std::string url, std::string path)
    : http_(std::move(http)), url_(std::move(url)), path_(std::move(path)) {}

AlertmanagerClient::~AlertmanagerClient() = default;

absl::Status AlertmanagerClient::Post(
    const std::vector<alertmanager::v1::PostableAlert>& alerts) {
  if (alerts.empty()) return absl::OkStatus();
  std::string body = "[";
  for (const auto& alert : alerts) {
    std::string json;
    auto printed = google::protobuf::util::MessageToJsonString(alert, &json);
    if (!printed.ok()) {
      return absl::InternalError(
          absl::StrCat("cannot encode an alert: ", printed.ToString()));
    }
    if (body.size() > 1) body += ",";
    body += json;
  }
  body += "]";
  httplib::Result result = http_->Post(path_, body, "application/json");
  if (!result) {
    return absl::UnavailableError(absl::StrCat(
        "alertmanager ", url_, ": ", httplib::to_string(result.error())));
  }
  if (result->status != 200) {
    // Alertmanager refuses invalid alerts with 400 (422 from some
    // versions): sent again, they would be refused again. Any other answer
    // (a proxy's 401, 403, 413, 502, ...) may pass once fixed: try again.
    const bool refused = result->status == 400 || result->status == 422;
    const std::string message =
        absl::StrCat("alertmanager ", url_, " answered ", result->status, ": ",
                     result->body);
    return refused ? absl::InvalidArgumentError(message)
                   : absl::UnavailableError(message);
  }
  return absl::OkStatus();
}

}  // namespace transpo::bridge
