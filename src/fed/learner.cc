#include "fed/learner.h"

#include <algorithm>
#include <random>

namespace loka::fed {
namespace {

// The c_i a node keeps: a round names one of its recent updates', at most a few versions back.
constexpr size_t kControlsKept = 4;

}  // namespace

HeldoutSplit SplitHeldout(std::vector<learn::LabelledText> local_data, const LearnerOptions& options) {
  std::mt19937_64 rng(options.seed);
  std::shuffle(local_data.begin(), local_data.end(), rng);
  size_t held = static_cast<size_t>(options.heldout_fraction * static_cast<double>(local_data.size()));
  if (options.heldout_max > 0) held = std::min(held, options.heldout_max);
  HeldoutSplit out;
  out.heldout.assign(std::make_move_iterator(local_data.begin()),
                     std::make_move_iterator(local_data.begin() + static_cast<long>(held)));
  out.train.assign(std::make_move_iterator(local_data.begin() + static_cast<long>(held)),
                   std::make_move_iterator(local_data.end()));
  return out;
}

Result<std::unique_ptr<Learner>> Learner::Create(LearnerOptions options, SigningKey key,
                                                 std::string hub_public_key,
                                                 std::vector<learn::LabelledText> local_data) {
  if (!ValidSenderId(options.node_id)) {
    return InvalidArgument("node id '" + options.node_id + "' is not 1-32 of [A-Za-z0-9_.-]");
  }
  if (!ValidSenderId(options.hub_id)) return InvalidArgument("bad hub id '" + options.hub_id + "'");
  if (hub_public_key.size() != kPublicKeyBytes) return InvalidArgument("the hub's public key is 32 bytes");
  if (local_data.empty()) return InvalidArgument("node " + options.node_id + ": no local data");
  // Written so that NaN fails every test.
  if (!(options.dp.noise_multiplier >= 0 && options.dp.noise_multiplier <= 1e6) ||
      (options.dp.enabled() && !(options.dp.clip_norm > 0 && options.dp.clip_norm <= 1e9 &&
                                 options.dp.delta > 0 && options.dp.delta < 1))) {
    return InvalidArgument(
        "differential privacy: noise multiplier in [0, 1e6], clip norm in (0, 1e9], delta in (0, 1)");
  }
  if (!(options.heldout_fraction >= 0 && options.heldout_fraction < 1)) {
    return InvalidArgument("held-out fraction must be in [0, 1)");
  }
  std::unique_ptr<Learner> l(new Learner(std::move(options), std::move(key), std::move(hub_public_key)));
  HeldoutSplit split = SplitHeldout(std::move(local_data), l->options_);
  l->heldout_text_ = std::move(split.heldout);
  l->train_text_ = std::move(split.train);
  return l;
}

Learner::Learner(LearnerOptions options, SigningKey key, std::string hub_public_key)
    : options_(std::move(options)),
      key_(std::move(key)),
      hub_key_(std::move(hub_public_key)),
      receiver_(options_.assembler,
                [this](std::string_view id) -> const std::string* {
                  return id == options_.hub_id ? &hub_key_ : nullptr;
                },
                options_.max_cells),
      accountant_(options_.dp),
      noise_rng_(NewMessageId()) {
  stats_.privacy = accountant_.budget();
}

Status Learner::Receive(std::string_view payload, bool round) {
  const std::string what = round ? "round announcement" : "global version";
  Receiver::Outcome got = receiver_.Take(options_.hub_id, payload, what);
  stats_.rejected = receiver_.rejected();
  if (got.state == Receiver::Outcome::State::kPending) return Status::Ok();
  if (got.state == Receiver::Outcome::State::kRejected) {
    // The hub republishes its latest messages after it reconnects, and a node meets retained
    // ones again on each reconnection: counted, not an error.
    if (got.rejection.reason == Reason::kReplayed) return Status::Ok();
    return got.rejection.status;
  }
  Message& m = got.message;
  if (round != (m.type == MessageType::kRound) || (!round && m.type != MessageType::kGlobal)) {
    receiver_.Count(Reason::kMalformed);
    stats_.rejected = receiver_.rejected();
    return InvalidArgument(what + ": wrong message type for its topic");
  }
  if (round) {
    LOKA_ASSIGN_OR_RETURN(RoundPlan p, RoundPlanFromJson(m.json, what));
    // The same round with a later deadline: announced again by a hub that restarted (Work).
    if (!plan_ || p.round > plan_->round ||
        (p.round == plan_->round && p.deadline_ms > plan_->deadline_ms)) {
      plan_ = std::move(p);
    }
    return Status::Ok();
  }
  if (stats_.have_version && m.base_version <= stats_.version) return Status::Ok();  // old news
  global_ = Densify(m.matrix);
  fleet_control_.clear();
  if (m.control.rows != 0) fleet_control_ = Densify(m.control);
  stats_.version = m.base_version;
  stats_.version_round = m.round;
  stats_.have_version = true;
  if (served_.size() != global_.size()) {
    served_ = global_;  // the first version a node sees is what it serves
    stats_.served_version = m.base_version;
  } else {
    judge_pending_ = true;
  }
  return Status::Ok();
}

Status Learner::Prepare(const TextModelSpec& spec) {
  if (spec_ && SameAnnouncedSpec(*spec_, spec)) return Status::Ok();
  auto known = [&](const std::vector<learn::LabelledText>& in) {
    std::vector<learn::LabelledText> out;
    for (const auto& t : in) {
      if (std::binary_search(spec.labels.begin(), spec.labels.end(), t.label)) out.push_back(t);
    }
    return out;
  };
  LOKA_ASSIGN_OR_RETURN(train_, FeaturizeExamples(known(train_text_), spec, options_.node_id));
  LOKA_ASSIGN_OR_RETURN(heldout_, FeaturizeExamples(known(heldout_text_), spec, options_.node_id));
  if (train_.empty()) {
    return InvalidArgument("node " + options_.node_id + ": no local example has one of the fleet's labels");
  }
  spec_ = spec;
  return Status::Ok();
}

Result<SignedMessage> Learner::TrainUpdate() {
  const RoundPlan& p = *plan_;
  const TextModelSpec& spec = p.spec;
  std::vector<float> local = global_;
  std::vector<uint32_t> touched;
  const uint32_t cols = spec.cols();
  const uint64_t steps = uint64_t{p.train.epochs} * train_.size();
  // With SCAFFOLD: the correction c - c_i, on every row either is non-zero on, with the c_i
  // the hub holds (the round names it).
  static const ControlRows kNone;
  const ControlRows* ci = &kNone;
  bool without_control = false;
  if (auto used = p.control_rounds.find(options_.node_id); used != p.control_rounds.end()) {
    if (auto it = controls_.find(used->second); it != controls_.end()) {
      ci = &it->second;
    } else {
      without_control = true;  // not held (restarted since): trained with c_i = 0, and says so
    }
  }
  std::vector<float> correction;
  if (p.scaffold && (!fleet_control_.empty() || !ci->index.empty())) {
    correction = fleet_control_;
    correction.resize(local.size(), 0.f);
    for (size_t i = 0; i < ci->index.size(); ++i) {
      float* k = correction.data() + size_t{ci->index[i]} * cols;
      const float* v = ci->values.data() + i * cols;
      for (uint32_t c = 0; c < cols; ++c) k[c] -= v[c];
    }
  }
  TrainLocal(train_, spec, p.train, global_, &local, &touched, correction.empty() ? nullptr : &correction);
  if (!correction.empty()) {
    // Only the rows the examples touched carry more than the correction's share (the bias row
    // always): the update is sent on those alone (DeriveControl).
    std::vector<uint8_t> read(spec.rows(), 0);
    for (const Example& ex : train_) {
      for (const uint32_t r : ex.row) read[r] = 1;
    }
    read[spec.bias_row()] = 1;
    touched.clear();
    for (uint32_t r = 0; r < spec.rows(); ++r) {
      if (read[r]) touched.push_back(r);
    }
  }
  CompressOptions compress = p.compress;
  double noise = 0;
  if (options_.dp.enabled()) {
    // Every row is sent through the noise, touched or not (fed/privacy.h).
    touched.resize(spec.rows());
    for (uint32_t r = 0; r < spec.rows(); ++r) touched[r] = r;
    compress.clip_norm = compress.clip_norm > 0 ? std::min(compress.clip_norm, options_.dp.clip_norm)
                                                : options_.dp.clip_norm;
    noise = options_.dp.noise_multiplier * compress.clip_norm;
  }
  std::vector<float> delta;
  delta.reserve(touched.size() * cols);
  for (const uint32_t r : touched) {
    for (uint32_t c = 0; c < cols; ++c) {
      const size_t j = size_t{r} * cols + c;
      // With SCAFFOLD, the delta without the correction's share (DeriveControl).
      const float share = correction.empty() ? 0.f : static_cast<float>(steps) * p.train.lr * correction[j];
      delta.push_back(local[j] - global_[j] + share);
    }
  }
  Message m = NewMessage(MessageType::kUpdate, options_.node_id, options_.clock->NowMs(), p.round,
                         p.version);
  m.model_kind = ModelKind::kTextLinear;
  m.example_count = train_.size();
  m.clip_norm = compress.clip_norm;
  m.without_control = p.scaffold && without_control;
  m.matrix = compressor_.Compress(spec.rows(), cols, touched, std::move(delta), compress, noise, &noise_rng_);
  LOKA_ASSIGN_OR_RETURN(SignedMessage out, EncodeMessage(m, key_));
  if (p.scaffold) {
    controls_[p.round] = DeriveControl(m.matrix, steps, p.train.lr);
    while (controls_.size() > kControlsKept) controls_.erase(controls_.begin());
  }
  stats_.last_update_bytes = out.bytes().size();
  stats_.last_update_rows = static_cast<uint32_t>(m.matrix.index.size());
  ++stats_.updates_made;
  if (options_.dp.enabled()) accountant_.AddRound();
  stats_.privacy = accountant_.budget();
  return out;
}

const ControlRows& Learner::control() const {
  static const ControlRows kNone;
  return controls_.empty() ? kNone : controls_.rbegin()->second;
}

Result<std::vector<SignedMessage>> Learner::Work() {
  std::vector<SignedMessage> out;
  if (!plan_ || !stats_.have_version) return out;
  LOKA_RETURN_IF_ERROR(Prepare(plan_->spec));
  const size_t cells = size_t{plan_->spec.rows()} * plan_->spec.cols();
  if (global_.size() != cells) return out;  // a version of another shape: wait for the round's
  if (judge_pending_) {
    judge_pending_ = false;
    MetricReport r;
    r.round = plan_->round;
    r.version = stats_.version;
    r.local_accuracy = Accuracy(global_, plan_->spec, heldout_);
    r.previous_accuracy = Accuracy(served_, plan_->spec, heldout_);
    r.heldout = heldout_.size();
    r.dp_rounds = stats_.privacy.rounds;
    r.dp_epsilon = stats_.privacy.epsilon;
    r.deployed = heldout_.empty() || r.local_accuracy >= r.previous_accuracy - options_.deploy_margin;
    if (r.deployed) {
      served_ = global_;
      stats_.served_version = stats_.version;
    } else {
      ++stats_.versions_refused;
    }
    stats_.last_heldout_accuracy = r.local_accuracy;
    stats_.last_previous_accuracy = r.previous_accuracy;
    stats_.heldout_examples = heldout_.size();
    Message m = NewMessage(MessageType::kMetric, options_.node_id, options_.clock->NowMs(),
                           r.round, r.version);
    m.json = MetricReportToJson(r);
    LOKA_ASSIGN_OR_RETURN(SignedMessage metric, EncodeMessage(m, key_));
    out.push_back(std::move(metric));
  }
  const RoundPlan& p = *plan_;
  const bool chosen = std::find(p.chosen.begin(), p.chosen.end(), options_.node_id) != p.chosen.end();
  const bool answered = p.round < stats_.last_trained_round ||
                        (p.round == stats_.last_trained_round &&
                         p.deadline_ms <= stats_.last_trained_deadline_ms);
  if (chosen && !answered && p.version == stats_.version &&
      options_.clock->NowMs() < p.deadline_ms) {
    stats_.last_trained_round = p.round;
    stats_.last_trained_deadline_ms = p.deadline_ms;
    LOKA_ASSIGN_OR_RETURN(SignedMessage update, TrainUpdate());
    out.push_back(std::move(update));
  }
  return out;
}

}  // namespace loka::fed
