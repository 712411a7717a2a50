// Tests for the model file (docs/formats/model.md, learn/model.h): a hand-built model whose
// probabilities are a softmax worked out by hand, the round trip through bytes and through an
// mmap'd file, the exact error for every kind of damage (in memory and the committed broken
// files under testdata/models/, made by scripts/make_test_models.sh), and loops over every
// truncation length and every flipped byte that must end in an error, never a crash.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/checksum.h"
#include "core/hash.h"
#include "core/file.h"
#include "learn/model.h"
#include "text/features.h"

namespace loka::learn {
namespace {

const std::string kModels = std::string(LOKA_TESTDATA_DIR) + "/models/";

// Word unigrams only, so "good" has exactly one feature id.
text::FeatureOptions WordsOnly() {
  text::FeatureOptions f;
  f.buckets = 1u << 20;
  f.words = true;
  f.word_ngrams = 1;
  f.char_ngram_min = 0;
  f.char_ngram_max = 0;
  f.punctuation = false;
  return f;
}

uint32_t IdOf(const std::string& word) {
  std::vector<uint32_t> ids;
  text::Featurize(word, WordsOnly(), &ids);
  EXPECT_EQ(ids.size(), 1u) << word;
  return ids.empty() ? 0 : ids[0];
}

// dim 2, labels {pos, neg}, two rows:
//   embedding("good") = (1, 0)    output(pos) = (2, 0)
//   embedding("bad")  = (0, 1)    output(neg) = (0, 1)
ModelData TinyData() {
  ModelData d;
  d.dim = 2;
  d.features = WordsOnly();
  d.labels = {"pos", "neg"};
  d.label_counts = {3, 4};
  d.metadata_json = R"({"source":"hand"})";
  const uint32_t good = IdOf("good"), bad = IdOf("bad");
  EXPECT_NE(good, bad);
  if (good < bad) {
    d.ids = {good, bad};
    d.embeddings = {1, 0, 0, 1};
  } else {
    d.ids = {bad, good};
    d.embeddings = {0, 1, 1, 0};
  }
  d.output = {2, 0, 0, 1};
  return d;
}

std::string TinyBytes() {
  Result<std::string> b = SerializeModel(TinyData());
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  return b.ok() ? *b : std::string();
}

// Probabilities worked out by hand: logits = output . mean(embeddings of known words).
//   "good":     hidden (1, 0),     logits (2, 0)   -> p(pos) = 1 / (1 + e^-2)   = 0.8807970780
//   "bad":      hidden (0, 1),     logits (0, 1)   -> p(neg) = 1 / (1 + e^-1)   = 0.7310585786
//   "good bad": hidden (.5, .5),   logits (1, .5)  -> p(pos) = 1 / (1 + e^-0.5) = 0.6224593312
//   no known word: hidden (0, 0),  logits (0, 0)   -> 0.5 each, ties to the lower label index
struct Expected {
  std::string text;
  std::string top;
  float p_top;
};
const std::vector<Expected>& HandSoftmax() {
  static const std::vector<Expected> v = {
      {"good", "pos", 0.8807970780f},
      {"bad", "neg", 0.7310585786f},
      {"good bad", "pos", 0.6224593312f},
      {"GOOD  Good", "pos", 0.8807970780f},  // case fold
      {"good zebra", "pos", 0.8807970780f},  // unknown words are left out of the mean
      {"zebra", "pos", 0.5f},
      {"", "pos", 0.5f},
  };
  return v;
}

void ExpectHandSoftmax(const Model& m) {
  for (const Expected& e : HandSoftmax()) {
    std::vector<Prediction> p;
    ASSERT_TRUE(m.Predict(e.text, 2, 0.f, &p).ok()) << e.text;
    ASSERT_EQ(p.size(), 2u) << e.text;
    EXPECT_EQ(m.label(p[0].label), e.top) << e.text;
    EXPECT_NEAR(p[0].probability, e.p_top, 1e-6) << e.text;
    EXPECT_NEAR(p[1].probability, 1.f - e.p_top, 1e-6) << e.text;
  }
}

// Rewrites the header's size field and both CRCs so a deliberate payload edit reaches the
// payload checks instead of failing the checksum.
void Reseal(std::string* b) {
  const uint64_t size = b->size();
  std::memcpy(b->data() + 16, &size, 8);
  const uint32_t payload = Crc32(b->data() + 64, b->size() - 64);
  std::memcpy(b->data() + 24, &payload, 4);
  const uint32_t header = Crc32(b->data(), 28);
  std::memcpy(b->data() + 28, &header, 4);
}

void PutU32(std::string* b, size_t off, uint32_t v) { std::memcpy(b->data() + off, &v, 4); }
uint32_t GetU32(const std::string& b, size_t off) {
  uint32_t v;
  std::memcpy(&v, b.data() + off, 4);
  return v;
}

// Offsets in TinyBytes(), from docs/formats/model.md:
//   header 64 + config 64                                   = 128  labels
//   "pos" 4+3, "neg" 4+3 = 14; counts 2*8 = 16              -> 158 metadata
//   4 + 17 ({"source":"hand"})                              = 179 calibration
//   4 * 4 (temperature, threshold, target error, no bias)   = 195
//   4 (confidence map kind 0)                               = 199 -> align 64 -> 256 ids
//   2 ids * 4 = 8 -> 264 -> align -> 320 index (index_bits 0: 2 u32) -> 328 -> align -> 384
//   embeddings 2*2*4 = 16 -> 400 -> align -> 448 output 2*2*4 = 16 -> 464 = file size
constexpr size_t kConfig = 64, kLabels = 128, kIds = 256, kIndex = 320, kOutput = 448,
                 kTinySize = 464;

class ModelFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "loka_model_test_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    for (const auto& p : written_) ::unlink(p.c_str());
    ::rmdir(dir_.c_str());
  }
  std::string Write(const std::string& name, const std::string& bytes) {
    const std::string path = dir_ + "/" + name;
    EXPECT_TRUE(WriteFileAtomic(path, bytes).ok());
    written_.push_back(path);
    return path;
  }
  std::string dir_;
  std::vector<std::string> written_;
};

