// GoogleTest matchers for absl::Status and absl::StatusOr (absl 20220623 has
// none).
//
// Example:
//   EXPECT_THAT(log->Append(req), StatusIs(absl::StatusCode::kAborted,
//                                          HasSubstr("expected version")));
//   ASSERT_OK_AND_ASSIGN(AppendResult r, log->Append(req));

#ifndef TRANSPO_TESTS_TESTING_STATUS_MATCHERS_H_
#define TRANSPO_TESTS_TESTING_STATUS_MATCHERS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace transpo::testing {

inline const absl::Status& GetStatus(const absl::Status& status) {
  return status;
}
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

MATCHER_P2(StatusIs, code, message_matcher, "") {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status.ToString();
  return status.code() == code &&
         ::testing::Matches(message_matcher)(std::string(status.message()));
}

MATCHER(IsOk, "") {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status.ToString();
  return status.ok();
}

}  // namespace transpo::testing

#define TRANSPO_CONCAT_INNER_(a, b) a##b
#define TRANSPO_CONCAT_(a, b) TRANSPO_CONCAT_INNER_(a, b)
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL_(TRANSPO_CONCAT_(status_or_, __LINE__), lhs, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL_(var, lhs, expr)  \
  auto var = (expr);                                \
  ASSERT_TRUE(var.ok()) << var.status().ToString(); \
  lhs = *std::move(var)
#define ASSERT_OK(expr) ASSERT_THAT((expr), ::transpo::testing::IsOk())
#define EXPECT_OK(expr) EXPECT_THAT((expr), ::transpo::testing::IsOk())

#endif  // TRANSPO_TESTS_TESTING_STATUS_MATCHERS_H_
