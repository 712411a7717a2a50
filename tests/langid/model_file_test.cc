// Model file format (docs/formats/langid.md): round trip, and every kind of damage gives an
// error, never a crash: truncation at every length, flipped bytes, wrong version, bad magic,
// inconsistent sections behind a valid checksum.
#include "langid/model_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "core/checksum.h"
#include "langid/identifier.h"
#include "tiny_model.h"

namespace loka::langid {
namespace {

using testing::TinyModelBytes;

// Recomputes both checksums after a deliberate edit, so the semantic checks are reached.
std::string Reseal(std::string b) {
  const uint32_t payload = Crc32(b.data() + 64, b.size() - 64);
  std::memcpy(b.data() + 24, &payload, 4);
  const uint32_t header = Crc32(b.data(), 28);
  std::memcpy(b.data() + 28, &header, 4);
  return b;
}

template <typename T>
void Poke(std::string* b, size_t offset, T v) {
  std::memcpy(b->data() + offset, &v, sizeof v);
}

constexpr size_t kConfig = 64;  // config section offset

TEST(ModelFileTest, RoundTripKeepsEveryTable) {
  const std::string& bytes = TinyModelBytes();
  ASSERT_FALSE(bytes.empty());
  Result<ModelView> v = ParseModel(bytes, "tiny");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->config.bucket_bits, 12u);
  EXPECT_EQ(v->num_buckets, 4096u);
  EXPECT_EQ(v->config.min_order, 1u);
  EXPECT_EQ(v->config.max_order, 5u);
  const std::vector<std::string> want = {"amh", "deu", "ell", "eng", "fra", "hin",
                                         "mar", "rus", "sat", "spa", "tir", "ukr"};
  EXPECT_EQ(v->profiles, want);
  EXPECT_EQ(v->languages, want);  // one profile per language
  EXPECT_EQ(v->version, 1u);      // so the file is format version 1
  ASSERT_FALSE(v->calibration.empty());
  EXPECT_EQ(v->calibration.back().max_length, 0xFFFFFFFFu);
  EXPECT_EQ(v->Start(v->num_buckets), v->num_entries);
  EXPECT_GT(v->num_entries, 1000u);
  EXPECT_NE(v->metadata_json.find("\"lines\":228"), std::string_view::npos);
}

// Two profiles of one language need format version 2; the view lists the profiles as stored
// and the languages once each, and maps every script's candidate profiles to its languages.
TEST(ModelFileTest, ProfilesRoundTripAsVersion2) {
  const std::string& bytes = testing::TinyProfilesModelBytes();
  ASSERT_FALSE(bytes.empty());
  Result<ModelView> v = ParseModel(bytes, "profiles");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->version, 2u);
  uint32_t stored_version = 0;
  std::memcpy(&stored_version, bytes.data() + 8, 4);
  EXPECT_EQ(stored_version, 2u);
  EXPECT_EQ(v->profiles.size(), 14u);
  const std::vector<std::string> want = {"amh", "deu", "ell", "eng", "fra", "hin",
                                         "mar", "rus", "sat", "spa", "tir", "ukr"};
  EXPECT_EQ(v->languages, want);
  ASSERT_EQ(v->profile_language.size(), 14u);
  for (size_t p = 0; p < v->profiles.size(); ++p) {
    EXPECT_EQ(v->languages[v->profile_language[p]], v->profiles[p]);
  }
  const auto latn = std::find_if(v->scripts.begin(), v->scripts.end(),
                                 [](const ScriptCandidates& s) { return s.script == "Latn"; });
  ASSERT_NE(latn, v->scripts.end());
  const ScriptLanguages& sl = v->script_languages[static_cast<size_t>(latn - v->scripts.begin())];
  std::vector<std::string> langs;
  for (const uint16_t l : sl.languages) langs.push_back(v->languages[l]);
  EXPECT_EQ(langs, (std::vector<std::string>{"deu", "eng", "fra", "spa"}));
  EXPECT_EQ(sl.slot, (std::vector<uint16_t>{0, 0, 1, 2, 3}));  // deu's two profiles share slot 0
}

