#include "agri/vapour.h"

#include <cmath>

namespace loka::agri {

double SaturationVapourPressureKpa(double t_c) {
  return 0.6108 * std::exp(17.27 * t_c / (t_c + 237.3));  // FAO-56 Eq. 11
}

double MeanSaturationVapourPressureKpa(double tmax_c, double tmin_c) {
  return (SaturationVapourPressureKpa(tmax_c) + SaturationVapourPressureKpa(tmin_c)) /
         2.0;  // FAO-56 Eq. 12
}

double SaturationSlopeKpaPerC(double t_c) {
  const double d = t_c + 237.3;
  return 4098.0 * SaturationVapourPressureKpa(t_c) / (d * d);  // FAO-56 Eq. 13
}

double ActualVapourPressureFromDewPointKpa(double tdew_c) {
  return SaturationVapourPressureKpa(tdew_c);  // FAO-56 Eq. 14
}

double PsychrometerCoefficientPerC(Psychrometer type) {
  switch (type) {  // FAO-56 text under Eq. 16
    case Psychrometer::kVentilated:
      return 0.000662;
    case Psychrometer::kNaturalVentilated:
      return 0.000800;
    case Psychrometer::kIndoorNonVentilated:
      return 0.001200;
  }
  return 0.000662;
}

double ActualVapourPressureFromPsychrometerKpa(double tdry_c, double twet_c, double pressure_kpa,
                                               Psychrometer type) {
  const double gamma_psy = PsychrometerCoefficientPerC(type) * pressure_kpa;   // FAO-56 Eq. 16
  return SaturationVapourPressureKpa(twet_c) - gamma_psy * (tdry_c - twet_c);  // FAO-56 Eq. 15
}

double ActualVapourPressureFromRhMaxMinKpa(double tmax_c, double tmin_c, double rhmax_pct,
                                           double rhmin_pct) {
  return (SaturationVapourPressureKpa(tmin_c) * rhmax_pct / 100.0 +
          SaturationVapourPressureKpa(tmax_c) * rhmin_pct / 100.0) /
         2.0;  // FAO-56 Eq. 17
}

double ActualVapourPressureFromRhMaxKpa(double tmin_c, double rhmax_pct) {
  return SaturationVapourPressureKpa(tmin_c) * rhmax_pct / 100.0;  // FAO-56 Eq. 18
}

double ActualVapourPressureFromRhMeanKpa(double tmax_c, double tmin_c, double rhmean_pct) {
  return rhmean_pct / 100.0 * MeanSaturationVapourPressureKpa(tmax_c, tmin_c);  // FAO-56 Eq. 19
}

double ActualVapourPressureHourlyKpa(double t_c, double rh_pct) {
  return SaturationVapourPressureKpa(t_c) * rh_pct / 100.0;  // FAO-56 Eq. 54
}

double ActualVapourPressureFromTminKpa(double tmin_c, double dewpoint_offset_c) {
  // FAO-56 Eq. 48 prints 0.611; the Eq. 11 coefficient 0.6108 is used so that Tdew = Tmin
  // gives exactly e°(Tmin), as in Example 20 (ea = e°(Tmin) = 1.68 kPa).
  return SaturationVapourPressureKpa(tmin_c - dewpoint_offset_c);
}

}  // namespace loka::agri