TEST_F(ModelFileTest, TinyLayoutMatchesTheSpecArithmetic) {
  const std::string b = TinyBytes();
  ASSERT_EQ(b.size(), kTinySize);
  EXPECT_EQ(b.substr(0, 8), "LOKAMODL");
  EXPECT_EQ(GetU32(b, 8), 4u);        // version
  EXPECT_EQ(GetU32(b, 12), 1u);       // kind float
  EXPECT_EQ(GetU32(b, kConfig), 2u);  // dim
  EXPECT_EQ(GetU32(b, kConfig + 4), 2u);
  EXPECT_EQ(GetU32(b, kConfig + 8), 2u);
  EXPECT_EQ(GetU32(b, kLabels), 3u);
  EXPECT_EQ(b.substr(kLabels + 4, 3), "pos");
  EXPECT_EQ(GetU32(b, kIds), std::min(IdOf("good"), IdOf("bad")));
  EXPECT_EQ(GetU32(b, kIndex), 0u);
  EXPECT_EQ(GetU32(b, kIndex + 4), 2u);
  float o0;
  std::memcpy(&o0, b.data() + kOutput, 4);
  EXPECT_EQ(o0, 2.f);
}

TEST_F(ModelFileTest, RoundTripFromBytesGivesTheHandComputedSoftmax) {
  Result<Model> m = Model::FromBytes(TinyBytes(), "tiny");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->kind(), ModelKind::kFloat);
  EXPECT_EQ(m->dim(), 2u);
  EXPECT_EQ(m->num_labels(), 2u);
  EXPECT_EQ(m->num_rows(), 2u);
  EXPECT_EQ(m->labels(), (std::vector<std::string>{"pos", "neg"}));
  EXPECT_EQ(m->label_counts(), (std::vector<uint64_t>{3, 4}));
  EXPECT_EQ(m->metadata_json(), R"({"source":"hand"})");
  EXPECT_EQ(m->file_size(), kTinySize);
  ExpectHandSoftmax(*m);

  std::vector<float> probs;
  size_t known = 99;
  m->Probabilities("good bad zebra", &probs, &known);
  EXPECT_EQ(known, 2u);
  ASSERT_EQ(probs.size(), 2u);
  EXPECT_NEAR(probs[0], 0.6224593312f, 1e-6);
}

TEST_F(ModelFileTest, ToDataReturnsWhatWasSerialized) {
  const ModelData in = TinyData();
  Result<Model> m = Model::FromBytes(TinyBytes());
  ASSERT_TRUE(m.ok());
  const ModelData out = m->ToData();
  EXPECT_EQ(out.ids, in.ids);
  EXPECT_EQ(out.embeddings, in.embeddings);
  EXPECT_EQ(out.output, in.output);
  EXPECT_EQ(out.labels, in.labels);
  EXPECT_EQ(out.label_counts, in.label_counts);
  EXPECT_EQ(out.features.buckets, in.features.buckets);
  EXPECT_EQ(out.features.word_ngrams, 1u);
  EXPECT_EQ(out.features.char_ngram_min, 0u);
  // And serializing it again gives the same bytes.
  Result<std::string> again = SerializeModel(out);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, TinyBytes());
}