// A file that says version 1 may not give a language two profiles: earlier loka would read it
// as one language listed twice.
TEST(ModelFileTest, TwoProfilesInAVersion1FileAreCorrupt) {
  std::string b = testing::TinyProfilesModelBytes();
  Poke<uint32_t>(&b, 8, 1);
  Result<ModelView> v = ParseModel(Reseal(b), "v1");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(v.status().message(),
            "v1: language deu has two profiles, which format version 1 does not allow");
}

TEST(ModelFileTest, TruncatedAtEveryLengthIsCorrupt) {
  const std::string& bytes = TinyModelBytes();
  ASSERT_GT(bytes.size(), 64u);
  for (size_t n = 0; n < bytes.size(); ++n) {
    Result<ModelView> v = ParseModel(std::string_view(bytes).substr(0, n), "cut");
    ASSERT_FALSE(v.ok()) << "length " << n;
    ASSERT_EQ(v.status().code(), StatusCode::kCorrupt) << "length " << n;
  }
}

TEST(ModelFileTest, AppendedBytesAreCorrupt) {
  Result<ModelView> v = ParseModel(TinyModelBytes() + std::string(64, '\0'), "long");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(v.status().message().find("header says"), std::string::npos) << v.status().ToString();
}

TEST(ModelFileTest, FlippedPayloadByteFailsTheChecksum) {
  const std::string& good = TinyModelBytes();
  for (size_t at : {size_t{64}, size_t{200}, good.size() / 2, good.size() - 1}) {
    std::string b = good;
    b[at] ^= 0x20;
    Result<ModelView> v = ParseModel(b, "flip");
    ASSERT_FALSE(v.ok()) << at;
    EXPECT_EQ(v.status().code(), StatusCode::kCorrupt);
    EXPECT_EQ(v.status().message(), "flip: payload checksum mismatch");
  }
}

TEST(ModelFileTest, FlippedHeaderByteFailsTheHeaderChecksum) {
  std::string b = TinyModelBytes();
  b[17] ^= 1;  // file size field
  Result<ModelView> v = ParseModel(b, "hdr");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(v.status().message(), "hdr: header checksum mismatch");
}

TEST(ModelFileTest, BadMagicIsNotAModel) {
  std::string b = TinyModelBytes();
  std::memcpy(b.data(), "LOKAMODL", 8);  // the classifier's magic
  Result<ModelView> v = ParseModel(b, "other");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(v.status().message(), "other: not a language-ID model (bad magic)");
}

TEST(ModelFileTest, NewerVersionIsAFailedPrecondition) {
  std::string b = TinyModelBytes();
  Poke<uint32_t>(&b, 8, 5);
  Result<ModelView> v = ParseModel(Reseal(b), "v5");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(v.status().message(), "v5: model format version 5, this loka reads versions 1 to 4");
}

// Priors make the file version 3 with a priors section after the floors; a version 1 or 2 file
// reads as all-zero priors.
TEST(ModelFileTest, PriorsRoundTripAsVersion3) {
  Result<ModelView> v2 = ParseModel(testing::TinyProfilesModelBytes(), "profiles");
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->priors, std::vector<float>(14, 0.f));
  Result<std::string> b = testing::TinyPriorsModelBytes();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  Result<ModelView> v = ParseModel(*b, "priors");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->version, 3u);
  ASSERT_EQ(v->priors.size(), 14u);
  for (size_t p = 0; p < 14; ++p) {
    // deu/ui is the second deu profile (index 2: amh deu deu ...)
    EXPECT_EQ(v->priors[p], p == 2 ? static_cast<float>(0.45 * std::log1p(1000.0)) : 0.f) << p;
  }
}

