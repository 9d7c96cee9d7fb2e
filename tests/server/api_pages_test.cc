// Every page fits a default client: lists and log reads are bounded by bytes
// as well as by count (a default gRPC client refuses responses over 4 MiB),
// and the next page token continues where a page was cut.

#include <set>
#include <string>

#include "tests/server/api_fixture.h"

namespace transpo {
namespace {

constexpr int kDossiers = 6;
constexpr int kMeasures = 50;  // the most a dossier may hold

class ApiPagesTest : public ApiTest {
 protected:
  // kDossiers dossiers, each with kMeasures measures as large as the bounds
  // allow: over 4 MiB together.
  void SetUp() override {
    ApiTest::SetUp();
    for (int d = 0; d < kDossiers; ++d) {
      v1::Directive directive = Whistleblowers();
      directive.set_celex(absl::StrFormat("320%02dL0001", 10 + d));
      directive.set_adoption_date("");
      ASSERT_TRUE(Create(directive).ok());
      v1::RecordMeasureRequest measure;
      measure.set_celex(directive.celex());
      v1::Measure& m = *measure.mutable_measure();
      m.set_act_type("order");
      m.set_title(std::string(2000, 't'));
      m.set_reference(std::string(2000, 'r'));
      m.set_correlation_table(std::string(2000, 'c'));
      for (int c = 0; c < 50; ++c) m.add_covers(std::string(200, 'a'));
      for (int i = 0; i < kMeasures; ++i) {
        m.set_id(absl::StrCat("m", i));
        v1::RecordMeasureResponse recorded;
        ASSERT_TRUE(
            dossiers_->RecordMeasure(Ctx().get(), measure, &recorded).ok());
      }
    }
  }
};

TEST_F(ApiPagesTest, ListPagesStayUnderTheDefaultReceiveLimit) {
  std::set<std::string> seen;
  int pages = 0;
  v1::ListDossiersRequest request;  // default page size: 50
  for (;;) {
    v1::ListDossiersResponse response;
    grpc::Status status =
        dossiers_->ListDossiers(Ctx().get(), request, &response);
    ASSERT_TRUE(status.ok())
        << status.error_code() << " " << status.error_message();
    EXPECT_LE(response.ByteSizeLong(), size_t{4} << 20);
    ++pages;
    for (const v1::Dossier& d : response.dossiers()) {
      EXPECT_TRUE(seen.insert(d.celex()).second) << d.celex() << " twice";
      EXPECT_EQ(d.measures_size(), kMeasures);
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kDossiers));
  EXPECT_GE(pages, 2);  // the bytes cut the page, not the count
}

TEST_F(ApiPagesTest, TheLargestDossierFitsOneResponse) {
  v1::GetDossierRequest get;
  get.set_celex("32010L0001");
  v1::GetDossierResponse got;
  ASSERT_TRUE(dossiers_->GetDossier(Ctx().get(), get, &got).ok());
  EXPECT_GT(got.ByteSizeLong(), size_t{500} << 10);
  EXPECT_LT(got.ByteSizeLong(), size_t{3} << 20);
}

TEST_F(ApiPagesTest, EventPagesStayUnderTheDefaultReceiveLimit) {
  uint64_t next = 0;
  uint64_t read = 0;
  int pages = 0;
  v1::ReadEventsRequest request;
  request.set_page_size(1000);
  for (;;) {
    v1::ReadEventsResponse response;
    grpc::Status status = events_->ReadEvents(Ctx().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ++pages;
    for (const v1::Event& e : response.events()) {
      EXPECT_EQ(e.position(), ++next);
      ++read;
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(read, Head());
  EXPECT_GE(pages, 2);
}

TEST_F(ApiPagesTest, StreamPagesStayUnderTheDefaultReceiveLimit) {
  // Replacing a large measure again and again grows one stream past 4 MiB.
  v1::RecordMeasureRequest measure;
  measure.set_celex("32010L0001");
  v1::Measure& m = *measure.mutable_measure();
  m.set_id("m0");
  m.set_act_type("order");
  m.set_title(std::string(2000, 't'));
  m.set_reference(std::string(2000, 'r'));
  m.set_correlation_table(std::string(2000, 'c'));
  for (int c = 0; c < 50; ++c) m.add_covers(std::string(200, 'a'));
  for (int i = 0; i < 250; ++i) {
    v1::RecordMeasureResponse recorded;
    ASSERT_TRUE(dossiers_->RecordMeasure(Ctx().get(), measure, &recorded).ok());
  }
  v1::ReadStreamRequest stream;
  stream.set_stream("directive-32010L0001");
  stream.set_page_size(1000);
  uint64_t version = 0;
  int pages = 0;
  for (;;) {
    v1::ReadStreamResponse response;
    grpc::Status status = events_->ReadStream(Ctx().get(), stream, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ++pages;
    for (const v1::Event& e : response.events()) {
      EXPECT_EQ(e.stream_version(), ++version);
    }
    if (response.next_page_token().empty()) break;
    stream.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(version, 1u + kMeasures + 250);
  EXPECT_GE(pages, 2);
}

}  // namespace
}  // namespace transpo
