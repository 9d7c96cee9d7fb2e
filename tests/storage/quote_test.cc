#include "storage/quote.h"

#include <string>

#include "gtest/gtest.h"

namespace transpo {
namespace {

TEST(QuoteTest, ShortPrintableValuesAreQuotedAsTheyAre) {
  EXPECT_EQ(Quote("dossier-32019L1937"), "\"dossier-32019L1937\"");
  EXPECT_EQ(Quote(""), "\"\"");
}

TEST(QuoteTest, ControlBytesAndQuotesAreEscaped) {
  EXPECT_EQ(Quote(std::string("a\nb\"c\x01\xff", 7)),
            "\"a\\nb\\\"c\\x01\\xff\"");
}

TEST(QuoteTest, LongValuesAreCutTo64BytesAndSayTheirLength) {
  EXPECT_EQ(Quote(std::string(64, 'x')), "\"" + std::string(64, 'x') + "\"");
  EXPECT_EQ(Quote(std::string(65, 'x')),
            "\"" + std::string(64, 'x') + "\"... (65 bytes)");
  // Escaping applies to the kept bytes only: at most 4 characters each.
  const std::string quoted = Quote(std::string(1 << 20, '\x01'));
  EXPECT_LE(quoted.size(), 4 * kMaxQuotedBytes + 32);
}

}  // namespace
}  // namespace transpo
