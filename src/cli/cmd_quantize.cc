// `loka quantize MODEL -o OUT`: prune and product-quantize a float model.
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/file.h"
#include "learn/model.h"
#include "learn/quantize.h"

namespace loka::cli {
namespace {

struct QuantizeArgs {
  std::string model;
  std::string output;
  learn::QuantizeOptions options;
};

Status RunQuantize(const QuantizeArgs& a) {
  LOKA_ASSIGN_OR_RETURN(learn::Model model, learn::Model::Load(a.model));
  Result<learn::ModelData> quantized = learn::Quantize(model, a.options);
  if (!quantized.ok()) return quantized.status().WithPrefix(a.model);
  const learn::ModelData& q = quantized.value();
  LOKA_ASSIGN_OR_RETURN(std::string bytes, learn::SerializeModel(q));
  LOKA_RETURN_IF_ERROR(WriteFileAtomic(a.output, bytes));
  std::fprintf(stderr, "quantized %s (%s, %zu rows) -> %s (%s, %zu rows, %u bytes per row)\n",
               a.model.c_str(), FormatBytes(static_cast<double>(model.file_size())).c_str(),
               model.num_rows(), a.output.c_str(), FormatBytes(static_cast<double>(bytes.size())).c_str(),
               q.ids.size(), q.dim / q.pq_dsub + 3);  // codes, norm byte, 16-bit tag
  if (a.options.max_bytes > 0 && bytes.size() > a.options.max_bytes) {
    // Rows are the only part the budget trims: codebooks, output layer and labels stay.
    std::fprintf(stderr,
                 "loka: warning: %s is %zu bytes, above --max-bytes %llu even with %zu rows "
                 "(codebooks, output layer and labels are not trimmed)\n",
                 a.output.c_str(), bytes.size(),
                 static_cast<unsigned long long>(a.options.max_bytes), q.ids.size());
  }
  return Status::Ok();
}

}  // namespace

void AddQuantizeCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<QuantizeArgs>();
  CLI::App* cmd = app.add_subcommand("quantize", "Shrink a model: prune features, product-quantize");
  cmd->add_option("model", args->model, "Float model file (from loka train)")->required();
  cmd->add_option("-o,--output", args->output, "Quantized model file to write")->required();
  cmd->add_option("--max-bytes", args->options.max_bytes,
                  "Keep fewer rows when the file would pass this size (0 = no limit)")
      ->capture_default_str();
  cmd->add_option("--max-rows", args->options.max_rows,
                  "Feature rows kept, those that move the label scores most first (0 = all)")->capture_default_str();
  cmd->add_option("--dsub", args->options.pq_dsub, "Floats per product-quantization sub-vector")
      ->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_option("--seed", args->options.seed, "Seed for k-means")->capture_default_str();
  cmd->callback([args, exit_code] { RunVerb(exit_code, [&] { return RunQuantize(*args); }); });
}

}  // namespace loka::cli
