#include "fed/round.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <type_traits>

#include "fed/keys.h"
#include "nlohmann/json.hpp"

namespace loka::fed {

using nlohmann::json;

ControlRows DeriveControl(const SparseMatrix& sent, uint64_t steps, float lr) {
  ControlRows out;
  const float inv = steps > 0 && lr > 0 ? 1.f / (static_cast<float>(steps) * lr) : 0.f;
  out.index = sent.index;
  out.values.resize(sent.index.size() * sent.cols);
  for (size_t i = 0; i < sent.index.size(); ++i) {
    for (uint32_t c = 0; c < sent.cols; ++c) out.values[i * sent.cols + c] = -sent.Value(i, c) * inv;
  }
  return out;
}

namespace {

// The model's shape as a round announcement carries it.
json SpecJson(const TextModelSpec& spec) {
  return {{"buckets", spec.buckets},
          {"labels", spec.labels},
          {"features",
           {{"words", spec.features.words},
            {"word_ngrams", spec.features.word_ngrams},
            {"char_ngram_min", spec.features.char_ngram_min},
            {"char_ngram_max", spec.features.char_ngram_max},
            {"punctuation", spec.features.punctuation}}},
          {"normalize",
           {{"case_fold", spec.normalize.case_fold}, {"fold_digits", spec.normalize.fold_digits}}}};
}

}  // namespace

bool SameAnnouncedSpec(const TextModelSpec& a, const TextModelSpec& b) {
  return SpecJson(a) == SpecJson(b);
}

std::string RoundPlanToJson(const RoundPlan& p) {
  json j = {{"fleet", p.fleet},
            {"round", p.round},
            {"version", p.version},
            {"deadline_ms", p.deadline_ms},
            {"chosen", p.chosen},
            {"epochs", p.train.epochs},
            {"lr", p.train.lr},
            {"l2", p.train.l2},
            {"prox_mu", p.train.prox_mu},
            {"restricted_softmax", p.train.restricted_softmax},
            {"logit_adjust", p.train.logit_adjust},
            {"scaffold", p.scaffold},
            {"seed", p.train.seed},
            {"clip_norm", p.compress.clip_norm},
            {"top_k_rows", p.compress.top_k_rows},
            {"value_bits", p.compress.value_bits},
            {"error_feedback", p.compress.error_feedback}};
  j.update(SpecJson(p.spec));
  if (!p.control_rounds.empty()) j["control_rounds"] = p.control_rounds;
  return j.dump();
}

namespace {

// The announced options' ranges (CheckAnnouncedOptions, RoundPlanFromJson).
constexpr uint32_t kMaxEpochs = 100;
constexpr float kMinLr = 1e-6f;
constexpr float kMaxLr = 100.f;
constexpr float kMaxL2 = 1.f;
constexpr float kMaxProxMu = 100.f;
constexpr float kMaxLogitAdjust = 10.f;
constexpr float kMaxClipNorm = 1e9f;

template <typename T>
std::string Number(T v) {
  if constexpr (std::is_integral_v<T>) {
    return std::to_string(v);
  } else {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(v));
    return buf;
  }
}

template <typename T>
Status Field(const json& j, const char* name, T lo, T hi, T* out, const std::string& what) {
  const auto it = j.find(name);
  if (it == j.end() || !it->is_number()) return InvalidArgument(what + ": '" + name + "' missing or not a number");
  const T v = it->get<T>();
  if (!(v >= lo && v <= hi)) {
    return InvalidArgument(what + ": '" + name + "' out of range [" + Number(lo) + ", " + Number(hi) + "]");
  }
  *out = v;
  return Status::Ok();
}

Status Flag(const json& j, const char* name, bool* out, const std::string& what) {
  const auto it = j.find(name);
  if (it == j.end() || !it->is_boolean()) return InvalidArgument(what + ": '" + name + "' missing or not a boolean");
  *out = it->get<bool>();
  return Status::Ok();
}

}  // namespace

