#include "storage/rocksdb_stderr_logger.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/env.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RocksDbStderrLoggerTest, WarningsAndAboveGoToStderrOneLineEach) {
  auto logger = std::make_shared<RocksDbStderrLogger>();
  ::testing::internal::CaptureStderr();
  std::shared_ptr<rocksdb::Logger> info_log = logger;
  rocksdb::Info(info_log, "opened %d column families", 5);
  rocksdb::Header(info_log, "Options.%s: %d", "max_open_files", -1);
  rocksdb::Log(info_log, "plain %s", "info");
  rocksdb::Warn(info_log, "background error: %s", "No space left on device");
  rocksdb::Error(info_log, "flush failed");
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(err, Not(HasSubstr("column families")));
  EXPECT_THAT(err, Not(HasSubstr("max_open_files")));
  EXPECT_THAT(err, Not(HasSubstr("plain")));
  EXPECT_THAT(err, HasSubstr("rocksdb [WARN] "));
  EXPECT_THAT(err, HasSubstr("background error: No space left on device\n"));
  EXPECT_THAT(err, HasSubstr("rocksdb [ERROR] "));
  EXPECT_THAT(err, HasSubstr("flush failed\n"));
}

TEST(RocksDbStderrLoggerTest, LongMessagesAreNotCut) {
  std::shared_ptr<rocksdb::Logger> logger =
      std::make_shared<RocksDbStderrLogger>();
  const std::string long_text(5000, 'w');
  ::testing::internal::CaptureStderr();
  rocksdb::Warn(logger, "%s!", long_text.c_str());
  EXPECT_THAT(::testing::internal::GetCapturedStderr(),
              HasSubstr(long_text + "!\n"));
}

}  // namespace
}  // namespace transpo
