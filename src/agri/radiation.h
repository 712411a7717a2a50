// Radiation of FAO-56 chapter 3: extraterrestrial radiation for days (Eq. 21-25) and for hourly
// or shorter periods (Eq. 28-33), daylight hours, solar radiation from sunshine hours (Angstrom)
// or from the temperature range (Hargreaves), clear-sky, net shortwave and net longwave
// radiation. Pure formulas: callers validate inputs (the ET0 entry points in et0.h do).
//
// Units: radiation in MJ m-2 per period (day, or the hourly period for the hourly forms);
// angles in radians unless a name says _deg; latitude north-positive.
// Longitude convention: FAO-56 Eq. 31 takes Lz and Lm in degrees WEST of Greenwich. This API
// takes east-positive longitudes (ISO 6709, what GPS receivers print): `lon_deg` for the site
// and `tz_meridian_deg` for the centre of the local standard time zone (15 × UTC offset in
// hours, e.g. +15 for UTC+1, -75 for UTC-5). Since Lz = -tz_meridian_deg and Lm = -lon_deg,
// Lz - Lm = lon_deg - tz_meridian_deg, taken modulo 360 into [-180, 180).
#ifndef LOKA_AGRI_RADIATION_H_
#define LOKA_AGRI_RADIATION_H_