Status CheckAnnouncedOptions(const LocalTrainOptions& train, const CompressOptions& compress) {
  // "NAME must be in [LO, HI]", the limits printed from the constants the parser uses too.
  auto check = [](const char* name, double v, double lo, double hi) {
    if (v >= lo && v <= hi) return Status::Ok();  // false for NaN
    return InvalidArgument(std::string(name) + " must be in [" + Number(lo) + ", " + Number(hi) + "]");
  };
  LOKA_RETURN_IF_ERROR(check("epochs", train.epochs, 1, kMaxEpochs));
  LOKA_RETURN_IF_ERROR(check("lr", train.lr, kMinLr, kMaxLr));
  LOKA_RETURN_IF_ERROR(check("l2", train.l2, 0, kMaxL2));
  LOKA_RETURN_IF_ERROR(check("prox_mu", train.prox_mu, 0, kMaxProxMu));
  LOKA_RETURN_IF_ERROR(check("logit adjustment", train.logit_adjust, 0, kMaxLogitAdjust));
  return check("clip norm", compress.clip_norm, 0, kMaxClipNorm);
}

Result<RoundPlan> RoundPlanFromJson(std::string_view text, const std::string& what) {
  try {
    const json j = json::parse(text);
    if (!j.is_object()) return InvalidArgument(what + ": not a JSON object");
    RoundPlan p;
    if (!j.contains("fleet") || !j["fleet"].is_string()) return InvalidArgument(what + ": no fleet");
    p.fleet = j["fleet"].get<std::string>();
    LOKA_RETURN_IF_ERROR(Field<uint32_t>(j, "round", 0, UINT32_MAX, &p.round, what));
    LOKA_RETURN_IF_ERROR(Field<uint32_t>(j, "version", 0, UINT32_MAX, &p.version, what));
    LOKA_RETURN_IF_ERROR(Field<int64_t>(j, "deadline_ms", 0, INT64_MAX, &p.deadline_ms, what));
    if (!j.contains("chosen") || !j["chosen"].is_array()) return InvalidArgument(what + ": no chosen list");
    for (const auto& c : j["chosen"]) {
      if (!c.is_string() || !ValidSenderId(c.get<std::string>())) {
        return InvalidArgument(what + ": a chosen node id is not valid");
      }
      p.chosen.push_back(c.get<std::string>());
    }
    LOKA_RETURN_IF_ERROR(Field<uint32_t>(j, "epochs", 1, kMaxEpochs, &p.train.epochs, what));
    LOKA_RETURN_IF_ERROR(Field<float>(j, "lr", kMinLr, kMaxLr, &p.train.lr, what));
    LOKA_RETURN_IF_ERROR(Field<float>(j, "l2", 0.f, kMaxL2, &p.train.l2, what));
    LOKA_RETURN_IF_ERROR(Field<float>(j, "prox_mu", 0.f, kMaxProxMu, &p.train.prox_mu, what));
    // Absent (an announcement from before it existed): plain softmax, as such a hub meant.
    p.train.restricted_softmax = false;
    if (j.contains("restricted_softmax")) {
      LOKA_RETURN_IF_ERROR(Flag(j, "restricted_softmax", &p.train.restricted_softmax, what));
    }
    p.train.logit_adjust = 0.f;  // absent likewise: no adjustment
    if (j.contains("logit_adjust")) {
      LOKA_RETURN_IF_ERROR(
          Field<float>(j, "logit_adjust", 0.f, kMaxLogitAdjust, &p.train.logit_adjust, what));
    }
    p.scaffold = false;  // absent likewise: no drift correction
    if (j.contains("scaffold")) LOKA_RETURN_IF_ERROR(Flag(j, "scaffold", &p.scaffold, what));
    p.control_rounds.clear();
    if (j.contains("control_rounds")) {
      const json& cr = j["control_rounds"];
      if (!cr.is_object()) return InvalidArgument(what + ": control_rounds must be an object");
      for (const auto& [id, r] : cr.items()) {
        if (!ValidSenderId(id) || !r.is_number_unsigned() || r.get<uint64_t>() > UINT32_MAX) {
          return InvalidArgument(what + ": control_rounds maps node ids to rounds");
        }
        p.control_rounds[id] = r.get<uint32_t>();
      }
    }
    LOKA_RETURN_IF_ERROR(Field<uint64_t>(j, "seed", 0, UINT64_MAX, &p.train.seed, what));
    LOKA_RETURN_IF_ERROR(Field<float>(j, "clip_norm", 0.f, kMaxClipNorm, &p.compress.clip_norm, what));
    LOKA_RETURN_IF_ERROR(Field<uint32_t>(j, "top_k_rows", 0, UINT32_MAX, &p.compress.top_k_rows, what));
    uint32_t bits = 0;
    LOKA_RETURN_IF_ERROR(Field<uint32_t>(j, "value_bits", 8, 32, &bits, what));
    if (bits != 8 && bits != 16 && bits != 32) return InvalidArgument(what + ": value_bits must be 8, 16 or 32");
    p.compress.value_bits = static_cast<uint8_t>(bits);
    LOKA_RETURN_IF_ERROR(Flag(j, "error_feedback", &p.compress.error_feedback, what));
    uint32_t buckets = 0;
    LOKA_RETURN_IF_ERROR(Field<uint32_t>(j, "buckets", 1, 1u << 24, &buckets, what));
    if (!j.contains("labels") || !j["labels"].is_array()) return InvalidArgument(what + ": no labels");
    std::vector<std::string> labels;
    for (const auto& l : j["labels"]) {
      if (!l.is_string() || l.get<std::string>().empty() || l.get<std::string>().size() > 1024) {
        return InvalidArgument(what + ": a label is not a non-empty string of at most 1024 bytes");
      }
      labels.push_back(l.get<std::string>());
    }
    if (labels.size() < 2 || labels.size() > 4096) return InvalidArgument(what + ": 2 to 4096 labels");
    p.spec = MakeTextModelSpec(buckets, labels);
    if (p.spec.labels != labels) return InvalidArgument(what + ": labels must be sorted and distinct");
    if (!j.contains("features") || !j["features"].is_object()) return InvalidArgument(what + ": no features");
    const json& f = j["features"];
    LOKA_RETURN_IF_ERROR(Flag(f, "words", &p.spec.features.words, what));
    LOKA_RETURN_IF_ERROR(Flag(f, "punctuation", &p.spec.features.punctuation, what));
    LOKA_RETURN_IF_ERROR(Field<uint32_t>(f, "word_ngrams", 1, 16, &p.spec.features.word_ngrams, what));
    LOKA_RETURN_IF_ERROR(Field<uint32_t>(f, "char_ngram_min", 0, 16, &p.spec.features.char_ngram_min, what));
    LOKA_RETURN_IF_ERROR(Field<uint32_t>(f, "char_ngram_max", 0, 16, &p.spec.features.char_ngram_max, what));
    if (j.contains("normalize") && j["normalize"].is_object()) {
      LOKA_RETURN_IF_ERROR(Flag(j["normalize"], "case_fold", &p.spec.normalize.case_fold, what));
      LOKA_RETURN_IF_ERROR(Flag(j["normalize"], "fold_digits", &p.spec.normalize.fold_digits, what));
    }
    return p;
  } catch (const json::exception& e) {
    return InvalidArgument(what + ": " + e.what());
  }
}

