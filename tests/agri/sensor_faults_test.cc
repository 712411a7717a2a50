// Spike, stuck, dropout and drift detectors, the anomaly score and ISO-8601 timestamps, on
// small hand-made streams whose expected alarms follow from the definitions.
#include "agri/sensor_faults.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "agri/anomaly_score.h"
#include "agri/drift_detector.h"
#include "agri/stream_monitor.h"
#include "agri/timestamp.h"

namespace loka::agri {
namespace {

constexpr int64_t kT0 = 1'400'000'000;  // 2014-05-13T16:53:20Z
constexpr int64_t kHour = 3600;

// A smooth diurnal signal with a deterministic wiggle: no spikes, no flats.
double Smooth(int i) { return 20 + 5 * std::sin(i * 2 * M_PI / 24) + 0.3 * std::sin(i * 1.7); }

TEST(TimestampTest, ParsesIsoForms) {
  struct Row {
    const char* text;
    int64_t unix_s;
  };
  const Row rows[] = {
      {"1970-01-01", 0},
      {"2014-05-13T16:53:20Z", kT0},
      {"2014-05-13 16:53:20", kT0},
      {"2014-05-13 16:53:20.000000", kT0},
      {"2014-05-13T18:53:20+02:00", kT0},
      {"2014-05-13T16:53", kT0 - 20},
      {"2000-02-29T00:00:00Z", 951782400},
      {"1969-12-31T23:59:59Z", -1},
  };
  for (const Row& r : rows) {
    Result<int64_t> t = ParseIso8601(r.text);
    ASSERT_TRUE(t.ok()) << r.text << ": " << t.status().ToString();
    EXPECT_EQ(*t, r.unix_s) << r.text;
  }
  EXPECT_EQ(FormatIso8601(kT0), "2014-05-13T16:53:20Z");
  EXPECT_EQ(FormatIso8601(-1), "1969-12-31T23:59:59Z");
}

TEST(TimestampTest, RejectsMalformed) {
  for (const char* bad : {"", "2014-13-01", "2014-02-30", "2001-02-29", "2014-05-13T24:00:00",
                          "2014-05-13T16:53:20Zjunk", "14-05-13", "2014/05/13", "2014-05-13X10:00",
                          "nan"}) {
    Result<int64_t> t = ParseIso8601(bad);
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(ParseIso8601("x").status().message(),
            "timestamp \"x\": expected YYYY-MM-DD, then optionally 'T' or ' ', HH:MM[:SS[.fff]] "
            "and Z or +HH:MM");
  EXPECT_NE(ParseIso8601("2014-02-30").status().message().find("day out of range"),
            std::string::npos);
}

TEST(SpikeDetectorTest, OneReadingOffTheTrendAndBack) {
  SpikeDetector d;
  std::vector<FaultAlarm> alarms;
  for (int i = 0; i < 100; ++i) {
    const double v = i == 60 ? Smooth(i) + 15 : Smooth(i);
    if (auto a = d.Observe({kT0 + i * kHour, v})) alarms.push_back(*a);
  }
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms[0].kind, FaultKind::kSpike);
  EXPECT_EQ(alarms[0].start_s, kT0 + 60 * kHour);
  EXPECT_EQ(alarms[0].raised_s, kT0 + 61 * kHour);  // confirmed when the signal comes back
  ASSERT_EQ(alarms[0].readings.size(), 3u);       // last good, the spike, the return
  EXPECT_DOUBLE_EQ(alarms[0].readings[1].value, Smooth(60) + 15);
  EXPECT_NE(alarms[0].reason.find("came back"), std::string::npos);
}

TEST(SpikeDetectorTest, LevelChangeIsNoSpike) {
  SpikeDetector d;
  for (int i = 0; i < 100; ++i) {
    const double v = Smooth(i) + (i >= 60 ? 15 : 0);
    EXPECT_FALSE(d.Observe({kT0 + i * kHour, v}).has_value()) << i;
  }
}

TEST(StuckDetectorTest, AlarmsOnceAfterTheKindsDuration) {
  StuckOptions o;
  o.max_flat_s = 6 * kHour;
  StuckDetector d(o);
  std::vector<FaultAlarm> alarms;
  for (int i = 0; i < 60; ++i) {
    const double v = (i >= 20 && i < 40) ? 17.5 : Smooth(i);
    if (auto a = d.Observe({kT0 + i * kHour, v})) alarms.push_back(*a);
  }
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms[0].start_s, kT0 + 20 * kHour);
  EXPECT_EQ(alarms[0].raised_s, kT0 + 27 * kHour);  // first reading more than 6 h into the run
}

TEST(StuckDetectorTest, NormalFlatsDoNotAlarm) {
  const MonitorOptions rain = DefaultMonitorOptions(StreamKind::kRainMm);
  StuckDetector d(rain.stuck);
  for (int i = 0; i < 200; ++i) EXPECT_FALSE(d.Observe({kT0 + i * kHour, 0.0}).has_value());
}

TEST(DropoutDetectorTest, GapAlarmsOnceWhileSilentOrWhenReadingsResume) {
  DropoutDetector d;  // learns the hourly interval
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(d.Observe({kT0 + i * kHour, 1.0}).has_value());
  EXPECT_NEAR(d.expected_interval_s(), kHour, 1e-9);
  EXPECT_FALSE(d.CheckSilence(kT0 + 11 * kHour).has_value());  // 2 h silent: within 2.5 intervals
  std::optional<FaultAlarm> a = d.CheckSilence(kT0 + 12 * kHour);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->kind, FaultKind::kDropout);
  EXPECT_EQ(a->start_s, kT0 + 10 * kHour);
  EXPECT_FALSE(d.CheckSilence(kT0 + 13 * kHour).has_value());  // same gap: once
  EXPECT_FALSE(d.Observe({kT0 + 15 * kHour, 1.0}).has_value());  // already alarmed
  // A new gap seen only when readings resume.
  a = d.Observe({kT0 + 20 * kHour, 1.0});
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->readings.size(), 2u);
  EXPECT_EQ(a->readings[0].unix_s, kT0 + 15 * kHour);
}

