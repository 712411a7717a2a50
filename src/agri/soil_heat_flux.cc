#include "agri/soil_heat_flux.h"

namespace loka::agri {

double SoilHeatFluxMonthlyMjPerM2Day(double tmean_prev_month_c, double tmean_next_month_c) {
  return 0.07 * (tmean_next_month_c - tmean_prev_month_c);  // FAO-56 Eq. 43
}

double SoilHeatFluxMonthlyFromPreviousMjPerM2Day(double tmean_month_c, double tmean_prev_month_c) {
  return 0.14 * (tmean_month_c - tmean_prev_month_c);  // FAO-56 Eq. 44
}

double SoilHeatFluxHourlyMjPerM2(double rn_mj_per_m2_hour, bool daytime) {
  return (daytime ? 0.1 : 0.5) * rn_mj_per_m2_hour;  // FAO-56 Eq. 45 (day), Eq. 46 (night)
}

}  // namespace loka::agri
