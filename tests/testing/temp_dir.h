// A fresh directory under the test temporary directory, removed with its
// contents when the TempDir is destroyed.
//
// Example:
//   TempDir dir;
//   auto log = RocksDbEventLog::Open(dir.path(), {});

#ifndef TRANSPO_TESTS_TESTING_TEMP_DIR_H_
#define TRANSPO_TESTS_TESTING_TEMP_DIR_H_

#include <cstdlib>
#include <filesystem>
#include <string>

namespace transpo::testing {

class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TEST_TMPDIR");
    std::string pattern =
        (base != nullptr ? std::string(base)
                         : std::filesystem::temp_directory_path().string()) +
        "/transpo-XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace transpo::testing

#endif  // TRANSPO_TESTS_TESTING_TEMP_DIR_H_
