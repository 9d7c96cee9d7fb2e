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

absl::Status ParseTextProto(absl::string_view label, const std::string& text,
                            google::protobuf::Message& message) {
  FirstError errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(text, &message)) {
    return absl::InvalidArgumentError(
        absl::StrCat(label, ": ", errors.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadTextFile(absl::string_view label,
                                         const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(label, ": cannot be read"));
  }
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return absl::DataLossError(absl::StrCat(label, ": read failed"));
  }
  return text.str();
}

absl::Status ParseConfig(const std::string& name, const std::string& text,
                         TranspodOptions& options) {
  config::v1::TranspodConfig config;
  absl::Status parsed =
      ParseTextProto(absl::StrCat("config ", name), text, config);
  if (!parsed.ok()) return parsed;
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
  if (config.has_token_file()) options.token_file = config.token_file();
  if (config.has_tls_cert()) options.tls_cert = config.tls_cert();
  if (config.has_tls_key()) options.tls_key = config.tls_key();
  if (config.has_tls_client_ca()) {
    options.tls_client_ca = config.tls_client_ca();
  }
  if (config.has_insecure()) options.insecure = config.insecure();
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
  auto text = ReadTextFile(absl::StrCat("config ", path), path);
  if (!text.ok()) return text.status();
  return ParseConfig(path, *text, options);
}

}  // namespace transpo
