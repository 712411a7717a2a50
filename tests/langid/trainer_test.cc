// Training: deterministic bytes, a script table learned from the text, per-language tables that
// do not depend on the other languages, calibrated probabilities on held-out lines.
#include "langid/trainer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "langid/calibration.h"
#include "langid/classifier.h"
#include "langid/cleanup.h"
#include "langid/identifier.h"
#include "langid/ngrams.h"
#include "text/utf8.h"
#include "tiny_model.h"

namespace loka::langid {
namespace {

using testing::TinyOptions;
using testing::TinyRows;

// bucket -> q of the first profile of language `code` in `m` (the `nth` after it: its domain
// profiles in label order), from its sparse entries and dense rows.
std::map<uint32_t, int> TableOf(const ModelData& m, const std::string& code, size_t nth = 0) {
  const size_t l = static_cast<size_t>(
      std::lower_bound(m.profiles.begin(), m.profiles.end(), code) - m.profiles.begin()) + nth;
  const uint32_t stride = DenseRowStride(m.profiles.size());
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
    for (const uint16_t l : s.profiles) scripts[s.script].push_back(m->profiles[l]);
  }
  EXPECT_EQ(scripts["Ethi"], (std::vector<std::string>{"amh", "tir"}));
  EXPECT_EQ(scripts["Deva"], (std::vector<std::string>{"hin", "mar"}));
  EXPECT_EQ(scripts["Cyrl"], (std::vector<std::string>{"rus", "ukr"}));
  EXPECT_EQ(scripts["Latn"], (std::vector<std::string>{"deu", "eng", "fra", "spa"}));
  EXPECT_EQ(scripts["Grek"], (std::vector<std::string>{"ell"}));
  EXPECT_EQ(scripts["Olck"], (std::vector<std::string>{"sat"}));
  EXPECT_EQ(rep.lines, 228u);
  EXPECT_EQ(rep.labels, 12u);
  EXPECT_EQ(rep.languages, 12u);
  EXPECT_EQ(rep.profiles, 12u);
  EXPECT_EQ(rep.table_profiles, 10u);  // ell and sat need no table: their script decides
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

// Under either keep policy (KeepPolicy::kGain with tables small enough to prune).
class AddingALanguageTest : public ::testing::TestWithParam<KeepPolicy> {};

TEST_P(AddingALanguageTest, LeavesTheOthersTablesAlone) {
  std::vector<learn::LabelledText> without;
  for (const auto& row : TinyRows()) {
    if (row.label != "spa") without.push_back(row);
  }
  TrainOptions o = TinyOptions();
  o.keep_policy = GetParam();
  if (o.keep_policy == KeepPolicy::kGain) o.max_entries_per_language = 200;
  Result<ModelData> a = Train(without, o, nullptr);
  Result<ModelData> b = Train(TinyRows(), o, nullptr);
  ASSERT_TRUE(a.ok() && b.ok());
  for (const char* code : {"eng", "fra", "deu", "hin", "amh"}) {
    EXPECT_EQ(TableOf(*a, code), TableOf(*b, code)) << code;
    const size_t la =
        std::lower_bound(a->profiles.begin(), a->profiles.end(), code) - a->profiles.begin();
    const size_t lb =
        std::lower_bound(b->profiles.begin(), b->profiles.end(), code) - b->profiles.begin();
    const size_t orders = 5;
    for (size_t n = 0; n < orders; ++n) {
      EXPECT_EQ(a->floors[la * orders + n], b->floors[lb * orders + n]) << code;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(TrainerTest, AddingALanguageTest,
                         ::testing::Values(KeepPolicy::kCount, KeepPolicy::kGain));

// The log-likelihood profile `code` of `m` gives its own training lines: per n-gram, its order's
// floor plus the stored value of its bucket.
double OwnTextLogLikelihood(const ModelData& m, const std::string& code) {
  const std::map<uint32_t, int> table = TableOf(m, code);
  const size_t l = static_cast<size_t>(
      std::lower_bound(m.profiles.begin(), m.profiles.end(), code) - m.profiles.begin());
  const uint32_t orders = m.config.max_order - m.config.min_order + 1;
  double ll = 0;
  std::vector<uint32_t> ids;
  std::vector<uint8_t> ords;
  NgramStats stats;
  for (const auto& row : TinyRows()) {
    if (row.label != code) continue;
    Result<std::string> norm = NormalizeForNgrams(row.text);
    EXPECT_TRUE(norm.ok());
    ids.clear();
    ords.clear();
    HashedNgrams(*norm, m.config.min_order, m.config.max_order, m.config.bucket_bits, &ids,
                 &stats, &ords);
    for (size_t k = 0; k < ids.size(); ++k) {
      ll += m.floors[l * orders + (ords[k] - m.config.min_order)];
      const auto it = table.find(ids[k]);
      if (it != table.end()) ll += it->second * m.config.value_scale;
    }
  }
  return ll;
}

// With fewer entries than buckets worth keeping, KeepPolicy::kGain keeps other buckets than the
// most frequent ones, within the same limit, and its table gives the profile's own text a higher
// likelihood: the entries go where falling to the floor would cost the most.
TEST(TrainerTest, GainKeepsTheBucketsItsOwnTextNeedsMost) {
  TrainOptions o = TinyOptions();
  o.max_entries_per_language = 150;
  Result<ModelData> count = Train(TinyRows(), o, nullptr);
  o.keep_policy = KeepPolicy::kGain;
  Result<ModelData> gain = Train(TinyRows(), o, nullptr);
  ASSERT_TRUE(count.ok() && gain.ok());
  for (const char* code : {"eng", "fra", "deu", "spa", "hin", "rus"}) {
    EXPECT_LE(TableOf(*gain, code).size(), 150u) << code;
    EXPECT_NE(TableOf(*gain, code), TableOf(*count, code)) << code;
    EXPECT_GT(OwnTextLogLikelihood(*gain, code), OwnTextLogLikelihood(*count, code)) << code;
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

// A label "code/domain" is a profile of its own: the German software strings (deu/ui) get a
// table beside the UDHR one, and both carry the code deu. Greek's script has one language, so
// ell/ui needs no table either.
TEST(TrainerTest, DomainLabelsBecomeProfilesOfTheirLanguage) {
  TrainOptions o = TinyOptions();
  o.max_entries_paired = 0;  // deu's UDHR profile gets the budget it has without deu/ui
  TrainReport rep;
  Result<ModelData> m = Train(testing::TinyProfileRows(), o, &rep);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  const std::vector<std::string> want = {"amh", "deu", "deu", "ell", "ell", "eng", "fra",
                                         "hin", "mar", "rus", "sat", "spa", "tir", "ukr"};
  EXPECT_EQ(m->profiles, want);
  EXPECT_EQ(rep.labels, 14u);
  EXPECT_EQ(rep.languages, 12u);
  EXPECT_EQ(rep.profiles, 14u);
  EXPECT_EQ(rep.table_profiles, 11u);  // the ten of TinyRows plus deu/ui
  std::map<std::string, std::vector<std::string>> scripts;
  for (const ScriptCandidates& s : m->scripts) {
    for (const uint16_t p : s.profiles) scripts[s.script].push_back(m->profiles[p]);
  }
  EXPECT_EQ(scripts["Latn"], (std::vector<std::string>{"deu", "deu", "eng", "fra", "spa"}));
  EXPECT_EQ(scripts["Grek"], (std::vector<std::string>{"ell", "ell"}));
  // The UDHR profile of deu (the first: "deu" sorts before "deu/ui") is the table trained
  // without the software strings.
  Result<ModelData> plain = Train(TinyRows(), o, nullptr);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(TableOf(*m, "deu"), TableOf(*plain, "deu"));
  EXPECT_EQ(TableOf(*m, "eng"), TableOf(*plain, "eng"));
}

TEST(TrainerTest, RejectsBadDomainLabels) {
  for (const char* label : {"deu/UI", "deu/", "deu/ui/x", "deu/u-i", "/ui", "und/ui",
                            "deu/abcdefghijklmnopq"}) {
    std::vector<learn::LabelledText> rows = TinyRows();
    rows.push_back({label, "Datei speichern"});
    Result<ModelData> m = Train(rows, TinyOptions(), nullptr);
    ASSERT_FALSE(m.ok()) << label;
    EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument) << label;
    EXPECT_NE(m.status().message().find(std::string("'") + label + "'"), std::string::npos)
        << m.status().ToString();
  }
}

// The merge rule, checked against models that hold one profile each: with deu's two profiles,
// deu's raw score on any text is the larger of the scores of a model whose deu is the UDHR
// profile alone and of one whose deu is the software profile alone (tables do not depend on
// each other, so the numbers are exactly equal).
TEST(TrainerTest, ALanguageScoresItsBestProfile) {
  std::vector<learn::LabelledText> ui_only;  // deu's lines replaced by the deu/ui ones as deu
  for (const auto& row : TinyRows()) {
    if (row.label != "deu") ui_only.push_back(row);
  }
  for (const auto& row : testing::TinyUiRows()) {
    if (row.label == "deu/ui") ui_only.push_back({"deu", row.text});
  }
  TrainOptions o = TinyOptions();
  o.max_entries_paired = 0;  // every plain profile gets the same budget in the three models
  Result<std::string> both = testing::TrainBytes(testing::TinyProfileRows(), o);
  Result<std::string> udhr = testing::TrainBytes(TinyRows(), o);
  Result<std::string> ui = testing::TrainBytes(ui_only, o);
  ASSERT_TRUE(both.ok() && udhr.ok() && ui.ok());
  Result<ModelView> vb = ParseModel(*both, "both"), vd = ParseModel(*udhr, "udhr"),
                    vu = ParseModel(*ui, "ui");
  ASSERT_TRUE(vb.ok() && vd.ok() && vu.ok());
  const Classifier cb(*vb), cd(*vd), cu(*vu);
  // deu's index among the Latin languages (deu eng fra spa) is 0 in all three models.
  for (const char* text : {"Alle Menschen sind frei und gleich an Würde und Rechten geboren.",
                           "Datei konnte nicht gespeichert werden", "Neues Lesezeichen",
                           "the right to work and to free choice of employment"}) {
    RawScores rb, rd, ru;
    ASSERT_TRUE(cb.Score(text, &rb).ok() && cd.Score(text, &rd).ok() && cu.Score(text, &ru).ok());
    ASSERT_EQ(rb.evidence, Evidence::kModel);
    ASSERT_EQ(rb.scores.size(), 4u) << text;
    ASSERT_EQ(rd.scores.size(), 4u);
    EXPECT_EQ(rb.scores[0], std::max(rd.scores[0], ru.scores[0])) << text;
    EXPECT_EQ(vb->profiles[rb.best_profiles[0]], "deu");
    EXPECT_EQ(rb.best_profiles[0], rd.scores[0] >= ru.scores[0] ? 1 : 2) << text;
    for (size_t i = 1; i < 4; ++i) EXPECT_EQ(rb.scores[i], rd.scores[i]) << text;
  }
}

// A prior is added to its profile's score once per text: where deu/ui is deu's best profile,
// deu's raw score rises by exactly the prior, and no other language's score moves. Calibration
// is fitted with the priors, so only the raw scores are compared.
TEST(TrainerTest, APriorRaisesItsProfileScoreOnce) {
  TrainOptions with = TinyOptions();
  with.prior_counts = {{"deu/ui", 1000.0}};
  Result<std::string> a = testing::TrainBytes(testing::TinyProfileRows(), with);
  Result<std::string> b = testing::TrainBytes(testing::TinyProfileRows(), TinyOptions());
  ASSERT_TRUE(a.ok() && b.ok());
  Result<ModelView> va = ParseModel(*a, "a"), vb = ParseModel(*b, "b");
  ASSERT_TRUE(va.ok() && vb.ok());
  const double prior = static_cast<double>(static_cast<float>(0.45 * std::log1p(1000.0)));
  const Classifier ca(*va), cb(*vb);
  for (const char* text : {"Datei konnte nicht gespeichert werden", "Neues Lesezeichen"}) {
    RawScores ra, rb;
    ASSERT_TRUE(ca.Score(text, &ra).ok() && cb.Score(text, &rb).ok());
    ASSERT_EQ(rb.scores.size(), 4u);  // deu eng fra spa
    ASSERT_EQ(rb.best_profiles[0], 2) << text << ": deu/ui must be deu's best profile here";
    EXPECT_NEAR(ra.scores[0] - rb.scores[0], prior, 1e-9) << text;
    for (size_t i = 1; i < 4; ++i) EXPECT_EQ(ra.scores[i], rb.scores[i]) << text;
  }
}

TEST(TrainerTest, RejectsBadPriors) {
  const std::vector<std::pair<std::vector<std::pair<std::string, double>>, std::string>> cases = {
      {{{"nld/ui", 5}}, "prior for 'nld/ui', which has no training lines"},
      {{{"deu/ui", 5}, {"deu/ui", 6}}, "two priors for 'deu/ui'"},
      {{{"deu/ui", -1}}, "prior count of 'deu/ui' must be finite and >= 0"},
      {{{"deu/ui", std::nan("")}}, "prior count of 'deu/ui' must be finite and >= 0"},
      {{{"deu/ui", 1e300}}, "prior of 'deu/ui' is above 64 nats"},
  };
  for (const auto& [priors, message] : cases) {
    TrainOptions o = TinyOptions();
    o.prior_counts = priors;
    Result<ModelData> m = Train(testing::TinyProfileRows(), o, nullptr);
    ASSERT_FALSE(m.ok()) << message;
    EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(m.status().message(), message);
  }
}

// Speaker priors reach every profile of a language: each of deu's two profiles (UDHR-style and
// ui) gets strength x ln(1 + speakers), on top of deu/ui's label prior; a trained language the
// list lacks (eng, spa) gets the default count's prior, and a listed code without training lines
// (nld) changes nothing. Expected values from the formula in trainer.h, by hand.
TEST(TrainerTest, SpeakerPriorsGoToEveryProfileAndDefaultForMissing) {
  TrainOptions o = TinyOptions();
  o.prior_counts = {{"deu/ui", 1000.0}};
  o.language_speakers = {{"deu", 1.3e8}, {"fra", 3.0e8}, {"nld", 2.5e7}};
  o.speaker_prior_strength = 0.5;
  o.default_speakers = 20000;
  Result<ModelData> m = Train(testing::TinyProfileRows(), o, nullptr);
  ASSERT_TRUE(m.ok()) << m.status().message();
  ASSERT_EQ(m->priors.size(), m->profiles.size());
  const auto speakers_prior = [](double n) { return 0.5 * std::log1p(n); };
  size_t deu_profiles = 0;
  for (size_t p = 0; p < m->profiles.size(); ++p) {
    const std::string& code = m->profiles[p];
    double want = speakers_prior(20000);
    if (code == "deu") {
      // Labels ascend, so deu's first profile is "deu" and its second "deu/ui".
      want = speakers_prior(1.3e8) + (deu_profiles++ == 1 ? 0.45 * std::log1p(1000.0) : 0.0);
    } else if (code == "fra") {
      want = speakers_prior(3.0e8);
    }
    EXPECT_EQ(m->priors[p], static_cast<float>(want)) << code << " profile " << p;
  }
  EXPECT_EQ(deu_profiles, 2u);
}

// On a text that is about equally likely in two languages, the one with far more speakers
// wins once the speaker prior is on, and the one with fewer can still win on its own evidence.
TEST(TrainerTest, SpeakerPriorTipsCloseCallsOnly) {
  TrainOptions o = TinyOptions();
  Result<std::string> plain = testing::TrainBytes(TinyRows(), o);
  o.language_speakers = {{"spa", 5.0e8}, {"eng", 1.0}};
  o.speaker_prior_strength = 0.3;
  o.default_speakers = 1;
  Result<std::string> with = testing::TrainBytes(TinyRows(), o);
  ASSERT_TRUE(plain.ok() && with.ok());
  Result<ModelView> vp = ParseModel(*plain, "plain"), vw = ParseModel(*with, "with");
  ASSERT_TRUE(vp.ok() && vw.ok());
  const Classifier cp(*vp), cw(*vw);
  RawScores rp, rw;
  // Lines of tiny_model.h's English text answer English with or without the prior.
  ASSERT_TRUE(cw.Score("everyone has the right to education and to freedom", &rw).ok());
  LangResult r;
  cw.Decide(rw, 1, &r);
  EXPECT_EQ(r.language, "eng");
  // A raw score difference of the prior's size moves to Spanish.
  ASSERT_TRUE(cp.Score("la", &rp).ok() && cw.Score("la", &rw).ok());
  const std::vector<uint16_t>& langs = cp.view().script_languages[rp.script_record].languages;
  const auto at = [&](const char* code) {
    for (size_t i = 0; i < langs.size(); ++i) {
      if (cp.view().languages[langs[i]] == code) return i;
    }
    return langs.size();
  };
  const size_t spa = at("spa"), eng = at("eng");
  ASSERT_LT(spa, langs.size());
  ASSERT_LT(eng, langs.size());
  const double moved = (rw.scores[spa] - rw.scores[eng]) - (rp.scores[spa] - rp.scores[eng]);
  EXPECT_NEAR(moved, static_cast<double>(static_cast<float>(0.3 * std::log1p(5.0e8))) -
                         static_cast<double>(static_cast<float>(0.3 * std::log1p(1.0))), 1e-6);
}

// Speaker odds go to each language as weight x ln(1 + min(speakers, cap)), the default count
// for a trained language the list lacks; with the weight 0 the model has none (and is written
// as an earlier format version). Expected values from the formula in trainer.h, by hand.
TEST(TrainerTest, SpeakerOddsAreCappedPerLanguage) {
  TrainOptions o = TinyOptions();
  o.language_speakers = {{"deu", 1.3e8}, {"fra", 2.0e6}};
  o.default_speakers = 20000;
  o.speaker_odds_weight = 0.1;
  o.speaker_odds_cap = 1e7;
  Result<ModelData> m = Train(testing::TinyProfileRows(), o, nullptr);
  ASSERT_TRUE(m.ok()) << m.status().message();
  std::vector<std::string> languages;
  for (const std::string& code : m->profiles) {
    if (languages.empty() || languages.back() != code) languages.push_back(code);
  }
  ASSERT_EQ(m->odds.size(), languages.size());
  for (size_t l = 0; l < languages.size(); ++l) {
    const std::string& code = languages[l];
    const double n = code == "deu" ? 1e7 : code == "fra" ? 2.0e6 : 20000;
    EXPECT_EQ(m->odds[l], static_cast<float>(0.1 * std::log1p(n))) << code;
  }
  o.speaker_odds_weight = 0;
  Result<ModelData> off = Train(testing::TinyProfileRows(), o, nullptr);
  ASSERT_TRUE(off.ok());
  EXPECT_TRUE(off->odds.empty());
  Result<std::string> bytes = SerializeModel(*off);
  ASSERT_TRUE(bytes.ok());
  Result<ModelView> v = ParseModel(*bytes, "off");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->version, 3u);
}

// The odds are added after the temperature: the language with more speakers gains exactly the
// odds' difference in calibrated log-odds over the other, while the raw scores stay as they
// were (each model divides them by its own fitted temperature).
TEST(TrainerTest, SpeakerOddsMoveTheCalibratedLogOddsOnly) {
  TrainOptions o = TinyOptions();
  o.language_speakers = {{"spa", 5.0e8}, {"eng", 1.0}};
  o.default_speakers = 1;
  o.speaker_prior_strength = 0;
  o.speaker_odds_weight = 0;
  Result<std::string> plain = testing::TrainBytes(TinyRows(), o);
  o.speaker_odds_weight = 0.2;
  Result<std::string> with = testing::TrainBytes(TinyRows(), o);
  ASSERT_TRUE(plain.ok() && with.ok());
  Result<ModelView> vp = ParseModel(*plain, "plain"), vw = ParseModel(*with, "with");
  ASSERT_TRUE(vp.ok() && vw.ok());
  EXPECT_EQ(vw->version, 4u);
  const Classifier cp(*vp), cw(*vw);
  const double odds = static_cast<double>(static_cast<float>(0.2 * std::log1p(1e7))) -
                      static_cast<double>(static_cast<float>(0.2 * std::log1p(1.0)));
  for (const char* text : {"la", "que la"}) {
    RawScores rp, rw;
    ASSERT_TRUE(cp.Score(text, &rp).ok() && cw.Score(text, &rw).ok());
    EXPECT_EQ(rp.scores, rw.scores) << text;
    LangResult lp, lw;
    cp.Decide(rp, 4, &lp);
    cw.Decide(rw, 4, &lw);
    const auto p = [](const LangResult& r, const char* code) {
      for (const auto& c : r.candidates) {
        if (c.language == code) return static_cast<double>(c.probability);
      }
      return 0.0;
    };
    const double tp = cp.Temperature(rp.stats.stream_length);
    const double tw = cw.Temperature(rw.stats.stream_length);
    // log(p_spa / p_eng) = (s_spa - s_eng) / T + odds, T being each model's own fit.
    const double raw_gap = std::log(p(lp, "spa") / p(lp, "eng")) * tp;
    EXPECT_NEAR(std::log(p(lw, "spa") / p(lw, "eng")), raw_gap / tw + odds, 1e-4) << text;
  }
}

// A text of four words and 25 code points of stream or more is a sentence: it answers its top
// candidate from half the model's und threshold. With the four Latin languages scored alike
// (p = 0.25 each) and a threshold of 0.3, the sentence answers the first of them (ties go to
// the lower id) and the shorter texts abstain.
TEST(TrainerTest, ASentenceAnswersFromHalfTheUndThreshold) {
  TrainOptions o = TinyOptions();
  o.und_threshold = 0.3f;
  Result<std::string> bytes = testing::TrainBytes(TinyRows(), o);
  ASSERT_TRUE(bytes.ok());
  Result<ModelView> v = ParseModel(*bytes, "tiny");
  ASSERT_TRUE(v.ok());
  const Classifier c(*v);
  const auto tied = [&](const char* text) {
    RawScores raw;
    EXPECT_TRUE(c.Score(text, &raw).ok());
    EXPECT_EQ(raw.evidence, Evidence::kModel) << text;
    EXPECT_EQ(raw.scores.size(), 4u) << text;  // deu eng fra spa
    std::fill(raw.scores.begin(), raw.scores.end(), -50.0);
    LangResult r;
    c.Decide(raw, 1, &r);
    EXPECT_NEAR(r.probability, 0.25, 1e-6) << text;
    return r.language;
  };
  // " abcde fghij klmno pqrst ": 4 words, 25 code points.
  EXPECT_EQ(tied("abcde fghij klmno pqrst"), "deu");
  EXPECT_EQ(tied("abcde fghij klmno pqrs"), "und");          // 24 code points
  EXPECT_EQ(tied("abcdefghij klmnopq rstuvwxyz"), "und");    // 3 words
}

TEST(TrainerTest, RejectsBadSpeakerCounts) {
  const std::vector<std::pair<std::vector<std::pair<std::string, double>>, std::string>> cases = {
      {{{"DEU", 5}}, "speakers of 'DEU': not a language code"},
      {{{"deu", 5}, {"deu", 6}}, "two speaker counts for 'deu'"},
      {{{"deu", -1}}, "speakers of 'deu' must be finite and >= 0"},
      {{{"deu", std::nan("")}}, "speakers of 'deu' must be finite and >= 0"},
      {{{"deu", 1e300}}, "prior of 'deu' is above 64 nats"},
  };
  for (const auto& [speakers, message] : cases) {
    TrainOptions o = TinyOptions();
    o.language_speakers = speakers;
    Result<ModelData> m = Train(testing::TinyProfileRows(), o, nullptr);
    ASSERT_FALSE(m.ok()) << message;
    EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(m.status().message(), message);
  }
}

// A language with a domain profile keeps max_entries_paired buckets in its plain profile; a
// language without one keeps max_entries_per_language.
TEST(TrainerTest, PairedProfilesHaveTheirOwnBudget) {
  TrainOptions o = TinyOptions();
  o.max_entries_per_language = 300;
  o.max_entries_paired = 100;
  Result<ModelData> m = Train(testing::TinyProfileRows(), o, nullptr);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(TableOf(*m, "deu").size(), 100u);  // deu has deu/ui
  EXPECT_EQ(TableOf(*m, "eng").size(), 300u);
  EXPECT_EQ(TableOf(*m, "fra").size(), 300u);
}

// A domain named in domain_max_entries keeps its own number of buckets (deu/chat: 40), the other
// domain profiles keep what max_entries_per_domain gives them; a bad domain or a limit of 0 is
// refused.
TEST(TrainerTest, ADomainCanHaveItsOwnBudget) {
  TrainOptions o = TinyOptions();
  std::vector<learn::LabelledText> rows = testing::TinyProfileRows();
  for (const char* t : {"guten Morgen, wie geht's?", "danke, bis morgen", "hallo, alles gut?",
                        "kein Wasser seit gestern", "ruf mich bitte zurück", "wie viel kostet das"}) {
    for (int i = 0; i < 3; ++i) rows.push_back({"deu/chat", t});
  }
  Result<ModelData> whole = Train(rows, o, nullptr);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  o.domain_max_entries = {{"chat", 40}};
  Result<ModelData> m = Train(rows, o, nullptr);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->profiles[static_cast<size_t>(
                std::lower_bound(m->profiles.begin(), m->profiles.end(), "deu") -
                m->profiles.begin()) + 2], "deu");  // deu, deu/chat, deu/ui
  EXPECT_GT(TableOf(*whole, "deu", 1).size(), 40u);  // deu/chat has more to keep
  EXPECT_EQ(TableOf(*m, "deu", 1).size(), 40u);
  EXPECT_EQ(TableOf(*m, "deu", 2), TableOf(*whole, "deu", 2));  // deu/ui as before
  for (const auto& bad : std::vector<std::pair<std::string, uint32_t>>{{"Chat", 40}, {"chat", 0}}) {
    o.domain_max_entries = {bad};
    Result<ModelData> r = Train(rows, o, nullptr);
    ASSERT_FALSE(r.ok()) << bad.first;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
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
