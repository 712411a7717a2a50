// Irrigation advice, degree days and frost/heat alerts for one field from its station's daily
// weather: daily ET0 (FAO-56 Eq. 6 with the chapter 3 estimates for missing data, or Hargreaves
// Eq. 52 when only temperatures exist), Kc from the crop's curve (Eq. 66), the root-zone water
// balance from planting to the last day with data (Eq. 80-88), and the outlook: irrigate today
// or in how many days, and how many mm net and gross. Every threshold is a named option with
// its default and source; docs/agri.md ("Field advice") lists them.
//
// Thread contract: plain functions on values; a FieldSetup points only at immutable tables
// (crops.h), so any number of fields can be advised in parallel.
#ifndef LOKA_AGRI_ADVICE_H_
#define LOKA_AGRI_ADVICE_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agri/crops.h"
#include "agri/et0.h"
#include "agri/irrigation.h"
#include "agri/thermal.h"
#include "agri/water_balance.h"
#include "core/status.h"

namespace loka::agri {

// Fraction of the surface wetted by the irrigation method, FAO-56 Table 20: trickle 0.3-0.4
// (0.35), sprinkler 1.0, surface 1.0 (basin and border; furrows wet 0.6-1.0, set the field's own).
double DefaultWettedFraction(IrrigationMethod method);

// Tmax [°C] at or above which the crop is heat-stressed around flowering. A loka choice from the
// literature on reproductive heat damage: 32 °C for cool-season and heat-sensitive crops (spring
// wheat, dry beans, tomato, pepper, lentil, chick pea, cabbage), 30 °C for potato (tuber
// initiation), 38 °C for millet and sorghum, 35 °C for the rest (maize, rice, cotton, ...).
// Set FieldSetup::heat_alert_at_or_above_c where the variety's threshold is known.
double DefaultHeatThresholdC(const Crop& crop);

// Degree-day base and cap: 5 / 30 °C for spring wheat, lentil, chick pea, cabbage and potato
// (cool-season crops), 10 / 30 °C (thermal.h defaults) for the rest.
GddOptions DefaultGddOptions(const Crop& crop);

// A field: what grows where, and how it is watered.
struct FieldSetup {
  const Crop* crop = nullptr;  // REQUIRES: non-null (FindCrop)
  int64_t planting_day = 0;    // unix day (timestamp.h) of sowing or green-up: season day 1
  Soil soil;                   // θFC, θWP (soils.h SoilTexture::Typical() or measured)
  // Maximum effective rooting depth [m]; default the crop's Table 22 minimum (season.h).
  std::optional<double> max_root_depth_m;
  IrrigationPolicy irrigation;           // method, efficiency, management allowed depletion
  std::optional<double> wetted_fraction;  // (0, 1]; default DefaultWettedFraction(method)
  std::optional<double> heat_alert_at_or_above_c;  // default DefaultHeatThresholdC(crop)
  FrostOptions frost;                              // alert <= 0 °C, warning <= 2 °C
  std::optional<GddOptions> gdd;                   // default DefaultGddOptions(crop)
  double initial_depletion_mm = 0;  // Dr at planting; 0 = at field capacity (FAO-56 p. 170)
};

// One day of station weather. Everything but the date may be missing (NaN or nullopt).
struct FieldWeatherDay {
  int64_t day = 0;  // unix day, strictly increasing along a series
  // ET0 inputs; doy is set from `day`. Tmax and Tmin NaN: no ET0 from this day (see Et0Day).
  DailyWeather weather;
  std::optional<double> rain_mm;  // missing: no rain counted, and the day is flagged
  double irrigation_mm = 0;       // net irrigation recorded as applied on this day
};

enum class Et0Method {
  kPenmanMonteith,  // FAO-56 Eq. 6, with estimates for whatever is missing besides T
  kHargreaves,      // FAO-56 Eq. 52: only temperatures were measured
  kCarried,         // no temperatures: the mean ET0 of the previous days carried forward
  // No temperatures and no earlier day with ET0 to carry from: ET0 is not known (NaN), not 0.
  // Such days come only before a series' first day with temperatures.
  kUnknown,
};
// "penman_monteith", "hargreaves", "carried", "unknown"
std::string_view Et0MethodName(Et0Method method);

struct Et0SeriesOptions {
  Et0Options penman;  // Angstrom, krs, Tdew offset, default wind
  // With temperatures alone (no humidity, radiation or wind), use Hargreaves (Eq. 52) instead
  // of Eq. 6 with estimates. FAO-56 slightly prefers Eq. 6 (Example 20: 4.6 against 5.0 mm/day);
  // Hargreaves is the established choice for temperature-only stations. Default true.
  bool hargreaves_when_temperatures_only = true;
  // Days whose mean ET0 is carried into a day without temperatures. Default 7.
  int carry_window_days = 7;
};

struct Et0Day {
  int64_t day = 0;
  Et0Method method = Et0Method::kPenmanMonteith;
  double et0_mm = 0;           // >= 0; NaN when method is kUnknown
  std::optional<DailyEt0> pm;  // every intermediate, when method is kPenmanMonteith
  std::string note;            // why a fallback was used; empty for the first choice
};

// Daily ET0 for a station's days. A day whose inputs Eq. 6 refuses (e.g. Tmin > Tmax from a
// faulty sensor) falls back to Hargreaves if its temperatures are valid, else is carried; a
// day without temperatures before the first day with an estimate is kUnknown.
// Fails with InvalidArgument for an impossible site or days not strictly increasing.
Result<std::vector<Et0Day>> ComputeEt0Series(const Site& site,
                                             std::span<const FieldWeatherDay> days,
                                             const Et0SeriesOptions& options = {});

struct AdviceOptions {
  Et0SeriesOptions et0;
  // Rain below 0.2 ET0 is evaporated at once and ignored (FAO-56 p. 170). Default on.
  RainRule rain_rule = RainRule::kIgnoreSmall;
  // Assume each irrigation advised in the past was applied (FAO-56 Example 38 style
  // scheduling): the depletion then follows a saw-tooth instead of sitting at TAW when the node
  // is not told about irrigations. Off: only FieldWeatherDay::irrigation_mm is counted.
  bool assume_advice_followed = true;
  // The outlook runs the balance forward this many days, without rain, at the mean ET0 of the
  // last `outlook_et0_window_days` days, to say in how many days to irrigate.
  int outlook_days = 14;
  int outlook_et0_window_days = 7;
  // The day the advice is given on: the season's phase is judged on it (an established
  // perennial's season rolls over and is never over) and days after it are not read; the
  // season is run up to the last day with data before it. Unset: the last day of the weather
  // series. A caller whose series may end early (the node reads no further than the season's
  // end) sets it, so a season that ended before the data began is kOver, not kNotPlanted.
  std::optional<int64_t> as_of_day;
};

enum class ThermalAlertKind { kFrost, kHeat };
std::string_view ThermalAlertKindName(ThermalAlertKind kind);  // "frost", "heat"

struct ThermalAlert {
  int64_t day = 0;
  ThermalAlertKind kind = ThermalAlertKind::kFrost;
  AlertLevel level = AlertLevel::kWarning;
  double value_c = 0;      // Tmin (frost) or Tmax (heat)
  double threshold_c = 0;  // the threshold it crossed
  std::string reason;      // one sentence with the numbers
};

// One day of the field's season.
struct FieldDay {
  int64_t day = 0;
  int season_day = 0;  // 1 = planting day
  Et0Day et0;
  KcOnDay kc;
  double root_depth_m = 0;
  double irrigation_advised_mm = 0;  // net depth advised this morning (0 if none)
  BalanceDay balance;                // TAW, RAW, Ks, ETc, ETc adj, DP, effective rain, Dr
  double gdd = 0;                    // this day's degree days (0 without temperatures)
  double gdd_cumulative = 0;
  bool rain_missing = false;
  // Set on outlook days only: ET0 is the recent mean and rain is assumed 0.
  bool forecast = false;
};

struct IrrigationOutlook {
  int64_t advice_day = 0;   // the day the advice is for: the day after the last day with data
  IrrigationAdvice today;   // irrigate on advice_day? (net and gross are 0 when not)
  double depletion_mm = 0;  // Dr on the morning of advice_day
  // Days from advice_day until the depletion reaches the threshold: 0 = irrigate on
  // advice_day; nullopt = not within outlook_days (or the season ends first).
  std::optional<int> irrigate_in_days;
  // The depth to apply on that day: net = the projected Dr (refill to field capacity),
  // gross = net / efficiency. 0 when irrigate_in_days is nullopt.
  double planned_net_mm = 0;
  double planned_gross_mm = 0;
  double wetted_fraction = 1;
  // planned net / wetted fraction: the depth over the wetted strip, what a drip system must
  // put where it wets (the field-average depth is planned_net_mm).
  double net_on_wetted_area_mm = 0;
  double outlook_et0_mm_per_day = 0;
  std::string reason;  // one sentence for a person
};

// The last day of the season holding `day`: planting + season length - 1, or, for an
// established perennial (Crop::established_perennial), whose nominal year of Kc stages rolls
// over into the next, the last day of the nominal year holding `day` (the first year's for a
// day before planting).
int64_t SeasonEndDay(const Crop& crop, int64_t planting_day, int64_t day);

// Season day of `day` (1 = planting day): for an established perennial it counts again from 1
// each nominal year. REQUIRES: day >= planting_day.
int SeasonDayOf(const Crop& crop, int64_t planting_day, int64_t day);

enum class SeasonPhase { kNotPlanted, kGrowing, kOver };
std::string_view SeasonPhaseName(SeasonPhase phase);  // "not_planted", "growing", "over"

struct FieldAdvice {
  SeasonPhase phase = SeasonPhase::kGrowing;
  // The first day of the water balance: the first season day with an ET0 estimate (days
  // before it have no weather at all, so their water use is unknown, not 0). Dr on its
  // morning is FieldSetup::initial_depletion_mm, as FAO-56 (p. 170) starts a balance from a
  // known state. nullopt: no season day has an estimate yet.
  std::optional<int64_t> balance_start_day;
  // balance_start_day .. last day with data (within the season); empty when no day has ET0.
  std::vector<FieldDay> days;
  std::vector<FieldDay> outlook;   // the forecast days of the outlook
  std::vector<ThermalAlert> alerts;  // frost and heat, in day order
  IrrigationOutlook irrigation;      // meaningful when phase is kGrowing and days is non-empty
  double gdd_total = 0;
  // For a person: what was assumed (the balance starting after planting, no ET0 yet).
  std::vector<std::string> notes;
};

// Advice for `field` from its station's days (any range; days before planting only feed the
// ET0 carried into a first season day without data, a day missing from the series is treated
// like a day without data). Fails with InvalidArgument naming the input for a null crop, an
// invalid soil or policy, days not strictly increasing, or an impossible site.
Result<FieldAdvice> AdviseField(const FieldSetup& field, const Site& site,
                                std::span<const FieldWeatherDay> days,
                                const AdviceOptions& options = {});

// The same with the days' ET0 already computed (ComputeEt0Series over the same days, so many
// fields on one station share it). Also fails when `et0` does not match `days` day by day.
Result<FieldAdvice> AdviseFieldWithEt0(const FieldSetup& field,
                                       std::span<const FieldWeatherDay> days,
                                       std::span<const Et0Day> et0,
                                       const AdviceOptions& options = {});

}  // namespace loka::agri

#endif  // LOKA_AGRI_ADVICE_H_
