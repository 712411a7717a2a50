// FAO-56 Penman-Monteith ET0 for days and months: Examples 16, 17, 18 and 20 with every
// intermediate the paper prints, Hargreaves (Eq. 52), missing-data estimation and bad input.
#include "agri/et0.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "agri/atmosphere.h"
#include "fao56_printed.h"

namespace loka::agri {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Example 18: Uccle (Brussels), 50°48'N, 100 m, 6 July.
Site Uccle() { return Site{50.0 + 48.0 / 60.0, 100, Exposure::kInterior}; }
DailyWeather UccleSixthOfJuly() {
  DailyWeather w;
  w.doy = 187;
  w.tmax_c = 21.5;
  w.tmin_c = 12.3;
  w.rhmax_pct = 84;
  w.rhmin_pct = 63;
  w.wind_m_per_s = 10.0 / 3.6;  // 10 km/h
  w.wind_height_m = 10;
  w.sunshine_h = 9.25;
  return w;
}

TEST(Et0DailyTest, Example18UccleFromSunshineHours) {
  Result<DailyEt0> r = Et0PenmanMonteithDaily(Uccle(), UccleSixthOfJuly());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectAsPrinted({
      {"u2", r->u2_m_per_s, 2.078, 3},
      {"P", r->pressure_kpa, 100.1, 1},
      {"Tmean", r->tmean_c, 16.9, 1},
      {"Δ", r->delta_kpa_per_c, 0.122, 3},
      {"γ", r->gamma_kpa_per_c, 0.0666, 4},
      {"Δ/[Δ+γ(1+0.34u2)]", r->radiation_weight, 0.518, 3},
      {"γ/[Δ+γ(1+0.34u2)]", r->aerodynamic_weight, 0.282, 3},
      {"900/(T+273) u2", r->wind_term, 6.450, 3},
      {"e°(Tmax)", r->e_tmax_kpa, 2.564, 3},
      {"e°(Tmin)", r->e_tmin_kpa, 1.431, 3},
      {"es", r->es_kpa, 1.997, 3},
      {"ea", r->ea_kpa, 1.409, 3},
      {"es - ea", r->vpd_kpa, 0.589, 3},
      {"Ra", r->ra_mj_per_m2_day, 41.09, 2},
      {"N", r->daylight_h, 16.1, 1},
      // The paper computes Rs from n/N rounded to 0.57; 9.25 / 16.09 = 0.575 gives 22.09.
      {"Rs (rounding of n/N: ±0.03)", r->rs_mj_per_m2_day, 22.07, 1},
      {"Rso", r->rso_mj_per_m2_day, 30.90, 2},
      {"Rs/Rso", r->rs_rso, 0.71, 2},
      {"σ Tmax,K^4", r->sigma_tmax4_mj_per_m2_day, 36.96, 2},
      {"σ Tmin,K^4", r->sigma_tmin4_mj_per_m2_day, 32.56, 2},
      {"(σTmax^4 + σTmin^4)/2", (r->sigma_tmax4_mj_per_m2_day + r->sigma_tmin4_mj_per_m2_day) / 2,
       34.76, 2},
      {"0.34 - 0.14 √ea", r->humidity_factor, 0.17, 2},
      {"1.35 Rs/Rso - 0.35", r->cloudiness_factor, 0.61, 2},
      {"Rnl", r->rnl_mj_per_m2_day, 3.71, 2},
      {"G", r->g_mj_per_m2_day, 0, 2},
      {"ET0 (Eq. 6), unrounded", r->et0_mm_per_day, 3.88, 2},
      {"ET0, as the answer is printed", r->et0_mm_per_day, 3.9, 1},
  });
  EXPECT_EQ(r->humidity_source, HumiditySource::kRhMaxMin);
  EXPECT_EQ(r->radiation_source, RadiationSource::kSunshineHours);
  EXPECT_EQ(r->wind_source, WindSource::kMeasured);
}

TEST(Et0DailyTest, Example18UccleWithThePrintedSolarRadiation) {
  DailyWeather w = UccleSixthOfJuly();
  w.sunshine_h.reset();
  w.rs_mj_per_m2_day = 22.07;
  Result<DailyEt0> r = Et0PenmanMonteithDaily(Uccle(), w);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectAsPrinted({
      {"Rns", r->rns_mj_per_m2_day, 17.00, 2},
      {"Rnl", r->rnl_mj_per_m2_day, 3.71, 2},
      {"Rn", r->rn_mj_per_m2_day, 13.28, 2},
      {"0.408 (Rn - G)", kMmPerMjPerM2 * (r->rn_mj_per_m2_day - r->g_mj_per_m2_day), 5.42, 2},
      {"radiation term", r->radiation_term_mm_per_day, 2.81, 2},
      {"aerodynamic term", r->aerodynamic_term_mm_per_day, 1.07, 2},
      {"ET0", r->et0_mm_per_day, 3.88, 2},
  });
  EXPECT_NEAR(r->radiation_term_mm_per_day + r->aerodynamic_term_mm_per_day, r->et0_mm_per_day,
              1e-12);
}

TEST(Et0MonthlyTest, Example17BangkokApril) {
  MonthlyWeather m;
  m.mean_day.doy = 105;  // 15 April
  m.mean_day.tmax_c = 34.8;
  m.mean_day.tmin_c = 25.6;
  m.mean_day.ea_kpa = 2.85;
  m.mean_day.wind_m_per_s = 2;
  m.mean_day.sunshine_h = 8.5;
  m.tmean_prev_month_c = 29.2;  // March
  const Site bangkok{13.0 + 44.0 / 60.0, 2, Exposure::kCoastal};
  Result<DailyEt0> r = Et0PenmanMonteithMonthly(bangkok, m);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectAsPrinted({
      {"Tmean", r->tmean_c, 30.2, 1},
      {"Δ", r->delta_kpa_per_c, 0.246, 3},
      {"P", r->pressure_kpa, 101.3, 1},
      {"γ", r->gamma_kpa_per_c, 0.0674, 4},
      {"Δ/[Δ+γ(1+0.34u2)]", r->radiation_weight, 0.685, 3},
      {"γ/[Δ+γ(1+0.34u2)]", r->aerodynamic_weight, 0.188, 3},
      {"900/(T+273) u2", r->wind_term, 5.94, 2},
      {"e°(Tmax)", r->e_tmax_kpa, 5.56, 2},
      {"e°(Tmin)", r->e_tmin_kpa, 3.28, 2},
      {"es", r->es_kpa, 4.42, 2},
      {"es - ea", r->vpd_kpa, 1.57, 2},
      {"Ra", r->ra_mj_per_m2_day, 38.06, 2},
      {"N", r->daylight_h, 12.31, 2},
      {"Rs", r->rs_mj_per_m2_day, 22.65, 2},
      {"Rso", r->rso_mj_per_m2_day, 28.54, 2},
      {"Rs/Rso", r->rs_rso, 0.79, 2},
      {"Rns", r->rns_mj_per_m2_day, 17.44, 2},
      {"σ Tmax,K^4", r->sigma_tmax4_mj_per_m2_day, 44.10, 2},
      {"σ Tmin,K^4", r->sigma_tmin4_mj_per_m2_day, 39.06, 2},
      {"0.34 - 0.14 √ea", r->humidity_factor, 0.10, 2},
      {"1.35 Rs/Rso - 0.35", r->cloudiness_factor, 0.72, 2},
      {"Rnl", r->rnl_mj_per_m2_day, 3.11, 2},
      {"Rn", r->rn_mj_per_m2_day, 14.33, 2},
      {"G (Eq. 44)", r->g_mj_per_m2_day, 0.14, 2},
      {"0.408 (Rn - G)", kMmPerMjPerM2 * (r->rn_mj_per_m2_day - r->g_mj_per_m2_day), 5.79, 2},
      {"radiation term", r->radiation_term_mm_per_day, 3.97, 2},
      {"aerodynamic term", r->aerodynamic_term_mm_per_day, 1.75, 2},
      {"ET0", r->et0_mm_per_day, 5.72, 2},
  });
}

TEST(Et0MonthlyTest, SoilHeatFluxFromBothNeighbouringMonths) {
  MonthlyWeather m;
  m.mean_day.doy = 105;
  m.mean_day.tmax_c = 20.0;
  m.mean_day.tmin_c = 12.2;
  m.tmean_prev_month_c = 14.1;  // Example 13's March and May
  m.tmean_next_month_c = 18.8;
  Result<DailyEt0> r = Et0PenmanMonteithMonthly(Site{36.7, 10}, m);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectAsPrinted({{"G (Eq. 43, Example 13)", r->g_mj_per_m2_day, 0.33, 2}});
}

TEST(Et0DailyTest, Example16NetRadiationWithoutRadiationData) {
  // Bangkok in April from Tmax and Tmin, coastal krs = 0.19. The paper prints Rnl = 3.0
  // from 41.6 (0.10) 0.69 = 2.87, and then uses 2.9 in Rn = 16.9 - 2.9 = 13.9.
  DailyWeather w;
  w.doy = 105;
  w.tmax_c = 34.8;
  w.tmin_c = 25.6;
  w.ea_kpa = 2.85;
  Result<DailyEt0> r = Et0PenmanMonteithDaily(Site{13.73, 2, Exposure::kCoastal}, w);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectAsPrinted({
      {"Ra", r->ra_mj_per_m2_day, 38.1, 1},
      {"Rs (Eq. 50)", r->rs_mj_per_m2_day, 21.9, 1},
      {"Rso", r->rso_mj_per_m2_day, 28.5, 1},
      {"Rns", r->rns_mj_per_m2_day, 16.9, 1},
      {"σ Tmax,K^4", r->sigma_tmax4_mj_per_m2_day, 44.1, 1},
      {"σ Tmin,K^4", r->sigma_tmin4_mj_per_m2_day, 39.1, 1},
      {"0.34 - 0.14 √ea", r->humidity_factor, 0.10, 2},
      {"Rs/Rso", r->rs_rso, 0.77, 2},
      {"1.35 Rs/Rso - 0.35", r->cloudiness_factor, 0.69, 2},
      {"Rnl", r->rnl_mj_per_m2_day, 3.0, 1},
      {"Rn", r->rn_mj_per_m2_day, 13.9, 1},
      {"Rn as evaporation [mm/day]", kMmPerMjPerM2 * r->rn_mj_per_m2_day, 5.7, 1},
  });
  EXPECT_EQ(r->radiation_source, RadiationSource::kTemperatureRange);
  EXPECT_EQ(r->humidity_source, HumiditySource::kMeasuredEa);
}

TEST(Et0DailyTest, Example20LyonWithOnlyTemperatures) {
  MonthlyWeather m;
  m.mean_day.doy = 196;  // 15 July
  m.mean_day.tmax_c = 26.6;
  m.mean_day.tmin_c = 14.8;
  const Site lyon{45.0 + 43.0 / 60.0, 200, Exposure::kInterior};
  Result<DailyEt0> r = Et0PenmanMonteithMonthly(lyon, m);  // G = 0: no neighbouring months
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ExpectAsPrinted({
      {"Tmean", r->tmean_c, 20.7, 1},
      {"Δ", r->delta_kpa_per_c, 0.150, 3},
      {"γ", r->gamma_kpa_per_c, 0.066, 3},
      {"u2 (estimate)", r->u2_m_per_s, 2, 0},
      {"Δ/[Δ+γ(1+0.34u2)]", r->radiation_weight, 0.576, 3},
      {"γ/[Δ+γ(1+0.34u2)]", r->aerodynamic_weight, 0.252, 3},
      {"900/(T+273) u2", r->wind_term, 6.13, 2},
      {"ea (Tdew ≈ Tmin)", r->ea_kpa, 1.68, 2},
      {"e°(Tmax)", r->e_tmax_kpa, 3.48, 2},
      {"e°(Tmin)", r->e_tmin_kpa, 1.68, 2},
      {"es", r->es_kpa, 2.58, 2},
      {"es - ea", r->vpd_kpa, 0.90, 2},
      {"Ra", r->ra_mj_per_m2_day, 40.55, 2},
      {"Rs (Eq. 50)", r->rs_mj_per_m2_day, 22.29, 2},
      {"Rso", r->rso_mj_per_m2_day, 30.58, 2},
      {"Rs/Rso", r->rs_rso, 0.73, 2},
      {"Rns", r->rns_mj_per_m2_day, 17.16, 2},
      {"σ Tmax,K^4", r->sigma_tmax4_mj_per_m2_day, 39.59, 2},
      {"σ Tmin,K^4", r->sigma_tmin4_mj_per_m2_day, 33.71, 2},
      {"0.34 - 0.14 √ea", r->humidity_factor, 0.16, 2},
      {"1.35 Rs/Rso - 0.35", r->cloudiness_factor, 0.63, 2},
      {"Rnl", r->rnl_mj_per_m2_day, 3.68, 2},
      {"Rn", r->rn_mj_per_m2_day, 13.48, 2},
      {"0.408 (Rn - G)", kMmPerMjPerM2 * r->rn_mj_per_m2_day, 5.50, 2},
      {"radiation term", r->radiation_term_mm_per_day, 3.17, 2},
      {"aerodynamic term", r->aerodynamic_term_mm_per_day, 1.39, 2},
      {"ET0", r->et0_mm_per_day, 4.56, 2},
  });
  EXPECT_EQ(r->humidity_source, HumiditySource::kTmin);
  EXPECT_EQ(r->radiation_source, RadiationSource::kTemperatureRange);
  EXPECT_EQ(r->wind_source, WindSource::kDefault);
}

TEST(Et0DailyTest, Example20WindSensitivity) {
  // "If instead of 2 m/s, the wind speed is estimated as 1 or 3 m/s, ETo would have been
  // 4.2 mm/day or 4.8 mm/day."
  DailyWeather w;
  w.doy = 196;
  w.tmax_c = 26.6;
  w.tmin_c = 14.8;
  const Site lyon{45.0 + 43.0 / 60.0, 200, Exposure::kInterior};
  for (const auto& [u2, et0] : {std::pair{1.0, 4.2}, std::pair{3.0, 4.8}}) {
    Et0Options o;
    o.default_u2_m_per_s = u2;
    Result<DailyEt0> r = Et0PenmanMonteithDaily(lyon, w, o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ExpectAsPrinted({{"ET0", r->et0_mm_per_day, et0, 1}});
  }
}

TEST(Et0HargreavesTest, Example20Lyon) {
  Result<double> et0 = Et0HargreavesMmPerDay(45.0 + 43.0 / 60.0, 196, 26.6, 14.8);
  ASSERT_TRUE(et0.ok()) << et0.status().ToString();
  ExpectAsPrinted({{"ET0 (Eq. 52)", *et0, 5.0, 1}});
}

TEST(Et0DailyTest, HumiditySourcesFollowTheFaoOrder) {
  DailyWeather w = UccleSixthOfJuly();
  w.rhmin_pct.reset();
  Result<DailyEt0> rhmax_only = Et0PenmanMonteithDaily(Uccle(), w);
  ASSERT_TRUE(rhmax_only.ok());
  EXPECT_EQ(rhmax_only->humidity_source, HumiditySource::kRhMax);
  EXPECT_NEAR(rhmax_only->ea_kpa, 1.431 * 0.84, 1e-3);  // Eq. 18 with Example 18's e°(Tmin)

  w.rhmax_pct.reset();
  w.rhmean_pct = (84 + 63) / 2.0;
  Result<DailyEt0> rhmean = Et0PenmanMonteithDaily(Uccle(), w);
  ASSERT_TRUE(rhmean.ok());
  EXPECT_EQ(rhmean->humidity_source, HumiditySource::kRhMean);

  w.tdew_c = 12.0;
  Result<DailyEt0> dew = Et0PenmanMonteithDaily(Uccle(), w);
  ASSERT_TRUE(dew.ok());
  EXPECT_EQ(dew->humidity_source, HumiditySource::kDewPoint);
}

TEST(Et0DailyTest, CalmWindIsLimitedToHalfAMetrePerSecond) {
  DailyWeather w = UccleSixthOfJuly();
  w.wind_m_per_s = 0.1;
  w.wind_height_m = 2;
  Result<DailyEt0> r = Et0PenmanMonteithDaily(Uccle(), w);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->u2_m_per_s, 0.5);  // FAO-56 p. 63
}

TEST(Et0DailyTest, HargreavesRadiationIsLimitedToClearSky) {
  DailyWeather w;
  w.doy = 180;
  w.tmax_c = 45;
  w.tmin_c = 5;  // a 40 °C range would give Rs above Rso
  Result<DailyEt0> r = Et0PenmanMonteithDaily(Site{25, 500, Exposure::kCoastal}, w);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->rs_mj_per_m2_day, r->rso_mj_per_m2_day);
}

