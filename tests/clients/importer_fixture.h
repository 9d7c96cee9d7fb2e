// ImporterTest: transpod in process (manual clock, no alerts, so the log
// holds only what imports write), with helpers to import a file, export the
// state and compare two states, for the importer's tests.

#ifndef TRANSPO_TESTS_CLIENTS_IMPORTER_FIXTURE_H_
#define TRANSPO_TESTS_CLIENTS_IMPORTER_FIXTURE_H_

#include <google/protobuf/util/message_differencer.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "clients/import/exporter.h"
#include "clients/import/importer.h"
#include "gtest/gtest.h"
#include "server/transpod.h"
#include "tests/testing/temp_dir.h"

namespace transpo::clients {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Clears every "audit" field (who and when differ between servers), and
// with `versions`, every "version" (an import may reach a state in fewer
// steps than its history took).
inline void ClearAudit(google::protobuf::Message& message,
                       bool versions = false) {
  const auto* descriptor = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* field = descriptor->field(i);
    if (versions && field->name() == "version") {
      reflection->ClearField(&message, field);
      continue;
    }
    if (field->cpp_type() !=
        google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    if (field->name() == "audit") {
      reflection->ClearField(&message, field);
    } else if (field->is_repeated()) {
      for (int j = 0; j < reflection->FieldSize(message, field); ++j) {
        ClearAudit(*reflection->MutableRepeatedMessage(&message, field, j),
                   versions);
      }
    } else if (reflection->HasField(message, field)) {
      ClearAudit(*reflection->MutableMessage(&message, field), versions);
    }
  }
}

class ImporterTest : public ::testing::Test {
 protected:
  std::unique_ptr<Transpod> StartServer(testing::TempDir& dir) {
    auto server = Transpod::Start({.listen = "127.0.0.1:0",
                                   .metrics_listen = "",
                                   .data_dir = dir.path(),
                                   .clock = "manual@2026-11-25T09:00",
                                   .alerts = false});
    EXPECT_TRUE(server.ok()) << server.status();
    return server.ok() ? *std::move(server) : nullptr;
  }

  static ImportSummary Import(Transpod& server, const std::string& text,
                              ImportOptions options = {}) {
    absl::StatusOr<ParsedFile> file = ParseRecords(text);
    EXPECT_TRUE(file.ok()) << file.status();
    if (!file.ok()) return {};
    if (options.actor.empty()) options.actor = "import-test";
    return Importer(server.InProcessChannel(), options).Run(*file);
  }

  static ImportSummary ImportDemo(Transpod& server) {
    ImportSummary a = Import(server, ReadFile(DEMO_DIR "/administrations.csv"));
    ImportSummary d = Import(server, ReadFile(DEMO_DIR "/dossiers.csv"));
    d.created += a.created;
    d.updated += a.updated;
    d.unchanged += a.unchanged;
    d.failed += a.failed;
    return d;
  }

  static std::vector<v1::ExportRecord> Export(Transpod& server,
                                              bool versions = false) {
    auto records = ExportAll(server.InProcessChannel(), {});
    EXPECT_TRUE(records.ok()) << records.status();
    if (!records.ok()) return {};
    for (v1::ExportRecord& r : *records) ClearAudit(r, versions);
    return *records;
  }

  static void ExpectSameState(const std::vector<v1::ExportRecord>& want,
                              const std::vector<v1::ExportRecord>& got) {
    ASSERT_EQ(want.size(), got.size());
    for (size_t i = 0; i < want.size(); ++i) {
      std::string diff;
      google::protobuf::util::MessageDifferencer differencer;
      differencer.ReportDifferencesToString(&diff);
      EXPECT_TRUE(differencer.Compare(want[i], got[i])) << i << ": " << diff;
    }
  }

  testing::TempDir dir_a_;
  testing::TempDir dir_b_;
};

}  // namespace transpo::clients

#endif  // TRANSPO_TESTS_CLIENTS_IMPORTER_FIXTURE_H_
