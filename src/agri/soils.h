// Standard soil textures with their water-holding characteristics: the rows of FAO-56 Table 19
// ("Typical soil water characteristics for different soil types", USDA texture classes) with
// the ranges of θFC and θWP the table prints, and the typical (mid-range) values loka uses when
// a field names its soil by texture only. The table is immutable static data, safe to share
// across threads.
#ifndef LOKA_AGRI_SOILS_H_
#define LOKA_AGRI_SOILS_H_

#include <span>
#include <string_view>

#include "agri/water_balance.h"
#include "core/status.h"

namespace loka::agri {

struct SoilTexture {
  std::string_view id;    // lower-case key: "sand", "loamy_sand", "clay_loam", ...
  std::string_view name;  // as FAO-56 Table 19 names it
  double theta_fc_min_m3_per_m3;  // Table 19 range of the water content at field capacity
  double theta_fc_max_m3_per_m3;
  double theta_wp_min_m3_per_m3;  // Table 19 range at wilting point
  double theta_wp_max_m3_per_m3;
  std::string_view note;  // where a row is not a Table 19 row, what it stands on

  // The middle of both ranges: the value to use without a local measurement (FAO-56 p. 162
  // recommends measured values where they exist).
  Soil Typical() const;
};

// All textures, from coarse to fine: the nine Table 19 rows plus clay loam (see its note).
std::span<const SoilTexture> SoilTextures();

// The texture with this id, or NotFound listing the known ids.
Result<const SoilTexture*> FindSoilTexture(std::string_view id);

}  // namespace loka::agri

#endif  // LOKA_AGRI_SOILS_H_
