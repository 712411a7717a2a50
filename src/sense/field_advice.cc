#include "sense/field_advice.h"

#include <algorithm>

#include "agri/crops.h"
#include "agri/irrigation.h"
#include "agri/soils.h"
#include "agri/timestamp.h"

namespace loka::sense {

Status CompleteField(std::optional<double> fc, std::optional<double> wp,
                     store::FieldRecord* f) {
  const std::string first = std::to_string(kMinPlantingYear) + "-01-01";
  const std::string last = std::to_string(kMaxPlantingYear) + "-12-31";
  if (f->planting_day < *agri::ParseDate(first) || f->planting_day > *agri::ParseDate(last)) {
    return InvalidArgument("planting_date: " + agri::FormatDate(f->planting_day) +
                           " is outside " + first + ".." + last);
  }
  if (Result<const agri::Crop*> crop = agri::FindCrop(f->crop); !crop.ok()) {
    return InvalidArgument("crop: " + crop.status().message());
  }
  if (f->soil == "custom") {
    if (!fc || !wp) return InvalidArgument("soil \"custom\" needs theta_fc and theta_wp");
  } else {
    Result<const agri::SoilTexture*> texture = agri::FindSoilTexture(f->soil);
    if (!texture.ok()) return InvalidArgument("soil: " + texture.status().message());
    const agri::Soil typical = (*texture)->Typical();
    if (!fc) fc = typical.theta_fc_m3_per_m3;
    if (!wp) wp = typical.theta_wp_m3_per_m3;
  }
  if (*wp >= *fc) {
    return InvalidArgument("theta_wp = " + std::to_string(*wp) + " must be below theta_fc = " +
                           std::to_string(*fc));
  }
  f->theta_fc = *fc;
  f->theta_wp = *wp;
  Result<agri::IrrigationMethod> method = agri::ParseIrrigationMethod(f->irrigation_method);
  if (!method.ok()) return method.status().WithPrefix("irrigation_method");
  return Status::Ok();
}

Result<agri::FieldSetup> FieldSetupOf(const store::FieldRecord& f) {
  agri::FieldSetup s;
  LOKA_ASSIGN_OR_RETURN(s.crop, agri::FindCrop(f.crop));
  s.planting_day = f.planting_day;
  s.soil = {f.theta_fc, f.theta_wp};
  s.max_root_depth_m = f.root_depth_m;
  LOKA_ASSIGN_OR_RETURN(s.irrigation.method, agri::ParseIrrigationMethod(f.irrigation_method));
  s.irrigation.efficiency = f.efficiency;
  s.irrigation.allowed_depletion_fraction = f.allowed_depletion;
  s.wetted_fraction = f.wetted_fraction;
  s.heat_alert_at_or_above_c = f.heat_threshold_c;
  s.initial_depletion_mm = f.initial_depletion_mm;
  return s;
}

Result<StoredFieldAdvice> AdviseStoredField(store::Store& store, const store::FieldRecord& f,
                                            std::optional<int64_t> as_of_day,
                                            const agri::AdviceOptions& advice,
                                            const AdviceQueryOptions& options) {
  LOKA_ASSIGN_OR_RETURN(store::StationInfo st, store.GetStation(f.station));
  LOKA_ASSIGN_OR_RETURN(agri::Site site, SiteOf(st));
  LOKA_ASSIGN_OR_RETURN(agri::FieldSetup setup, FieldSetupOf(f));
  StoredFieldAdvice out;
  if (as_of_day) {
    out.as_of_day = *as_of_day;
  } else {
    LOKA_ASSIGN_OR_RETURN(std::optional<int64_t> last, LastDataDay(store, f.station));
    out.as_of_day = last.value_or(f.planting_day - 1);
  }
  out.season_end_day = agri::SeasonEndDay(*setup.crop, f.planting_day, out.as_of_day);
  const int64_t to = std::min(out.as_of_day, out.season_end_day);
  const int64_t from =
      std::max(f.planting_day - options.days_before_planting, to - options.max_days + 1);
  std::vector<agri::FieldWeatherDay> days;
  std::vector<std::string> weather_notes;
  if (to >= from) {
    LOKA_ASSIGN_OR_RETURN(days,
                          WeatherDays(store, f.station, from, to, options.weather, &weather_notes));
  }
  agri::AdviceOptions options_as_of = advice;
  options_as_of.as_of_day = out.as_of_day;
  LOKA_ASSIGN_OR_RETURN(out.advice, agri::AdviseField(setup, site, days, options_as_of));
  if (std::optional<std::string> note = SiteNote(st)) out.advice.notes.push_back(*note);
  for (std::string& note : weather_notes) out.advice.notes.push_back(std::move(note));
  return out;
}

Result<std::optional<IrrigateToday>> IrrigateOnLatestDay(store::Store& store,
                                                         const store::FieldRecord& field,
                                                         const agri::AdviceOptions& advice) {
  LOKA_ASSIGN_OR_RETURN(std::optional<int64_t> last, LastDataDay(store, field.station));
  if (!last) return std::optional<IrrigateToday>();
  LOKA_ASSIGN_OR_RETURN(StoredFieldAdvice a, AdviseStoredField(store, field, *last - 1, advice));
  const agri::IrrigationOutlook& irrigation = a.advice.irrigation;
  if (a.advice.phase != agri::SeasonPhase::kGrowing || a.advice.days.empty() ||
      irrigation.advice_day != *last || !irrigation.today.irrigate) {
    return std::optional<IrrigateToday>();
  }
  return std::optional<IrrigateToday>(
      IrrigateToday{field.id, irrigation.advice_day, irrigation.today.gross_mm});
}

Result<StationEt0> StationEt0Series(store::Store& store, const std::string& station,
                                    std::optional<int64_t> from_day,
                                    std::optional<int64_t> to_day,
                                    const AdviceQueryOptions& options) {
  LOKA_ASSIGN_OR_RETURN(store::StationInfo st, store.GetStation(station));
  StationEt0 out;
  LOKA_ASSIGN_OR_RETURN(out.site, SiteOf(st));
  if (std::optional<std::string> note = SiteNote(st)) out.notes.push_back(*note);
  LOKA_ASSIGN_OR_RETURN(std::optional<int64_t> last, LastDataDay(store, station));
  if (to_day) {
    out.to_day = *to_day;
  } else if (from_day && (!last || *last < *from_day)) {
    out.to_day = *from_day;  // no data from `from` on: an empty range, not an error
  } else {
    out.to_day = last.value_or(0);
  }
  out.from_day = from_day.value_or(out.to_day - (options.default_et0_days - 1));
  if (out.to_day < out.from_day) return InvalidArgument("to is before from");
  const int64_t span = out.to_day - out.from_day + 1;
  if (span > options.max_days) {
    return ResourceExhausted("range of " + std::to_string(span) + " days is over the " +
                             std::to_string(options.max_days) + "-day limit");
  }
  if (last) {
    LOKA_ASSIGN_OR_RETURN(out.days, WeatherDays(store, station, out.from_day, out.to_day,
                                                options.weather, &out.notes));
  }
  LOKA_ASSIGN_OR_RETURN(out.et0, agri::ComputeEt0Series(out.site, out.days));
  return out;
}

}  // namespace loka::sense
