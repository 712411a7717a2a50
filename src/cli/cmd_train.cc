// `loka train INPUT -o MODEL`: trains a classifier on labelled lines and writes a model file.
#include <cstdio>
#include <map>
#include <string>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/file.h"
#include "learn/dataset.h"
#include "learn/model.h"
#include "learn/trainer.h"

namespace loka::cli {
namespace {

struct TrainArgs {
  std::string input;
  std::string output;
  learn::TrainOptions options;
  bool strict = false;
  bool quiet = false;
};

Status RunTrain(TrainArgs& a) {
  learn::ReadOptions ro;
  ro.strict = a.strict;
  ro.on_bad_line = [](const std::string& m) { std::fprintf(stderr, "loka: skipped %s\n", m.c_str()); };
  learn::ReadStats st;
  LOKA_RETURN_IF_ERROR(RefuseOutputOverInput(a.output, {a.input}));
  LOKA_RETURN_IF_ERROR(CheckOutputFolder(a.output));
  LOKA_ASSIGN_OR_RETURN(auto data, learn::ReadLabelledFile(a.input, ro, &st));
  if (!a.quiet) {
    std::fprintf(stderr, "read %zu examples from %s (%s format), %zu bad lines skipped%s\n", st.kept,
                 a.input.c_str(), st.format == learn::LabelledFormat::kTsv ? "TSV" : "fastText",
                 st.skipped,
                 st.extra_labels ? (", " + std::to_string(st.extra_labels) +
                                    " extra labels ignored (first label kept)").c_str()
                                 : "");
    a.options.progress = [](const learn::TrainProgress& p) {
      // The fraction is of the whole call; the calibration's held-out runs say so instead of an
      // epoch (they run side by side), the rates and loss are of the run that reported.
      // Without rates (a run too short to measure) no "0 ex/s".
      const std::string stage =
          p.epoch > 0 ? "epoch " + std::to_string(p.epoch) : std::string("held-out runs");
      if (p.examples_per_s <= 0) {
        std::fprintf(stderr, "\rprogress %5.1f%%  %-13s  loss %.4f   ", 100 * p.fraction,
                     stage.c_str(), p.loss);
        return;
      }
      std::fprintf(stderr, "\rprogress %5.1f%%  %-13s  %8.0f ex/s  %10.0f feat/s  loss %.4f  ETA %s   ",
                   100 * p.fraction, stage.c_str(), p.examples_per_s, p.tokens_per_s, p.loss,
                   FormatSeconds(p.eta_s).c_str());
    };
  }
  learn::TrainReport report;
  LOKA_ASSIGN_OR_RETURN(learn::ModelData model, learn::Train(data, a.options, &report));
  LOKA_ASSIGN_OR_RETURN(std::string bytes, learn::SerializeModel(model));
  LOKA_RETURN_IF_ERROR(WriteFileAtomic(a.output, bytes));
  if (!a.quiet) {
    std::fprintf(stderr,
                 "\ntrained a %s model: %zu labels, %zu features, dim %u, %u epochs in %s "
                 "(featurize %s); wrote %s (%s)\n",
                 report.model == learn::ModelType::kLinear ? "linear" : "bag",
                 model.labels.size(), report.rows, model.dim, report.epochs,
                 FormatSeconds(report.seconds).c_str(),
                 FormatSeconds(report.featurize_seconds).c_str(), a.output.c_str(),
                 FormatBytes(static_cast<double>(bytes.size())).c_str());
    if (!report.heldout_accuracy_by_loss.empty()) {
      std::string tried;
      for (const auto& [loss, accuracy] : report.heldout_accuracy_by_loss) {
        char one[64];
        std::snprintf(one, sizeof one, "%s%s %.4f", tried.empty() ? "" : ", ",
                      learn::LinearLossName(loss), accuracy);
        tried += one;
      }
      std::fprintf(stderr, "loss %s, chosen on the held-out predictions (accuracy at l2 %s: %s)\n",
                   learn::LinearLossName(report.loss), FormatProb(report.loss_choice_l2).c_str(),
                   tried.c_str());
    }
    if (report.heldout > 0) {
      const learn::Calibration& c = model.calibration;
      char mapped[96] = "";
      if (!c.map.identity()) {
        std::snprintf(mapped, sizeof mapped,
                      " -> %.3f after the confidence map (slope %.3f, intercept %.3f)",
                      report.ece_mapped, c.map.slope, c.map.intercept);
      }
      std::fprintf(stderr,
                   "held-out: %zu predictions, accuracy %.4f%s; calibration error %.3f -> %.3f "
                   "at temperature %.3f%s; answer at probability >= %.3f for %.0f%% error "
                   "(%.1f%% of held-out answered)\n",
                   report.heldout, report.heldout_accuracy,
                   report.model == learn::ModelType::kLinear
                       ? (", l2 " + FormatProb(report.l2)).c_str()
                       : "",
                   report.ece_before, report.ece_after, c.temperature, mapped, c.threshold,
                   100 * c.target_error, 100 * report.coverage);
    }
  }
  return Status::Ok();
}

}  // namespace

void AddTrainCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand("train", "Train a text classifier from labelled lines");
  cmd->footer(
      "INPUT holds one example per line, either `label<TAB>text` or fastText's\n"
      "`__label__x text` (detected from the first line). Bad lines are reported with\n"
      "their line number and skipped, or stop training with --strict.");
  cmd->add_option("input", args->input, "Labelled training file (- for stdin)")->required();
  cmd->add_option("-o,--output", args->output, "Model file to write")->required();
  auto& o = args->options;
  const std::map<std::string, learn::ModelType> types = {
      {"auto", learn::ModelType::kAuto}, {"linear", learn::ModelType::kLinear},
      {"bag", learn::ModelType::kBag}};
  cmd->add_option("--model", o.model,
                  "auto (linear up to 128 labels, else bag), linear (TF-IDF features, one weight "
                  "per label), bag (low-rank embedding bag)")
      ->transform(CLI::CheckedTransformer(types, CLI::ignore_case))
      ->default_str("auto");
  const std::map<std::string, learn::LinearLoss> losses = {
      {"auto", learn::LinearLoss::kAuto},
      {"logistic", learn::LinearLoss::kLogistic},
      {"squared-hinge", learn::LinearLoss::kSquaredHinge}};
  cmd->add_option("--loss", o.loss,
                  "Linear model: auto (logistic unless squared-hinge is clearly more accurate "
                  "on the held-out predictions; logistic without calibration), logistic "
                  "(softmax cross-entropy) or squared-hinge (one-vs-rest, a linear SVM's)")
      ->transform(CLI::CheckedTransformer(losses, CLI::ignore_case))
      ->default_str("auto");
  cmd->add_option("--word-block-weight", o.word_block_weight,
                  "Linear model: L2 norm of a text's word-feature block beside its character "
                  "n-gram block's 1")
      ->capture_default_str()->check(CLI::Range(0.01, 16.0));
  cmd->add_option("--l2", o.l2,
                  "Linear model: L2 penalty over the data (1/C); auto: 1, or 4 for the "
                  "logistic loss on up to 5,000 calibrated examples")
      ->default_str("auto")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_flag("--balanced", o.balanced, "Weight examples inversely to their label's frequency");
  cmd->add_flag("--autotune", o.autotune,
                "Choose l2 and epochs (linear) or lr (bag) on a held-out split");
  cmd->add_flag("--calibrate,!--no-calibrate", o.calibrate,
                WithSwitchDefault(
                    "Fit the temperature and abstention threshold on held-out predictions",
                    o.calibrate));
  cmd->add_flag("--confidence-map,!--no-confidence-map", o.confidence_map,
                WithSwitchDefault("With calibration: after the temperature, fit a logistic map "
                                  "of the top label's log-odds on the held-out predictions",
                                  o.confidence_map));
  cmd->add_option("--target-error", o.target_error,
                  "Error rate the recommended abstention threshold is chosen for")
      ->capture_default_str()->check(CLI::Range(0.001, 0.999));
  cmd->add_option("--threshold-confidence", o.threshold_confidence,
                  "Confidence that the error above the threshold is within the target (0: the "
                  "observed held-out rate)")
      ->capture_default_str()->check(CLI::Range(0.0, 0.999));
  cmd->add_option("--threads", o.threads, "Training threads (0 = all cores)")
      ->capture_default_str()->check(CLI::Range(0, learn::kMaxTrainThreads));
  cmd->add_option("--seed", o.seed, "Random seed; with --threads 1 the model is bit-identical")
      ->capture_default_str();
  cmd->add_option("--dim", o.dim, "Bag model: embedding dimension")->capture_default_str()->check(CLI::Range(1, 1024));
  cmd->add_option("--epochs", o.epochs, "Passes over the data (0 = automatic from data size)")
      ->capture_default_str();
  cmd->add_option("--lr", o.lr, "Initial learning rate")->capture_default_str();
  cmd->add_option("--min-count", o.min_count, "Drop features seen fewer times")->capture_default_str();
  cmd->add_option("--word-ngrams", o.features.word_ngrams, "Longest word n-gram")
      ->capture_default_str()->check(CLI::Range(1, 5));
  cmd->add_option("--char-min", o.features.char_ngram_min, "Shortest character n-gram (0 = none)")
      ->capture_default_str()->check(CLI::Range(0, 16));
  cmd->add_option("--char-max", o.features.char_ngram_max, "Longest character n-gram")
      ->capture_default_str()->check(CLI::Range(0, 16));
  cmd->add_flag("--punctuation,!--no-punctuation", o.features.punctuation,
                WithSwitchDefault("Punctuation and symbols as tokens", o.features.punctuation));
  cmd->add_flag("--case-fold,!--no-case-fold", o.normalize.case_fold,
                WithSwitchDefault("Unicode case folding before features", o.normalize.case_fold));
  cmd->add_flag("--strict", args->strict, "Stop at the first bad input line");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress on stderr");
  cmd->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunTrain(*args); }); });
}

}  // namespace loka::cli
