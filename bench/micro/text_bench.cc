// Micro-benchmarks for the text layer: the per-line cost of Normalize and Featurize, the hot
// path of training and inference.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "text/features.h"
#include "text/normalize.h"
#include "text/tokenize.h"

namespace {

// About 100 characters each.
const std::string kLatin =
    "The quick brown fox jumps over the lazy dog, then rests under the old oak tree near river.";
const std::string kLatinMixedCase =
    "Der Bauer prüft am Montag die Bodenfeuchte: 23 Prozent, zu trocken für junge Maispflanzen.";
const std::string kDevanagari =
    "किसान ने सोमवार को खेत की मिट्टी की नमी जाँची और पाया कि मक्का के पौधों के लिए यह बहुत सूखी है।";
const std::string kThai = "เกษตรกรตรวจความชื้นของดินในวันจันทร์และพบว่าดินแห้งเกินไปสำหรับต้นข้าวโพดอ่อน";

std::string Normalized(const std::string& s) { return std::move(loka::text::Normalize(s)).value(); }

void BM_Featurize(benchmark::State& state, const std::string& raw) {
  const std::string text = Normalized(raw);
  const loka::text::FeatureOptions options;
  std::vector<uint32_t> ids;
  for (auto _ : state) {
    ids.clear();
    loka::text::Featurize(text, options, &ids);
    benchmark::DoNotOptimize(ids.data());
  }
  state.counters["ids"] = static_cast<double>(ids.size());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK_CAPTURE(BM_Featurize, latin, kLatin);
BENCHMARK_CAPTURE(BM_Featurize, devanagari, kDevanagari);
BENCHMARK_CAPTURE(BM_Featurize, thai, kThai);

void BM_CharNgramFeatures(benchmark::State& state, const std::string& raw) {
  const std::string text = Normalized(raw);
  std::vector<uint32_t> ids;
  for (auto _ : state) {
    ids.clear();
    loka::text::CharNgramFeatures(text, 1, 4, 1u << 20, &ids);
    benchmark::DoNotOptimize(ids.data());
  }
  state.counters["ids"] = static_cast<double>(ids.size());
}
BENCHMARK_CAPTURE(BM_CharNgramFeatures, latin, kLatin);
BENCHMARK_CAPTURE(BM_CharNgramFeatures, devanagari, kDevanagari);

void BM_Tokenize(benchmark::State& state, const std::string& raw) {
  const std::string text = Normalized(raw);
  std::vector<std::string_view> tokens;
  for (auto _ : state) {
    tokens.clear();
    loka::text::Tokenize(text, &tokens);
    benchmark::DoNotOptimize(tokens.data());
  }
}
BENCHMARK_CAPTURE(BM_Tokenize, latin, kLatin);
BENCHMARK_CAPTURE(BM_Tokenize, devanagari, kDevanagari);
BENCHMARK_CAPTURE(BM_Tokenize, thai, kThai);

void BM_Normalize(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    loka::Result<std::string> r = loka::text::Normalize(text);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK_CAPTURE(BM_Normalize, ascii, kLatin);
BENCHMARK_CAPTURE(BM_Normalize, latin_non_ascii, kLatinMixedCase);
BENCHMARK_CAPTURE(BM_Normalize, devanagari, kDevanagari);
BENCHMARK_CAPTURE(BM_Normalize, thai, kThai);

}  // namespace