TEST(StuckDetectorTest, TwoEqualReadingsAcrossAGapAreNoFlatLine) {
  // 48 varying hourly readings, then one 72 h later equal to the last: the gap is a dropout,
  // not 73 h of a flat line. Readings that then stay flat hourly are a run from the reading
  // after the gap, alarmed once they pass the 6 h.
  StuckDetector d;
  std::vector<FaultAlarm> alarms;
  for (int i = 0; i < 48; ++i) {
    if (auto a = d.Observe({kT0 + i * kHour, Smooth(i)})) alarms.push_back(*a);
  }
  const int64_t after_gap = kT0 + (47 + 72) * kHour;
  EXPECT_FALSE(d.Observe({after_gap, Smooth(47)}).has_value());
  for (int h = 1; h <= 8; ++h) {
    if (auto a = d.Observe({after_gap + h * kHour, Smooth(47)})) alarms.push_back(*a);
  }
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms[0].start_s, after_gap);
  EXPECT_EQ(alarms[0].raised_s, after_gap + 7 * kHour);  // the first reading more than 6 h in
}

TEST(StuckDetectorTest, ARunNeedsThreeReadings) {
  // A logger reporting every 8 h: two equal readings 8 h apart are no evidence yet, a third
  // 16 h after the first is (the interval is learnt, so 8 h gaps are no dropouts).
  StuckDetector d;
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(d.Observe({kT0 + i * 8 * kHour, Smooth(i)}).has_value());
  const int64_t t = kT0 + 5 * 8 * kHour;
  EXPECT_FALSE(d.Observe({t, 7.0}).has_value());
  EXPECT_FALSE(d.Observe({t + 8 * kHour, 7.0}).has_value());
  EXPECT_TRUE(d.Observe({t + 16 * kHour, 7.0}).has_value());
}

TEST(DropoutDetectorTest, ALastingChangeOfIntervalIsLearntAndASilenceStillAlarms) {
  // Two readings a minute apart seed the interval at 1 min; then the logger reports hourly.
  // The first two hourly gaps alarm; the third at the same length is the new interval.
  DropoutDetector d;
  std::vector<FaultAlarm> alarms;
  const int64_t t1 = kT0 + 60;
  EXPECT_FALSE(d.Observe({kT0, 1.0}).has_value());
  EXPECT_FALSE(d.Observe({t1, 1.0}).has_value());
  for (int k = 1; k <= 48; ++k) {
    if (auto a = d.Observe({t1 + k * kHour, 1.0})) alarms.push_back(*a);
  }
  EXPECT_LE(alarms.size(), 2u);
  EXPECT_GE(alarms.size(), 1u);
  EXPECT_NEAR(d.expected_interval_s(), kHour, 1e-9);
  // A genuine 10 h silence afterwards alarms, once, and is not learnt as the interval.
  const int64_t last = t1 + 48 * kHour;
  std::optional<FaultAlarm> a = d.Observe({last + 10 * kHour, 1.0});
  ASSERT_TRUE(a.has_value());
  EXPECT_NE(a->reason.find("expected interval 1 h"), std::string::npos) << a->reason;
  EXPECT_FALSE(d.Observe({last + 11 * kHour, 1.0}).has_value());
  EXPECT_NEAR(d.expected_interval_s(), kHour, 1e-9);
  // Two long gaps in a row are still two dropouts.
  EXPECT_TRUE(d.Observe({last + 17 * kHour, 1.0}).has_value());
  EXPECT_TRUE(d.Observe({last + 23 * kHour, 1.0}).has_value());
}

