#include "server/config.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "server/alert_policy_config.h"
#include "transpo/config/v1/config.pb.h"

namespace transpo {
namespace {

// Keeps the first error with its position (protobuf counts from 0).
class FirstError final : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (!message_.empty()) return;
    message_ =
        absl::StrCat("line ", line + 1, " column ", column + 1, ": ", message);
  }
  const std::string& message() const { return message_; }

 private:
  std::string message_;
};

}  // namespace

absl::Status ParseConfig(const std::string& name, const std::string& text,
                         TranspodOptions& options) {
  config::v1::TranspodConfig config;
  FirstError errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(text, &config)) {
    return absl::InvalidArgumentError(
        absl::StrCat("config ", name, ": ", errors.message()));
  }
  if (config.has_listen()) options.listen = config.listen();
  if (config.has_metrics_listen()) {
    options.metrics_listen = config.metrics_listen();
  }
  if (config.has_data_dir()) options.data_dir = config.data_dir();
  if (config.has_clock()) options.clock = config.clock();
  if (config.has_time_zone()) options.calendar.time_zone = config.time_zone();
  if (config.has_regional_days_off()) {
    options.calendar.regional_days_off = config.regional_days_off();
  }
  if (config.has_infringement_trigger()) {
    options.infringement_trigger = config.infringement_trigger();
  }
  if (config.has_default_reply_period()) {
    options.default_reply_period = config.default_reply_period();
  }
  if (config.has_eu_pilot_reply_period()) {
    options.eu_pilot_reply_period = config.eu_pilot_reply_period();
  }
  if (config.has_disk_reserve_mib()) {
    options.disk_reserve_mib = config.disk_reserve_mib();
  }
  if (config.has_alert_policy()) {
    auto policy = AlertPolicyFromConfig(config.alert_policy());
    if (!policy.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("config ", name, ": ", policy.status().message()));
    }
    options.alert_policy = *std::move(policy);
  }
  return absl::OkStatus();
}

absl::Status LoadConfigFile(const std::string& path, TranspodOptions& options) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("config ", path, ": cannot be read"));
  }
  std::stringstream text;
  text << in.rdbuf();
  return ParseConfig(path, text.str(), options);
}

}  // namespace transpo
