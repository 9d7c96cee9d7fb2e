#include "clients/csv.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace transpo::clients {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

TEST(CsvTest, ReadsQuotedCellsCommentsAndLineEnds) {
  ASSERT_OK_AND_ASSIGN(std::vector<CsvRow> rows,
                       ParseCsv("# a comment\n"
                                "a,b,c\r\n"
                                "\n"
                                "1,\"two, with a comma\",\"say \"\"hi\"\"\"\n"
                                "x,\"two\nlines\",\n"
                                "last,,\"# not a comment\""));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_THAT(rows[0].cells, ElementsAre("a", "b", "c"));
  EXPECT_EQ(rows[1].line, 4);
  EXPECT_THAT(rows[1].cells,
              ElementsAre("1", "two, with a comma", "say \"hi\""));
  EXPECT_THAT(rows[2].cells, ElementsAre("x", "two\nlines", ""));
  EXPECT_EQ(rows[3].line, 7);  // after the two-line cell
  EXPECT_THAT(rows[3].cells, ElementsAre("last", "", "# not a comment"));
}

TEST(CsvTest, NamesTheLineOfBrokenQuoting) {
  EXPECT_THAT(ParseCsv("a,b\n1,\"never closed\n2,3\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("line 2: a quoted cell is never closed")));
  EXPECT_THAT(ParseCsv("a,b\n1,\"x\"y\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("line 2: text after the closing quote")));
}

TEST(CsvTest, WhatItWritesReadsBackTheSame) {
  const std::vector<std::string> cells = {
      "#first", "comma, inside", "quote \" inside", "line\nbreak", "", "plain"};
  const std::string line = FormatCsvRow(cells);
  EXPECT_EQ(line.back(), '\n');
  ASSERT_OK_AND_ASSIGN(std::vector<CsvRow> rows, ParseCsv(line));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells, cells);
  EXPECT_EQ(FormatCsvRow({"a", "b"}), "a,b\n");
}

}  // namespace
}  // namespace transpo::clients