TEST_F(ModelFileTest, LoadFromFileMapsAndPredictsTheSame) {
  const std::string path = Write("tiny.model", TinyBytes());
  Result<Model> m = Model::Load(path);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->file_size(), kTinySize);
  ExpectHandSoftmax(*m);
  // Moving the model keeps the mapping valid.
  Model moved = std::move(*m);
  ExpectHandSoftmax(moved);
}

TEST_F(ModelFileTest, MissingFileIsNotFound) {
  Result<Model> m = Model::Load(dir_ + "/no_such.model");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kNotFound);
  EXPECT_NE(m.status().message().find(dir_ + "/no_such.model"), std::string::npos);
}

TEST_F(ModelFileTest, IndexFindsEveryRowAcrossTheWholeIdRange) {
  // 1000 ids spread over all 32 bits (index_bits 7), including both ends of the range.
  ModelData d;
  d.dim = 1;
  d.features = WordsOnly();
  d.labels = {"x"};
  d.label_counts = {1};
  uint64_t x = 12345;
  std::vector<uint32_t> ids = {0, 1, 0xfffffffeu, 0xffffffffu};
  while (ids.size() < 1000) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    ids.push_back(static_cast<uint32_t>(x >> 32));
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  d.ids = ids;
  d.embeddings.assign(ids.size(), 0.f);
  d.output = {1.f};
  Result<std::string> b = SerializeModel(d);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  Result<Model> m = Model::FromBytes(*b);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  for (size_t r = 0; r < ids.size(); ++r) ASSERT_EQ(m->FindRow(ids[r]), static_cast<int64_t>(r));
  for (size_t r = 0; r + 1 < ids.size(); ++r) {
    if (ids[r] + 1 != ids[r + 1]) {
      ASSERT_EQ(m->FindRow(ids[r] + 1), -1) << ids[r] + 1;
    }
  }
  EXPECT_EQ(m->FindRow(2), -1);
}

TEST_F(ModelFileTest, FeatureAndNormalizeOptionsRoundTrip) {
  ModelData d = TinyData();
  d.features.punctuation = true;
  d.features.word_ngrams = 3;
  d.features.char_ngram_min = 1;
  d.features.char_ngram_max = 16;
  d.normalize.case_fold = false;
  d.normalize.fold_digits = false;
  Result<std::string> b = SerializeModel(d);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(GetU32(*b, kConfig + 56), 1u);  // flags bit 0: punctuation
  Result<Model> m = Model::FromBytes(*b);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_TRUE(m->feature_options().punctuation);
  EXPECT_EQ(m->feature_options().word_ngrams, 3u);
  EXPECT_EQ(m->feature_options().char_ngram_min, 1u);
  EXPECT_EQ(m->feature_options().char_ngram_max, 16u);
  EXPECT_FALSE(m->normalize_options().case_fold);
  EXPECT_FALSE(m->normalize_options().fold_digits);
  EXPECT_EQ(GetU32(TinyBytes(), kConfig + 56), 0u);
}

TEST_F(ModelFileTest, ModelWithNoRowsPredictsThePriorOfAnEmptyBag) {
  ModelData d = TinyData();
  d.ids.clear();
  d.embeddings.clear();
  Result<std::string> b = SerializeModel(d);
  ASSERT_TRUE(b.ok());
  Result<Model> m = Model::FromBytes(*b);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  std::vector<Prediction> p;
  ASSERT_TRUE(m->Predict("good", 5, 0.f, &p).ok());
  ASSERT_EQ(p.size(), 2u);
  EXPECT_FLOAT_EQ(p[0].probability, 0.5f);
}

TEST_F(ModelFileTest, SerializeRejectsInconsistentData) {
  struct Case {
    const char* what;
    void (*edit)(ModelData*);
    StatusCode code;
    const char* message;
  };
  const Case cases[] = {
      {"dim 0", [](ModelData* d) { d->dim = 0; }, StatusCode::kInvalidArgument,
       "model dim out of range"},
      {"dim 1025", [](ModelData* d) { d->dim = 1025; }, StatusCode::kInvalidArgument,
       "model dim out of range"},
      {"no labels",
       [](ModelData* d) {
         d->labels.clear();
         d->label_counts.clear();
       },
       StatusCode::kInvalidArgument, "model needs 1 to 1,000,000 labels"},
      {"counts", [](ModelData* d) { d->label_counts.pop_back(); }, StatusCode::kInternal,
       "label_counts size mismatch"},
      {"ids order", [](ModelData* d) { std::swap(d->ids[0], d->ids[1]); }, StatusCode::kInternal,
       "feature ids must be strictly ascending"},
      {"ids dup", [](ModelData* d) { d->ids[1] = d->ids[0]; }, StatusCode::kInternal,
       "feature ids must be strictly ascending"},
      {"emb size", [](ModelData* d) { d->embeddings.pop_back(); }, StatusCode::kInternal,
       "float model array sizes do not match dim/rows/labels"},
      {"long label", [](ModelData* d) { d->labels[0] = std::string(1025, 'x'); },
       StatusCode::kInvalidArgument, "label longer than 1024 bytes"},
      {"quantized without pq", [](ModelData* d) { d->kind = ModelKind::kQuantized; },
       StatusCode::kInternal, "bad pq_dsub"},
  };
  for (const Case& c : cases) {
    ModelData d = TinyData();
    c.edit(&d);
    Result<std::string> b = SerializeModel(d);
    ASSERT_FALSE(b.ok()) << c.what;
    EXPECT_EQ(b.status().code(), c.code) << c.what;
    EXPECT_EQ(b.status().message(), c.message) << c.what;
  }
}

