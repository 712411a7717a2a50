// `loka info MODEL`: what a model file holds.
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "cli/common.h"
#include "learn/model.h"
#include "nlohmann/json.hpp"

namespace loka::cli {
namespace {

struct InfoArgs {
  std::string model;
  bool json = false;
};

Status RunInfo(const InfoArgs& a) {
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
    std::printf("%s\n", j.dump(2).c_str());
    return Status::Ok();
  }
  std::printf("file          %s (%s)\n", a.model.c_str(), FormatBytes(static_cast<double>(m.file_size())).c_str());
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
  cmd->add_option("model", args->model, "Model file")->required();
  cmd->add_flag("--json", args->json, "JSON output");
  cmd->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunInfo(*args); }); });
}

}  // namespace loka::cli
