// Every language has every word: the same keys in each table, every label a
// template names, every status, stage, type and kind.

#include "server/report/labels.h"

#include <regex>
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kainjow/mustache.hpp"
#include "server/report/templates.h"

namespace transpo::report {
namespace {

std::set<std::string> Keys(Language language) {
  std::set<std::string> keys;
  for (const Label& label : LabelTable(language)) {
    EXPECT_TRUE(keys.insert(std::string(label.key)).second)
        << LanguageCode(language) << " has " << label.key << " twice";
    EXPECT_FALSE(label.text.empty())
        << LanguageCode(language) << " " << label.key;
  }
  return keys;
}

TEST(LabelsTest, EveryLanguageHasTheSameKeys) {
  const std::set<std::string> english = Keys(Language::kEnglish);
  EXPECT_EQ(Keys(Language::kFrench), english);
  EXPECT_EQ(Keys(Language::kDutch), english);
}

TEST(LabelsTest, TheTemplatesParse) {
  // kainjow's mustache renders an invalid template as "" without a word.
  for (const char* tmpl : {NoteMarkdownTemplate(), HtmlPageTemplate()}) {
    kainjow::mustache::mustache parsed(tmpl);
    EXPECT_TRUE(parsed.is_valid()) << parsed.error_message();
  }
}

TEST(LabelsTest, EveryLabelATemplateNamesExists) {
  const std::set<std::string> keys = Keys(Language::kEnglish);
  const std::regex label(R"(\{\{l\.([a-z_0-9]+)\}\})");
  int named = 0;
  for (const char* tmpl : {NoteMarkdownTemplate(), HtmlPageTemplate()}) {
    const std::string text(tmpl);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), label);
         it != std::sregex_iterator(); ++it, ++named) {
      EXPECT_TRUE(keys.count((*it)[1])) << (*it)[1];
    }
  }
  EXPECT_GT(named, 40);
}

TEST(LabelsTest, EveryValueOfTheDomainHasAWordInEachLanguage) {
  for (Language language :
       {Language::kDutch, Language::kFrench, Language::kEnglish}) {
    const Labels labels(language);
    std::set<std::string> words;
    for (int s = 0;
         s <= static_cast<int>(domain::DossierStatus::kNotApplicable); ++s) {
      words.insert(labels.Status(static_cast<domain::DossierStatus>(s)));
    }
    for (int k = 0; k <= static_cast<int>(domain::StageKind::kSecondReferral);
         ++k) {
      words.insert(labels.Stage(static_cast<domain::StageKind>(k)));
    }
    for (int t = 0;
         t <= static_cast<int>(domain::ProcedureType::kBadApplication); ++t) {
      words.insert(labels.Type(static_cast<domain::ProcedureType>(t)));
    }
    words.insert(labels.CourtCaseKind(domain::CourtCaseKind::kAction));
    words.insert(
        labels.CourtCaseKind(domain::CourtCaseKind::kPreliminaryReference));
    for (int m = 1; m <= 12; ++m) words.insert(labels.Month(m));
    EXPECT_EQ(words.size(), 8u + 9u + 3u + 2u + 12u) << LanguageCode(language);
    for (const std::string& word : words) {
      EXPECT_NE(word.front(), '[') << LanguageCode(language) << ": " << word;
    }
  }
}

TEST(LabelsTest, AMissingKeyShowsInBrackets) {
  EXPECT_EQ(Labels(Language::kDutch).Get("no_such_key"), "[no_such_key]");
  EXPECT_EQ(Labels(Language::kFrench).Get("figure_overdue"), "En retard");
  EXPECT_EQ(Labels(Language::kDutch).Get("figure_overdue"), "Laattijdig");
}

}  // namespace
}  // namespace transpo::report