// --- Damage to the container: each check of the reader, in the spec's order. ---

struct Damage {
  const char* name;
  std::string (*make)(const std::string& good);
  StatusCode code;
  std::string message;  // after "NAME: "
};

void PrintTo(const Damage& d, std::ostream* os) { *os << d.name; }

std::string Flip(std::string b, size_t at, char mask) {
  b[at] = static_cast<char>(b[at] ^ mask);
  return b;
}

const std::vector<Damage>& ContainerDamage() {
  static const std::vector<Damage> v = {
      {"Empty", [](const std::string&) { return std::string(); }, StatusCode::kCorrupt,
       "0 bytes is too short for a loka model (header is 64 bytes)"},
      {"TenBytes", [](const std::string& g) { return g.substr(0, 10); }, StatusCode::kCorrupt,
       "10 bytes is too short for a loka model (header is 64 bytes)"},
      {"BadMagic", [](const std::string& g) { return Flip(g, 3, 0x20); }, StatusCode::kCorrupt,
       "not a loka model (bad magic)"},
      {"HeaderByteFlipped", [](const std::string& g) { return Flip(g, 17, 0x01); },
       StatusCode::kCorrupt, "header checksum mismatch"},
      {"HeaderCrcFlipped", [](const std::string& g) { return Flip(g, 30, 0x10); },
       StatusCode::kCorrupt, "header checksum mismatch"},
      {"PayloadByteFlipped", [](const std::string& g) { return Flip(g, kOutput + 5, 0x04); },
       StatusCode::kCorrupt, "payload checksum mismatch"},
      {"TruncatedByOne", [](const std::string& g) { return g.substr(0, g.size() - 1); },
       StatusCode::kCorrupt, "truncated or extended: header says 464 bytes, file has 463"},
      {"TruncatedByHalf", [](const std::string& g) { return g.substr(0, g.size() / 2); },
       StatusCode::kCorrupt, "truncated or extended: header says 464 bytes, file has 232"},
      {"Appended", [](const std::string& g) { return g + "xyz"; }, StatusCode::kCorrupt,
       "truncated or extended: header says 464 bytes, file has 467"},
      {"Version5",
       [](const std::string& g) {
         std::string b = g;
         PutU32(&b, 8, 5);
         PutU32(&b, 28, Crc32(b.data(), 28));  // a valid header of a newer version
         return b;
       },
       StatusCode::kFailedPrecondition, "model format version 5, this loka reads versions 1 to 4"},
      {"Version0",
       [](const std::string& g) {
         std::string b = g;
         PutU32(&b, 8, 0);
         PutU32(&b, 28, Crc32(b.data(), 28));
         return b;
       },
       StatusCode::kFailedPrecondition, "model format version 0, this loka reads versions 1 to 4"},
      {"UnknownKind",
       [](const std::string& g) {
         std::string b = g;
         PutU32(&b, 12, 3);
         PutU32(&b, 28, Crc32(b.data(), 28));
         return b;
       },
       StatusCode::kCorrupt, "unknown model kind 3"},
  };
  return v;
}

class ContainerDamageTest : public ModelFileTest, public ::testing::WithParamInterface<Damage> {};

TEST_P(ContainerDamageTest, FromBytesNamesTheDefect) {
  ASSERT_EQ(TinyBytes().size(), kTinySize);
  Result<Model> m = Model::FromBytes(GetParam().make(TinyBytes()), "tiny");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), GetParam().code);
  EXPECT_EQ(m.status().message(), "tiny: " + GetParam().message);
}

