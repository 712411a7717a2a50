// Soil heat flux G beneath the grass reference (FAO-56 chapter 3): ignored for days, from
// mean monthly air temperatures for months, a fraction of net radiation for hours.
// Pure formulas: callers validate inputs.
#ifndef LOKA_AGRI_SOIL_HEAT_FLUX_H_
#define LOKA_AGRI_SOIL_HEAT_FLUX_H_

namespace loka::agri {

// G for a month [MJ m-2 day-1] from the mean temperatures of the previous and next months
// (FAO-56 Eq. 43). Example: March 14.1 °C, May 18.8 °C gives G(April) = 0.33 (Example 13).
double SoilHeatFluxMonthlyMjPerM2Day(double tmean_prev_month_c, double tmean_next_month_c);

// G for a month when the next month is unknown, from this and the previous month
// (FAO-56 Eq. 44). Example: April 30.2 °C, March 29.2 °C gives 0.14 (Example 17).
double SoilHeatFluxMonthlyFromPreviousMjPerM2Day(double tmean_month_c, double tmean_prev_month_c);

// G for an hourly period [MJ m-2 h-1]: 0.1 Rn in daylight (FAO-56 Eq. 45), 0.5 Rn at night
// (FAO-56 Eq. 46).
double SoilHeatFluxHourlyMjPerM2(double rn_mj_per_m2_hour, bool daytime);

}  // namespace loka::agri

#endif  // LOKA_AGRI_SOIL_HEAT_FLUX_H_
