// `loka predict MODEL [INPUT]`: one output line per input line, `label<TAB>probability` pairs.
#include <cstdio>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/common.h"
#include "learn/dataset.h"
#include "learn/model.h"
#include "nlohmann/json.hpp"

namespace loka::cli {
namespace {

struct PredictArgs {
  std::string model;
  std::string input = "-";
  int k = 1;
  float threshold = 0.f;
  bool json = false;
};

Status RunPredict(const PredictArgs& a) {
  LOKA_ASSIGN_OR_RETURN(learn::Model model, learn::Model::Load(a.model));
  std::vector<learn::Prediction> preds;
  return MapLines(a.input, a.json, [&](std::string_view text, std::string* o) -> Status {
    LOKA_RETURN_IF_ERROR(
        model.PredictUnlessBlank(learn::WithoutFastTextLabels(text), a.k, a.threshold, &preds));
    if (a.json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& p : preds) arr.push_back({{"label", model.label(p.label)}, {"probability", p.probability}});
      *o = nlohmann::json({{"predictions", std::move(arr)}}).dump();
      return Status::Ok();
    }
    for (size_t i = 0; i < preds.size(); ++i) {
      if (i) *o += '\t';
      *o += model.label(preds[i].label);
      *o += '\t';
      *o += FormatProb(preds[i].probability);
    }
    return Status::Ok();
  });
}

}  // namespace

void AddPredictCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<PredictArgs>();
  CLI::App* cmd = app.add_subcommand("predict", "Predict labels for raw text lines");
  cmd->footer(
      "Writes exactly one line per input line: `label<TAB>probability`, K pairs with -k,\n"
      "separated by tabs. An empty or blank input line (only white space or invisible\n"
      "characters) or a line with no label over --threshold gives an empty output line\n"
      "({\"predictions\": []} with --json); a line with malformed UTF-8 is reported on stderr\n"
      "and gives an empty output line ({\"error\": ...} with --json). Leading fastText\n"
      "`__label__x` tokens are not read as text (as fastText's predict ignores them), so a\n"
      "labelled fastText file gives the predictions for its texts alone.");
  cmd->add_option("model", args->model, "Model file")->required();
  cmd->add_option("input", args->input, "Text file, one text per line (default: stdin)");
  cmd->add_option("-k", args->k, "Labels per line")->capture_default_str()->check(CLI::Range(1, 1000000));
  cmd->add_option("--threshold", args->threshold, "Omit labels below this probability")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  cmd->add_flag("--json", args->json, "JSON lines: {\"predictions\": [{\"label\", \"probability\"}]}");
  cmd->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunPredict(*args); }); });
}

}  // namespace loka::cli