TEST_P(ContainerDamageTest, LoadNamesTheFileAndTheDefect) {
  const std::string path = Write("damaged.model", GetParam().make(TinyBytes()));
  Result<Model> m = Model::Load(path);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), GetParam().code);
  EXPECT_EQ(m.status().message(), path + ": " + GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(ModelFile, ContainerDamageTest, ::testing::ValuesIn(ContainerDamage()),
                         [](const auto& tp) { return std::string(tp.param.name); });

// --- Damage inside a payload with valid checksums: the payload's own checks. ---

TEST_F(ModelFileTest, ResealedPayloadDefectsAreCorruptWithSpecificMessages) {
  struct Case {
    const char* what;
    std::string (*edit)(std::string);
    std::string message;
  };
  const Case cases[] = {
      {"dim 0",
       [](std::string b) {
         PutU32(&b, kConfig, 0);
         return b;
       },
       "dim out of range"},
      {"dim 1025",
       [](std::string b) {
         PutU32(&b, kConfig, 1025);
         return b;
       },
       "dim out of range"},
      {"labels 0",
       [](std::string b) {
         PutU32(&b, kConfig + 4, 0);
         return b;
       },
       "label count out of range"},
      {"labels 1000001",
       [](std::string b) {
         PutU32(&b, kConfig + 4, 1000001);
         return b;
       },
       "label count out of range"},
      {"rows 2^28+1",
       [](std::string b) {
         PutU32(&b, kConfig + 8, (1u << 28) + 1);
         return b;
       },
       "row count out of range"},
      {"loss 1",
       [](std::string b) {
         PutU32(&b, kConfig + 12, 1);
         return b;
       },
       "unknown loss 1"},
      {"buckets 0",
       [](std::string b) {
         PutU32(&b, kConfig + 16, 0);
         return b;
       },
       "feature options invalid"},
      {"word ngrams 17",
       [](std::string b) {
         PutU32(&b, kConfig + 24, 17);
         return b;
       },
       "feature options invalid"},
      {"char min > max",
       [](std::string b) {
         PutU32(&b, kConfig + 28, 3);
         return b;
       },
       "char n-gram range invalid"},
      {"char max 17",
       [](std::string b) {
         PutU32(&b, kConfig + 28, 1);
         PutU32(&b, kConfig + 32, 17);
         return b;
       },
       "char n-gram range invalid"},
      {"index bits 25",
       [](std::string b) {
         PutU32(&b, kConfig + 44, 25);
         return b;
       },
       "index bits out of range"},
      {"unknown flag",
       [](std::string b) {
         PutU32(&b, kConfig + 56, 16);  // bit 4: bits 0-3 are defined
         return b;
       },
       "unknown config flags"},
      {"blocks without TF-IDF",
       [](std::string b) {
         PutU32(&b, kConfig + 56, 8);
         return b;
       },
       "config flag bit 3 (TF-IDF blocks) without bit 2 (TF-IDF pooling)"},
      {"word block weight 0",
       [](std::string b) {
         PutU32(&b, kConfig + 56, 4 | 8);
         return b;
       },
       "word block weight out of range"},
      {"word block weight NaN",
       [](std::string b) {
         PutU32(&b, kConfig + 56, 4 | 8);
         PutU32(&b, kConfig + 60, 0x7fc00000u);
         return b;
       },
       "word block weight out of range"},
      {"row tags on a float model",
       [](std::string b) {
         PutU32(&b, kConfig + 56, 2);
         return b;
       },
       "row tags need a quantized model and at most 16 index bits"},
      {"reserved",
       [](std::string b) {
         PutU32(&b, kConfig + 60, 1);
         return b;
       },
       "reserved config field is not zero"},
      {"float with pq",
       [](std::string b) {
         PutU32(&b, kConfig + 48, 2);
         return b;
       },
       "float model with quantization parameters"},
      {"label length huge",
       [](std::string b) {
         PutU32(&b, kLabels, 0xffffffffu);
         return b;
       },
       "string length 4294967295 too large"},
      {"label not UTF-8",
       [](std::string b) {
         b[kLabels + 4] = '\xff';
         return b;
       },
       "label is not valid UTF-8"},
      {"ids swapped",
       [](std::string b) {
         const uint32_t a = GetU32(b, kIds), c = GetU32(b, kIds + 4);
         PutU32(&b, kIds, c);
         PutU32(&b, kIds + 4, a);
         return b;
       },
       "feature ids not ascending"},
      {"index end",
       [](std::string b) {
         PutU32(&b, kIndex + 4, 1);
         return b;
       },
       "index invalid"},
      {"index past rows",
       [](std::string b) {
         PutU32(&b, kIndex, 3);
         return b;
       },
       "index invalid"},
      {"trailing bytes", [](std::string b) { return b + std::string(4, '\0'); },
       "4 unexpected bytes after the output layer"},
      {"output cut", [](std::string b) { return b.substr(0, b.size() - 4); },
       "truncated at byte 448 (need 16 more bytes, 12 left)"},
  };
  for (const Case& c : cases) {
    std::string b = c.edit(TinyBytes());
    Reseal(&b);
    Result<Model> m = Model::FromBytes(b, "tiny");
    ASSERT_FALSE(m.ok()) << c.what;
    EXPECT_EQ(m.status().code(), StatusCode::kCorrupt) << c.what;
    EXPECT_EQ(m.status().message(), "tiny: " + c.message) << c.what;
  }
}

// The tiny model with a confidence map, slope 0.5 and intercept 0, by hand: "good" has
// p(pos) = 1 / (1 + e^-2), log-odds 2, mapped to 1 / (1 + e^-1) = 0.7310585786; "bad" has
// log-odds 1 for neg, mapped to 1 / (1 + e^-0.5) = 0.6224593312; two labels, so the other
// label gets the rest. The map's bytes follow the calibration block's 16 at offset 195.
TEST_F(ModelFileTest, ConfidenceMapRoundTripsAndReshapesTheTopProbability) {
  constexpr size_t kMapKind = 195;
  ModelData d = TinyData();
  d.calibration.map.slope = 0.5f;
  Result<std::string> bytes = SerializeModel(d);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->size(), kTinySize);  // 12 more bytes, still inside the 64-byte padding
  EXPECT_EQ(GetU32(*bytes, kMapKind), 1u);
  Result<Model> m = Model::FromBytes(*bytes);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->calibration().map.slope, 0.5f);
  EXPECT_EQ(m->calibration().map.intercept, 0.f);
  EXPECT_EQ(m->ToData().calibration.map.slope, 0.5f);
  const struct {
    const char* text;
    const char* top;
    float p_top;
  } cases[] = {{"good", "pos", 0.7310585786f}, {"bad", "neg", 0.6224593312f}, {"zebra", "pos", 0.5f}};
  for (const auto& c : cases) {
    std::vector<Prediction> p;
    ASSERT_TRUE(m->Predict(c.text, 2, 0.f, &p).ok());
    ASSERT_EQ(p.size(), 2u);
    EXPECT_EQ(m->label(p[0].label), c.top) << c.text;
    EXPECT_NEAR(p[0].probability, c.p_top, 1e-6) << c.text;
    EXPECT_NEAR(p[1].probability, 1 - c.p_top, 1e-6) << c.text;
  }
  const struct {
    const char* what;
    size_t offset;
    uint32_t value;
    std::string message;
  } bad[] = {
      {"kind 2", kMapKind, 2, "calibration: unknown confidence map kind 2"},
      {"slope 0", kMapKind + 4, 0, "calibration: confidence map slope out of [0.01, 100]"},
      {"slope -1", kMapKind + 4, 0xbf800000u, "calibration: confidence map slope out of [0.01, 100]"},
      {"slope NaN", kMapKind + 4, 0x7fc00000u, "calibration: confidence map slope out of [0.01, 100]"},
      {"slope 128", kMapKind + 4, 0x43000000u, "calibration: confidence map slope out of [0.01, 100]"},
      {"intercept -128", kMapKind + 8, 0xc3000000u,
       "calibration: confidence map intercept out of [-100, 100]"},
      {"intercept inf", kMapKind + 8, 0x7f800000u,
       "calibration: confidence map intercept out of [-100, 100]"},
  };
  for (const auto& c : bad) {
    std::string b = *bytes;
    PutU32(&b, c.offset, c.value);
    Reseal(&b);
    Result<Model> broken = Model::FromBytes(b, "tiny");
    ASSERT_FALSE(broken.ok()) << c.what;
    EXPECT_EQ(broken.status().code(), StatusCode::kCorrupt) << c.what;
    EXPECT_EQ(broken.status().message(), "tiny: " + c.message) << c.what;
  }
}

