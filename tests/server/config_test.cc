#include "server/config.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

TEST(ConfigTest, SetsWhatTheFileSetsAndKeepsTheRest) {
  TranspodOptions options;
  ASSERT_OK(ParseConfig("t.textproto",
                        "listen: \"0.0.0.0:6000\"\n"
                        "regional_days_off: true\n"
                        "infringement_trigger: \"2 months\"\n"
                        "metrics_listen: \"\"\n",
                        options));
  EXPECT_EQ(options.listen, "0.0.0.0:6000");
  EXPECT_TRUE(options.calendar.regional_days_off);
  EXPECT_EQ(options.infringement_trigger, "2 months");
  EXPECT_EQ(options.metrics_listen, "");         // set to empty: no endpoint
  EXPECT_EQ(options.data_dir, "./var/transpo");  // untouched default
}

TEST(ConfigTest, UnknownKeyIsRejectedWithItsLine) {
  TranspodOptions options;
  EXPECT_THAT(ParseConfig("t.textproto",
                          "listen: \"127.0.0.1:1\"\nlisten_port: 5\n", options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("config t.textproto: line 2 column")));
  EXPECT_THAT(
      ParseConfig("t.textproto", "listen: \"127.0.0.1:1\"\nlisten_port: 5\n",
                  options),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("listen_port")));
  EXPECT_THAT(ParseConfig("t.textproto", "regional_days_off: maybe\n", options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("\"regional_days_off\". Value: \"maybe\"")));
  EXPECT_THAT(LoadConfigFile("/nonexistent/transpod.textproto", options),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("/nonexistent/transpod.textproto")));
}

TEST(ConfigTest, AnAlertPolicyReplacesTheDefaultRules) {
  TranspodOptions options;
  ASSERT_OK(ParseConfig("t.textproto",
                        "alert_policy {\n"
                        "  coordinator_from: \"critical\"\n"
                        "  rules { id: \"t-45d\" kind: \"transposition\"\n"
                        "          days_before: 45 severity: \"warning\"\n"
                        "          repeat: \"72h\" time_of_day: \"07:30\" }\n"
                        "}\n",
                        options));
  ASSERT_TRUE(options.alert_policy.has_value());
  ASSERT_EQ(options.alert_policy->rules.size(), 1u);
  const domain::AlertRule& rule = options.alert_policy->rules[0];
  EXPECT_EQ(rule.kind, domain::DeadlineKind::kTransposition);
  EXPECT_EQ(rule.days_before, 45);
  EXPECT_EQ(rule.repeat, absl::Hours(72));
  EXPECT_EQ(rule.minute_of_day, 7 * 60 + 30);
  EXPECT_EQ(options.alert_policy->coordinator_from,
            domain::AlertSeverity::kCritical);
  // Only coordinator_from: the default rules stay.
  ASSERT_OK(ParseConfig(
      "t.textproto", "alert_policy { coordinator_from: \"info\" }\n", options));
  EXPECT_EQ(options.alert_policy->rules.size(), 17u);
}

TEST(ConfigTest, ABadAlertRuleIsRefusedNamingItsField) {
  TranspodOptions options;
  for (const auto& [rule, field] :
       std::vector<std::pair<const char*, const char*>>{
           {"kind: \"deadline\" severity: \"info\"", "rules[0].kind"},
           {"kind: \"court\" severity: \"loud\"", "rules[0].severity"},
           {"kind: \"court\" severity: \"info\" repeat: \"daily\"",
            "rules[0].repeat"},
           {"kind: \"court\" severity: \"info\" time_of_day: \"8h\"",
            "rules[0].time_of_day"},
           {"kind: \"court\" severity: \"info\" repeat: \"10m\"",
            "rules[0].repeat"},
       }) {
    EXPECT_THAT(ParseConfig("t.textproto",
                            absl::StrCat("alert_policy { rules { id: \"r\" ",
                                         rule, " } }\n"),
                            options),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr(absl::StrCat("alert_policy.", field))))
        << rule;
  }
}

TEST(ConfigTest, TheShippedExampleIsValid) {
  TranspodOptions options;
  ASSERT_OK(LoadConfigFile(EXAMPLE_CONFIG_PATH, options));
  EXPECT_EQ(options.data_dir, "/var/lib/transpo");
  EXPECT_EQ(options.eu_pilot_reply_period, "10 weeks");
}

TEST(ConfigTest, BadValuesAreRefusedAtStartNamingTheOption) {
  TranspodOptions options;
  options.listen = "127.0.0.1:0";
  options.metrics_listen = "";
  options.infringement_trigger = "one month";
  EXPECT_THAT(Transpod::Start(options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("infringement_trigger")));
  options.infringement_trigger = "1 month";
  options.clock = "manual@yesterday";
  EXPECT_THAT(Transpod::Start(options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--clock \"manual@yesterday\"")));
  options.clock = "system";
  options.calendar.time_zone = "Europe/Atlantis";
  EXPECT_THAT(Transpod::Start(options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("Europe/Atlantis")));
}

}  // namespace
}  // namespace transpo
