// Training: deterministic bytes, a script table learned from the text, per-language tables that
// do not depend on the other languages, calibrated probabilities on held-out lines.
#include "langid/trainer.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "langid/calibration.h"
#include "langid/identifier.h"
#include "text/utf8.h"
#include "tiny_model.h"

namespace loka::langid {
namespace {

using testing::TinyOptions;
using testing::TinyRows;

// bucket -> q of language `code` in `m`, from its sparse entries and dense rows.
std::map<uint32_t, int> TableOf(const ModelData& m, const std::string& code) {
  const size_t l = static_cast<size_t>(
      std::lower_bound(m.languages.begin(), m.languages.end(), code) - m.languages.begin());
  const uint32_t stride = DenseRowStride(m.languages.size());
  std::map<uint32_t, int> t;
  for (uint32_t b = 0; b + 1 < m.bucket_start.size(); ++b) {
    if ((m.dense_bitmap[b / 64] >> (b % 64)) & 1) {
      const int q = m.dense_rows[size_t{m.entries[m.bucket_start[b]]} * stride + l];
      if (q) t[b] = q;
      continue;
    }
    for (uint32_t e = m.bucket_start[b]; e < m.bucket_start[b + 1]; ++e) {
      if ((m.entries[e] >> kValueBits) == l) t[b] = m.entries[e] & kValueMask;
    }
  }
  return t;
}

TEST(TrainerTest, SameInputSameBytes) {
  Result<std::string> a = testing::TrainBytes(TinyRows(), TinyOptions());
  Result<std::string> b = testing::TrainBytes(TinyRows(), TinyOptions());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(*a == *b);
}

TEST(TrainerTest, ScriptTableComesFromTheText) {
  TrainReport rep;
  Result<ModelData> m = Train(TinyRows(), TinyOptions(), &rep);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  std::map<std::string, std::vector<std::string>> scripts;
  for (const ScriptCandidates& s : m->scripts) {
    for (const uint16_t l : s.languages) scripts[s.script].push_back(m->languages[l]);
  }
  EXPECT_EQ(scripts["Ethi"], (std::vector<std::string>{"amh", "tir"}));
  EXPECT_EQ(scripts["Deva"], (std::vector<std::string>{"hin", "mar"}));
  EXPECT_EQ(scripts["Cyrl"], (std::vector<std::string>{"rus", "ukr"}));
  EXPECT_EQ(scripts["Latn"], (std::vector<std::string>{"deu", "eng", "fra", "spa"}));
  EXPECT_EQ(scripts["Grek"], (std::vector<std::string>{"ell"}));
  EXPECT_EQ(scripts["Olck"], (std::vector<std::string>{"sat"}));
  EXPECT_EQ(rep.lines, 228u);
  EXPECT_EQ(rep.labels, 12u);
  EXPECT_EQ(rep.table_languages, 10u);  // ell and sat need no table: their script decides
  EXPECT_TRUE(TableOf(*m, "ell").empty());
  EXPECT_FALSE(TableOf(*m, "eng").empty());
}

TEST(TrainerTest, ExtraScriptLanguageIsAnsweredWithoutData) {
  TrainOptions o = TinyOptions();
  o.script_languages = {{"Mtei", "mni"}};
  Result<std::string> bytes = testing::TrainBytes(TinyRows(), o);
  ASSERT_TRUE(bytes.ok());
  Result<Identifier> id = Identifier::Load(testing::WriteTemp("mni.bin", *bytes));
  ASSERT_TRUE(id.ok());
  LangResult r;
  ASSERT_TRUE(id->Identify("ꯃꯤꯇꯩ ꯂꯣꯟ", {}, &r).ok());
  EXPECT_EQ(r.language, "mni");
  EXPECT_EQ(r.script, "Mtei");
}

TEST(TrainerTest, AddingALanguageLeavesTheOthersTablesAlone) {
  std::vector<learn::LabelledText> without;
  for (const auto& row : TinyRows()) {
    if (row.label != "spa") without.push_back(row);
  }
  Result<ModelData> a = Train(without, TinyOptions(), nullptr);
  Result<ModelData> b = Train(TinyRows(), TinyOptions(), nullptr);
  ASSERT_TRUE(a.ok() && b.ok());
  for (const char* code : {"eng", "fra", "deu", "hin", "amh"}) {
    EXPECT_EQ(TableOf(*a, code), TableOf(*b, code)) << code;
    const size_t la = std::lower_bound(a->languages.begin(), a->languages.end(), code) - a->languages.begin();
    const size_t lb = std::lower_bound(b->languages.begin(), b->languages.end(), code) - b->languages.begin();
    const size_t orders = 5;
    for (size_t n = 0; n < orders; ++n) {
      EXPECT_EQ(a->floors[la * orders + n], b->floors[lb * orders + n]) << code;
    }
  }
}

TEST(TrainerTest, RejectsBadInput) {
  EXPECT_EQ(Train({}, TinyOptions(), nullptr).status().code(), StatusCode::kInvalidArgument);
  Result<ModelData> bad_label = Train({{"English", "some text here"}}, TinyOptions(), nullptr);
  ASSERT_FALSE(bad_label.ok());
  EXPECT_EQ(bad_label.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad_label.status().message().find("'English'"), std::string::npos);
  EXPECT_EQ(Train({{"und", "some text here"}}, TinyOptions(), nullptr).status().code(),
            StatusCode::kInvalidArgument);
  TrainOptions o = TinyOptions();
  o.script_languages = {{"Xxxx", "abc"}};
  EXPECT_EQ(Train(TinyRows(), o, nullptr).status().code(), StatusCode::kInvalidArgument);
  o = TinyOptions();
  o.script_languages = {{"Olck", "Santali"}};
  EXPECT_EQ(Train(TinyRows(), o, nullptr).status().code(), StatusCode::kInvalidArgument);
}

// First n code points, trailing spaces dropped (the test20/test50 cut).
std::string Cut(const std::string& s, size_t n) {
  size_t pos = 0;
  for (size_t i = 0; i < n && pos < s.size(); ++i) text::DecodeUtf8(s, &pos);
  std::string c = s.substr(0, pos);
  while (!c.empty() && c.back() == ' ') c.pop_back();
  return c;
}

// Lines the model never saw (every 4th per language), full and cut to 20 and 50 code points:
// the top candidate's probability must match how often it is right.
TEST(TrainerTest, ProbabilitiesAreCalibratedOnUnseenLines) {
  std::vector<learn::LabelledText> train, unseen;
  std::map<std::string, int> seen;
  for (const auto& row : TinyRows()) (seen[row.label]++ % 4 == 3 ? unseen : train).push_back(row);
  Result<std::string> bytes = testing::TrainBytes(train, TinyOptions());
  ASSERT_TRUE(bytes.ok());
  Result<Identifier> id = Identifier::Load(testing::WriteTemp("calib.bin", *bytes));
  ASSERT_TRUE(id.ok());
  std::vector<ConfidenceSample> samples;
  double confidence = 0, correct = 0;
  for (const auto& row : unseen) {
    for (const std::string& t : {row.text, Cut(row.text, 50), Cut(row.text, 20)}) {
      LangResult r;
      ASSERT_TRUE(id->Identify(t, {}, &r).ok());
      ASSERT_FALSE(r.candidates.empty()) << t;
      const bool right = r.candidates[0].language == row.label;
      samples.push_back({r.candidates[0].probability, right});
      confidence += r.candidates[0].probability;
      correct += right;
    }
  }
  const double n = static_cast<double>(samples.size());
  EXPECT_GT(correct / n, 0.85);
  EXPECT_NEAR(confidence / n, correct / n, 0.08);
  EXPECT_LT(ExpectedCalibrationError(samples), 0.12);
}

}  // namespace
}  // namespace loka::langid
