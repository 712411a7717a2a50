// Atmospheric parameters of FAO-56 chapter 3: pressure from elevation, the psychrometric
// constant, and the energy-to-water-depth conversion. Pure formulas: callers validate inputs
// (the ET0 entry points in et0.h do).
#ifndef LOKA_AGRI_ATMOSPHERE_H_
#define LOKA_AGRI_ATMOSPHERE_H_

namespace loka::agri {

// Latent heat of vaporization used throughout FAO-56 [MJ/kg] (chapter 3, Box 8).
inline constexpr double kLatentHeatMjPerKg = 2.45;

// Converts an energy flux [MJ m-2 per period] to equivalent evaporation [mm per period]:
// 1/λ = 0.408 (FAO-56 Eq. 20).
inline constexpr double kMmPerMjPerM2 = 0.408;

// Mean atmospheric pressure at a station [kPa] from its elevation above sea level
// (FAO-56 Eq. 7, a simplified ideal-gas law at 20 °C).
// REQUIRES: elevation_m finite and below about 40 km.
double AtmosphericPressureKpa(double elevation_m);

// Psychrometric constant γ [kPa/°C] at a pressure [kPa] (FAO-56 Eq. 8, λ = 2.45 MJ/kg).
double PsychrometricConstantKpaPerC(double pressure_kpa);

}  // namespace loka::agri

#endif  // LOKA_AGRI_ATMOSPHERE_H_
