#include "fed/hub.h"

#include <algorithm>
#include <cmath>

namespace loka::fed {

Result<std::unique_ptr<Hub>> Hub::Create(HubOptions options, TextModelSpec spec,
                                         LocalTrainOptions train, CompressOptions compress,
                                         Enrolment enrolment, SigningKey key) {
  if (enrolment.size() == 0) return InvalidArgument("hub: the enrolment list is empty");
  if (spec.cols() < 2) return InvalidArgument("hub: a model needs at least 2 labels");
  if (!ValidSenderId(options.hub_id)) return InvalidArgument("hub: bad hub id '" + options.hub_id + "'");
  if (!(options.quorum_fraction > 0 && options.quorum_fraction <= 1)) {
    return InvalidArgument("hub: quorum fraction must be in (0, 1]");
  }
  if (options.round_timeout_ms <= 0) return InvalidArgument("hub: round timeout must be positive");
  if (options.global_value_bits != 8 && options.global_value_bits != 16 &&
      options.global_value_bits != 32) {
    return InvalidArgument("hub: global value bits must be 8, 16 or 32");
  }
  if (uint64_t{spec.rows()} * spec.cols() > options.max_cells) {
    return InvalidArgument("hub: the model is larger than max_cells");
  }
  return std::unique_ptr<Hub>(new Hub(std::move(options), std::move(spec), train, compress,
                                      std::move(enrolment), std::move(key)));
}

Hub::Hub(HubOptions options, TextModelSpec spec, LocalTrainOptions train,
         CompressOptions compress, Enrolment enrolment, SigningKey key)
    : options_(std::move(options)),
      spec_(std::move(spec)),
      train_(train),
      compress_(compress),
      enrolment_(std::move(enrolment)),
      key_(std::move(key)),
      receiver_(options_.assembler,
                [this](std::string_view id) { return enrolment_.Find(id); }, options_.max_cells),
      rng_(options_.seed) {}

void Hub::Log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

Result<std::vector<SignedMessage>> Hub::Start() {
  weights_.assign(size_t{spec_.rows()} * spec_.cols(), 0.f);
  if (options_.server_momentum > 0) momentum_.assign(weights_.size(), 0.f);
  Message g = NewMessage(MessageType::kGlobal, options_.hub_id, options_.clock->NowMs());
  g.model_kind = ModelKind::kTextLinear;
  g.matrix = QuantizeRows(spec_.rows(), spec_.cols(), options_.global_value_bits, {}, {});
  LOKA_ASSIGN_OR_RETURN(SignedMessage global, EncodeMessage(g, key_));
  latest_ = std::make_unique<SignedMessage>(global);
  LOKA_ASSIGN_OR_RETURN(SignedMessage round, Announce());
  return std::vector<SignedMessage>{std::move(global), std::move(round)};
}

Result<SignedMessage> Hub::Announce() {
  RoundPlan p;
  p.fleet = options_.fleet;
  p.round = stats_.round + 1;
  p.version = stats_.version;
  p.deadline_ms = options_.clock->NowMs() + options_.round_timeout_ms;
  std::vector<std::string> all = enrolment_.ids();
  if (options_.nodes_per_round > 0 && options_.nodes_per_round < all.size()) {
    std::shuffle(all.begin(), all.end(), rng_);
    all.resize(options_.nodes_per_round);
    std::sort(all.begin(), all.end());
  }
  p.chosen = std::move(all);
  p.train = train_;
  p.train.seed = rng_();
  if (options_.decay_lr && options_.max_rounds > 0) {
    // Linear decay over the run, as central SGD's schedule (learn/trainer.h), never below 10%.
    const double left = 1.0 - static_cast<double>(p.round - 1) / options_.max_rounds;
    p.train.lr = static_cast<float>(train_.lr * std::max(0.1, left));
  }
  p.compress = compress_;
  p.spec = spec_;
  Message m = NewMessage(MessageType::kRound, options_.hub_id, options_.clock->NowMs(), p.round,
                         p.version);
  m.json = RoundPlanToJson(p);
  LOKA_ASSIGN_OR_RETURN(SignedMessage out, EncodeMessage(m, key_));
  round_msg_ = std::make_unique<SignedMessage>(out);
  plan_ = std::move(p);
  stats_.round = plan_.round;
  updates_.clear();
  open_ = true;
  opened_ms_ = options_.clock->SteadyMs();
  quorum_ms_ = -1;
  return out;
}

Status Hub::Receive(const std::string& node, std::string_view payload, bool metric) {
  const std::string what = std::string(metric ? "metric" : "update") + " from " + node;
  Receiver::Outcome got = receiver_.Take(node, payload, what);
  if (got.state == Receiver::Outcome::State::kPending) return Status::Ok();
  auto refuse = [&](Reason reason, Status status) {
    if (got.state == Receiver::Outcome::State::kAccepted) receiver_.Count(reason);
    stats_.rejected = receiver_.rejected();
    Log("refused (" + std::string(ReasonName(reason)) + "): " + status.message());
    return status;
  };
  if (got.state == Receiver::Outcome::State::kRejected) {
    return refuse(got.rejection.reason, got.rejection.status);
  }
  Message& m = got.message;
  if (metric) {
    if (m.type != MessageType::kMetric) {
      return refuse(Reason::kMalformed, InvalidArgument(what + ": a metric topic carries metric reports only"));
    }
    Result<MetricReport> r = MetricReportFromJson(m.json, what);
    if (!r.ok()) return refuse(Reason::kMalformed, r.status());
    metrics_.push_back(*r);
    ++stats_.metrics_accepted;
    return Status::Ok();
  }
  if (m.type != MessageType::kUpdate) {
    return refuse(Reason::kMalformed, InvalidArgument(what + ": an update topic carries updates only"));
  }
  const bool current = m.round == plan_.round && m.base_version == plan_.version;
  const bool late_ok = m.round < plan_.round && m.base_version < plan_.version &&
                       plan_.version - m.base_version <= options_.max_staleness;
  if (!open_ || !(current || late_ok)) {
    return refuse(Reason::kStaleRound,
                  FailedPrecondition(what + ": update for round " + std::to_string(m.round) +
                                     " from version " + std::to_string(m.base_version) +
                                     ", the open round is " + std::to_string(plan_.round) +
                                     " from version " + std::to_string(plan_.version)));
  }
  if (current && !std::binary_search(plan_.chosen.begin(), plan_.chosen.end(), node)) {
    return refuse(Reason::kStaleRound,
                  FailedPrecondition(what + ": not chosen for round " + std::to_string(plan_.round)));
  }
  if (updates_.count({node, m.round}) != 0) {
    return refuse(Reason::kReplayed, FailedPrecondition(what + ": a second update for round " +
                                                        std::to_string(m.round)));
  }
  if (m.model_kind != ModelKind::kTextLinear || m.matrix.rows != spec_.rows() ||
      m.matrix.cols != spec_.cols()) {
    return refuse(Reason::kMalformed, InvalidArgument(what + ": model shape is not the round's"));
  }
  const uint32_t answers = m.round;
  updates_.emplace(std::make_pair(node, answers), std::move(m));
  ++stats_.updates_accepted;
  return Status::Ok();
}

Result<SignedMessage> Hub::AggregateAndPublish() {
  const uint32_t cols = spec_.cols();
  // FedAvg: each update weighted by its example count, a late one also by 1 / sqrt(1 +
  // staleness) (FedBuff's polynomial discount).
  uint64_t total = 0;
  double weight_sum = 0;
  std::vector<double> weight;
  for (const auto& [key, m] : updates_) {
    total += m.example_count;
    const double stale = static_cast<double>(stats_.version - m.base_version);
    weight.push_back(static_cast<double>(std::max<uint64_t>(1, m.example_count)) / std::sqrt(1 + stale));
    weight_sum += weight.back();
  }
  std::vector<float> step(weights_.size(), 0.f);
  size_t k = 0;
  for (const auto& [key, m] : updates_) {
    const float share = static_cast<float>(weight[k++] / weight_sum);
    const SparseMatrix& x = m.matrix;
    for (size_t i = 0; i < x.index.size(); ++i) {
      float* dst = step.data() + size_t{x.index[i]} * cols;
      for (uint32_t c = 0; c < cols; ++c) dst[c] += share * x.Value(i, c);
    }
  }
  if (!momentum_.empty()) {
    for (size_t i = 0; i < step.size(); ++i) {
      momentum_[i] = options_.server_momentum * momentum_[i] + step[i];
      step[i] = momentum_[i];
    }
  }
  std::vector<uint32_t> rows;
  std::vector<float> values;
  for (uint32_t r = 0; r < spec_.rows(); ++r) {
    float* w = weights_.data() + size_t{r} * cols;
    const float* s = step.data() + size_t{r} * cols;
    bool nonzero = false;
    for (uint32_t c = 0; c < cols; ++c) {
      w[c] += options_.server_lr * s[c];
      nonzero |= w[c] != 0.f;
    }
    if (nonzero) {
      rows.push_back(r);
      values.insert(values.end(), w, w + cols);
    }
  }
  Message g = NewMessage(MessageType::kGlobal, options_.hub_id, options_.clock->NowMs(),
                         plan_.round, stats_.version + 1);
  g.model_kind = ModelKind::kTextLinear;
  g.example_count = total;
  g.matrix = QuantizeRows(spec_.rows(), cols, options_.global_value_bits, rows, values);
  // The hub keeps the numbers the nodes will decode, so every round starts from the same model.
  std::fill(weights_.begin(), weights_.end(), 0.f);
  for (size_t i = 0; i < g.matrix.index.size(); ++i) {
    float* w = weights_.data() + size_t{g.matrix.index[i]} * cols;
    for (uint32_t c = 0; c < cols; ++c) w[c] = g.matrix.Value(i, c);
  }
  LOKA_ASSIGN_OR_RETURN(SignedMessage out, EncodeMessage(g, key_));
  ++stats_.version;
  ++stats_.rounds_closed;
  stats_.last_round_examples = total;
  stats_.last_round_updates = static_cast<uint32_t>(updates_.size());
  latest_ = std::make_unique<SignedMessage>(out);
  return out;
}

Result<std::vector<SignedMessage>> Hub::Tick() {
  for (const Rejection& r : receiver_.Expire()) Log("refused (timed_out): " + r.status.message());
  stats_.rejected = receiver_.rejected();
  std::vector<SignedMessage> out;
  if (!open_) return out;
  const size_t chosen = plan_.chosen.size();
  const size_t quorum = std::max<size_t>(
      1, static_cast<size_t>(std::ceil(options_.quorum_fraction * static_cast<double>(chosen) - 1e-9)));
  const bool due = options_.clock->NowMs() >= plan_.deadline_ms;
  const int64_t now = options_.clock->SteadyMs();
  if (updates_.size() >= quorum && quorum_ms_ < 0) quorum_ms_ = now;
  size_t current = 0;
  for (const auto& [key, m] : updates_) current += key.second == plan_.round ? 1 : 0;
  const bool everyone = current >= chosen;
  const bool waited = quorum_ms_ >= 0 &&
                      now - quorum_ms_ >= static_cast<int64_t>(options_.straggler_wait *
                                                               static_cast<double>(quorum_ms_ - opened_ms_));
  if (!due && !everyone && !waited) return out;
  open_ = false;
  if (updates_.size() >= std::max<uint32_t>(1, options_.min_updates)) {
    LOKA_ASSIGN_OR_RETURN(SignedMessage g, AggregateAndPublish());
    Log("round " + std::to_string(plan_.round) + " closed with " + std::to_string(updates_.size()) +
        " of " + std::to_string(chosen) + " updates: version " + std::to_string(stats_.version));
    out.push_back(std::move(g));
  } else {
    ++stats_.rounds_empty;
    Log("round " + std::to_string(plan_.round) + " closed empty at its deadline (" +
        std::to_string(updates_.size()) + " of " + std::to_string(chosen) + " updates)");
  }
  const uint32_t closed = static_cast<uint32_t>(stats_.rounds_closed + stats_.rounds_empty);
  if (options_.max_rounds > 0 && closed >= options_.max_rounds) {
    stats_.finished = true;
    return out;
  }
  LOKA_ASSIGN_OR_RETURN(SignedMessage next, Announce());
  out.push_back(std::move(next));
  return out;
}

}  // namespace loka::fed