// Answer odds make the file version 4 with an odds section after the priors, one per language;
// a version 1 to 3 file reads as zero odds.
TEST(ModelFileTest, OddsRoundTripAsVersion4) {
  Result<ModelView> v3 = ParseModel(*testing::TinyPriorsModelBytes(), "priors");
  ASSERT_TRUE(v3.ok());
  EXPECT_EQ(v3->language_odds, std::vector<float>(v3->languages.size(), 0.f));
  EXPECT_EQ(v3->odds_spread, 0.0);
  Result<std::string> b = testing::TinyOddsModelBytes();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  Result<ModelView> v = ParseModel(*b, "odds");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->version, 4u);
  EXPECT_TRUE(v->word_groups.empty());
  ASSERT_LT(v->languages.size(), 14u);  // 14 profiles, some languages with two
  ASSERT_EQ(v->language_odds.size(), v->languages.size());
  const float deu = static_cast<float>(0.1 * std::log1p(1e7));
  const float other = static_cast<float>(0.1 * std::log1p(20000.0));
  for (size_t l = 0; l < v->languages.size(); ++l) {
    EXPECT_EQ(v->language_odds[l], v->languages[l] == "deu" ? deu : other) << l;
  }
  EXPECT_NEAR(v->odds_spread, static_cast<double>(deu) - static_cast<double>(other), 1e-9);
}

// Odds that are not finite or beyond 64 nats, behind valid checksums, are corrupt.
TEST(ModelFileTest, BadOddsAreCorrupt) {
  Result<std::string> good = testing::TinyOddsModelBytes();
  ASSERT_TRUE(good.ok());
  // Header and config 128 bytes, 14 codes of 8 bytes, 14 x 5 floors, 14 priors, then the odds
  // of the languages (deu second), each section 64-byte aligned.
  const auto align = [](size_t x) { return (x + 63) / 64 * 64; };
  const size_t odds_at = align(align(align(128 + 14 * 8) + 14 * 5 * 4) + 14 * 4);
  float deu = 0;
  std::memcpy(&deu, good->data() + odds_at + 1 * 4, 4);
  ASSERT_EQ(deu, static_cast<float>(0.1 * std::log1p(1e7)));
  for (const float bad : {std::nanf(""), 65.f}) {
    std::string b = *good;
    Poke<float>(&b, odds_at + 0 * 4, bad);
    Result<ModelView> v = ParseModel(Reseal(b), "odds");
    ASSERT_FALSE(v.ok()) << bad;
    EXPECT_EQ(v.status().code(), StatusCode::kCorrupt);
    EXPECT_EQ(v.status().message(), "odds: answer odds of language 0 are not within +-64 nats");
  }
}

// A prior that is not finite or beyond 64 nats, behind valid checksums, is corrupt; so is a
// version 3 file cut before its priors end.
TEST(ModelFileTest, BadPriorIsCorrupt) {
  Result<std::string> good = testing::TinyPriorsModelBytes();
  ASSERT_TRUE(good.ok());
  // Section offsets: header and config 128 bytes, then 14 codes of 8 bytes and 14 x 5 floors,
  // each section 64-byte aligned.
  const auto align = [](size_t x) { return (x + 63) / 64 * 64; };
  const size_t priors_at = align(align(128 + 14 * 8) + 14 * 5 * 4);
  ASSERT_EQ(std::memcmp(good->data() + priors_at + 2 * 4, "\0\0\0\0", 4) != 0, true);
  for (const float bad : {std::nanf(""), 65.f, -1e30f}) {
    std::string b = *good;
    Poke<float>(&b, priors_at + 2 * 4, bad);
    Result<ModelView> v = ParseModel(Reseal(b), "prior");
    ASSERT_FALSE(v.ok()) << bad;
    EXPECT_EQ(v.status().code(), StatusCode::kCorrupt);
    EXPECT_EQ(v.status().message(), "prior: prior of profile 2 is not within +-64 nats") << bad;
  }
}

