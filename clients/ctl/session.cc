#include "clients/ctl/session.h"

#include <google/protobuf/util/time_util.h>

#include <fstream>
#include <random>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/channel.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "transpo/v1/clock.grpc.pb.h"

namespace transpo::ctl {
namespace {

google::protobuf::Timestamp ToProto(absl::Time time) {
  google::protobuf::Timestamp t;
  const absl::Duration since = time - absl::UnixEpoch();
  t.set_seconds(absl::ToInt64Seconds(since));
  t.set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(since - absl::Seconds(t.seconds()))));
  return t;
}

}  // namespace

int ExitCodeOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return kOk;
    case grpc::StatusCode::NOT_FOUND:
      return kNotFound;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::ABORTED:
      return kConflict;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return kUnreachable;
    default:
      return kOther;
  }
}

int Session::Configure(const GlobalOptions& options) {
  options_ = options;
  if (options_.output != "table" && options_.output != "json" &&
      options_.output != "yaml") {
    return Fail(kUsage, absl::StrCat("--output \"", options_.output,
                                     "\": want table, json or yaml"));
  }
  if (!absl::ParseDuration(options_.timeout, &timeout_) ||
      timeout_ <= absl::ZeroDuration()) {
    return Fail(kUsage, absl::StrCat("--timeout \"", options_.timeout,
                                     "\": want a duration such as 10s or 1m"));
  }
  if (!options_.as_of.empty()) {
    absl::CivilDay day;
    absl::Time time;
    std::string error;
    if (absl::ParseCivilTime(options_.as_of, &day)) {
      // A day means the end of that day in Brussels: its state that evening.
      as_of_day_ = day;
      as_of_ = ToProto(absl::FromCivil(day + 1, BrusselsTimeZone()) -
                       absl::Nanoseconds(1));
    } else if (absl::ParseTime(absl::RFC3339_full, options_.as_of, &time,
                               &error)) {
      as_of_day_ = absl::ToCivilDay(time, BrusselsTimeZone());
      as_of_ = ToProto(time);
    } else {
      return Fail(kUsage,
                  absl::StrCat("--as-of \"", options_.as_of,
                               "\": want a date (2024-06-30) or an RFC 3339 "
                               "time (2024-06-30T12:00:00+02:00)"));
    }
  }
  if (!options_.token_file.empty()) {
    if (!options_.token.empty()) {
      return Fail(kUsage, "give --token or --token-file, not both");
    }
    std::ifstream in(options_.token_file);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      return Fail(kUsage, absl::StrCat("--token-file \"", options_.token_file,
                                       "\": cannot be read"));
    }
    options_.token = std::string(absl::StripAsciiWhitespace(text.str()));
  }
  return kOk;
}

std::shared_ptr<grpc::Channel> Session::Channel() {
  if (channel_ != nullptr) return channel_;
  clients::DialOptions dial;
  dial.server = options_.server;
  dial.token = options_.token;
  dial.ca_cert = options_.cacert;
  dial.cert = options_.cert;
  dial.key = options_.key;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = clients::Dial(dial);
  if (!channel.ok()) {
    Fail(kUsage, std::string(channel.status().message()));
    return nullptr;
  }
  channel_ = *std::move(channel);
  return channel_;
}

std::unique_ptr<grpc::ClientContext> Session::Context() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
  if (!options_.actor.empty()) {
    context->AddMetadata("transpo-actor", options_.actor);
  }
  return context;
}

std::optional<absl::CivilDay> Session::Today(int* exit_code) {
  if (as_of_day_.has_value()) return as_of_day_;
  if (today_.has_value()) return today_;
  std::shared_ptr<grpc::Channel> channel = Channel();
  if (channel == nullptr) {
    *exit_code = kUsage;
    return std::nullopt;
  }
  auto clock = v1::ClockService::NewStub(channel);
  v1::GetTimeResponse response;
  grpc::Status status = Call(*clock, &v1::ClockService::Stub::GetTime,
                             v1::GetTimeRequest(), &response);
  absl::CivilDay day;
  if (!status.ok()) {
    *exit_code = Fail(status);
    return std::nullopt;
  }
  if (!absl::ParseCivilTime(response.today(), &day)) {
    *exit_code =
        Fail(kOther, absl::StrCat("the server's today \"", response.today(),
                                  "\" is not a date"));
    return std::nullopt;
  }
  today_ = day;
  return today_;
}

std::string Session::RequestId() {
  if (!options_.request_id.empty()) return options_.request_id;
  std::random_device random;
  std::uniform_int_distribution<uint32_t> digits;
  return absl::StrFormat("ctl-%08x%08x%08x", digits(random), digits(random),
                         digits(random));
}

int Session::Fail(const grpc::Status& status) {
  err_ << "Error: " << status.error_message() << "\n";
  google::rpc::Status details;
  if (!status.error_details().empty() &&
      details.ParseFromString(status.error_details())) {
    for (const google::protobuf::Any& any : details.details()) {
      google::rpc::BadRequest bad_request;
      google::rpc::ErrorInfo info;
      if (any.UnpackTo(&bad_request)) {
        for (const auto& violation : bad_request.field_violations()) {
          if (violation.field().empty()) continue;
          err_ << "  field " << violation.field();
          if (violation.description() != status.error_message()) {
            err_ << ": " << violation.description();
          }
          err_ << "\n";
        }
      } else if (any.UnpackTo(&info) && info.reason() == "VERSION_CONFLICT") {
        auto get = [&info](const std::string& key) {
          auto it = info.metadata().find(key);
          return it == info.metadata().end() ? std::string("?") : it->second;
        };
        err_ << "  " << get("resource") << " is at version "
             << get("current_version")
             << ": read it again, then retry with --if-version "
             << get("current_version") << "\n";
      }
    }
  }
  const int code = ExitCodeOf(status.error_code());
  if (code == kUnreachable) {
    err_ << "  server " << options_.server << " (--server, TRANSPO_SERVER)";
    if (!last_request_id_.empty()) {
      err_ << "; the write may or may not have been recorded: run the "
              "command again with --request-id "
           << last_request_id_ << " to record it at most once";
    }
    err_ << "\n";
  }
  return code;
}

int Session::Fail(int code, const std::string& message) {
  err_ << "Error: " << message << "\n";
  return code;
}

int Session::Print(const google::protobuf::Message& message) {
  if (options_.output == "json") {
    out_ << ToJson(message) << "\n";
  } else if (options_.output == "yaml") {
    out_ << ToYaml(message);
  } else {
    out_ << Describe(message);
  }
  return kOk;
}

int Session::Print(const google::protobuf::Message& response,
                   const Table& table) {
  if (!this->table()) return Print(response);
  if (table.empty()) {
    err_ << "No resources found.\n";
    return kOk;
  }
  out_ << table.Render(colour_);
  return kOk;
}

int Session::PrintText(const std::string& text,
                       const google::protobuf::Message& message) {
  if (!table()) return Print(message);
  out_ << text << "\n";
  return kOk;
}

}  // namespace transpo::ctl
