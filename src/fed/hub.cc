#include "fed/hub.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

namespace loka::fed {

std::optional<Rejection> CheckRoundUpdate(const RoundPlan& plan, bool open, uint32_t max_staleness,
                                          const TextModelSpec& spec, const std::string& node,
                                          const Message& m, bool already, const std::string& what) {
  auto no = [](Reason reason, Status status) { return Rejection{reason, std::move(status)}; };
  if (m.type != MessageType::kUpdate) {
    return no(Reason::kMalformed, InvalidArgument(what + ": an update topic carries updates only"));
  }
  const bool current = m.round == plan.round && m.base_version == plan.version;
  const bool late_ok = m.round < plan.round && m.base_version < plan.version &&
                       plan.version - m.base_version <= max_staleness;
  if (!open || !(current || late_ok)) {
    return no(Reason::kStaleRound,
              FailedPrecondition(what + ": update for round " + std::to_string(m.round) +
                                 " from version " + std::to_string(m.base_version) +
                                 ", the open round is " + std::to_string(plan.round) +
                                 " from version " + std::to_string(plan.version)));
  }
  if (current && !std::binary_search(plan.chosen.begin(), plan.chosen.end(), node)) {
    return no(Reason::kStaleRound,
              FailedPrecondition(what + ": not chosen for round " + std::to_string(plan.round)));
  }
  if (already) {
    return no(Reason::kReplayed,
              FailedPrecondition(what + ": a second update for round " + std::to_string(m.round)));
  }
  if (m.model_kind != ModelKind::kTextLinear || m.matrix.rows != spec.rows() ||
      m.matrix.cols != spec.cols()) {
    return no(Reason::kMalformed, InvalidArgument(what + ": model shape is not the round's"));
  }
  return std::nullopt;
}

void ServerStep(const AggregateOptions& a, std::vector<float>* step, std::vector<float>* m,
                std::vector<float>* v) {
  using Opt = AggregateOptions::ServerOptimizer;
  const float b1 = a.server_beta1, b2 = a.server_beta2;
  for (size_t i = 0; i < step->size(); ++i) {
    const float d = (*step)[i];
    const float d2 = d * d;
    float& mi = (*m)[i];
    float& vi = (*v)[i];
    mi = b1 * mi + (1.f - b1) * d;
    switch (a.server_optimizer) {
      case Opt::kAdam: vi = b2 * vi + (1.f - b2) * d2; break;
      case Opt::kYogi: vi -= (1.f - b2) * d2 * (vi > d2 ? 1.f : vi < d2 ? -1.f : 0.f); break;
      case Opt::kAdagrad: vi += d2; break;
      case Opt::kMomentum: break;
    }
    (*step)[i] = mi / (std::sqrt(vi) + a.server_tau);
  }
}

Status CheckHubOptions(const HubOptions& options) {
  auto value = [](double v) {
    std::ostringstream out;
    out << v;
    return out.str();
  };
  if (!ValidSenderId(options.hub_id)) return InvalidArgument("hub: bad hub id '" + options.hub_id + "'");
  if (!(options.quorum_fraction > 0 && options.quorum_fraction <= 1)) {
    return InvalidArgument("hub: --quorum (the share of chosen nodes that closes a round) must be "
                           "in (0, 1], got " + value(options.quorum_fraction));
  }
  if (options.round_timeout_ms <= 0) {
    return InvalidArgument("hub: --round-timeout-ms must be positive, got " +
                           std::to_string(options.round_timeout_ms));
  }
  if (!(options.straggler_wait >= 0 && options.straggler_wait <= 1e6)) {
    return InvalidArgument("hub: straggler wait must be in [0, 1e6]");
  }
  const AggregateOptions& a = options.aggregate;
  if (!(a.server_lr > 0 && a.server_lr <= 100)) {
    return InvalidArgument("hub: --server-lr must be in (0, 100], got " + value(a.server_lr));
  }
  if (!(a.server_momentum >= 0 && a.server_momentum < 1)) {
    return InvalidArgument("hub: --server-momentum must be in [0, 1), got " + value(a.server_momentum));
  }
  if (!(a.server_beta1 >= 0 && a.server_beta1 < 1 && a.server_beta2 >= 0 && a.server_beta2 < 1 &&
        a.server_tau > 0)) {
    return InvalidArgument("hub: --server-beta1 and --server-beta2 must be in [0, 1) and "
                           "--server-tau positive");
  }
  if (options.global_value_bits != 8 && options.global_value_bits != 16 &&
      options.global_value_bits != 32) {
    return InvalidArgument("hub: global value bits must be 8, 16 or 32");
  }
  return Status::Ok();
}

Result<std::unique_ptr<Hub>> Hub::Create(HubOptions options, TextModelSpec spec,
                                         LocalTrainOptions train, CompressOptions compress,
                                         Enrolment enrolment, SigningKey key) {
  if (enrolment.size() == 0) return InvalidArgument("hub: the enrolment list is empty");
  if (spec.cols() < 2) return InvalidArgument("hub: a model needs at least 2 labels");
  LOKA_RETURN_IF_ERROR(CheckHubOptions(options));
  // What every node would refuse in a round announcement (fed/round.h).
  if (Status s = CheckAnnouncedOptions(train, compress); !s.ok()) return s.WithPrefix("hub");
  const AggregateOptions& a = options.aggregate;
  if (Status s = CheckTextModelSpec(spec, options.max_cells); !s.ok()) return s.WithPrefix("hub");
  std::sort(options.workers.begin(), options.workers.end());
  for (size_t i = 0; i < options.workers.size(); ++i) {
    const std::string& w = options.workers[i];
    if (!ValidSenderId(w) || enrolment.Find(w) != nullptr || (i > 0 && w == options.workers[i - 1])) {
      return InvalidArgument("hub: worker id '" + w + "' is invalid, enrolled as a node, or listed twice");
    }
  }
  // Workers' partial sums carry no c_i: SCAFFOLD gives way to FedAvgM, and its server step of 2,
  // which without the correction fell apart within four rounds (AggregateOptions::server_lr),
  // to FedAvg's 1.
  if (!options.workers.empty() && options.aggregate.scaffold) {
    options.aggregate.scaffold = false;
    options.aggregate.server_lr = 1.f;
    if (options.log) options.log("hub: workers' partial sums carry no c_i: SCAFFOLD off, FedAvgM at server lr 1");
  }
  if (a.scaffold && (a.remember_updates || a.row_average || a.label_average || !options.workers.empty())) {
    return InvalidArgument(
        "hub: SCAFFOLD needs remembered updates, row averages and label averages off, and no workers");
  }
  if (!options.workers.empty() && options.max_staleness > 0) {
    return InvalidArgument("hub: the asynchronous mode (max staleness) is not available with workers");
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
                [this](std::string_view id) -> const std::string* {
                  if (const std::string* node = enrolment_.Find(id)) return node;
                  // A worker signs its partial sums with the hub's own key.
                  return std::binary_search(options_.workers.begin(), options_.workers.end(), id)
                             ? &key_.public_key()
                             : nullptr;
                },
                options_.max_cells),
      rng_(options_.seed) {}

void Hub::Log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

void Hub::ZeroServerMoments() {
  const bool adaptive =
      options_.aggregate.server_optimizer != AggregateOptions::ServerOptimizer::kMomentum;
  if (options_.aggregate.server_momentum > 0 || adaptive) momentum_.assign(weights_.size(), 0.f);
  if (adaptive) second_.assign(weights_.size(), 0.f);
}

Result<std::vector<SignedMessage>> Hub::Start() {
  weights_.assign(size_t{spec_.rows()} * spec_.cols(), 0.f);
  ZeroServerMoments();
  Message g = NewMessage(MessageType::kGlobal, options_.hub_id, options_.clock->NowMs());
  g.model_kind = ModelKind::kTextLinear;
  g.matrix = QuantizeRows(spec_.rows(), spec_.cols(), options_.global_value_bits, {}, {});
  LOKA_ASSIGN_OR_RETURN(SignedMessage global, EncodeMessage(g, key_));
  latest_ = std::make_unique<SignedMessage>(global);
  LOKA_ASSIGN_OR_RETURN(SignedMessage round, Announce());
  return std::vector<SignedMessage>{std::move(global), std::move(round)};
}

Result<std::vector<SignedMessage>> Hub::Resume(const VersionFile& from) {
  const size_t cells = size_t{spec_.rows()} * spec_.cols();
  if (!SameAnnouncedSpec(from.plan.spec, spec_) || from.weights.size() != cells ||
      (!from.control.empty() && from.control.size() != cells)) {
    return InvalidArgument(
        "hub: the fleet's version " + std::to_string(from.version) +
        " is of another model (its buckets, labels or features differ from this hub's): carry "
        "on with the same labels and buckets, or start a fleet of another name");
  }
  if (from.plan.round == 0 || from.plan.version != from.version) {
    return InvalidArgument("hub: round " + std::to_string(from.plan.round) +
                           " does not train from version " + std::to_string(from.version));
  }
  weights_ = from.weights;
  ZeroServerMoments();
  // What an update from the version subtracts of c (ScaffoldStep) is the c it came with.
  if (!from.control.empty()) published_control_[from.version] = from.control;
  stats_.version = from.version;
  stats_.round = from.plan.round - 1;
  // The version as the nodes decoded it, encoded again for republishing to nodes that return
  // (Tick) and for version files: a node that holds it takes it as stale.
  Message g = NewMessage(MessageType::kGlobal, options_.hub_id, options_.clock->NowMs(),
                         stats_.round, from.version);
  g.model_kind = ModelKind::kTextLinear;
  g.matrix = QuantizeDense(spec_.rows(), spec_.cols(), options_.global_value_bits, weights_);
  if (!from.control.empty()) {
    g.control = QuantizeDense(spec_.rows(), spec_.cols(), options_.global_value_bits, from.control);
  }
  LOKA_ASSIGN_OR_RETURN(SignedMessage global, EncodeMessage(g, key_));
  latest_ = std::make_unique<SignedMessage>(std::move(global));
  if (options_.max_rounds > 0 && from.plan.round > options_.max_rounds) {
    stats_.finished = true;
    Log("resumed from version " + std::to_string(from.version) + ": the run of " +
        std::to_string(options_.max_rounds) + " rounds is over");
    return std::vector<SignedMessage>{};
  }
  LOKA_ASSIGN_OR_RETURN(SignedMessage round, Announce());
  Log("resumed from version " + std::to_string(from.version) + ": round " +
      std::to_string(plan_.round) + " announced");
  return std::vector<SignedMessage>{std::move(round)};
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
  if (options_.aggregate.decay_lr && options_.max_rounds > 0) {
    // Linear decay over the run, as central SGD's schedule (learn/trainer.h), never below 10%.
    const double left = 1.0 - static_cast<double>(p.round - 1) / options_.max_rounds;
    p.train.lr = static_cast<float>(train_.lr * std::max(0.1, left));
  }
  p.compress = compress_;
  p.spec = spec_;
  p.scaffold = options_.aggregate.scaffold;
  if (p.scaffold) {
    for (const auto& [node, kept] : control_) p.control_rounds[node] = kept.rbegin()->first;
    announced_[p.round] = {p.train.lr, p.control_rounds};
    // An update answers a round at most max_staleness versions back; rounds closed empty add
    // no version, so a few more are kept.
    while (announced_.size() > 2 * (size_t{options_.max_staleness} + 2)) announced_.erase(announced_.begin());
  }
  Message m = NewMessage(MessageType::kRound, options_.hub_id, options_.clock->NowMs(), p.round,
                         p.version);
  m.json = RoundPlanToJson(p);
  LOKA_ASSIGN_OR_RETURN(SignedMessage out, EncodeMessage(m, key_));
  round_msg_ = std::make_unique<SignedMessage>(out);
  plan_ = std::move(p);
  stats_.round = plan_.round;
  updates_.clear();
  partials_.clear();
  open_ = true;
  opened_ms_ = options_.clock->SteadyMs();
  quorum_ms_ = -1;
  return out;
}

Status Hub::Receive(const std::string& node, std::string_view payload, bool metric) {
  const std::string what = std::string(metric                     ? "metric"
                                       : options_.workers.empty() ? "update"
                                                                  : "partial sum") +
                           " from " + node;
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
  if (!options_.workers.empty()) {
    if (std::optional<Rejection> no = TakePartial(node, std::move(m), what)) {
      return refuse(no->reason, no->status);
    }
    return Status::Ok();
  }
  const bool already = updates_.count({node, m.round}) != 0;
  if (std::optional<Rejection> no =
          CheckRoundUpdate(plan_, open_, options_.max_staleness, spec_, node, m, already, what)) {
    return refuse(no->reason, no->status);
  }
  const uint32_t answers = m.round;
  updates_.emplace(std::make_pair(node, answers), std::move(m));
  ++stats_.updates_accepted;
  return Status::Ok();
}

std::optional<Rejection> Hub::TakePartial(const std::string& worker, Message m,
                                         const std::string& what) {
  if (!std::binary_search(options_.workers.begin(), options_.workers.end(), worker)) {
    // An enrolled node signs with its own key: it may not pose as a worker.
    return Rejection{Reason::kUnknownSender, FailedPrecondition(what + ": not one of the hub's workers")};
  }
  if (m.type != MessageType::kPartial) {
    return Rejection{Reason::kMalformed, InvalidArgument(what + ": a partial topic carries partial sums only")};
  }
  if (!open_ || m.round != plan_.round || m.base_version != plan_.version) {
    return Rejection{Reason::kStaleRound,
                     FailedPrecondition(what + ": partial sum for round " + std::to_string(m.round) +
                                        ", the open round is " + std::to_string(plan_.round))};
  }
  if (m.model_kind != ModelKind::kTextLinear || m.matrix.rows != spec_.rows() ||
      m.matrix.cols != spec_.cols()) {
    return Rejection{Reason::kMalformed, InvalidArgument(what + ": model shape is not the round's")};
  }
  auto it = partials_.find(worker);
  if (it != partials_.end() && it->second.updates >= m.updates) return std::nullopt;  // overtaken
  stats_.updates_accepted += m.updates - (it == partials_.end() ? 0 : it->second.updates);
  partials_[worker] = std::move(m);
  return std::nullopt;
}

size_t Hub::RoundUpdates() const {
  size_t n = updates_.size();
  for (const auto& [worker, p] : partials_) n += p.updates;
  return n;
}

Result<SignedMessage> Hub::AggregateAndPublish() {
  const uint32_t cols = spec_.cols();
  // FedAvg: each update weighted by its example count, a late one also by 1 / sqrt(1 +
  // staleness) (FedBuff's polynomial discount).
  // With remember_updates, each node's latest update stands in for it in the rounds it misses.
  std::vector<const Message*> taken;
  if (options_.aggregate.remember_updates && options_.workers.empty()) {
    for (auto& [key, m] : updates_) {
      Message& kept = latest_update_[key.first];
      if (kept.round <= m.round) kept = m;  // ordered by node, then round: the newest wins
    }
    for (const auto& [node, m] : latest_update_) taken.push_back(&m);
  } else {
    for (const auto& [key, m] : updates_) taken.push_back(&m);
  }
  uint64_t total = 0;
  double weight_sum = 0;
  std::vector<double> weight;
  std::vector<float> step;
  if (options_.aggregate.scaffold) {
    step = ScaffoldStep(&total);
    taken.clear();
  } else {
    step.assign(weights_.size(), 0.f);
  }
  for (const Message* u : taken) {
    const Message& m = *u;
    total += m.example_count;
    const double stale = static_cast<double>(stats_.version - m.base_version);
    weight.push_back(static_cast<double>(std::max<uint64_t>(1, m.example_count)) / std::sqrt(1 + stale));
    weight_sum += weight.back();
  }
  // Partial sums (several workers) hold sum(examples x delta): divided by all examples at once.
  for (const auto& [worker, p] : partials_) {
    total += p.example_count;
    weight_sum += static_cast<double>(p.example_count);
  }
  for (const auto& [worker, p] : partials_) {
    const float inv = static_cast<float>(1.0 / weight_sum);
    for (size_t i = 0; i < p.matrix.index.size(); ++i) {
      float* dst = step.data() + size_t{p.matrix.index[i]} * cols;
      for (uint32_t c = 0; c < cols; ++c) dst[c] += inv * p.matrix.Value(i, c);
    }
  }
  // share[k x cols + c]: update k's weight in column c.
  std::vector<float> share(taken.size() * cols);
  {
    std::vector<uint8_t> moved(share.size(), 1);
    std::vector<double> column_sum(cols, weight_sum);
    if (options_.aggregate.label_average && partials_.empty()) {
      std::fill(moved.begin(), moved.end(), 0);
      std::fill(column_sum.begin(), column_sum.end(), 0.0);
      size_t k = 0;
      for (const Message* m : taken) {
        const SparseMatrix& x = m->matrix;
        for (size_t i = 0; i < x.index.size(); ++i) {
          for (uint32_t c = 0; c < cols; ++c) moved[k * cols + c] |= x.Value(i, c) != 0.f ? 1 : 0;
        }
        for (uint32_t c = 0; c < cols; ++c) column_sum[c] += moved[k * cols + c] ? weight[k] : 0.0;
        ++k;
      }
    }
    for (size_t k = 0; k < taken.size(); ++k) {
      for (uint32_t c = 0; c < cols; ++c) {
        const size_t at = k * cols + c;
        share[at] = moved[at] && column_sum[c] > 0 ? static_cast<float>(weight[k] / column_sum[c]) : 0.f;
      }
    }
  }
  // With row_average, row r of update k weighs weight_sum / row_sum[r] times more: its share
  // of the row is its weight over the example counts of the updates that carry row r. Counts,
  // not the staleness-discounted weights: a row only a late (or remembered) update carries
  // keeps its discount instead of being taken whole.
  std::vector<double> row_sum;
  if (options_.aggregate.row_average && partials_.empty()) {
    row_sum.assign(spec_.rows(), 0.0);
    for (const Message* m : taken) {
      const double examples = static_cast<double>(std::max<uint64_t>(1, m->example_count));
      for (const uint32_t r : m->matrix.index) row_sum[r] += examples;
    }
  }
  size_t k = 0;
  for (const Message* m : taken) {
    const float* sh = share.data() + k++ * cols;
    const SparseMatrix& x = m->matrix;
    for (size_t i = 0; i < x.index.size(); ++i) {
      const uint32_t r = x.index[i];
      float* dst = step.data() + size_t{r} * cols;
      const float scale = row_sum.empty() ? 1.f : static_cast<float>(weight_sum / row_sum[r]);
      for (uint32_t c = 0; c < cols; ++c) dst[c] += scale * sh[c] * x.Value(i, c);
    }
  }
  const AggregateOptions& a = options_.aggregate;
  if (!second_.empty()) {
    ServerStep(a, &step, &momentum_, &second_);
  } else if (!momentum_.empty()) {
    for (size_t i = 0; i < step.size(); ++i) {
      momentum_[i] = a.server_momentum * momentum_[i] + step[i];
      step[i] = momentum_[i];
    }
  }
  float server_lr = a.server_lr;
  if (a.decay_server_lr && options_.max_rounds > 0) {
    const double left = 1.0 - static_cast<double>(plan_.round - 1) / options_.max_rounds;
    server_lr = static_cast<float>(server_lr * std::max(0.1, left));
  }
  // With average_last, the versions of the run's last rounds are summed as they are made; the
  // last round publishes their mean (its own step included).
  const bool tail = a.average_last > 1 && options_.max_rounds > 0 &&
                    plan_.round + a.average_last > options_.max_rounds;
  const bool last = tail && plan_.round >= options_.max_rounds;
  if (tail && tail_sum_.empty()) tail_sum_.assign(weights_.size(), 0.f);
  std::vector<uint32_t> rows;
  std::vector<float> values;
  for (uint32_t r = 0; r < spec_.rows(); ++r) {
    float* w = weights_.data() + size_t{r} * cols;
    const float* s = step.data() + size_t{r} * cols;
    bool nonzero = false;
    const float* sum = last ? tail_sum_.data() + size_t{r} * cols : nullptr;
    for (uint32_t c = 0; c < cols; ++c) {
      w[c] += server_lr * s[c];
      if (sum != nullptr) w[c] = (sum[c] + w[c]) / static_cast<float>(tail_count_ + 1);
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
  if (a.scaffold) g.control = PublishControl(stats_.version + 1);
  // The hub keeps the numbers the nodes will decode, so every round starts from the same model.
  weights_ = Densify(g.matrix);
  if (tail && !last) {
    for (size_t i = 0; i < weights_.size(); ++i) tail_sum_[i] += weights_[i];
    ++tail_count_;
  }
  LOKA_ASSIGN_OR_RETURN(SignedMessage out, EncodeMessage(g, key_));
  ++stats_.version;
  ++stats_.rounds_closed;
  stats_.last_round_examples = total;
  stats_.last_round_updates = static_cast<uint32_t>(RoundUpdates());
  latest_ = std::make_unique<SignedMessage>(out);
  return out;
}

std::vector<float> Hub::ScaffoldStep(uint64_t* total) {
  const uint32_t cols = spec_.cols();
  std::vector<float> step(weights_.size(), 0.f);
  double weight_sum = 0;
  for (const auto& [key, m] : updates_) {
    const double stale = static_cast<double>(stats_.version - m.base_version);
    weight_sum += static_cast<double>(std::max<uint64_t>(1, m.example_count)) / std::sqrt(1 + stale);
  }
  // In (node, round) order: a node's late update is taken before its current one, so each
  // derives c_i from the c_i before it.
  for (const auto& [key, m] : updates_) {
    *total += m.example_count;
    const double stale = static_cast<double>(stats_.version - m.base_version);
    const float share = static_cast<float>(
        static_cast<double>(std::max<uint64_t>(1, m.example_count)) / std::sqrt(1 + stale) / weight_sum);
    const SparseMatrix& x = m.matrix;
    for (size_t i = 0; i < x.index.size(); ++i) {
      float* dst = step.data() + size_t{x.index[i]} * cols;
      for (uint32_t c = 0; c < cols; ++c) dst[c] += share * x.Value(i, c);
    }
    // The correction's share of the node's delta, -steps x lr x (c - c_i) on every row, with
    // the c of its base version and the c_i its round told it to train with.
    const uint64_t steps = uint64_t{train_.epochs} * m.example_count;
    auto round = announced_.find(m.round);
    const float rate = round != announced_.end() ? round->second.lr : train_.lr;
    const float b = share * static_cast<float>(steps) * rate;
    auto c = published_control_.find(m.base_version);
    if (c != published_control_.end() && !c->second.empty()) {
      for (size_t j = 0; j < step.size(); ++j) step[j] -= b * c->second[j];
    }
    std::map<uint32_t, ControlRows>& kept = control_[key.first];
    if (round != announced_.end()) {
      // The c_i its round named, unless the node trained without it (Message::without_control).
      auto used = round->second.control_rounds.find(key.first);
      const bool named = used != round->second.control_rounds.end() && !m.without_control;
      auto ci = named ? kept.find(used->second) : kept.end();
      if (ci != kept.end()) {
        for (size_t i = 0; i < ci->second.index.size(); ++i) {
          float* dst = step.data() + size_t{ci->second.index[i]} * cols;
          const float* v = ci->second.values.data() + i * cols;
          for (uint32_t col = 0; col < cols; ++col) dst[col] += b * v[col];
        }
      }
    }
    kept[m.round] = DeriveControl(x, steps, rate);
    while (kept.size() > kControlsKept) kept.erase(kept.begin());
  }
  return step;
}

SparseMatrix Hub::PublishControl(uint32_t version) {
  const uint32_t cols = spec_.cols();
  std::vector<float> c(weights_.size(), 0.f);
  const float inv = 1.f / static_cast<float>(enrolment_.size());
  for (const auto& [node, kept] : control_) {
    const ControlRows& ci = kept.rbegin()->second;  // the latest
    for (size_t i = 0; i < ci.index.size(); ++i) {
      float* dst = c.data() + size_t{ci.index[i]} * cols;
      const float* v = ci.values.data() + i * cols;
      for (uint32_t col = 0; col < cols; ++col) dst[col] += inv * v[col];
    }
  }
  SparseMatrix q = QuantizeDense(spec_.rows(), cols, options_.global_value_bits, c);
  // Kept as the nodes decode it: the correction share of an update is what its node applied.
  published_control_[version] = Densify(q);
  while (!published_control_.empty() &&
         published_control_.begin()->first + options_.max_staleness < version) {
    published_control_.erase(published_control_.begin());
  }
  return q;
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
  const size_t received = RoundUpdates();
  if (received >= quorum && quorum_ms_ < 0) quorum_ms_ = now;
  size_t current = received - updates_.size();  // a worker sums only the open round's
  for (const auto& [key, m] : updates_) current += key.second == plan_.round ? 1 : 0;
  const bool everyone = current >= chosen;
  const bool waited = quorum_ms_ >= 0 &&
                      now - quorum_ms_ >= static_cast<int64_t>(options_.straggler_wait *
                                                               static_cast<double>(quorum_ms_ - opened_ms_));
  if (!due && !everyone && !waited) return out;
  open_ = false;
  if (received >= std::max<uint32_t>(1, options_.min_updates)) {
    LOKA_ASSIGN_OR_RETURN(SignedMessage g, AggregateAndPublish());
    Log("round " + std::to_string(plan_.round) + " closed with " + std::to_string(received) +
        " of " + std::to_string(chosen) + " updates: version " + std::to_string(stats_.version));
    out.push_back(std::move(g));
  } else {
    ++stats_.rounds_empty;
    Log("round " + std::to_string(plan_.round) + " closed empty at its deadline (" +
        std::to_string(received) + " of " + std::to_string(chosen) + " updates)");
  }
  // By the round's number, not the rounds this process closed: a resumed hub (Resume) ends
  // the run where the first would have.
  if (options_.max_rounds > 0 && plan_.round >= options_.max_rounds) {
    stats_.finished = true;
    return out;
  }
  LOKA_ASSIGN_OR_RETURN(SignedMessage next, Announce());
  out.push_back(std::move(next));
  return out;
}

}  // namespace loka::fed
