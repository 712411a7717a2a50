// Daily soil water balance of the root zone (FAO-56 chapter 8): total and readily available
// water (Eq. 82-83), the depletion fraction p adjusted for ETc (Table 22 footnote 2), the water
// stress coefficient Ks (Eq. 84), and one day of the depletion balance with rain, runoff,
// irrigation, capillary rise, ETc adj and deep percolation (Eq. 85-88). Thread contract:
// plain functions on values.
//
// Water is tracked as root-zone depletion Dr [mm] below field capacity, 0 <= Dr <= TAW
// (Eq. 86). Storage in the root zone is 1000 θFC Zr - Dr [mm].
#ifndef LOKA_AGRI_WATER_BALANCE_H_
#define LOKA_AGRI_WATER_BALANCE_H_

#include <optional>

#include "core/status.h"

namespace loka::agri {

struct Soil {
  double theta_fc_m3_per_m3 = 0;  // volumetric water content at field capacity, (0, 0.8]
  double theta_wp_m3_per_m3 = 0;  // at wilting point, [0, θFC)
};

// TAW = 1000 (θFC - θWP) Zr [mm] (FAO-56 Eq. 82). Fails with InvalidArgument for θ outside
// [0, 0.8], θWP >= θFC, or root_depth_m outside (0, 10].
Result<double> TotalAvailableWaterMm(const Soil& soil, double root_depth_m);

// RAW = p TAW [mm] (FAO-56 Eq. 83).
double ReadilyAvailableWaterMm(double taw_mm, double p);

// p adjusted for the day's ETc: p = p_table + 0.04 (5 - ETc), limited to [0.1, 0.8]
// (FAO-56 p. 162 and Table 22 footnote 2).
double DepletionFractionForEtc(double p_table, double etc_mm_per_day);

// Ks = (TAW - Dr) / ((1 - p) TAW) when Dr > RAW, else 1, limited to [0, 1] (FAO-56 Eq. 84).
double WaterStressCoefficient(double depletion_mm, double taw_mm, double p);

// Initial depletion from a measured mean water content θ of the root zone:
// Dr = 1000 (θFC - θ) Zr, at least 0 (FAO-56 Eq. 87).
double DepletionFromWaterContentMm(const Soil& soil, double theta_m3_per_m3, double root_depth_m);

enum class RainRule {
  kAll,         // all of P - RO infiltrates
  kIgnoreSmall  // P < 0.2 ET0 is entirely evaporated and ignored (FAO-56 p. 170)
};

enum class WettingTime {
  // Rain and irrigation come early in the day: excess above field capacity percolates before
  // the day's ET, and Ks uses the depletion after wetting (FAO-56 Example 38, footnote 5).
  kEarlyInDay,
  // Rain and irrigation come late in the day: Ks uses the previous day's depletion and deep
  // percolation follows that day's ET (FAO-56 Eq. 85 and 88 as printed).
  kEndOfDay,
};

struct BalanceOptions {
  RainRule rain_rule = RainRule::kAll;
  WettingTime wetting_time = WettingTime::kEarlyInDay;
  // Water content of the soil below the roots, which a deepening root zone takes in; default
  // field capacity (as FAO-56 Example 38 assumes). Within [θWP, θFC].
  std::optional<double> subsoil_theta_m3_per_m3;
};

// The balance carried from one day to the next.
struct BalanceState {
  double depletion_mm = 0;  // Dr at the end of the day
  double root_depth_m = 0;  // Zr on that day
};

struct BalanceDayInput {
  double et0_mm = 0;             // >= 0 (clamp a slightly negative ET0 before calling)
  double kc = 0;                 // [0, 2]; for the dual approach pass Ks-free Kcb + Ke
  double p = 0.5;                // depletion fraction for this day, [0.05, 0.95]
  double root_depth_m = 0;       // Zr today, >= the previous day's
  double rain_mm = 0;            // P >= 0
  double runoff_mm = 0;          // RO, 0 <= RO <= P (from a hydrological method)
  double irrigation_mm = 0;      // net depth that infiltrates, I >= 0
  double capillary_rise_mm = 0;  // CR >= 0 (≈ 0 with the water table > 1 m below the roots)
};

// Every term of one day (FAO-56 Example 37 and 38 columns). All depths in mm.
struct BalanceDay {
  double taw_mm = 0;  // Eq. 82 with today's Zr
  double raw_mm = 0;  // Eq. 83
  double p = 0;
  double depletion_prev_mm = 0;         // Dr at the end of the previous day
  double root_growth_depletion_mm = 0;  // 1000 (θFC - θsub) ΔZr added by deeper roots
  double subsoil_water_gained_mm = 0;   // 1000 θsub ΔZr: water of the newly rooted layer
  double depletion_for_ks_mm = 0;       // the Dr Ks is computed from
  double rain_mm = 0;
  double runoff_mm = 0;
  double ignored_rain_mm = 0;    // small rain evaporated directly (RainRule::kIgnoreSmall)
  double effective_rain_mm = 0;  // P - RO - ignored
  double irrigation_mm = 0;
  double capillary_rise_mm = 0;
  double ks = 1;                   // Eq. 84
  double etc_mm = 0;               // Kc ET0, Eq. 58
  double etc_adj_mm = 0;           // Ks Kc ET0, Eq. 80, limited so that Dr <= TAW (Eq. 86)
  double deep_percolation_mm = 0;  // Eq. 88
  double depletion_mm = 0;         // Dr at the end of the day, Eq. 85
};

// One day of the root-zone balance. Mass balance holds exactly:
// Δstorage = P + I + CR + subsoil_water_gained - RO - ignored_rain - ETc adj - DP,
// with storage = 1000 θFC Zr - Dr. Fails with InvalidArgument naming the input for NaN or
// infinite values, negative fluxes, runoff above rain, a shrinking root zone, or a previous
// depletion outside [0, TAW].
Result<BalanceDay> StepWaterBalance(const Soil& soil, const BalanceState& previous,
                                    const BalanceDayInput& input,
                                    const BalanceOptions& options = {});

}  // namespace loka::agri

#endif  // LOKA_AGRI_WATER_BALANCE_H_
