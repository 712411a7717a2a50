// `loka info MODEL`: what a model file holds: a text classifier (loka train, loka quantize), a
// language-ID model (loka langid train) or subword embeddings (loka embed), told apart by the
// first 8 bytes of the file (docs/formats/).
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/file.h"
#include "langid/model_file.h"
#include "learn/embed.h"
#include "learn/model.h"
#include "nlohmann/json.hpp"

namespace loka::cli {
namespace {

struct InfoArgs {
  std::string model;
  bool json = false;
};

void PrintJson(const nlohmann::json& j) {
  std::printf("%s\n", j.dump(2).c_str());
}

// The first line of every kind's text output.
void PrintFileLine(const std::string& path, size_t bytes) {
  std::printf("file          %s (%s)\n", path.c_str(), FormatBytes(static_cast<double>(bytes)).c_str());
}

Status LanguageIdInfo(const InfoArgs& a, std::string_view bytes) {
  LOKA_ASSIGN_OR_RETURN(const langid::ModelView m, langid::ParseModel(bytes, a.model));
  nlohmann::json meta = nlohmann::json::parse(m.metadata_json, nullptr, false);
  nlohmann::json scripts = nlohmann::json::array();
  for (const langid::ScriptCandidates& s : m.scripts) scripts.push_back(s.script);
  const nlohmann::json j = {
      {"file", a.model},
      {"bytes", bytes.size()},
      {"kind", "language-ID model"},
      {"format_version", m.version},
      {"languages", m.languages.size()},
      {"profiles", m.profiles.size()},
      {"scripts", scripts},
      {"buckets", m.num_buckets},
      {"entries", m.num_entries},
      {"dense_rows", m.num_dense},
      {"ngram_orders", {m.config.min_order, m.config.max_order}},
      {"word_groups", m.word_groups.size()},
      {"training", meta.is_discarded() ? nlohmann::json() : meta},
      {"language_list", m.languages}};
  if (a.json) {
    PrintJson(j);
    return Status::Ok();
  }
  PrintFileLine(a.model, bytes.size());
  std::printf("kind          language-ID model, format version %u (loka langid --model)\n",
              m.version);
  std::printf("languages     %zu in %zu profiles, %zu scripts\n", m.languages.size(),
              m.profiles.size(), m.scripts.size());
  std::printf("tables        %u buckets, %u entries, %u dense rows, n-grams %u..%u, %zu word "
              "groups\n",
              m.num_buckets, m.num_entries, m.num_dense, m.config.min_order, m.config.max_order,
              m.word_groups.size());
  std::printf("training      %s\n", j["training"].dump().c_str());
  std::printf("languages    ");
  for (const std::string& l : m.languages) std::printf(" %s", l.c_str());
  std::printf("\n");
  return Status::Ok();
}

Status EmbeddingsInfo(const InfoArgs& a, std::string_view bytes) {
  Result<learn::Embeddings> parsed = learn::Embeddings::Parse(bytes);
  if (!parsed.ok()) return parsed.status().WithPrefix(a.model);
  const learn::Embeddings& e = parsed.value();
  const nlohmann::json j = {{"file", a.model},
                            {"bytes", bytes.size()},
                            {"kind", "subword embeddings"},
                            {"dim", e.dim()},
                            {"buckets", e.buckets()},
                            {"char_ngrams", {e.min_n(), e.max_n()}},
                            {"tokens", e.total_tokens()}};
  if (a.json) {
    PrintJson(j);
    return Status::Ok();
  }
  PrintFileLine(a.model, bytes.size());
  std::printf("kind          subword embeddings (loka embed; a knowledge base learns the same kind)\n");
  std::printf("dim           %u\n", e.dim());
  std::printf("buckets       %u, char n-grams %u..%u\n", e.buckets(), e.min_n(), e.max_n());
  std::printf("tokens        %llu learnt from\n",
              static_cast<unsigned long long>(e.total_tokens()));
  return Status::Ok();
}

Status RunInfo(const InfoArgs& a) {
  {
    LOKA_ASSIGN_OR_RETURN(const MappedFile file, MappedFile::Open(a.model));
    const std::string_view bytes(reinterpret_cast<const char*>(file.data()), file.size());
    const std::string_view magic = bytes.substr(0, 8);
    if (magic == "LOKALANG") return LanguageIdInfo(a, bytes);
    if (magic == "LOKAEMB1") return EmbeddingsInfo(a, bytes);
  }
  LOKA_ASSIGN_OR_RETURN(learn::Model m, learn::Model::Load(a.model));
  const auto& f = m.feature_options();
  nlohmann::json meta = nlohmann::json::parse(m.metadata_json(), nullptr, false);
  nlohmann::json labels = nlohmann::json::array();
  for (size_t i = 0; i < m.num_labels(); ++i) {
    labels.push_back({{"label", m.label(i)}, {"train_examples", m.label_counts()[i]}});
  }
  nlohmann::json j = {
      {"file", a.model},
      {"bytes", m.file_size()},
      {"kind", m.kind() == learn::ModelKind::kFloat ? "float32" : "quantized"},
      {"format_version", m.format_version()},
      {"pooling", m.pooling() == learn::Pooling::kTfidfBlocks ? "tfidf blocks"
                  : m.pooling() == learn::Pooling::kTfidf     ? "tfidf"
                                                              : "mean"},
      {"calibration",
       {{"temperature", m.calibration().temperature},
        {"threshold", m.calibration().threshold},
        {"target_error", m.calibration().target_error},
        {"map_slope", m.calibration().map.slope},
        {"map_intercept", m.calibration().map.intercept}}},
      {"dim", m.dim()},
      {"labels", m.num_labels()},
      {"feature_rows", m.num_rows()},
      {"features",
       {{"words", f.words}, {"word_ngrams", f.word_ngrams}, {"char_ngram_min", f.char_ngram_min},
        {"char_ngram_max", f.char_ngram_max}, {"buckets", f.buckets}}},
      {"normalize",
       {{"case_fold", m.normalize_options().case_fold},
        {"fold_digits", m.normalize_options().fold_digits}}},
      {"training", meta.is_discarded() ? nlohmann::json() : meta},
      {"label_list", labels}};
  if (a.json) {
    PrintJson(j);
    return Status::Ok();
  }
  PrintFileLine(a.model, m.file_size());
  std::printf("kind          %s, %s pooling, format version %u\n",
              j["kind"].get<std::string>().c_str(), j["pooling"].get<std::string>().c_str(),
              m.format_version());
  std::printf("calibration   temperature %.3f, confidence map slope %.3f intercept %.3f, "
              "threshold %.3f for %.0f%% error\n",
              m.calibration().temperature, m.calibration().map.slope,
              m.calibration().map.intercept, m.calibration().threshold,
              100 * m.calibration().target_error);
  std::printf("dim           %u\n", m.dim());
  std::printf("feature rows  %zu\n", m.num_rows());
  std::printf("features      words %s, word n-grams up to %u, char n-grams %u..%u\n",
              f.words ? "on" : "off", f.word_ngrams, f.char_ngram_min, f.char_ngram_max);
  std::printf("training      %s\n", j["training"].dump().c_str());
  std::printf("labels        %zu:", m.num_labels());
  for (size_t i = 0; i < m.num_labels(); ++i) {
    std::printf(" %s(%llu)", m.label(i).c_str(), static_cast<unsigned long long>(m.label_counts()[i]));
  }
  std::printf("\n");
  return Status::Ok();
}

}  // namespace

void AddInfoCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<InfoArgs>();
  CLI::App* cmd = app.add_subcommand("info", "Show what a model file holds");
  cmd->add_option("model", args->model,
                  "A text classifier (loka train, loka quantize), a language-ID model (loka "
                  "langid train) or subword embeddings (loka embed)")
      ->required();
  cmd->add_flag("--json", args->json, "JSON output");
  cmd->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunInfo(*args); }); });
}

}  // namespace loka::cli