std::string MetricReportToJson(const MetricReport& r) {
  json j = {{"round", r.round},
            {"version", r.version},
            {"local_accuracy", r.local_accuracy},
            {"previous_accuracy", r.previous_accuracy},
            {"deployed", r.deployed},
            {"heldout", r.heldout}};
  if (r.dp_rounds > 0) {
    j["dp_rounds"] = r.dp_rounds;
    j["dp_epsilon"] = r.dp_epsilon;
  }
  return j.dump();
}

Result<MetricReport> MetricReportFromJson(std::string_view text, const std::string& what) {
  try {
    const json j = json::parse(text);
    if (!j.is_object()) return InvalidArgument(what + ": not a JSON object");
    MetricReport r;
    LOKA_RETURN_IF_ERROR(Field<uint32_t>(j, "round", 0, UINT32_MAX, &r.round, what));
    LOKA_RETURN_IF_ERROR(Field<uint32_t>(j, "version", 0, UINT32_MAX, &r.version, what));
    LOKA_RETURN_IF_ERROR(Field<double>(j, "local_accuracy", 0, 1, &r.local_accuracy, what));
    LOKA_RETURN_IF_ERROR(Field<double>(j, "previous_accuracy", 0, 1, &r.previous_accuracy, what));
    LOKA_RETURN_IF_ERROR(Flag(j, "deployed", &r.deployed, what));
    LOKA_RETURN_IF_ERROR(Field<uint64_t>(j, "heldout", 0, UINT64_MAX, &r.heldout, what));
    if (j.contains("dp_rounds")) {  // only from a node with differential privacy on
      LOKA_RETURN_IF_ERROR(Field<uint32_t>(j, "dp_rounds", 1, UINT32_MAX, &r.dp_rounds, what));
      LOKA_RETURN_IF_ERROR(Field<double>(j, "dp_epsilon", 0, 1e12, &r.dp_epsilon, what));
    }
    return r;
  } catch (const json::exception& e) {
    return InvalidArgument(what + ": " + e.what());
  }
}

}  // namespace loka::fed