// --- The committed files (scripts/make_test_models.sh). ---

TEST_F(ModelFileTest, CommittedTinyModelLoadsAndClassifiesItsTrainingLines) {
  Result<Model> m = Model::Load(kModels + "tiny.model");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->kind(), ModelKind::kFloat);
  EXPECT_EQ(m->dim(), 4u);
  EXPECT_EQ(m->labels(), (std::vector<std::string>{"food", "sport", "weather"}));
  EXPECT_EQ(m->label_counts(), (std::vector<uint64_t>{7, 7, 7}));
  const struct {
    const char* text;
    const char* label;
  } lines[] = {{"heavy rain and strong wind expected tonight", "weather"},
               {"the striker scored twice in the second half", "sport"},
               {"bake the bread for forty minutes until golden", "food"}};
  for (const auto& l : lines) {
    std::vector<Prediction> p;
    ASSERT_TRUE(m->Predict(l.text, 1, 0.f, &p).ok());
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(m->label(p[0].label), l.label) << l.text;
  }
}

// Writes `old` in today's format (version 4) and checks that the rewritten model gives exactly
// the same probabilities.
void ExpectRewrittenModelPredictsTheSame(const Model& old) {
  Result<std::string> b = SerializeModel(old.ToData());
  ASSERT_TRUE(b.ok());
  Result<Model> now = Model::FromBytes(std::move(*b));
  ASSERT_TRUE(now.ok()) << now.status().ToString();
  EXPECT_EQ(now->format_version(), 4u);
  std::vector<float> a, c;
  for (const char* text : {"heavy rain tonight", "the striker scored", "bake the bread"}) {
    old.Probabilities(text, &a);
    now->Probabilities(text, &c);
    EXPECT_EQ(a, c) << text;
  }
}

