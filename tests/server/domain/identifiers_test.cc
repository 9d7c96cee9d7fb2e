#include "server/domain/identifiers.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace transpo::domain {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

TEST(IdentifiersTest, Table) {
  for (const char* ok : {"32019L1937", "32024L1788", "31991L0271"}) {
    EXPECT_OK(ValidateCelex("celex", ok)) << ok;
  }
  for (const char* bad : {"", "32019L193", "32019R1937", "22019L1937",
                          "3abcdL1937", "32019L19371"}) {
    EXPECT_THAT(
        ValidateCelex("celex", bad),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("celex")))
        << bad;
  }
  for (const char* ok : {"INFR(2020)2344", "INFR(2025)2129"}) {
    EXPECT_OK(ValidateInfringementNumber("number", ok)) << ok;
  }
  for (const char* bad :
       {"INFR2020)2344", "INFR(2020)234", "infr(2020)2344", "INFR(20x0)2344"}) {
    EXPECT_FALSE(ValidateInfringementNumber("number", bad).ok()) << bad;
  }
  for (const char* ok : {"C-543/17", "C-68/24", "C-1/22", "C-1234/99"}) {
    EXPECT_OK(ValidateCaseNumber("case", ok)) << ok;
  }
  for (const char* bad :
       {"C-543/1", "C543/17", "T-543/17", "C-/17", "C-543/170", "C-12345/17"}) {
    EXPECT_FALSE(ValidateCaseNumber("case", bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace transpo::domain
