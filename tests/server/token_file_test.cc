// The token file: text format in, a principal directory out, errors naming
// the file, the line or the entry; the entry token create prints reads back.

#include "server/token_file.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace transpo {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

TEST(TokenFileTest, ReadsPrincipals) {
  auto directory = ParseTokenFile("t", R"pb(
    principals {
      id: "euro-coordinator"
      role: "coordinator"
      token_sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    }
    principals {
      id: "jdupont"
      role: "correspondent"
      administrations: "adm-a"
      certificate_names: "jdupont.example.org"
    }
  )pb");
  ASSERT_TRUE(directory.ok()) << directory.status();
  EXPECT_EQ((*directory)->size(), 2u);
  EXPECT_EQ((*directory)->ByTokenHash(app::HashToken("abc"))->id,
            "euro-coordinator");
  const app::Principal* jd =
      (*directory)->ByCertificateName("jdupont.example.org");
  ASSERT_NE(jd, nullptr);
  EXPECT_EQ(jd->role, app::Role::kCorrespondent);
}

TEST(TokenFileTest, ErrorsNameTheFileAndWhere) {
  EXPECT_THAT(ParseTokenFile("tokens.txt", "principals { id: \"a\"\n  rol: 1 }")
                  .status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("token file tokens.txt: line 2 column")));
  EXPECT_THAT(
      ParseTokenFile("tokens.txt", "principals { id: \"a\" role: \"admin\" }")
          .status(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "token file tokens.txt: principals[0].role \"admin\": "
               "expected coordinator, correspondent, viewer or "
               "service"));
  EXPECT_THAT(ParseTokenFile("tokens.txt",
                             "principals { id: \"a\" role: \"viewer\" "
                             "token_sha256: \"secret\" }")
                  .status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("principals[0].token_sha256")));
  EXPECT_THAT(LoadTokenFile("/nonexistent/tokens.txt").status(),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("/nonexistent/tokens.txt")));
}

TEST(TokenFileTest, TheEntryTokenCreatePrintsReadsBack) {
  const app::Principal principal{.id = "jdupont",
                                 .role = app::Role::kCorrespondent,
                                 .administrations = {"adm-a", "adm-b"}};
  const std::string entry =
      TokenFileEntry(principal, app::HashToken("the token"));
  auto directory = ParseTokenFile("t", entry);
  ASSERT_TRUE(directory.ok()) << directory.status() << "\n" << entry;
  const app::Principal* read =
      (*directory)->ByTokenHash(app::HashToken("the token"));
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->id, "jdupont");
  EXPECT_EQ(read->administrations, principal.administrations);
}

}  // namespace
}  // namespace transpo