TEST(DriftDetectorTest, SlowRampAgainstNeighboursAlarmsOnce) {
  DriftOptions o;
  o.min_spread = 0.2;
  DriftDetector d(o);
  std::vector<FaultAlarm> alarms;
  for (int i = 0; i < 600; ++i) {
    const double truth = Smooth(i);
    const double noise = 0.1 * std::sin(i * 2.3);
    const double drift = i >= 300 ? std::min(3.0, (i - 300) * 3.0 / 72) : 0.0;
    if (auto a = d.Observe({kT0 + i * kHour, truth + 0.5 + noise + drift}, truth)) {
      alarms.push_back(*a);
    }
  }
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms[0].kind, FaultKind::kDrift);
  EXPECT_GT(alarms[0].raised_s, kT0 + 300 * kHour);
  EXPECT_LT(alarms[0].raised_s, kT0 + 372 * kHour);  // before the ramp is complete
  EXPECT_NEAR(d.offset(), 0.5, 0.1);
  EXPECT_NE(alarms[0].reason.find("above"), std::string::npos);
}

TEST(DriftDetectorTest, OneSpikeIsNoDrift) {
  DriftDetector d(DriftOptions{.min_spread = 0.2});
  for (int i = 0; i < 400; ++i) {
    const double v = Smooth(i) + (i == 200 ? 30 : 0);
    EXPECT_FALSE(d.Observe({kT0 + i * kHour, v}, Smooth(i)).has_value()) << i;
  }
}