// A file of format version 1 (before the calibration block) loads as uncalibrated and
// predicts exactly as the same model written today.
TEST_F(ModelFileTest, FormatVersion1FileStillLoads) {
  Result<Model> old = Model::Load(kModels + "tiny_v1.model");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->format_version(), 1u);
  EXPECT_EQ(old->pooling(), Pooling::kMean);
  EXPECT_EQ(old->calibration().temperature, 1.f);
  EXPECT_EQ(old->calibration().threshold, 0.f);
  EXPECT_TRUE(old->calibration().bias.empty());
  ExpectRewrittenModelPredictsTheSame(*old);
}

// A file of format version 2 (before the TF-IDF blocks) loads and predicts exactly as the same
// model written today.
TEST_F(ModelFileTest, FormatVersion2FileStillLoads) {
  Result<Model> old = Model::Load(kModels + "tiny_v2.model");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->format_version(), 2u);
  ExpectRewrittenModelPredictsTheSame(*old);
}

// A file of format version 3 (before the confidence map) loads with the identity map and
// predicts exactly as the same model written today.
TEST_F(ModelFileTest, FormatVersion3FileStillLoads) {
  Result<Model> old = Model::Load(kModels + "tiny_v3.model");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->format_version(), 3u);
  EXPECT_TRUE(old->calibration().map.identity());
  ExpectRewrittenModelPredictsTheSame(*old);
}

// TF-IDF pooling, by hand from docs/formats/model.md. "ab ab" with words and char 2-grams has
// the word "ab" (twice), the bigram "ab ab" and the char n-grams "<a", "ab", "b>" (each twice);
// rows exist for the word "ab" (2, 0), "<a" (0, 3) and "b>" (0, 4). Every found feature has
// count 2, so the same weight w = 1 + ln 2, which the unit norms cancel:
//   one block:  hidden = (2, 3 + 4) / sqrt(3)
//   two blocks: hidden = 0.5 x (2, 0) / 1 + (0, 3 + 4) / sqrt(2)   (word block weight 0.5)
TEST_F(ModelFileTest, TfidfPoolingInOneBlockAndInTwoBlocks) {
  text::FeatureOptions f = WordsOnly();
  f.word_ngrams = 2;
  f.char_ngram_min = 2;
  f.char_ngram_max = 2;
  const uint32_t b = f.buckets;
  const uint32_t word = static_cast<uint32_t>(Hash64("ab", 1) % b);
  const uint32_t lt_a = static_cast<uint32_t>(Hash64("<a", 2) % b);
  const uint32_t b_gt = static_cast<uint32_t>(Hash64("b>", 2) % b);
  std::vector<std::pair<uint32_t, std::vector<float>>> rows = {
      {word, {2, 0, 0, 0}}, {lt_a, {0, 3, 0, 0}}, {b_gt, {0, 4, 0, 0}}};
  std::sort(rows.begin(), rows.end());
  ModelData d;
  d.dim = 4;
  d.features = f;
  d.labels = {"x", "y"};
  d.label_counts = {1, 1};
  for (const auto& r : rows) {
    d.ids.push_back(r.first);
    d.embeddings.insert(d.embeddings.end(), r.second.begin(), r.second.end());
  }
  d.output = {1, 0, 0, 0, 0, 1, 0, 0};
  const struct {
    Pooling pooling;
    float x, y;
  } cases[] = {{Pooling::kTfidf, 2 / std::sqrt(3.f), 7 / std::sqrt(3.f)},
               {Pooling::kTfidfBlocks, 0.5f * 2, 7 / std::sqrt(2.f)}};
  for (const auto& c : cases) {
    d.pooling = c.pooling;
    d.word_block_weight = 0.5f;
    Result<std::string> bytes = SerializeModel(d);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    Result<Model> m = Model::FromBytes(std::move(*bytes));
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ(m->pooling(), c.pooling);
    std::vector<float> s;
    size_t known = 0;
    m->Scores("ab ab", &s, &known);
    ASSERT_EQ(s.size(), 2u);
    EXPECT_NEAR(s[0], c.x, 1e-5);
    EXPECT_NEAR(s[1], c.y, 1e-5);
    EXPECT_EQ(known, 6u);  // "ab" x2, "<a" x2, "b>" x2
  }
  // Only the char block is found: the word block adds nothing.
  d.pooling = Pooling::kTfidfBlocks;
  Result<Model> m = Model::FromBytes(*SerializeModel(d));
  ASSERT_TRUE(m.ok());
  std::vector<float> s;
  m->Scores("cab", &s);  // "<c", "ca", "ab", "b>": only "b>" has a row
  EXPECT_NEAR(s[0], 0, 1e-6);
  EXPECT_NEAR(s[1], 4, 1e-5);
  // The weight must be in (0, 16].
  d.word_block_weight = 0;
  EXPECT_FALSE(SerializeModel(d).ok());
}

