#include "clients/import/records.h"

#include <google/protobuf/util/message_differencer.h>

#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace transpo::clients {
namespace {

using ::testing::HasSubstr;
using ::transpo::testing::StatusIs;

constexpr char kHeader[] =
    "celex,short_title,deadline,other_deadlines,policy_area,confidence\n";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(RecordsTest, ReadsTheSharedFormatWithStaggeredDeadlines) {
  ASSERT_OK_AND_ASSIGN(
      ParsedFile file,
      ParseRecords(absl::StrCat(
          kHeader,
          "32019L0904,Single-use plastics,2021-07-03,2024-07-03 Art 6(1); "
          "2024-12-31 extended producer responsibility,environment,found\n")));
  EXPECT_EQ(file.format, "dossiers CSV");
  ASSERT_TRUE(file.errors.empty());
  ASSERT_EQ(file.records.size(), 1u);
  const SourceRecord& r = file.records[0];
  EXPECT_EQ(r.line, 2);
  const v1::Directive& d = r.record.dossier().directive();
  EXPECT_EQ(d.celex(), "32019L0904");
  ASSERT_EQ(d.deadlines_size(), 3);
  EXPECT_EQ(d.deadlines(1).date(), "2024-07-03");
  EXPECT_EQ(d.deadlines(1).scope(), "Art 6(1)");
  EXPECT_EQ(d.deadlines(2).scope(), "extended producer responsibility");
  // The columns it has are the ones import manages.
  EXPECT_TRUE(r.Has("policy_area"));
  EXPECT_FALSE(r.Has("status"));
  EXPECT_FALSE(r.Has("measures"));
}

TEST(RecordsTest, EveryRowOfTheShippedFilesReads) {
  for (const char* name :
       {"/directives.csv", "/administrations.csv", "/dossiers.csv"}) {
    ASSERT_OK_AND_ASSIGN(ParsedFile file,
                         ParseRecords(ReadFile(std::string(DEMO_DIR) + name)));
    EXPECT_TRUE(file.errors.empty())
        << name << ": " << file.errors.front().ToString();
    EXPECT_GE(file.records.size(), 11u) << name;
  }
}

TEST(RecordsTest, ReadsTheSupersetColumnsAndJsonCells) {
  ASSERT_OK_AND_ASSIGN(
      ParsedFile file,
      ParseRecords(
          "celex,short_title,deadline,status,lead_administration,"
          "correspondents,milestones,measures,procedures\n"
          "32019L1937,Whistleblowers,2021-12-17,partially-notified,gob,"
          "a.janssens; b.peeters,"
          "\"[{\"\"kind\"\":\"\"MILESTONE_KIND_DRAFT\"\",\"\"actualDate\"\":"
          "\"\"2022-03-01\"\"}]\","
          "\"[{\"\"id\"\":\"\"ord-1\"\",\"\"actType\"\":\"\"ordinance\"\","
          "\"\"title\"\":\"\"T\"\",\"\"notificationDate\"\":\"\"2023-04-05\"\","
          "\"\"notificationScope\"\":\"\"NOTIFICATION_SCOPE_PARTIAL\"\"}]\","
          "\"[{\"\"number\"\":\"\"INFR(2022)0075\"\",\"\"type\"\":"
          "\"\"PROCEDURE_TYPE_NON_COMMUNICATION\"\",\"\"celex\"\":"
          "[\"\"32019L1937\"\"]}]\"\n"));
  ASSERT_TRUE(file.errors.empty()) << file.errors.front().ToString();
  ASSERT_EQ(file.records.size(), 2u);  // the dossier, then its procedure
  const v1::Dossier& d = file.records[0].record.dossier().dossier();
  EXPECT_EQ(d.celex(), "32019L1937");
  EXPECT_EQ(d.status(), v1::DOSSIER_STATUS_PARTIALLY_NOTIFIED);
  EXPECT_EQ(d.lead_administration(), "gob");
  ASSERT_EQ(d.correspondents_size(), 2);
  EXPECT_EQ(d.correspondents(1), "b.peeters");
  ASSERT_EQ(d.milestones_size(), 1);
  EXPECT_EQ(d.milestones(0).actual_date(), "2022-03-01");
  ASSERT_EQ(d.measures_size(), 1);
  EXPECT_EQ(d.measures(0).notification_scope(), v1::NOTIFICATION_SCOPE_PARTIAL);
  EXPECT_EQ(file.records[1].record.procedure().number(), "INFR(2022)0075");
  EXPECT_EQ(file.records[1].line, 2);
}

TEST(RecordsTest, ABadRowIsReportedWithItsLineColumnAndValue) {
  ASSERT_OK_AND_ASSIGN(
      ParsedFile file,
      ParseRecords(absl::StrCat("celex,short_title,deadline,status,measures\n",
                                "32019L0904,Good,2021-07-03,drafting,\n",
                                "32019L0905,Bad date,2021-02-30,drafting,\n",
                                "32019L0906,Bad status,2021-07-03,finished,\n",
                                "32019L0907,Bad JSON,2021-07-03,drafting,[{\n",
                                "32019L0908,Too,few\n")));
  ASSERT_EQ(file.records.size(), 1u);
  EXPECT_EQ(file.records[0].record.dossier().directive().celex(), "32019L0904");
  ASSERT_EQ(file.errors.size(), 4u);
  EXPECT_EQ(file.errors[0].ToString(),
            "line 3, column deadline, \"2021-02-30\": want a date, "
            "YYYY-MM-DD (and its scope, if any)");
  EXPECT_EQ(file.errors[1].line, 4);
  EXPECT_EQ(file.errors[1].column, "status");
  EXPECT_EQ(file.errors[1].value, "finished");
  EXPECT_EQ(file.errors[2].column, "measures");
  EXPECT_THAT(file.errors[2].reason, HasSubstr("want a JSON array"));
  EXPECT_EQ(file.errors[3].ToString(), "line 6: 3 cells, the header has 5");
}

TEST(RecordsTest, AFileOfNoKnownFormatIsRefusedWhole) {
  EXPECT_THAT(ParseRecords("celex,short_title,deadline,colour\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("line 1: unknown column \"colour\"")));
  EXPECT_THAT(ParseRecords("celex,policy_area\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("no column \"short_title\"")));
}

