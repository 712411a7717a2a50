// A full season of the daily root-zone balance: the water mass balance must close every day,
// with and without automatic irrigation, water stress, runoff, small rain and root growth.
#include "agri/season.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace loka::agri {
namespace {

// Deterministic weather for a tropical wet-dry season: ET0 4-7 mm/day, rain on about one day
// in five, a few storms with runoff. A fixed linear congruential generator keeps it
// reproducible on every platform.
std::vector<SeasonDayWeather> SyntheticSeason(int days, bool wet) {
  uint32_t state = 12345;
  const auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) / static_cast<double>(1u << 24);
  };
  std::vector<SeasonDayWeather> out;
  for (int d = 0; d < days; ++d) {
    SeasonDayWeather w;
    w.et0_mm = 4.0 + 3.0 * next();
    const double u = next();
    if (wet && u < 0.2) {
      w.rain_mm = 60.0 * next() * next();
      if (w.rain_mm > 30) w.runoff_mm = 0.25 * (w.rain_mm - 30);
    } else if (u < 0.3) {
      w.rain_mm = 0.8 * next();  // drizzle, below 0.2 ET0
    }
    out.push_back(w);
  }
  return out;
}

// Storage = 1000 θFC Zr - Dr; it must change by exactly inputs - outputs every day.
void ExpectMassBalanceCloses(const Soil& soil, const SeasonOptions& options,
                             const std::vector<SeasonDay>& days, double initial_root_m) {
  double storage = 1000.0 * soil.theta_fc_m3_per_m3 * initial_root_m - options.initial_depletion_mm;
  for (const SeasonDay& d : days) {
    const BalanceDay& b = d.balance;
    const double now = 1000.0 * soil.theta_fc_m3_per_m3 * d.root_depth_m - b.depletion_mm;
    const double inputs =
        b.rain_mm + b.irrigation_mm + b.capillary_rise_mm + b.subsoil_water_gained_mm;
    const double outputs = b.runoff_mm + b.ignored_rain_mm + b.etc_adj_mm + b.deep_percolation_mm;
    EXPECT_NEAR(now - storage, inputs - outputs, 1e-9) << "day " << d.day;
    EXPECT_GE(b.depletion_mm, 0) << "day " << d.day;
    EXPECT_LE(b.depletion_mm, b.taw_mm + 1e-9) << "day " << d.day;
    EXPECT_GE(b.ks, 0);
    EXPECT_LE(b.ks, 1);
    EXPECT_GE(b.deep_percolation_mm, 0);
    EXPECT_LE(b.etc_adj_mm, b.etc_mm + 1e-12);
    storage = now;
  }
}

TEST(SeasonTest, IrrigatedMaizeSeasonClosesTheMassBalanceEveryDay) {
  const Crop& maize = **FindCrop("maize");
  const Soil sandy_loam{0.22, 0.10};
  SeasonOptions o;
  o.soil = sandy_loam;
  o.initial_depletion_mm = 10;
  o.initial_root_depth_m = 0.2;
  o.max_root_depth_m = maize.root_depth_max_m;
  o.balance.rain_rule = RainRule::kIgnoreSmall;
  o.balance.subsoil_theta_m3_per_m3 = 0.16;  // drier subsoil: roots take in some depletion
  o.irrigation = IrrigationPolicy{IrrigationMethod::kDrip, std::nullopt, std::nullopt};
  const auto weather = SyntheticSeason(SeasonLengthDays(maize.curve), /*wet=*/true);
  Result<std::vector<SeasonDay>> run = RunSeason(maize, weather, o);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_EQ(run->size(), weather.size());
  ExpectMassBalanceCloses(sandy_loam, o, *run, 0.2);

  int irrigations = 0;
  for (const SeasonDay& d : *run) {
    if (d.advice.irrigate) {
      ++irrigations;
      EXPECT_NEAR(d.advice.gross_mm, d.advice.net_mm / 0.90, 1e-12);
      EXPECT_GE(d.balance.depletion_prev_mm + d.balance.root_growth_depletion_mm,
                d.balance.raw_mm - 1e-9);
    }
    EXPECT_DOUBLE_EQ(d.balance.ks, 1.0) << "irrigating at RAW avoids stress, day " << d.day;
  }
  EXPECT_GT(irrigations, 0);
  EXPECT_DOUBLE_EQ(run->back().root_depth_m, maize.root_depth_max_m);
  EXPECT_EQ(run->back().kc.stage, GrowthStage::kLateSeason);
}

TEST(SeasonTest, RainfedSeasonUnderStressClosesTheMassBalance) {
  const Crop& sorghum = **FindCrop("sorghum");
  const Soil clay_loam{0.36, 0.22};
  for (WettingTime timing : {WettingTime::kEarlyInDay, WettingTime::kEndOfDay}) {
    SCOPED_TRACE(timing == WettingTime::kEarlyInDay ? "early" : "end of day");
    SeasonOptions o;
    o.soil = clay_loam;
    o.balance.wetting_time = timing;
    const auto weather = SyntheticSeason(SeasonLengthDays(sorghum.curve), /*wet=*/false);
    Result<std::vector<SeasonDay>> run = RunSeason(sorghum, weather, o);
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    ExpectMassBalanceCloses(clay_loam, o, *run, 0.2);
    EXPECT_LT(run->back().balance.ks, 1.0);  // a dry season ends in stress
  }
}

TEST(SeasonTest, EstablishedPerennialHasFullRootsFromDayOne) {
  const Crop& coffee = **FindCrop("coffee");
  SeasonOptions o;
  o.soil = {0.30, 0.18};
  const auto weather = SyntheticSeason(30, /*wet=*/true);
  Result<std::vector<SeasonDay>> run = RunSeason(coffee, weather, o);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_DOUBLE_EQ(run->front().root_depth_m, coffee.root_depth_min_m);
  ExpectMassBalanceCloses(o.soil, o, *run, coffee.root_depth_min_m);
}

TEST(SeasonTest, BadInputNamesTheDay) {
  const Crop& maize = **FindCrop("maize");
  SeasonOptions o;
  o.soil = {0.22, 0.10};
  auto weather = SyntheticSeason(10, true);
  weather[6].et0_mm = std::nan("");
  Result<std::vector<SeasonDay>> run = RunSeason(maize, weather, o);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(run.status().message().find("season day 7: et0_mm = nan"), std::string::npos)
      << run.status().message();

  const auto too_long = SyntheticSeason(SeasonLengthDays(maize.curve) + 1, true);
  run = RunSeason(maize, too_long, o);
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.status().message().find("season is 125 days"), std::string::npos);
}

}  // namespace
}  // namespace loka::agri