TEST_F(ModelFileTest, CommittedBrokenModelsGiveSpecificErrors) {
  Result<Model> good = Model::Load(kModels + "tiny.model");
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  const size_t size = good->file_size();
  const std::string sz = std::to_string(size);
  const struct {
    const char* file;
    StatusCode code;
    std::string message;
  } cases[] = {
      {"empty.model", StatusCode::kCorrupt,
       "0 bytes is too short for a loka model (header is 64 bytes)"},
      {"short10.model", StatusCode::kCorrupt,
       "10 bytes is too short for a loka model (header is 64 bytes)"},
      {"bad_magic.model", StatusCode::kCorrupt, "not a loka model (bad magic)"},
      {"header_flip.model", StatusCode::kCorrupt, "header checksum mismatch"},
      {"payload_flip.model", StatusCode::kCorrupt, "payload checksum mismatch"},
      {"truncated_1.model", StatusCode::kCorrupt,
       "truncated or extended: header says " + sz + " bytes, file has " + std::to_string(size - 1)},
      {"truncated_half.model", StatusCode::kCorrupt,
       "truncated or extended: header says " + sz + " bytes, file has " + std::to_string(size / 2)},
      {"appended.model", StatusCode::kCorrupt,
       "truncated or extended: header says " + sz + " bytes, file has " + std::to_string(size + 4)},
      {"version5.model", StatusCode::kFailedPrecondition,
       "model format version 5, this loka reads versions 1 to 4"},
  };
  for (const auto& c : cases) {
    const std::string path = kModels + c.file;
    Result<Model> m = Model::Load(path);
    ASSERT_FALSE(m.ok()) << c.file;
    EXPECT_EQ(m.status().code(), c.code) << c.file;
    EXPECT_EQ(m.status().message(), path + ": " + c.message);
  }
}

// Every prefix of a good file is an error, from an mmap'd file of that length.
TEST_F(ModelFileTest, EveryTruncationLengthIsAnErrorNeverACrash) {
  Result<std::string> good = ReadFile(kModels + "tiny.model");
  ASSERT_TRUE(good.ok());
  const std::string path = Write("truncated.model", *good);
  for (size_t len = good->size(); len-- > 0;) {
    ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(len)), 0);
    Result<Model> m = Model::Load(path);
    ASSERT_FALSE(m.ok()) << "length " << len;
    ASSERT_EQ(m.status().code(), StatusCode::kCorrupt) << "length " << len;
  }
}

// Every single-byte change, with the checksums recomputed so the payload parser sees it, loads as
// an error or as a model that predicts without crashing (the sanitizer build checks the reads).
TEST_F(ModelFileTest, EveryResealedByteFlipIsAnErrorOrAWorkingModel) {
  Result<std::string> good = ReadFile(kModels + "tiny.model");
  ASSERT_TRUE(good.ok());
  size_t loaded = 0, rejected = 0;
  for (size_t at = 64; at < good->size(); ++at) {
    for (char mask : {'\x01', '\x80', '\xff'}) {
      std::string b = Flip(*good, at, mask);
      Reseal(&b);
      Result<Model> m = Model::FromBytes(std::move(b));
      if (!m.ok()) {
        ASSERT_EQ(m.status().code(), StatusCode::kCorrupt) << at;
        ++rejected;
        continue;
      }
      ++loaded;
      std::vector<Prediction> p;
      ASSERT_TRUE(m->Predict("heavy rain and the striker bake bread", 3, 0.f, &p).ok());
      for (const auto& x : p) ASSERT_LT(static_cast<size_t>(x.label), m->num_labels());
    }
  }
  EXPECT_GT(loaded, 0u);  // most flips land in float arrays
  EXPECT_GT(rejected, 0u);
}

}  // namespace
}  // namespace loka::learn