namespace loka::agri {

inline constexpr double kSolarConstantMjPerM2Min = 0.0820;              // Gsc, FAO-56 Eq. 21
inline constexpr double kStefanBoltzmannMjPerK4M2Day = 4.903e-9;        // σ, FAO-56 Eq. 39
inline constexpr double kStefanBoltzmannMjPerK4M2Hour = 4.903e-9 / 24;  // FAO-56 p. 74
inline constexpr double kGrassAlbedo = 0.23;                            // FAO-56 Eq. 38
inline constexpr double kAngstromAs = 0.25;  // FAO-56 Eq. 35 defaults without calibration
inline constexpr double kAngstromBs = 0.50;
inline constexpr double kKrsInterior = 0.16;  // FAO-56 Eq. 50: land mass dominates
inline constexpr double kKrsCoastal = 0.19;   // FAO-56 Eq. 50: air influenced by a water body

// Latitude [rad] from decimal degrees (FAO-56 Eq. 22).
double LatitudeRad(double lat_deg);

// Inverse relative distance Earth-Sun dr for day of year J in 1..366 (FAO-56 Eq. 23).
double InverseRelativeDistanceEarthSun(int doy);

// Solar declination δ [rad] (FAO-56 Eq. 24).
double SolarDeclinationRad(int doy);

// Sunset hour angle ωs [rad] (FAO-56 Eq. 25). The arccos argument is clamped to [-1, 1] so
// that polar day gives π and polar night 0 (FAO-56 notes Ra is of limited validity beyond 55°).
double SunsetHourAngleRad(double lat_rad, double declination_rad);

// Daily extraterrestrial radiation Ra [MJ m-2 day-1] (FAO-56 Eq. 21).
// Example: 20°S (-0.35 rad), 3 September (J = 246): 32.2 (Example 8).
double ExtraterrestrialRadiationMjPerM2Day(double lat_rad, int doy);

// Daylight hours N [h] (FAO-56 Eq. 34). Example: 20°S, 3 September: 11.7 h (Example 9).
double DaylightHours(double lat_rad, int doy);

// Solar radiation Rs [MJ m-2 day-1] from sunshine hours n, daylight hours N and Ra with the
// Angstrom formula (FAO-56 Eq. 35); as = 0.25 and bs = 0.50 unless calibrated.
double SolarRadiationFromSunshineMjPerM2Day(double sunshine_h, double daylight_h,
                                            double ra_mj_per_m2_day, double as = kAngstromAs,
                                            double bs = kAngstromBs);

// Solar radiation Rs [MJ m-2 day-1] from the temperature range, Hargreaves' radiation formula
// (FAO-56 Eq. 50) with krs 0.16 (interior) or 0.19 (coastal). FAO-56 limits the result to Rso;
// that limit is applied by the ET0 entry point, not here.
double SolarRadiationFromTemperatureMjPerM2Day(double tmax_c, double tmin_c,
                                               double ra_mj_per_m2_day, double krs);

// Clear-sky radiation Rso [MJ m-2 per period] from Ra and elevation (FAO-56 Eq. 37).
double ClearSkyRadiationMjPerM2(double ra_mj_per_m2, double elevation_m);

// Clear-sky radiation Rso with calibrated Angstrom values, near sea level (FAO-56 Eq. 36).
double ClearSkyRadiationCalibratedMjPerM2(double ra_mj_per_m2, double as, double bs);

// Net shortwave radiation Rns = (1 - α) Rs (FAO-56 Eq. 38), α = 0.23 for the grass reference.
double NetShortwaveRadiationMjPerM2(double rs_mj_per_m2, double albedo = kGrassAlbedo);

// Relative shortwave radiation Rs/Rso, limited to <= 1.0 as FAO-56 Eq. 39 requires and to
// >= 0.3, the value FAO-56 (p. 75) gives for total cloud cover, so that the cloudiness factor
// of Eq. 39 never turns negative. REQUIRES: rso > 0.
double RelativeShortwaveRadiation(double rs_mj_per_m2, double rso_mj_per_m2);

// The three factors of FAO-56 Eq. 39, exposed so that tests and callers can show them:
// σ T_K^4 [MJ m-2 day-1] with T_K = t_c + 273.16 (FAO-56 Annex 2 Table 2.8),
double BlackBodyEmissionMjPerM2Day(double t_c);
// the humidity correction 0.34 - 0.14 √ea,
double LongwaveHumidityFactor(double ea_kpa);
// and the cloudiness correction 1.35 Rs/Rso - 0.35.
double LongwaveCloudinessFactor(double rs_rso);

// Daily net longwave radiation Rnl [MJ m-2 day-1] (FAO-56 Eq. 39, T in K = °C + 273.16).
// `rs_rso` is used as given (see RelativeShortwaveRadiation for the limits).
double NetLongwaveRadiationMjPerM2Day(double tmax_c, double tmin_c, double ea_kpa, double rs_rso);

// Hourly net longwave radiation Rnl [MJ m-2 h-1]: Eq. 39 with σ T_hr^4 in place of the mean of
// σ Tmax^4 and σ Tmin^4 and σ = 4.903e-9 / 24 (FAO-56 p. 74).
double NetLongwaveRadiationMjPerM2Hour(double t_c, double ea_kpa, double rs_rso);

// Seasonal correction for solar time Sc [h] (FAO-56 Eq. 32 with b from Eq. 33).
double SeasonalCorrectionH(int doy);

// Sun geometry and extraterrestrial radiation of one hourly or shorter period.
struct SolarPeriod {
  double declination_rad = 0;        // Eq. 24
  double inverse_distance = 0;       // dr, Eq. 23
  double seasonal_correction_h = 0;  // Sc, Eq. 32-33
  double sunset_hour_angle_rad = 0;  // ωs, Eq. 25
  double omega_rad = 0;              // ω at the midpoint, Eq. 31, wrapped into [-π, π)
  double omega1_rad = 0;             // start of period, Eq. 29
  double omega2_rad = 0;             // end of period, Eq. 30
  bool sun_above_horizon = false;    // -ωs < ω < ωs
  double ra_mj_per_m2 = 0;           // Eq. 28, MJ m-2 per period
};

// Extraterrestrial radiation for the period of `period_h` hours whose midpoint is at standard
// clock time `clock_hour_mid` (e.g. 14.5 for 14:00-15:00) on day `doy` (FAO-56 Eq. 28-33).
// Longitudes are east-positive (see the file comment). Ra is 0 when the midpoint is outside
// (-ωs, ωs) (FAO-56 text under Eq. 31); otherwise ω1 and ω2 are limited to [-ωs, ωs] so a
// period containing sunrise or sunset counts only its sunlit part (as in ASCE-EWRI 2005).
SolarPeriod ExtraterrestrialRadiationForPeriod(double lat_rad, double lon_deg,
                                               double tz_meridian_deg, int doy,
                                               double clock_hour_mid, double period_h);

}  // namespace loka::agri

#endif  // LOKA_AGRI_RADIATION_H_
