#include "agri/soils.h"

#include <string>

namespace loka::agri {
namespace {

// clang-format off
// Columns: id, name, θFC min, θFC max, θWP min, θWP max [m3/m3], note. FAO-56 Table 19.
constexpr SoilTexture kSoils[] = {
    {"sand", "Sand", 0.07, 0.17, 0.02, 0.07, ""},
    {"loamy_sand", "Loamy sand", 0.11, 0.19, 0.03, 0.10, ""},
    {"sandy_loam", "Sandy loam", 0.18, 0.28, 0.06, 0.16, ""},
    {"loam", "Loam", 0.20, 0.30, 0.07, 0.17, ""},
    {"silt_loam", "Silt loam", 0.22, 0.36, 0.09, 0.21, ""},
    {"silt", "Silt", 0.28, 0.36, 0.12, 0.22, ""},
    {"silty_clay_loam", "Silty clay loam", 0.30, 0.37, 0.17, 0.24, ""},
    {"clay_loam", "Clay loam", 0.30, 0.37, 0.17, 0.24,
     "Table 19 has no clay loam row; the silty clay loam row, its neighbour in the texture "
     "triangle with similar water retention, is used"},
    {"silty_clay", "Silty clay", 0.30, 0.42, 0.17, 0.29, ""},
    {"clay", "Clay", 0.32, 0.40, 0.20, 0.24, ""},
};
// clang-format on

}  // namespace

Soil SoilTexture::Typical() const {
  return {(theta_fc_min_m3_per_m3 + theta_fc_max_m3_per_m3) / 2,
          (theta_wp_min_m3_per_m3 + theta_wp_max_m3_per_m3) / 2};
}

std::span<const SoilTexture> SoilTextures() { return kSoils; }

Result<const SoilTexture*> FindSoilTexture(std::string_view id) {
  for (const SoilTexture& s : kSoils) {
    if (s.id == id) return &s;
  }
  std::string known;
  for (const SoilTexture& s : kSoils) {
    if (!known.empty()) known += ", ";
    known += s.id;
  }
  return NotFound("unknown soil \"" + std::string(id) + "\"; known soils: " + known);
}

}  // namespace loka::agri
