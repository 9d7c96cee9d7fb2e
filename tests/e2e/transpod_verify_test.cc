// `transpod verify` as an operator runs it: exit 0 and "hash chain intact" on
// a sound log, exit 3 naming the first broken position when a record was
// tampered with (or 1 with the error when the log cannot be opened).

#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_event_log.h"
#include "tests/storage/event_log_test_support.h"
#include "tests/testing/temp_dir.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;

struct VerifyRun {
  int exit_code = -1;
  std::string output;
};

VerifyRun Verify(const std::string& dir) {
  const std::string command =
      absl::StrCat(TRANSPOD_PATH, " verify --data-dir ", dir, " 2>&1");
  VerifyRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[512];
  while (fgets(buffer, sizeof(buffer), pipe) != nullptr) run.output += buffer;
  const int status = pclose(pipe);
  if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  return run;
}

TEST(TranspodVerifyTest, ExitsThreeNamingTheFirstBrokenRecord) {
  testing::TempDir dir;
  {
    auto log = RocksDbEventLog::Open(dir.path(), {});
    ASSERT_TRUE(log.ok()) << log.status();
    for (const char* stream : {"directive-a", "directive-b", "directive-a"}) {
      ASSERT_TRUE((*log)
                      ->Append(testing::Request(stream, ExpectedVersion::Any(),
                                                {"Recorded"}))
                      .ok());
    }
  }
  VerifyRun sound = Verify(dir.path());
  EXPECT_EQ(sound.exit_code, 0) << sound.output;
  EXPECT_THAT(sound.output, HasSubstr("ok: 3 events, hash chain intact"));

  std::string record = testing::ReadStoredRecord(dir.path(), 2);
  const size_t at = record.find("payload-of-Recorded");
  ASSERT_NE(at, std::string::npos);
  record[at] ^= 1;
  testing::OverwriteStoredRecord(dir.path(), 2, record);
  VerifyRun broken = Verify(dir.path());
  EXPECT_EQ(broken.exit_code, 3) << broken.output;
  EXPECT_THAT(broken.output, HasSubstr("BROKEN at position 2"));
}

TEST(TranspodVerifyTest, ALogThatCannotBeOpenedExitsOneWithTheError) {
  testing::TempDir dir;
  {
    auto log = RocksDbEventLog::Open(dir.path(), {});
    ASSERT_TRUE(log.ok()) << log.status();
    ASSERT_TRUE((*log)
                    ->Append(testing::Request(
                        "directive-a", ExpectedVersion::Any(), {"Recorded"}))
                    .ok());
  }
  // The newest record cut short: the log refuses to open.
  std::string record = testing::ReadStoredRecord(dir.path(), 1);
  testing::OverwriteStoredRecord(dir.path(), 1, record.substr(0, 20));
  VerifyRun run = Verify(dir.path());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("Error: DATA_LOSS"));
  EXPECT_THAT(run.output, HasSubstr("position 1"));
}

}  // namespace
}  // namespace transpo
