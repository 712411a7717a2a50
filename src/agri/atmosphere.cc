#include "agri/atmosphere.h"

#include <cmath>

namespace loka::agri {

double AtmosphericPressureKpa(double elevation_m) {
  return 101.3 * std::pow((293.0 - 0.0065 * elevation_m) / 293.0, 5.26);  // FAO-56 Eq. 7
}

double PsychrometricConstantKpaPerC(double pressure_kpa) {
  return 0.665e-3 * pressure_kpa;  // FAO-56 Eq. 8
}

}  // namespace loka::agri
