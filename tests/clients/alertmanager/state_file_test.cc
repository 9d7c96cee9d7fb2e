#include "clients/alertmanager/state_file.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/tmpfs_mount.h"

namespace transpo::bridge {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

alertmanager::v1::BridgeState State(uint64_t cursor) {
  alertmanager::v1::BridgeState state;
  state.set_cursor(cursor);
  auto* alert = state.add_firing();
  (*alert->mutable_labels())["alert_id"] = "directive-32019L1937/x";
  (*alert->mutable_annotations())["summary_fr"] = "Délai de transposition";
  alert->mutable_starts_at()->set_seconds(1'600'000'000);
  return state;
}

TEST(StateFileTest, NoFileIsTheStartOfTheLog) {
  testing::TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto state, LoadState(dir.path() + "/am.state"));
  EXPECT_EQ(state.cursor(), 0u);
  EXPECT_EQ(state.firing_size(), 0);
}

TEST(StateFileTest, SavedIsLoaded) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/am.state";
  ASSERT_OK(SaveState(path, State(41)));
  ASSERT_OK(SaveState(path, State(42)));
  ASSERT_OK_AND_ASSIGN(auto state, LoadState(path));
  EXPECT_EQ(state.cursor(), 42u);
  ASSERT_EQ(state.firing_size(), 1);
  EXPECT_EQ(state.firing(0).annotations().at("summary_fr"),
            "Délai de transposition");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(StateFileTest, AFileThatIsNotAStateIsAnErrorNamingIt) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/am.state";
  std::ofstream(path) << "cursor: \"forty-two\"\n";
  EXPECT_THAT(LoadState(path),
              StatusIs(absl::StatusCode::kDataLoss,
                       AllOf(HasSubstr(path), HasSubstr("line 1 column 9"))));
}

TEST(StateFileTest, ADirectoryThatDoesNotExistIsAnErrorNamingIt) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/missing/am.state";
  EXPECT_THAT(SaveState(path, State(1)),
              StatusIs(absl::StatusCode::kInternal, HasSubstr(path)));
}

// A full disk fails the save and keeps the state saved before.
TEST(StateFileTest, AFullDiskKeepsTheFormerState) {
  testing::TempDir dir;
  auto disk = testing::TmpfsMount::Mount(dir.path() + "/disk", 64 << 10);
  ASSERT_TRUE(disk.ok()) << disk.status();
  const std::string path = dir.path() + "/disk/am.state";
  ASSERT_OK(SaveState(path, State(7)));
  {
    std::ofstream filler(dir.path() + "/disk/filler");
    const std::string block(4096, 'x');
    while (filler.write(block.data(), block.size())) {
    }
  }
  alertmanager::v1::BridgeState big = State(8);
  (*big.mutable_firing(0)->mutable_annotations())["description_nl"] =
      std::string(256 << 10, 'y');
  EXPECT_THAT(SaveState(path, big),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("am.state")));
  ASSERT_OK_AND_ASSIGN(auto state, LoadState(path));
  EXPECT_EQ(state.cursor(), 7u);
}

}  // namespace
}  // namespace transpo::bridge
