// The principal directory: lookups by token hash and certificate name, and
// the checks of a token file's entries; token hashing and generation.

#include "server/app/principals.h"

#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/app/access.h"
#include "tests/testing/status_matchers.h"

namespace transpo::app {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

PrincipalEntry Entry(const std::string& id, Role role,
                     std::vector<std::string> administrations = {},
                     const std::string& token = "") {
  return {.principal = {.id = id,
                        .role = role,
                        .administrations = std::move(administrations)},
          .token_sha256 = token.empty() ? "" : HashToken(token)};
}

TEST(HashTokenTest, IsSha256InLowercaseHex) {
  // FIPS 180-2 test vector.
  EXPECT_EQ(HashToken("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(NewTokenTest, Is256RandomBitsInBase64Url) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto token = NewToken();
    ASSERT_TRUE(token.ok()) << token.status();
    EXPECT_THAT(*token, ::testing::MatchesRegex("tpo_[A-Za-z0-9_-]{43}"));
    seen.insert(*token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(PrincipalDirectoryTest, FindsPrincipalsByTokenHashAndCertificateName) {
  PrincipalEntry bridge = Entry("am-bridge", Role::kService, {}, "t-bridge");
  bridge.certificate_names = {"bridge.transpo.internal"};
  auto directory = PrincipalDirectory::Create(
      {Entry("coordinator", Role::kCoordinator, {}, "t-coordinator"),
       Entry("jdupont", Role::kCorrespondent, {"adm-a", "adm-b"}, "t-jd"),
       bridge});
  ASSERT_TRUE(directory.ok()) << directory.status();
  const Principal* found = (*directory)->ByTokenHash(HashToken("t-jd"));
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->id, "jdupont");
  EXPECT_EQ(found->scope(), std::vector<std::string>({"adm-a", "adm-b"}));
  EXPECT_EQ((*directory)->ByTokenHash(HashToken("t-nobody")), nullptr);
  EXPECT_EQ((*directory)->ByTokenHash("t-jd"), nullptr);  // not the token
  EXPECT_EQ((*directory)->ByCertificateName("bridge.transpo.internal")->id,
            "am-bridge");
  // An id is not a certificate name: only those the entry lists are.
  EXPECT_EQ((*directory)->ByCertificateName("coordinator"), nullptr);
  EXPECT_EQ((*directory)->ByCertificateName("stranger"), nullptr);
  EXPECT_EQ((*directory)->ByTokenHash(HashToken("t-coordinator"))->scope(),
            std::nullopt);
}

TEST(PrincipalDirectoryTest, RefusesBadEntriesNamingThem) {
  auto create = [](std::vector<PrincipalEntry> entries) {
    return PrincipalDirectory::Create(std::move(entries)).status();
  };
  EXPECT_THAT(create({Entry("a", Role::kViewer), Entry("a", Role::kViewer)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("principals[1].id \"a\": already the id of "
                                 "principals[0]")));
  EXPECT_THAT(create({Entry("with space", Role::kViewer)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("principals[0].id")));
  EXPECT_THAT(create({Entry("c", Role::kCorrespondent)}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("a correspondent needs at least one "
                                 "administration")));
  EXPECT_THAT(create({Entry("v", Role::kViewer, {"adm-a"})}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("only a correspondent has administrations")));
  PrincipalEntry bad_hash = Entry("v", Role::kViewer);
  bad_hash.token_sha256 = "ABC";
  EXPECT_THAT(create({bad_hash}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("principals[0].token_sha256 \"ABC\": must "
                                 "be 64 lowercase hex digits")));
  EXPECT_THAT(create({Entry("v", Role::kViewer, {}, "same"),
                      Entry("w", Role::kViewer, {}, "same")}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("already the token of principals[0]")));
  PrincipalEntry first = Entry("v", Role::kViewer);
  first.certificate_names = {"v.example.org"};
  PrincipalEntry second = Entry("w", Role::kViewer);
  second.certificate_names = {"v.example.org"};
  EXPECT_THAT(create({first, second}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("principals[1].certificate_names "
                                 "\"v.example.org\": already a name of "
                                 "principals[0]")));
}

TEST(AuthorizeTest, NamesThePrincipalItsRoleAndWhatIsNeeded) {
  const Principal viewer{.id = "gov-viewer", .role = Role::kViewer};
  EXPECT_TRUE(Authorize(viewer, "/transpo.v1.DossierService/GetDossier").ok());
  EXPECT_THAT(Authorize(viewer, "/transpo.v1.DossierService/SetMilestone"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       "principal \"gov-viewer\" (viewer) may not call "
                       "/transpo.v1.DossierService/SetMilestone: it needs "
                       "the role coordinator or correspondent"));
  // A method without a rule is nobody's, not even the coordinator's.
  const Principal coordinator{.id = "ec", .role = Role::kCoordinator};
  EXPECT_THAT(Authorize(coordinator, "/transpo.v1.DossierService/Delete"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("no access rule names it")));
}

TEST(AlertScopeTest, LimitsACorrespondentToItsAdministrations) {
  const Principal correspondent{.id = "jd",
                                .role = Role::kCorrespondent,
                                .administrations = {"adm-a", "adm-b"}};
  EXPECT_EQ(*AlertScope(correspondent, ""),
            std::vector<std::string>({"adm-a", "adm-b"}));
  EXPECT_EQ(*AlertScope(correspondent, "adm-b"),
            std::vector<std::string>({"adm-b"}));
  EXPECT_THAT(AlertScope(correspondent, "adm-c").status(),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       "principal \"jd\" (correspondent of adm-a, adm-b) may "
                       "not see the alerts of administration \"adm-c\""));
  const Principal viewer{.id = "v", .role = Role::kViewer};
  EXPECT_TRUE(AlertScope(viewer, "")->empty());
  EXPECT_EQ(*AlertScope(viewer, "adm-c"), std::vector<std::string>({"adm-c"}));
}

}  // namespace
}  // namespace transpo::app
