#include "storage/rocksdb_convert.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/io_status.h"
#include "tests/testing/status_matchers.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

TEST(FromRocksDbTest, CodesSayWhatTheCallerDoesNext) {
  EXPECT_OK(FromRocksDb(rocksdb::Status::OK(), "read"));
  EXPECT_THAT(FromRocksDb(rocksdb::Status::Corruption("bad block"), "read"),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("read: ")));
  // A full disk: wait for space, not retry at once.
  EXPECT_THAT(FromRocksDb(rocksdb::Status::NoSpace("disk"), "append"),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("append: IO error: No space left on device")));
  rocksdb::IOStatus posix_enospc =
      rocksdb::IOStatus::NoSpace("write", "ENOSPC");
  posix_enospc.SetRetryable(true);
  EXPECT_THAT(FromRocksDb(posix_enospc, "append"),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("")));
  EXPECT_THAT(FromRocksDb(rocksdb::Status::IOError("EIO"), "append"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("EIO")));
  EXPECT_THAT(FromRocksDb(rocksdb::Status::Busy(), "append"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("")));
  EXPECT_THAT(
      FromRocksDb(rocksdb::Status::IOError("lock hold by current process"),
                  "open"),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("lock")));
  EXPECT_THAT(FromRocksDb(rocksdb::Status::NotFound(), "open"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("")));
  EXPECT_THAT(FromRocksDb(rocksdb::Status::NotSupported(), "put"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("")));
  EXPECT_THAT(FromRocksDb(rocksdb::Status::Aborted(), "put"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("")));
}

}  // namespace
}  // namespace transpo
