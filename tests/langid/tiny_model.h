// The tiny language-ID model the tests share: trained once per process from
// testdata/langid/tiny.tsv (eleven languages, six scripts), written to a temporary file; and the
// tiny profiles model: the same lines plus testdata/langid/tiny_ui.tsv (a second profile for
// German and for Greek).
#ifndef LOKA_TESTS_LANGID_TINY_MODEL_H_
#define LOKA_TESTS_LANGID_TINY_MODEL_H_

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/file.h"
#include "langid/identifier.h"
#include "langid/model_file.h"
#include "langid/trainer.h"
#include "learn/dataset.h"

namespace loka::langid::testing {

inline std::string TinyPath() { return std::string(LOKA_TESTDATA_DIR) + "/langid/tiny.tsv"; }

inline std::vector<learn::LabelledText> ReadRows(const std::string& path) {
  learn::ReadStats st;
  Result<std::vector<learn::LabelledText>> r =
      learn::ReadLabelledFile(path, learn::ReadOptions(), &st);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : std::vector<learn::LabelledText>();
}

inline const std::vector<learn::LabelledText>& TinyRows() {
  static const std::vector<learn::LabelledText> rows = ReadRows(TinyPath());
  return rows;
}

// The `deu/ui` and `ell/ui` lines of testdata/langid/tiny_ui.tsv.
inline const std::vector<learn::LabelledText>& TinyUiRows() {
  static const std::vector<learn::LabelledText> rows =
      ReadRows(std::string(LOKA_TESTDATA_DIR) + "/langid/tiny_ui.tsv");
  return rows;
}

// TinyRows() followed by TinyUiRows().
inline std::vector<learn::LabelledText> TinyProfileRows() {
  std::vector<learn::LabelledText> rows = TinyRows();
  rows.insert(rows.end(), TinyUiRows().begin(), TinyUiRows().end());
  return rows;
}

// Small buckets keep the file small enough to truncate at every length in a test.
inline TrainOptions TinyOptions() {
  TrainOptions o;
  o.bucket_bits = 12;
  o.length_buckets = {12, 24, 48, 96};
  o.min_examples_per_bucket = 10;
  return o;
}

inline Result<std::string> TrainBytes(const std::vector<learn::LabelledText>& rows,
                                      const TrainOptions& o, TrainReport* report = nullptr) {
  LOKA_ASSIGN_OR_RETURN(const ModelData m, Train(rows, o, report));
  return SerializeModel(m);
}

inline const std::string& TinyModelBytes() {
  static const std::string bytes = [] {
    Result<std::string> b = TrainBytes(TinyRows(), TinyOptions());
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    return b.ok() ? std::move(b).value() : std::string();
  }();
  return bytes;
}

inline std::string WriteTemp(const std::string& name, const std::string& bytes) {
  const std::string path = ::testing::TempDir() + "/langid_" + name;
  EXPECT_TRUE(WriteFileAtomic(path, bytes).ok());
  return path;
}

inline const std::string& TinyModelPath() {
  static const std::string path = WriteTemp("tiny.bin", TinyModelBytes());
  return path;
}

inline const std::string& TinyProfilesModelBytes() {
  static const std::string bytes = [] {
    Result<std::string> b = TrainBytes(TinyProfileRows(), TinyOptions());
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    return b.ok() ? std::move(b).value() : std::string();
  }();
  return bytes;
}

// The tiny profiles model with a prior for deu/ui (count 1000): format version 3.
inline Result<std::string> TinyPriorsModelBytes() {
  TrainOptions o = TinyOptions();
  o.prior_counts = {{"deu/ui", 1000.0}};
  return TrainBytes(TinyProfileRows(), o);
}

// The tiny profiles model with speaker odds (weight 0.1, cap 1e7; deu 1.3e8 speakers, the
// others the default 20,000) and no priors added to the scores: format version 4.
inline Result<std::string> TinyOddsModelBytes() {
  TrainOptions o = TinyOptions();
  o.language_speakers = {{"deu", 1.3e8}};
  o.speaker_prior_strength = 0;
  o.default_speakers = 20000;
  o.speaker_odds_weight = 0.1;
  o.speaker_odds_cap = 1e7;
  return TrainBytes(TinyProfileRows(), o);
}

// A model loaded from `path`; one that does not load is a broken test set-up: the process stops
// with the reason.
inline Identifier LoadOrDie(const std::string& path) {
  Result<Identifier> id = Identifier::Load(path);
  if (!id.ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), id.status().ToString().c_str());
    std::abort();
  }
  return std::move(id).value();
}

// The tiny models, loaded once; Identifier is immutable and shared by the tests.
inline const Identifier& TinyIdentifier() {
  static const Identifier id = LoadOrDie(TinyModelPath());
  return id;
}

inline const Identifier& TinyProfilesIdentifier() {
  static const Identifier id =
      LoadOrDie(WriteTemp("tiny_profiles.bin", TinyProfilesModelBytes()));
  return id;
}

}  // namespace loka::langid::testing

#endif  // LOKA_TESTS_LANGID_TINY_MODEL_H_
