// Air humidity of FAO-56 chapter 3: saturation vapour pressure, its slope, and the actual
// vapour pressure ea from dewpoint, psychrometer, relative humidity or (missing data) Tmin.
// Pure formulas in kPa and °C: callers validate inputs (the ET0 entry points in et0.h do).
#ifndef LOKA_AGRI_VAPOUR_H_
#define LOKA_AGRI_VAPOUR_H_

namespace loka::agri {

// Saturation vapour pressure e°(T) [kPa] at air temperature t_c (FAO-56 Eq. 11).
double SaturationVapourPressureKpa(double t_c);

// Mean saturation vapour pressure es [kPa] of a day or longer period: the mean of e° at Tmax
// and at Tmin, not e° at Tmean (FAO-56 Eq. 12).
double MeanSaturationVapourPressureKpa(double tmax_c, double tmin_c);

// Slope Δ of the saturation vapour pressure curve [kPa/°C] at t_c (FAO-56 Eq. 13).
double SaturationSlopeKpaPerC(double t_c);

// ea [kPa] from the dewpoint temperature (FAO-56 Eq. 14).
double ActualVapourPressureFromDewPointKpa(double tdew_c);

// Psychrometer ventilation coefficient a_psy [1/°C] (FAO-56 text under Eq. 16).
enum class Psychrometer {
  kVentilated,           // Assmann type, ~5 m/s air movement: 0.000662
  kNaturalVentilated,    // ~1 m/s: 0.000800
  kIndoorNonVentilated,  // 0.001200
};
double PsychrometerCoefficientPerC(Psychrometer type);

// ea [kPa] from dry and wet bulb readings (FAO-56 Eq. 15 with γpsy from Eq. 16).
double ActualVapourPressureFromPsychrometerKpa(double tdry_c, double twet_c, double pressure_kpa,
                                               Psychrometer type);

// ea [kPa] from daily RHmax and RHmin [%] (FAO-56 Eq. 17).
double ActualVapourPressureFromRhMaxMinKpa(double tmax_c, double tmin_c, double rhmax_pct,
                                           double rhmin_pct);

// ea [kPa] from RHmax alone, for when RHmin is unreliable (FAO-56 Eq. 18).
double ActualVapourPressureFromRhMaxKpa(double tmin_c, double rhmax_pct);

// ea [kPa] from mean relative humidity, the least recommended form (FAO-56 Eq. 19).
double ActualVapourPressureFromRhMeanKpa(double tmax_c, double tmin_c, double rhmean_pct);

// ea [kPa] for an hourly period from its mean temperature and RH (FAO-56 Eq. 54).
double ActualVapourPressureHourlyKpa(double t_c, double rh_pct);

// ea [kPa] when humidity data are missing, taking Tdew ≈ Tmin - offset (FAO-56 Eq. 48; the
// offset is 0 for well-watered stations and 2-3 °C in arid regions, same page).
double ActualVapourPressureFromTminKpa(double tmin_c, double dewpoint_offset_c);

}  // namespace loka::agri

#endif  // LOKA_AGRI_VAPOUR_H_