TEST(NeighbourMedianTest, OddAndEven) {
  std::vector<double> odd = {3, 1, 2};
  EXPECT_DOUBLE_EQ(NeighbourMedian(odd), 2);
  std::vector<double> even = {4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(NeighbourMedian(even), 2.5);
}

TEST(AnomalyScorerTest, ScoresInUnitIntervalZeroInWarmupHighOnSpike) {
  AnomalyScorer s;
  double max_normal = 0, spike = 0;
  for (int i = 0; i < 3000; ++i) {
    const double v = Smooth(i) + (i == 2500 ? 40 : 0);
    const double score = s.Score(kT0 + i * 300, v);
    ASSERT_GE(score, 0.0);
    ASSERT_LE(score, 1.0);
    if (i < AnomalyScoreOptions{}.warmup_rows) {
      EXPECT_EQ(score, 0.0);
    }
    if (i == 2500) {
      spike = score;
    } else if (i > 1000) {
      max_normal = std::max(max_normal, score);
    }
  }
  EXPECT_GT(spike, max_normal);
  EXPECT_GT(spike, 0.5);
}

TEST(AnomalyScorerTest, OnlineAndDeterministic) {
  // A row's score depends only on that row and earlier ones: scoring a prefix gives the same
  // scores as scoring the whole stream.
  AnomalyScorer full, prefix;
  std::vector<double> a, b;
  for (int i = 0; i < 1500; ++i) a.push_back(full.Score(kT0 + i * 300, Smooth(i) + (i % 97 == 0)));
  for (int i = 0; i < 700; ++i) b.push_back(prefix.Score(kT0 + i * 300, Smooth(i) + (i % 97 == 0)));
  for (int i = 0; i < 700; ++i) ASSERT_EQ(a[i], b[i]) << i;
}

// A daily sine (period 288 five-minute rows, amplitude 5 around 20) with uniform noise of +/-0.5
// from a fixed linear congruential generator, so every run sees the same stream.
struct NoisySine {
  uint32_t state = 12345;
  double Next(int i) {
    state = state * 1664525u + 1013904223u;
    const double u = static_cast<double>(state >> 8) / static_cast<double>(1u << 24);  // [0, 1)
    return 20 + 5 * std::sin(i * 2 * M_PI / 288) + (u - 0.5);
  }
};

TEST(AnomalyScorerTest, NewHighBeyondTheRecentRangeIsCaughtOnItsFirstRow) {
  // The stream spans about 14.5..25.5 (sine +/-5, noise +/-0.5). At row 3000 it jumps to 32:
  // 6.5 above the recent high, about 59% of the 11-wide range, so statistic 5 (in units of 5% of
  // the range) is about 12, far beyond anything the stream showed (0 on most rows).
  AnomalyScorer s;
  NoisySine gen;
  double max_before = 0, at_jump = 0;
  for (int i = 0; i <= 3000; ++i) {
    const double v = i == 3000 ? 32.0 : gen.Next(i);
    const double score = s.Score(kT0 + i * 300, v);
    if (i >= 1000 && i < 3000) max_before = std::max(max_before, score);
    if (i == 3000) at_jump = score;
  }
  EXPECT_NEAR(s.last().stat[4], 6.5 / 11.0 / 0.05, 2.0);
  EXPECT_GT(at_jump, max_before);
  // Beyond everything seen: L is at least the p-value floor of a few thousand rows (-log10 of
  // 0.5 / 3000 = 3.8) minus statistic 5's Bonferroni share (log10 2), so at least 3.4 > 2.9 and
  // the score is above 2.9 / (2.9 + 6).
  EXPECT_GT(at_jump, 2.9 / (2.9 + 6.0));
}

TEST(AnomalyScorerTest, AQuietStreamRarelyReachesTheAlarmLevel) {
  // On a clean stream the p-values are uniform-ish; a score above L = 2 (0.25) needs a reading
  // more extreme than about 1 in 200 to 1 in 800 under the statistics' Bonferroni shares, so among 5000
  // scored rows a handful at most (1% would be 50).
  AnomalyScorer s;
  NoisySine gen;
  int high = 0;
  for (int i = 0; i < 6000; ++i) {
    const double score = s.Score(kT0 + i * 300, gen.Next(i));
    if (i >= 1000 && score > 0.25) ++high;
  }
  EXPECT_LT(high, 50);
}

TEST(AnomalyScorerTest, OneEventRaisesOneAlarm) {
  // Two equal spikes 20 rows apart: the second is no new maximum of the surprise over the rest
  // period, so its surprise is halved and it scores below the first.
  AnomalyScorer s;
  NoisySine gen;
  double first = 0, second = 0;
  for (int i = 0; i <= 2520; ++i) {
    const double noise = gen.Next(i);
    const double v = (i == 2500 || i == 2520) ? noise + 30 : noise;
    const double score = s.Score(kT0 + i * 300, v);
    if (i == 2500) first = score;
    if (i == 2520) second = score;
  }
  EXPECT_TRUE(s.last().rested);
  EXPECT_LT(second, first);
}

TEST(AnomalyScorerTest, TheRestPeriodLastsRestRowsReadings) {
  // The same spike again, 10 readings before and 10 after the end of the rest period that the
  // first one opened: the first repeat is rested (halved), the second is judged on its own.
  const int rest = AnomalyScoreOptions{}.rest_rows;
  for (const int gap : {rest - 10, rest + 10}) {
    AnomalyScorer s;
    NoisySine gen;
    for (int i = 0; i <= 2500 + gap; ++i) {
      const double noise = gen.Next(i);
      s.Score(kT0 + i * 300, (i == 2500 || i == 2500 + gap) ? noise + 30 : noise);
      if (i == 2500) {
        ASSERT_GE(s.last().surprise_l, AnomalyScoreOptions{}.rest_min_l);
      }
    }
    EXPECT_EQ(s.last().rested, gap < rest) << gap;
  }
}

TEST(AnomalyScorerTest, ASurpriseNoSecondStatisticSharesIsDiscounted) {
  // The agreement rule only moves L: the statistics and their p-values are the same with and
  // without it (the calibrators learn statistics, not L). Where the runner-up's -log10 p is r,
  // L loses 0.4 x (1 - r) for r below 1 and nothing from r = 1 on.
  AnomalyScoreOptions off;
  off.lone_discount = 0;
  AnomalyScorer with_rule, without(off);
  NoisySine gen_a, gen_b;
  int discounted = 0, agreed = 0;
  double spike_with = 0, spike_without = 0, spike_runner_up = 0;
  for (int i = 0; i <= 3000; ++i) {
    const double a = gen_a.Next(i) + (i == 3000 ? 30 : 0);
    const double b = gen_b.Next(i) + (i == 3000 ? 30 : 0);
    with_rule.Score(kT0 + i * 300, a);
    without.Score(kT0 + i * 300, b);
    const AnomalyBreakdown& w = with_rule.last();
    const AnomalyBreakdown& n = without.last();
    for (int k = 0; k < AnomalyScorer::kStats; ++k) ASSERT_EQ(w.log10_p[k], n.log10_p[k]) << i;
    std::array<double, AnomalyScorer::kStats> sorted = w.log10_p;
    std::sort(sorted.begin(), sorted.end());
    ASSERT_DOUBLE_EQ(w.runner_up_log10_p, std::max(sorted[AnomalyScorer::kStats - 2], 0.0)) << i;
    const double expected = 0.4 * std::clamp(1.0 - w.runner_up_log10_p, 0.0, 1.0);
    ASSERT_NEAR(w.lone_discount, expected, 1e-12) << i;
    ASSERT_EQ(n.lone_discount, 0.0);
    ASSERT_NEAR(w.surprise_l, std::max(0.0, n.surprise_l - expected), 1e-12) << i;
    if (i >= 1000 && w.lone_discount > 0) ++discounted;
    if (i >= 1000 && w.lone_discount == 0) ++agreed;
    if (i == 3000) {
      spike_with = w.surprise_l;
      spike_without = n.surprise_l;
      spike_runner_up = w.runner_up_log10_p;
    }
  }
  // On ordinary rows of a clean stream most p-values are large, so the rule applies often; it
  // does not apply everywhere (two statistics at 1 in 10 together happen too).
  EXPECT_GT(discounted, 100);
  EXPECT_GT(agreed, 10);
  // A jump of 30 on a stream of range 11 is a huge step, a new extreme and far off its time of
  // day at once: the runner-up is far beyond 1 in 10 and L is untouched.
  EXPECT_GT(spike_runner_up, 2.0);
  EXPECT_EQ(spike_with, spike_without);
  EXPECT_GT(spike_with, 3.0);
}

TEST(AnomalyScorerTest, ABrokenPatternIsCaughtByThePatternStatistic) {
  // A repeating cycle low, low, high, high (0, 0, 10, 10 with +/-0.05 noise). At row 3002 the
  // cycle breaks: after high, low, low comes a third low. The value is inside the usual range,
  // a step of about 0 is as common as one of 10 and a slot of 6 rows mixes both levels; only the
  // short running mean (3) moves a little. In the context (high, low, low) the stream went high
  // about 250 times since the last halving of the counts (one row in four of 1000) and low never,
  // so the pattern statistic is log2((n + 2) / 0.5), over 8 bits, far beyond its history (about
  // 0.01 bits on every row), and it is the statistic with the smallest p-value among the eight
  // that do not forecast (the forecast residual, 9, sees the break as well: its model predicts
  // the cycle from the previous rows).
  AnomalyScorer s;
  NoisySine gen;  // for its noise: Next(0) is 20 plus uniform noise in [-0.5, 0.5)
  double max_before = 0, at_break = 0;
  for (int i = 0; i <= 3002; ++i) {
    const double noise = 0.1 * (gen.Next(0) - 20.0);
    const bool high = i < 3002 && i % 4 >= 2;
    const double score = s.Score(kT0 + i * 300, (high ? 10.0 : 0.0) + noise);
    if (i >= 1000 && i < 3002) max_before = std::max(max_before, score);
    if (i == 3002) at_break = score;
  }
  EXPECT_GT(s.last().stat[5], 8.0);
  const auto& lp = s.last().log10_p;
  EXPECT_EQ(std::max_element(lp.begin(), lp.begin() + 8) - lp.begin(), 5);
  EXPECT_GT(at_break, max_before);
  // Beyond everything the pattern statistic showed: at least the p-value floor of its history
  // (about 2,970 rows weighed with a 5000-row horizon count as 2,240: -log10(0.5 / 2241) = 3.65)
  // less its Bonferroni share ((1 - 0.5 - 0.04 - 0.0025) / 6 = 0.076, 1.12 in log10), so
  // L > 2.5.
  EXPECT_GT(at_break, 2.5 / (2.5 + 6.0));
}

TEST(AnomalyScorerTest, VolatilityIsTheRunningMeanOfTheStandardizedStep) {
  // Statistic 7 by its definition: v = v_prev + (min(|z(diff)|, 10) - v_prev) / 20, where
  // |z(diff)| is statistic 1 of the same row. Checked on every row of a noisy stream whose noise
  // triples for 60 rows: the same arithmetic in the same order, so 1e-12 only allows for the
  // compiler's freedom to contract a multiply-add.
  AnomalyScorer s;
  NoisySine gen;
  double prev = 0, calm = 0, loud = 0;
  for (int i = 0; i < 3060; ++i) {
    const double sine = 20 + 5 * std::sin(i * 2 * M_PI / 288);
    const double noise = gen.Next(i) - sine;
    const double v = sine + (i >= 3000 ? 3 : 1) * noise;
    s.Score(kT0 + i * 300, v);
    const double expected = prev + (std::min(s.last().stat[0], 10.0) - prev) / 20.0;
    ASSERT_NEAR(s.last().stat[6], expected, 1e-12) << i;
    prev = s.last().stat[6];
    if (i == 2999) calm = prev;
    if (i == 3059) loud = prev;
  }
  // Uniform noise of +/-0.5 has steps with a mean absolute value of 1/3; tripled, about 1, so
  // the running mean of |z| roughly triples once 60 rows (3 horizons) have passed. At least 2x.
  EXPECT_GT(loud, 2 * calm);
}

TEST(AnomalyScorerTest, AMissingDailyPeakIsCaughtWithTheSeasonalStatistic) {
  // 20 days of a daily sine (amplitude 5 around 20) with uniform noise of +/-2, then on day 20
  // the stream stays at the daily mean (20, the same noise) for the half day in which the sine
  // would rise to 25 and come back. The value starts where the sine starts (no jump), every step
  // is a noise-sized step and every value is inside the recent range, so statistics 1 and 5 see
  // nothing. The shortfall against the time of day grows with the missing sine, 5 sin(2 pi k /
  // 288) after k rows, against a slot spread of about 1.25 (uniform noise of +/-2: mean absolute
  // deviation 1); the seasonal running mean (statistic 8, 8 rows) adds it up. The missing peak
  // must be caught before the peak's time (row 72, 6 hours in), with statistic 8 then beyond 1
  // in 1,000 rows of its own history.
  AnomalyScorer s;
  NoisySine gen;
  const int start = 20 * 288;
  double max_before = 0, season_log10_p = 0;
  int first_above = -1;
  for (int i = 0; i < start + 144; ++i) {
    const double sine = 20 + 5 * std::sin(i * 2 * M_PI / 288);
    const double v = sine + 4 * (gen.Next(i) - sine);
    const double score = s.Score(kT0 + i * 300, i >= start ? v - (sine - 20) : v);
    if (i >= 1000 && i < start) max_before = std::max(max_before, score);
    if (i >= start && first_above < 0 && score > max_before) {
      first_above = i - start;
      season_log10_p = s.last().log10_p[7];
    }
  }
  ASSERT_GE(first_above, 0);
  EXPECT_LE(first_above, 72);
  EXPECT_GT(season_log10_p, 3.0);
}

TEST(AnomalyScorerTest, ALargerNoiseIsFlaggedWithinAnHour) {
  // The noisy daily sine whose noise triples from row 3000 on, the same level and rhythm: the
  // larger steps (statistic 1) and their running mean (statistic 7) must lift the score above
  // anything the calm stream reached within 12 rows (an hour of 5-minute readings).
  AnomalyScorer s;
  NoisySine gen;
  double max_before = 0, max_after = 0;
  for (int i = 0; i < 3012; ++i) {
    const double sine = 20 + 5 * std::sin(i * 2 * M_PI / 288);
    const double v = sine + (i >= 3000 ? 3 : 1) * (gen.Next(i) - sine);
    const double score = s.Score(kT0 + i * 300, v);
    if (i >= 1000 && i < 3000) max_before = std::max(max_before, score);
    if (i >= 3000) max_after = std::max(max_after, score);
  }
  EXPECT_GT(max_after, max_before);
}

// An oscillating, mean-reverting stream: x(t) = 20 + y(t), y(t) = 1.6 y(t-1) - 0.9 y(t-2) + e(t)
// with uniform noise e of +/-0.5 from a fixed linear congruential generator (a damped cycle of
// about 11 rows that the noise keeps going; standard deviation about 1.2, of a step about 0.7).
struct Oscillation {
  uint32_t state = 777;
  double y1 = 0, y2 = 0;
  double Noise() {
    state = state * 1664525u + 1013904223u;
    return static_cast<double>(state >> 8) / static_cast<double>(1u << 24) - 0.5;
  }
  double Next() {
    const double y = 1.6 * y1 - 0.9 * y2 + Noise();
    y2 = y1;
    y1 = y;
    return 20 + y;
  }
};

TEST(AnomalyScorerTest, AReadingTheForecastDidNotPredictIsCaughtByStatistic9) {
  // The oscillation, and after row 3000 a reading equal to the one before (a step of 0, inside
  // the range) at a row where the cycle moves on by more than 1.5. Each reading is predicted
  // from the previous ones to within the noise (+/-0.5), so the forecast residual is beyond
  // anything in its history (statistic 9) while a step of 0 and the level are common.
  // The same stream without the forecast (forecast_order 0) scores the row lower.
  AnomalyScoreOptions off;
  off.forecast_order = 0;
  AnomalyScorer s, without(off);
  Oscillation gen;
  double max_before = 0, at_break = 0, at_break_without = 0, prev = 0;
  int row = -1;
  for (int i = 0; i < 6000 && row < 0; ++i) {
    double v = gen.Next();
    // The first row after 3000 where the cycle moves by more than 1.5.
    const bool brk = i >= 3000 && std::abs(v - prev) > 1.5;
    if (brk) {
      v = prev;
      row = i;
    }
    const double score = s.Score(kT0 + i * 300, v);
    const double score_without = without.Score(kT0 + i * 300, v);
    if (i >= 1000 && !brk) max_before = std::max(max_before, score);
    if (brk) {
      at_break = score;
      at_break_without = score_without;
    }
    prev = v;
  }
  ASSERT_GE(row, 3000);
  const AnomalyBreakdown& b = s.last();
  EXPECT_GT(b.stat[8], 3.0);  // 4.0 spreads of the usual residual
  EXPECT_GT(b.log10_p[8], 4.0);
  EXPECT_LT(b.stat[4], 1e-12);  // no new extreme
  EXPECT_LT(b.log10_p[0], 2.0);  // a step of 0 is no rare step here
  EXPECT_GT(at_break, max_before);
  EXPECT_GT(at_break, at_break_without);
  EXPECT_EQ(without.last().log10_p[8], 0.0);
}

TEST(AnomalyScorerTest, TheForecastStaysFiniteThroughAFlatStretch) {
  // 20,000 identical readings (where recursive least squares learns nothing and its matrix would
  // grow by the inverse forgetting factor every row), then the oscillation: every score stays a
  // number in [0, 1] and the forecast statistic is finite.
  AnomalyScorer s;
  Oscillation gen;
  for (int i = 0; i < 25000; ++i) {
    const double score = s.Score(kT0 + i * 300, i < 20000 ? 20.0 : gen.Next());
    ASSERT_TRUE(score >= 0.0 && score <= 1.0) << i;
    ASSERT_TRUE(std::isfinite(s.last().stat[8])) << i;
  }
  EXPECT_GT(s.last().stat[8], 0.0);
}

TEST(AnomalyScorerTest, AnscombeTransformFromItsDefinition) {
  // 2 sqrt(x + 3/8): 2 sqrt(0.375) = 1.2247449, 2 sqrt(10.375) = 6.4420494, 2 sqrt(100.375) =
  // 20.0374649; a negative reading counts as 0. Doubles: 1e-9 is far below any use.
  EXPECT_NEAR(AnomalyScorer::Anscombe(0), 1.2247449, 1e-7);
  EXPECT_NEAR(AnomalyScorer::Anscombe(10), 6.4420494, 1e-7);
  EXPECT_NEAR(AnomalyScorer::Anscombe(100), 20.0374649, 1e-7);
  EXPECT_DOUBLE_EQ(AnomalyScorer::Anscombe(-3), AnomalyScorer::Anscombe(0));
}

TEST(AnomalyScorerTest, SmallCountsAreJudgedOnTheFirstRows) {
  const int probe = AnomalyScoreOptions::kCountProbeRows;
  // Integers in [0, 1000] on every probe row: counts, and the decision stands afterwards.
  AnomalyScorer counts;
  for (int i = 0; i < probe + 10; ++i) counts.Score(kT0 + i * 300, i % 7);
  EXPECT_TRUE(counts.counts());
  counts.Score(kT0 + (probe + 10) * 300, 2.5);
  EXPECT_TRUE(counts.counts());
  EXPECT_EQ(counts.rows(), probe + 11);
  // A fraction on row 5 ends it: the stream restarts with that reading as its first row.
  AnomalyScorer measured;
  for (int i = 0; i < 5; ++i) measured.Score(kT0 + i * 300, i);
  measured.Score(kT0 + 5 * 300, 0.5);
  EXPECT_FALSE(measured.counts());
  EXPECT_EQ(measured.rows(), 1);
  // Integers above count_max_value (bytes, large totals) and negative ones are no small counts.
  AnomalyScorer bytes, negative;
  bytes.Score(kT0, 1001);
  negative.Score(kT0, -1);
  EXPECT_FALSE(bytes.counts());
  EXPECT_FALSE(negative.counts());
  // Switched off by the option.
  AnomalyScoreOptions off;
  off.count_transform = false;
  AnomalyScorer plain(off);
  plain.Score(kT0, 3);
  EXPECT_FALSE(plain.counts());
}

// Poisson counts with a daily rate: about 2 per row at night and 100 at midday (five-minute
// rows), drawn by inversion from a fixed linear congruential generator.
struct PoissonDay {
  uint32_t state = 777;
  double Uniform() {
    state = state * 1664525u + 1013904223u;
    return (static_cast<double>(state >> 8) + 0.5) / static_cast<double>(1u << 24);  // (0, 1)
  }
  static double Rate(int i) { return 2 + 98 * std::pow(std::sin(M_PI * (i % 288) / 288.0), 4); }
  double Next(int i) {
    const double lambda = Rate(i);
    double u = Uniform(), p = std::exp(-lambda), cdf = p;
    int k = 0;
    while (u > cdf && k < 1000) {
      ++k;
      p *= lambda / k;
      cdf += p;
    }
    return k;
  }
};

TEST(AnomalyScorerTest, ABurstInAQuietHourOfCountsStandsOut) {
  // At night (rate 2, standard deviation 1.4) 40 events in one row are 27 standard deviations
  // out, but within the daily range and a step of 38 is an ordinary one at midday (standard
  // deviation of a step there sqrt(200) = 14). On Anscombe's scale every step has a standard
  // deviation of about sqrt(2), and the burst's step is 2 sqrt(40.375) - 2 sqrt(2.375) = 9.6,
  // about 7 of them. Row 5760 is midnight of day 21: with the transform the burst scores above
  // every ordinary row after the first two days, and higher than without it.
  auto run = [](bool transform, double* max_before) {
    AnomalyScoreOptions o;
    o.count_transform = transform;
    AnomalyScorer s(o);
    PoissonDay gen;
    double at_burst = 0;
    *max_before = 0;
    for (int i = 0; i <= 5760; ++i) {
      const double v = i == 5760 ? 40.0 : gen.Next(i);
      const double score = s.Score(kT0 - kT0 % 86400 + i * 300, v);
      if (i >= 576 && i < 5760) *max_before = std::max(*max_before, score);
      if (i == 5760) at_burst = score;
    }
    return at_burst;
  };
  double max_counts = 0, max_plain = 0;
  const double with = run(true, &max_counts);
  const double without = run(false, &max_plain);
  EXPECT_GT(with, max_counts);
  EXPECT_GT(with, without);
}

TEST(AnomalyScorerTest, ACountIsItsHalfUnitIntervalForTheNewExtremeStatistic) {
  // 200 rows alternating 4 and 6 events set the recent range to [A(4), A(6)] = [4.18330,
  // 5.04975] on Anscombe's scale A(x) = 2 sqrt(x + 3/8) (a range horizon of 1e12 rows keeps it
  // there). Statistic 5 of a probe x is how far [A(x - 0.5), A(x + 0.5)] lies beyond the range,
  // in units of 5% of its width 0.86645, with the correction; how far A(x) does without it.
  // Values by hand from the definition; a stream of 4.5 and 6.5 is no count and measures the
  // value itself (2.5 is 2 below a range of 2: 20 units) either way.
  struct Case {
    double low, high, probe;
    bool continuity;
    double expected;
  };
  const Case cases[] = {
      {4, 6, 2, true, 18.2846},     {4, 6, 2, false, 25.4161}, {4, 6, 3, true, 5.6852},
      {4, 6, 3, false, 11.7506},    {4, 6, 0, true, 53.3779},  {4, 6, 0, false, 68.2912},
      {4, 6, 7, true, 4.4848},      {4, 6, 7, false, 8.8092},  {4, 6, 9, true, 20.9691},
      {4, 6, 5, true, 0.0},         {4, 6, 6, true, 0.0},      {4.5, 6.5, 2.5, true, 20.0},
      {4.5, 6.5, 2.5, false, 20.0}, {4.5, 6.5, 7.5, true, 10.0},
  };
  for (const Case& c : cases) {
    AnomalyScoreOptions o;
    o.count_continuity = c.continuity;
    o.range_horizon_rows = 1e12;
    AnomalyScorer s(o);
    for (int i = 0; i < 200; ++i) s.Score(kT0 + i * 300, i % 2 == 0 ? c.low : c.high);
    s.Score(kT0 + 200 * 300, c.probe);
    EXPECT_NEAR(s.last().stat[4], c.expected, 1e-3)
        << c.low << " " << c.probe << " " << c.continuity;
  }
}

TEST(AnomalyScorerTest, ThePatternStatisticSharesTheBudgetOnlyOutsideCountStreams) {
  // The cycle low, low, high, high of ABrokenPatternIsCaughtByThePatternStatistic, without
  // noise, broken at row 3002 by a third low. On whole numbers (0 and 10) the stream is counts
  // and statistic 6 counts with count_pattern_share of its share (0 by default: not at all);
  // shifted by 0.5 it is no count and has its full share. L before the agreement rule is the
  // largest -log10 p + log10 share, with shares 0.5 (statistic 5), 0.04 (statistic 7), 0.0025
  // (statistic 9) and (1 - 0.5 - 0.04 - 0.0025) / 6 for the others.
  struct Case {
    double offset, count_pattern_share;
    bool counts;
    double pattern_factor;
  };
  const Case cases[] = {{0.0, 0.0, true, 0.0}, {0.0, 1.0, true, 1.0}, {0.0, 0.25, true, 0.25},
                        {0.5, 0.0, false, 1.0}};
  for (const Case& c : cases) {
    AnomalyScoreOptions o;
    o.count_pattern_share = c.count_pattern_share;
    AnomalyScorer s(o);
    for (int i = 0; i <= 3002; ++i) {
      const bool high = i < 3002 && i % 4 >= 2;
      s.Score(kT0 + i * 300, (high ? 10.0 : 0.0) + c.offset);
    }
    EXPECT_EQ(s.counts(), c.counts);
    const AnomalyBreakdown& b = s.last();
    EXPECT_GT(b.stat[5], 8.0);  // the break is as surprising a pattern either way
    const double other = 0.4575 / 6;
    const double shares[9] = {other, other, other, other, 0.5, other * c.pattern_factor,
                              0.04,  other, 0.0025};
    double best = 0;
    for (int i = 0; i < 9; ++i) {
      if (shares[i] > 0) best = std::max(best, b.log10_p[i] + std::log10(shares[i]));
    }
    EXPECT_NEAR(b.surprise_l + b.lone_discount, best, 1e-9)
        << c.offset << " " << c.count_pattern_share;
  }
}

TEST(AnomalyScorerTest, StateIsBoundedAndFixedByTheOptions) {
  // Nine 128-bin histograms of floats (9 x 512 bytes), 48 time-of-day slots (3 doubles each),
  // 1024 pattern counters (2 bytes each), the 150-row rest ring (floats, 4 bytes each) and the
  // order-8 forecast (9 weights, their 9 x 9 matrix and 8 previous values, doubles): under
  // 10.5 KB (the node budgets about 12 KB per sensor for all its detectors, NodeOptions), and
  // the same after 20000 readings as before any. A higher order costs its square.
  AnomalyScorer s;
  const size_t before = s.StateBytes();
  EXPECT_GT(before, 9 * 128 * sizeof(float) + 48 * 3 * sizeof(double) + 1024 * sizeof(uint16_t) +
                        150 * sizeof(float) + (9 + 81 + 8) * sizeof(double));
  EXPECT_LT(before, 10752u);
  AnomalyScoreOptions higher;
  higher.forecast_order = 16;
  EXPECT_EQ(AnomalyScorer(higher).StateBytes() - before,
            ((17 - 9) + (17 * 17 - 81) + (16 - 8)) * sizeof(double));
  NoisySine gen;
  for (int i = 0; i < 20000; ++i) s.Score(kT0 + i * 300, gen.Next(i));
  EXPECT_EQ(s.StateBytes(), before);
}

}  // namespace
}  // namespace loka::agri
