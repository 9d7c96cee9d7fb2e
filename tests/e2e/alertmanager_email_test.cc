// E-mail end to end: transpod -> transpo-alertmanager -> Alertmanager with
// the shipped configuration (deploy/alertmanager, only its mail relay moved
// to the test's) -> an SMTP sink (tests/e2e/smtp_sink.py). Each
// correspondent's address receives a message naming the directive and the
// deadline in their language, with their administration's mailbox; the
// Euro-coordinator's is in both languages.

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "tests/e2e/alertmanager_fixture.h"

namespace transpo {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

struct Mail {
  std::vector<std::string> rcpt;
  std::string subject;
  std::string text;
};

class AlertmanagerEmailTest : public AlertmanagerE2eTest {
 protected:
  void SetUp() override {
    smtp_port_ = bench::FreePort();
    sink_ = std::make_unique<bench::ChildProcess>(
        std::vector<std::string>{SMTP_SINK_PATH, absl::StrCat(smtp_port_),
                                 Path("mail.jsonl")},
        Path("smtp.log"));
    for (int i = 0; i < 100 && !ReadFile(Path("smtp.log")).starts_with("ready");
         ++i) {
      absl::SleepFor(absl::Milliseconds(100));
    }
    ASSERT_THAT(ReadFile(Path("smtp.log")), HasSubstr("ready"));
  }

  static std::string ReadFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // The shipped configuration with its mail relay on the sink.
  std::string ShippedConfig() {
    const std::string from = std::string(DEPLOY_DIR) + "/alertmanager";
    std::filesystem::copy(from, Path("am"),
                          std::filesystem::copy_options::recursive);
    std::string config = ReadFile(Path("am/alertmanager.yml"));
    EXPECT_THAT(config, HasSubstr("'localhost:25'"));
    config = absl::StrReplaceAll(
        config,
        {{"'localhost:25'", absl::StrCat("'127.0.0.1:", smtp_port_, "'")}});
    std::ofstream(Path("am/alertmanager.yml")) << config;
    return Path("am/alertmanager.yml");
  }

  std::vector<Mail> Mails() {
    std::vector<Mail> out;
    std::istringstream lines(ReadFile(Path("mail.jsonl")));
    for (std::string line; std::getline(lines, line);) {
      google::protobuf::Struct record;
      if (!google::protobuf::util::JsonStringToMessage(line, &record).ok()) {
        continue;
      }
      Mail mail;
      for (const auto& r : record.fields().at("rcpt").list_value().values()) {
        mail.rcpt.push_back(r.string_value());
      }
      mail.subject = record.fields().at("subject").string_value();
      mail.text = record.fields().at("text").string_value();
      out.push_back(std::move(mail));
    }
    return out;
  }

  // Waits (up to 60 s) for a message to `address`.
  Mail AwaitMailTo(const std::string& address) {
    for (int i = 0; i < 600; ++i) {
      for (const Mail& mail : Mails()) {
        if (std::find(mail.rcpt.begin(), mail.rcpt.end(), address) !=
            mail.rcpt.end()) {
          return mail;
        }
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
    ADD_FAILURE() << "no mail to " << address << "; got "
                  << ReadFile(Path("mail.jsonl"));
    return {};
  }

  int smtp_port_ = 0;
  std::unique_ptr<bench::ChildProcess> sink_;
};

TEST_F(AlertmanagerEmailTest, EachCorrespondentIsMailedInTheirLanguage) {
  ASSERT_NO_FATAL_FAILURE(StartTranspod());
  ASSERT_NO_FATAL_FAILURE(
      AddAdministration("bee", {{"anna", v1::LANGUAGE_NL}}));
  ASSERT_NO_FATAL_FAILURE(AddAdministration("bm", {{"luc", v1::LANGUAGE_FR}}));
  ASSERT_NO_FATAL_FAILURE(CreateDossier("bee", {"bm"}));
  ASSERT_NO_FATAL_FAILURE(StartAlertmanager(ShippedConfig()));
  StartBridge();

  ASSERT_NO_FATAL_FAILURE(SetDate(2021, 6, 21));  // 180 days before
  Mail anna = AwaitMailTo("anna@example.org");
  EXPECT_EQ(anna.subject,
            "[transpo] Omzettingstermijn Test directive (32021L0001): nog 180 "
            "dagen (18-12-2021)");
  EXPECT_THAT(anna.text, HasSubstr("Beste anna"));
  EXPECT_THAT(anna.text, Not(HasSubstr("Bonjour")));
  EXPECT_THAT(anna.text, HasSubstr("Test directive (32021L0001)"));
  EXPECT_THAT(anna.text,
              HasSubstr("Omzettingstermijn: 18-12-2021, nog 180 dagen."));
  EXPECT_THAT(anna.text, HasSubstr("meegedeeld"));  // what to do
  EXPECT_THAT(anna.rcpt, Contains("europe@economie-emploi.brussels"));

  Mail luc = AwaitMailTo("luc@example.org");
  EXPECT_EQ(luc.subject,
            "[transpo] Délai de transposition Test directive (32021L0001) : "
            "dans 180 jours (18/12/2021)");
  EXPECT_THAT(luc.text, HasSubstr("Bonjour luc"));
  EXPECT_THAT(luc.text, Not(HasSubstr("Beste")));
  EXPECT_THAT(
      luc.text,
      HasSubstr("Délai de transposition : 18/12/2021, dans 180 jours."));
  EXPECT_THAT(luc.text, HasSubstr("notifiées"));
  EXPECT_THAT(luc.rcpt, Contains("europe@mobility.brussels"));

  // Seven days before: critical, the Euro-coordinator too, in both.
  ASSERT_NO_FATAL_FAILURE(SetDate(2021, 12, 11));
  Mail coordinator = AwaitMailTo("euro-coordinator@international.brussels");
  EXPECT_THAT(coordinator.subject, HasSubstr("Omzettingstermijn"));
  EXPECT_THAT(coordinator.subject, HasSubstr("Délai de transposition"));
  EXPECT_THAT(coordinator.text, HasSubstr("Beste Eurocoördinator"));
  EXPECT_THAT(coordinator.text, HasSubstr("Ernst: kritiek"));
  EXPECT_THAT(coordinator.text, HasSubstr("nog 7 dagen"));
  EXPECT_THAT(coordinator.text, HasSubstr("Gravité : critique"));
  EXPECT_THAT(coordinator.text, HasSubstr("dans 7 jours"));
}

}  // namespace
}  // namespace transpo