TEST(RecordsTest, AnEmptyFileHoldsNoRecordAndAByteOrderMarkIsSkipped) {
  // What the export of an empty server looks like.
  for (const char* text : {"", "# only a comment\n", "\n\n"}) {
    ASSERT_OK_AND_ASSIGN(ParsedFile file, ParseRecords(text));
    EXPECT_EQ(file.format, "empty file");
    EXPECT_TRUE(file.records.empty());
  }
  // Excel's "CSV UTF-8".
  ASSERT_OK_AND_ASSIGN(ParsedFile file,
                       ParseRecords("\xEF\xBB\xBF"
                                    "administration,name_nl,name_fr\n"
                                    "be,LB,BE\n"));
  EXPECT_EQ(file.format, "administrations CSV");
  EXPECT_EQ(file.records.size(), 1u);
}

TEST(RecordsTest, AdministrationRowsGroupByAdministration) {
  ASSERT_OK_AND_ASSIGN(
      ParsedFile file,
      ParseRecords("administration,name_nl,name_fr,correspondent,"
                   "correspondent_name,email,language,active\n"
                   "be,Leefmilieu Brussel,Bruxelles Environnement,s.p,Sofie,"
                   "s@example.org,nl,true\n"
                   "be,Leefmilieu Brussel,Bruxelles Environnement,m.d,Marc,"
                   "m@example.org,fr,false\n"
                   "gob,GOB,SPRB,,,,,\n"
                   "bad,x,y,z,Z,z@example.org,de,true\n"));
  EXPECT_EQ(file.format, "administrations CSV");
  ASSERT_EQ(file.records.size(), 2u);
  const v1::Administration& be = file.records[0].record.administration();
  ASSERT_EQ(be.correspondents_size(), 2);
  EXPECT_EQ(be.correspondents(1).language(), v1::LANGUAGE_FR);
  EXPECT_FALSE(be.correspondents(1).active());
  EXPECT_EQ(file.records[1].record.administration().correspondents_size(), 0);
  ASSERT_EQ(file.errors.size(), 1u);
  EXPECT_EQ(file.errors[0].ToString(),
            "line 5, column language, \"de\": want nl or fr");
}

TEST(RecordsTest, WhatTheWritersWriteReadsBackTheSame) {
  ASSERT_OK_AND_ASSIGN(
      ParsedFile dossiers,
      ParseRecords(ReadFile(std::string(DEMO_DIR) + "/dossiers.csv")));
  ASSERT_OK_AND_ASSIGN(
      ParsedFile administrations,
      ParseRecords(ReadFile(std::string(DEMO_DIR) + "/administrations.csv")));
  std::vector<v1::ExportRecord> records;
  for (const ParsedFile* f : {&administrations, &dossiers}) {
    for (const SourceRecord& r : f->records) records.push_back(r.record);
  }
  for (const std::string& text :
       {WriteJsonLines(records), WriteAdministrationsCsv(records),
        WriteDossiersCsv(records)}) {
    ASSERT_OK_AND_ASSIGN(ParsedFile back, ParseRecords(text));
    ASSERT_TRUE(back.errors.empty()) << back.errors.front().ToString();
    // The records of the format, one for one, in order (the dossiers CSV
    // carries each procedure on the row of its directive).
    std::vector<const v1::ExportRecord*> want;
    for (const v1::ExportRecord& r : records) {
      if (back.format == "JSON lines" ||
          (back.format == "administrations CSV" && r.has_administration()) ||
          (back.format == "dossiers CSV" && !r.has_administration())) {
        want.push_back(&r);
      }
    }
    ASSERT_EQ(back.records.size(), want.size()) << back.format;
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
          back.records[i].record, *want[i]))
          << back.format << " record " << i;
    }
  }
}

}  // namespace
}  // namespace transpo::clients