// Each edit keeps the checksums valid (Reseal), so only the semantic checks can catch it.
TEST(ModelFileTest, InconsistentSectionsBehindValidChecksumsAreCorrupt) {
  const std::string& good = TinyModelBytes();
  Result<ModelView> gv = ParseModel(good, "good");
  ASSERT_TRUE(gv.ok());
  const size_t entries_at =
      static_cast<size_t>(reinterpret_cast<const char*>(gv->entries) - good.data());
  const size_t offset_at =
      static_cast<size_t>(reinterpret_cast<const char*>(gv->offset) - good.data());
  struct Case {
    const char* name;
    size_t at;
    uint32_t value;
    const char* message_part;
  };
  const Case cases[] = {
      {"no profiles", kConfig + 0, 0, "num_profiles 0"},
      {"too many profiles", kConfig + 0, 5000, "num_profiles 5000"},
      {"bucket bits", kConfig + 4, 30, "bucket_bits 30"},
      {"orders", kConfig + 12, 9, "n-gram orders"},
      {"entries count", kConfig + 16, 1u << 27, "too many entries"},
      {"huge entries count", kConfig + 16, 0xFFFFFFF0u, "too many entries"},
      {"calibration count", kConfig + 28, 0, "calibration"},
      {"und threshold", kConfig + 36, 0x7fc00000u /* NaN */, "und_threshold"},
      {"language id in entry", entries_at, 0xFFFFu, "bucket"},
      {"bucket index", offset_at + 2, 0xFFFFu, "index"},
  };
  for (const Case& c : cases) {
    std::string b = good;
    if (std::string_view(c.name) == "language id in entry" ||
        std::string_view(c.name) == "bucket index") {
      Poke<uint16_t>(&b, c.at, static_cast<uint16_t>(c.value));
    } else {
      Poke<uint32_t>(&b, c.at, c.value);
    }
    Result<ModelView> v = ParseModel(Reseal(b), "edit");
    ASSERT_FALSE(v.ok()) << c.name;
    EXPECT_EQ(v.status().code(), StatusCode::kCorrupt) << c.name;
    EXPECT_NE(v.status().message().find(c.message_part), std::string::npos)
        << c.name << ": " << v.status().ToString();
  }
}

TEST(ModelFileTest, SerializeRejectsInconsistentData) {
  Result<ModelData> m = Train(testing::TinyRows(), testing::TinyOptions(), nullptr);
  ASSERT_TRUE(m.ok());
  ModelData bad = *m;
  bad.profiles[1] = "zzz";  // not ascending
  EXPECT_EQ(SerializeModel(bad).status().code(), StatusCode::kInvalidArgument);
  bad = *m;
  bad.floors.pop_back();
  EXPECT_EQ(SerializeModel(bad).status().code(), StatusCode::kInvalidArgument);
  bad = *m;
  bad.calibration.back().max_length = 100;
  EXPECT_EQ(SerializeModel(bad).status().code(), StatusCode::kInvalidArgument);
  bad = *m;
  for (uint32_t b = 0; b + 1 < bad.bucket_start.size(); ++b) {
    const bool dense = (bad.dense_bitmap[b / 64] >> (b % 64)) & 1;
    if (dense || bad.bucket_start[b] == bad.bucket_start[b + 1]) continue;
    bad.entries[bad.bucket_start[b]] &= static_cast<uint16_t>(~kValueMask);  // q = 0: never stored
    break;
  }
  EXPECT_EQ(SerializeModel(bad).status().code(), StatusCode::kInvalidArgument);
}

// The tiny model with one word group of French and Spanish (language ids 4 and 9).
ModelData TinyWithWordGroup() {
  Result<ModelData> m = Train(testing::TinyRows(), testing::TinyOptions(), nullptr);
  EXPECT_TRUE(m.ok());
  ModelData d = m.ok() ? std::move(m).value() : ModelData();
  WordGroup g;
  g.languages = {4, 9};
  g.step = 0.5f;
  g.words = {7, 300, 65535};
  g.weights = {10, -3, 127};
  d.word_groups.push_back(g);
  return d;
}