struct BadDaily {
  const char* what;
  void (*mutate)(Site*, DailyWeather*);
  const char* message;  // expected substring
};

TEST(Et0DailyTest, NegativeNetRadiationGivesZeroNotNegativeEt0) {
  // Uccle on 6 July with Tmax = Tmin = 21.5 °C and nothing else: Eq. 50 estimates Rs =
  // krs sqrt(0) Ra = 0, so Rns = 0 while Rnl (Eq. 39 with Rs/Rso at its 0.3 floor) is
  // positive. Rn < 0 makes the radiation term negative and larger than the aerodynamic term
  // (es - ea = e°(21.5) - e°(21.5 - 2) is small): Eq. 6 alone gives about -0.06 mm.
  DailyWeather w;
  w.doy = 187;
  w.tmax_c = 21.5;
  w.tmin_c = 21.5;
  Result<DailyEt0> r = Et0PenmanMonteithDaily(Uccle(), w);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rs_mj_per_m2_day, 0.0);
  EXPECT_LT(r->rn_mj_per_m2_day, 0.0);
  EXPECT_LT(r->radiation_term_mm_per_day + r->aerodynamic_term_mm_per_day, 0.0);
  EXPECT_EQ(r->et0_mm_per_day, 0.0);
}

TEST(Et0DailyTest, BadInputIsInvalidArgumentNamingTheInput) {
  const BadDaily cases[] = {
      {"NaN tmax", [](Site*, DailyWeather* w) { w->tmax_c = kNaN; }, "tmax_c = nan"},
      {"infinite tmin",
       [](Site*, DailyWeather* w) { w->tmin_c = -std::numeric_limits<double>::infinity(); },
       "tmin_c = -inf: not a finite number"},
      {"tmin above tmax", [](Site*, DailyWeather* w) { w->tmin_c = 25; },
       "tmin_c = 25 is above tmax_c = 21.5"},
      {"absurd tmax", [](Site*, DailyWeather* w) { w->tmax_c = 95; }, "tmax_c = 95"},
      {"RH above 100", [](Site*, DailyWeather* w) { w->rhmax_pct = 120; },
       "rhmax_pct = 120: must be within [0, 100]"},
      {"negative RH", [](Site*, DailyWeather* w) { w->rhmin_pct = -5; }, "rhmin_pct = -5"},
      {"rhmin above rhmax", [](Site*, DailyWeather* w) { w->rhmin_pct = 90; },
       "rhmin_pct = 90 is above rhmax_pct = 84"},
      {"rhmin alone", [](Site*, DailyWeather* w) { w->rhmax_pct.reset(); },
       "rhmin_pct given without rhmax_pct"},
      {"dewpoint above tmax", [](Site*, DailyWeather* w) { w->tdew_c = 30; },
       "tdew_c = 30 is above tmax_c"},
      {"ea above saturation", [](Site*, DailyWeather* w) { w->ea_kpa = 9; }, "ea_kpa = 9"},
      {"both radiation inputs", [](Site*, DailyWeather* w) { w->rs_mj_per_m2_day = 20; },
       "both rs_mj_per_m2_day and sunshine_h"},
      {"sunshine longer than the day", [](Site*, DailyWeather* w) { w->sunshine_h = 17; },
       "sunshine_h = 17 exceeds the day length N"},
      {"rs above Ra",
       [](Site*, DailyWeather* w) {
         w->sunshine_h.reset();
         w->rs_mj_per_m2_day = 45;
       },
       "exceeds the extraterrestrial radiation Ra"},
      {"negative wind", [](Site*, DailyWeather* w) { w->wind_m_per_s = -1; }, "wind_m_per_s = -1"},
      {"wind height too low", [](Site*, DailyWeather* w) { w->wind_height_m = 0.05; },
       "wind_height_m = 0.05"},
      {"day of year 0", [](Site*, DailyWeather* w) { w->doy = 0; }, "doy = 0"},
      {"day of year 367", [](Site*, DailyWeather* w) { w->doy = 367; }, "doy = 367"},
      {"latitude 95", [](Site* s, DailyWeather*) { s->lat_deg = 95; }, "lat_deg = 95"},
      {"latitude NaN", [](Site* s, DailyWeather*) { s->lat_deg = kNaN; }, "lat_deg = nan"},
      {"elevation 12 km", [](Site* s, DailyWeather*) { s->elevation_m = 12000; },
       "elevation_m = 12000"},
  };
  for (const BadDaily& c : cases) {
    SCOPED_TRACE(c.what);
    Site site = Uccle();
    DailyWeather w = UccleSixthOfJuly();
    c.mutate(&site, &w);
    Result<DailyEt0> r = Et0PenmanMonteithDaily(site, w);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.message), std::string::npos) << r.status().message();
  }
}

TEST(Et0DailyTest, BadOptionsAreInvalidArgument) {
  Et0Options o;
  o.angstrom_as = 0.6;
  o.angstrom_bs = 0.6;
  Result<DailyEt0> r = Et0PenmanMonteithDaily(Uccle(), UccleSixthOfJuly(), o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("angstrom_as + angstrom_bs"), std::string::npos);
}

TEST(Et0DailyTest, PolarNightIsRefused) {
  DailyWeather w = UccleSixthOfJuly();
  w.sunshine_h.reset();
  w.doy = 355;
  Result<DailyEt0> r = Et0PenmanMonteithDaily(Site{80, 0}, w);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("polar night"), std::string::npos);
}

TEST(Et0HargreavesTest, BadInput) {
  EXPECT_EQ(Et0HargreavesMmPerDay(45, 196, 14.8, 26.6).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Et0HargreavesMmPerDay(kNaN, 196, 26.6, 14.8).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace loka::agri
