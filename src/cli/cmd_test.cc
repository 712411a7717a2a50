// `loka test MODEL INPUT`: precision, recall and F1 per label, macro and micro averages, the
// expected calibration error, and how the model's recommended abstention threshold does.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "learn/calibration.h"
#include "learn/dataset.h"
#include "learn/metrics.h"
#include "learn/model.h"
#include "nlohmann/json.hpp"

namespace loka::cli {
namespace {

struct TestArgs {
  std::string model;
  std::string input;
  bool json = false;
  bool strict = false;
  float threshold = 0.f;
};

Status RunTest(const TestArgs& a) {
  LOKA_ASSIGN_OR_RETURN(learn::Model model, learn::Model::Load(a.model));
  learn::ReadOptions ro;
  ro.strict = a.strict;
  ro.on_bad_line = [](const std::string& m) { std::fprintf(stderr, "loka: skipped %s\n", m.c_str()); };
  learn::ReadStats st;
  LOKA_ASSIGN_OR_RETURN(auto data, learn::ReadLabelledFile(a.input, ro, &st));
  learn::MetricsBuilder mb;
  std::vector<learn::Prediction> preds;
  std::vector<float> confidence;
  std::vector<uint8_t> correct;
  for (const auto& ex : data) {
    LOKA_RETURN_IF_ERROR(model.Predict(ex.text, 1, 0.f, &preds));
    const bool over = !preds.empty() && preds[0].probability >= a.threshold;
    mb.Add(ex.label, over ? model.label(preds[0].label) : std::string());
    confidence.push_back(preds.empty() ? 0.f : preds[0].probability);
    correct.push_back(!preds.empty() && model.label(preds[0].label) == ex.label ? 1 : 0);
  }
  const learn::Metrics m = mb.Finish();
  const learn::UnknownLabels unknown = learn::FindUnknownLabels(m, model.labels());
  if (!unknown.labels.empty()) {
    std::fprintf(stderr, "loka: %s\n", learn::DescribeUnknownLabels(unknown).c_str());
  }
  const double ece = learn::ExpectedCalibrationError(confidence, correct);
  // The model's recommended threshold: how many answers it keeps, and how many of those err.
  const learn::Calibration& cal = model.calibration();
  size_t answered = 0, answered_right = 0;
  for (size_t i = 0; i < confidence.size(); ++i) {
    if (confidence[i] < cal.threshold) continue;
    ++answered;
    answered_right += correct[i];
  }
  const double coverage = m.n ? static_cast<double>(answered) / static_cast<double>(m.n) : 0;
  const double answered_error =
      answered ? 1 - static_cast<double>(answered_right) / static_cast<double>(answered) : 0;
  if (a.json) {
    nlohmann::json j = {{"n", m.n},
                        {"accuracy", m.accuracy},
                        {"macro_precision", m.macro_precision},
                        {"macro_recall", m.macro_recall},
                        {"macro_f1", m.macro_f1},
                        {"micro_precision", m.micro_precision},
                        {"micro_recall", m.micro_recall},
                        {"micro_f1", m.micro_f1},
                        {"skipped_lines", st.skipped},
                        {"unknown_label_lines", unknown.lines},
                        {"unknown_labels", unknown.labels},
                        {"ece", ece},
                        {"temperature", cal.temperature},
                        {"threshold", cal.threshold},
                        {"target_error", cal.target_error},
                        {"coverage", coverage},
                        {"answered_error", answered_error}};
    nlohmann::json labels = nlohmann::json::array();
    for (const auto& l : m.per_label) {
      labels.push_back({{"label", l.label}, {"support", l.support}, {"predicted", l.predicted},
                        {"precision", l.precision}, {"recall", l.recall}, {"f1", l.f1}});
    }
    j["labels"] = std::move(labels);
    std::printf("%s\n", j.dump().c_str());
    return Status::Ok();
  }
  std::printf("%-20s %9s %9s %9s %8s\n", "label", "precision", "recall", "f1", "support");
  for (const auto& l : m.per_label) {
    std::printf("%-20s %9.4f %9.4f %9.4f %8zu\n", l.label.c_str(), l.precision, l.recall, l.f1, l.support);
  }
  std::printf("\nn %zu  accuracy %.4f\n", m.n, m.accuracy);
  std::printf("macro  precision %.4f  recall %.4f  f1 %.4f\n", m.macro_precision, m.macro_recall, m.macro_f1);
  std::printf("micro  precision %.4f  recall %.4f  f1 %.4f\n", m.micro_precision, m.micro_recall, m.micro_f1);
  std::printf("calibration error (ECE, 15 bins) %.4f  temperature %.3f\n", ece, cal.temperature);
  if (cal.target_error > 0) {
    std::printf("recommended threshold %.3f (for %.0f%% error): answers %.1f%% of lines, "
                "%.1f%% of them wrong; the rest go to review\n",
                cal.threshold, 100 * cal.target_error, 100 * coverage, 100 * answered_error);
  } else {
    std::printf("no recommended threshold: the model was trained without calibration\n");
  }
  if (st.skipped) std::printf("skipped %zu bad lines\n", st.skipped);
  return Status::Ok();
}

}  // namespace

void AddTestCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<TestArgs>();
  CLI::App* cmd = app.add_subcommand("test", "Evaluate a model on labelled lines");
  cmd->add_option("model", args->model, "Model file")->required();
  cmd->add_option("input", args->input, "Labelled test file (- for stdin)")->required();
  cmd->add_flag("--json", args->json,
                "One JSON object: n, accuracy, macro_f1, ..., ece, threshold, coverage, "
                "unknown_labels (labels the model was not trained on), labels[]");
  cmd->add_option("--threshold", args->threshold, "No prediction below this probability")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  cmd->add_flag("--strict", args->strict, "Stop at the first bad input line");
  cmd->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunTest(*args); }); });
}

}  // namespace loka::cli