// Word groups make the file version 4, with a section after the dense rows; a file cut
// anywhere in it is corrupt.
TEST(ModelFileTest, WordGroupsRoundTripAsVersion4) {
  const ModelData d = TinyWithWordGroup();
  Result<std::string> b = SerializeModel(d);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  Result<ModelView> v = ParseModel(*b, "groups");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->version, 4u);
  ASSERT_EQ(v->word_groups.size(), 1u);
  const WordGroup& g = v->word_groups[0];
  EXPECT_EQ(g.languages, d.word_groups[0].languages);
  EXPECT_EQ(g.step, 0.5f);
  EXPECT_EQ(g.words, d.word_groups[0].words);
  EXPECT_EQ(g.weights, d.word_groups[0].weights);
  EXPECT_EQ(v->languages[4], "fra");
  EXPECT_EQ(v->languages[9], "spa");
  ASSERT_EQ(v->language_group.size(), v->languages.size());
  for (size_t l = 0; l < v->languages.size(); ++l) {
    EXPECT_EQ(v->language_group[l], l == 4 || l == 9 ? 0 : -1) << l;
  }
  Result<ModelView> plain = ParseModel(TinyModelBytes(), "plain");
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->word_groups.empty());
  for (size_t n = TinyModelBytes().size(); n < b->size(); ++n) {
    Result<ModelView> cut = ParseModel(std::string_view(*b).substr(0, n), "cut");
    ASSERT_FALSE(cut.ok()) << n;
    EXPECT_EQ(cut.status().code(), StatusCode::kCorrupt) << n;
  }
}

// A word group the classifier could not use is refused when written and, behind valid
// checksums, when read.
TEST(ModelFileTest, BadWordGroupIsRefused) {
  const ModelData good = TinyWithWordGroup();
  const auto refused = [&](const char* name, auto edit) {
    ModelData d = good;
    edit(&d.word_groups[0]);
    EXPECT_EQ(SerializeModel(d).status().code(), StatusCode::kInvalidArgument) << name;
  };
  refused("languages not ascending", [](WordGroup* g) { g->languages = {9, 4}; });
  refused("language out of range", [](WordGroup* g) { g->languages = {4, 12}; });
  refused("one language", [](WordGroup* g) { g->languages = {4}; g->weights.clear(); });
  refused("zero step", [](WordGroup* g) { g->step = 0.f; });
  refused("words not ascending", [](WordGroup* g) { g->words = {7, 7, 65535}; });
  refused("weights size", [](WordGroup* g) { g->weights.push_back(1); });
  ModelData twice = good;
  twice.word_groups.push_back(good.word_groups[0]);  // a language in two groups
  EXPECT_EQ(SerializeModel(twice).status().code(), StatusCode::kInvalidArgument);

  Result<std::string> b = SerializeModel(good);
  ASSERT_TRUE(b.ok());
  Result<ModelView> v = ParseModel(*b, "good");
  ASSERT_TRUE(v.ok());
  // The group record follows the group count, each on a 64-byte boundary after the dense rows.
  const auto align = [](size_t x) { return (x + 63) / 64 * 64; };
  const size_t dense_end =
      static_cast<size_t>(reinterpret_cast<const char*>(v->dense_rows) - b->data()) +
      size_t{v->num_dense} * v->row_stride;
  const size_t record = align(align(dense_end) + 4);
  std::string bad = *b;
  Poke<float>(&bad, record + 8, std::nanf(""));
  Result<ModelView> r = ParseModel(Reseal(bad), "step");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(r.status().message(), "step: word group 0: bad step");
  bad = *b;
  Poke<uint16_t>(&bad, record + 16 + 2, 600);  // the second language id
  r = ParseModel(Reseal(bad), "language");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
  bad = *b;
  Poke<uint32_t>(&bad, align(dense_end), 0);  // no groups: the group's bytes are left over
  r = ParseModel(Reseal(bad), "count");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
}

TEST(ModelFileTest, LoadReportsMissingEmptyAndBrokenFiles) {
  Result<Identifier> missing = Identifier::Load(::testing::TempDir() + "/no_such_model.bin");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);

  Result<Identifier> empty = Identifier::Load(testing::WriteTemp("empty.bin", ""));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kCorrupt);

  const std::string& good = TinyModelBytes();
  Result<Identifier> half =
      Identifier::Load(testing::WriteTemp("half.bin", good.substr(0, good.size() / 2)));
  ASSERT_FALSE(half.ok());
  EXPECT_EQ(half.status().code(), StatusCode::kCorrupt);
}

}  // namespace
}  // namespace loka::langid
