// Wind speed at the FAO-56 standard height of 2 m from a measurement at another height, using
// the logarithmic profile over short grass. Pure formula: callers validate inputs.
#ifndef LOKA_AGRI_WIND_H_
#define LOKA_AGRI_WIND_H_

namespace loka::agri {

// Wind speed at 2 m [m/s] from `wind_m_per_s` measured `height_m` above the ground
// (FAO-56 Eq. 47). Example: 3.2 m/s at 10 m gives 2.4 m/s (Example 14).
// REQUIRES: height_m > 0.1 (the log argument 67.8 z - 5.42 must exceed 1).
double WindSpeedAt2mMPerS(double wind_m_per_s, double height_m);

}  // namespace loka::agri

#endif  // LOKA_AGRI_WIND_H_
