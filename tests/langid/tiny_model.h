// The tiny language-ID model the tests share: trained once per process from
// testdata/langid/tiny.tsv (eleven languages, six scripts), written to a temporary file.
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

inline const std::vector<learn::LabelledText>& TinyRows() {
  static const std::vector<learn::LabelledText> rows = [] {
    learn::ReadStats st;
    Result<std::vector<learn::LabelledText>> r =
        learn::ReadLabelledFile(TinyPath(), learn::ReadOptions(), &st);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : std::vector<learn::LabelledText>();
  }();
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

// The tiny model, loaded once; Identifier is immutable and shared by the tests. A model that
// does not load is a broken test set-up: the process stops with the reason.
inline const Identifier& TinyIdentifier() {
  static const Result<Identifier> id = Identifier::Load(TinyModelPath());
  if (!id.ok()) {
    std::fprintf(stderr, "tiny model: %s\n", id.status().ToString().c_str());
    std::abort();
  }
  return id.value();
}

}  // namespace loka::langid::testing

#endif  // LOKA_TESTS_LANGID_TINY_MODEL_H_
