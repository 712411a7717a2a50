#include "agri/wind.h"

#include <cmath>

namespace loka::agri {

double WindSpeedAt2mMPerS(double wind_m_per_s, double height_m) {
  return wind_m_per_s * 4.87 / std::log(67.8 * height_m - 5.42);  // FAO-56 Eq. 47
}

}  // namespace loka::agri
