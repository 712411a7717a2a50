// `loka agri`: FAO-56 reference evapotranspiration and crop coefficients. Parses flags, calls
// the agri library, prints one JSON document on stdout; no agronomy lives here.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "agri/crops.h"
#include "agri/et0.h"
#include "agri/et0_hourly.h"
#include "cli/commands.h"

namespace loka::cli {

namespace {

constexpr double kUnset = std::numeric_limits<double>::quiet_NaN();

// Flag storage of `loka agri et0 daily`.
struct DailyFlags {
  double lat_deg = kUnset;
  double elevation_m = kUnset;
  int doy = 0;
  double tmax_c = kUnset;
  double tmin_c = kUnset;
  double rhmax_pct = kUnset;
  double rhmin_pct = kUnset;
  double rhmean_pct = kUnset;
  double wind_m_per_s = kUnset;
  double wind_height_m = 2.0;
  double sunshine_h = kUnset;
  double rs_mj = kUnset;
  bool coastal = false;
  CLI::Option* rhmax = nullptr;
  CLI::Option* rhmin = nullptr;
  CLI::Option* rhmean = nullptr;
  CLI::Option* wind = nullptr;
  CLI::Option* sunshine = nullptr;
  CLI::Option* rs = nullptr;
};

// Flag storage of `loka agri et0 hourly`.
struct HourlyFlags {
  agri::HourlySite site;
  agri::HourlyWeather weather;
  double night_rs_rso = kUnset;
  CLI::Option* night = nullptr;
};

struct KcFlags {
  std::string crop;
  int day = 0;
};

std::optional<double> IfGiven(const CLI::Option* option, double value) {
  return option->count() > 0 ? std::optional<double>(value) : std::nullopt;
}

void Print(const nlohmann::json& j) { std::cout << j.dump(2) << "\n"; }

// The option that sets each input the agri library names in its errors (it names the fields of
// its structs: lat_deg, rhmean_pct), so that an error speaks of what the user typed.
using OptionNames = std::map<std::string_view, std::string_view>;

const OptionNames& DailyOptionNames() {
  static const OptionNames names = {
      {"lat_deg", "--lat-deg"},         {"elevation_m", "--elevation-m"},
      {"doy", "--doy"},                 {"tmax_c", "--tmax-c"},
      {"tmin_c", "--tmin-c"},           {"rhmax_pct", "--rhmax-pct"},
      {"rhmin_pct", "--rhmin-pct"},     {"rhmean_pct", "--rhmean-pct"},
      {"wind_m_per_s", "--wind-m-s"},   {"wind_height_m", "--wind-height-m"},
      {"sunshine_h", "--sunshine-h"},   {"rs_mj_per_m2_day", "--rs-mj"}};
  return names;
}

const OptionNames& HourlyOptionNames() {
  static const OptionNames names = {
      {"lat_deg", "--lat-deg"},         {"lon_deg", "--lon-deg"},
      {"tz_meridian_deg", "--tz-meridian-deg"},
      {"elevation_m", "--elevation-m"},
      {"doy", "--doy"},                 {"clock_hour_mid", "--hour"},
      {"t_c", "--t-c"},                 {"rh_pct", "--rh-pct"},
      {"wind_m_per_s", "--wind-m-s"},   {"wind_height_m", "--wind-height-m"},
      {"rs_mj_per_m2_hour", "--rs-mj"}, {"night_rs_rso", "--night-rs-rso"}};
  return names;
}

const OptionNames& KcOptionNames() {
  static const OptionNames names = {{"day", "--day"}};
  return names;
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// `s` with every whole word of its message that `names` lists replaced by its option.
Status WithOptionNames(const Status& s, const OptionNames& names) {
  if (s.ok()) return s;
  const std::string& m = s.message();
  std::string out;
  size_t i = 0;
  while (i < m.size()) {
    if (!IsNameChar(m[i])) {
      out += m[i++];
      continue;
    }
    size_t end = i;
    while (end < m.size() && IsNameChar(m[end])) ++end;
    const std::string_view word(m.data() + i, end - i);
    const auto it = names.find(word);
    out += it == names.end() ? word : it->second;
    i = end;
  }
  return Status(s.code(), std::move(out));
}

Status RunDaily(const DailyFlags& f) {
  agri::Site site;
  site.lat_deg = f.lat_deg;
  site.elevation_m = f.elevation_m;
  site.exposure = f.coastal ? agri::Exposure::kCoastal : agri::Exposure::kInterior;
  agri::DailyWeather w;
  w.doy = f.doy;
  w.tmax_c = f.tmax_c;
  w.tmin_c = f.tmin_c;
  w.rhmax_pct = IfGiven(f.rhmax, f.rhmax_pct);
  w.rhmin_pct = IfGiven(f.rhmin, f.rhmin_pct);
  w.rhmean_pct = IfGiven(f.rhmean, f.rhmean_pct);
  w.wind_m_per_s = IfGiven(f.wind, f.wind_m_per_s);
  w.wind_height_m = f.wind_height_m;
  w.sunshine_h = IfGiven(f.sunshine, f.sunshine_h);
  w.rs_mj_per_m2_day = IfGiven(f.rs, f.rs_mj);
  LOKA_ASSIGN_OR_RETURN(const agri::DailyEt0 r, agri::Et0PenmanMonteithDaily(site, w));
  Print({
      {"et0_mm", r.et0_mm_per_day},
      {"delta", r.delta_kpa_per_c},
      {"gamma", r.gamma_kpa_per_c},
      {"es", r.es_kpa},
      {"ea", r.ea_kpa},
      {"ra", r.ra_mj_per_m2_day},
      {"rso", r.rso_mj_per_m2_day},
      {"rns", r.rns_mj_per_m2_day},
      {"rnl", r.rnl_mj_per_m2_day},
      {"rn", r.rn_mj_per_m2_day},
      {"u2", r.u2_m_per_s},
      {"rs", r.rs_mj_per_m2_day},
      {"rs_rso", r.rs_rso},
      {"g", r.g_mj_per_m2_day},
      {"tmean_c", r.tmean_c},
      {"pressure_kpa", r.pressure_kpa},
      {"daylight_h", r.daylight_h},
      {"e_tmax", r.e_tmax_kpa},
      {"e_tmin", r.e_tmin_kpa},
      {"vpd", r.vpd_kpa},
      {"radiation_term_mm", r.radiation_term_mm_per_day},
      {"aerodynamic_term_mm", r.aerodynamic_term_mm_per_day},
      {"humidity_source", std::string(agri::HumiditySourceName(r.humidity_source))},
      {"radiation_source", std::string(agri::RadiationSourceName(r.radiation_source))},
      {"wind_source", std::string(agri::WindSourceName(r.wind_source))},
      {"units",
       {{"et0_mm", "mm/day"},
        {"delta", "kPa/degC"},
        {"gamma", "kPa/degC"},
        {"es", "kPa"},
        {"ea", "kPa"},
        {"vpd", "kPa"},
        {"ra", "MJ/m2/day"},
        {"rs", "MJ/m2/day"},
        {"rso", "MJ/m2/day"},
        {"rns", "MJ/m2/day"},
        {"rnl", "MJ/m2/day"},
        {"rn", "MJ/m2/day"},
        {"g", "MJ/m2/day"},
        {"u2", "m/s"}}},
  });
  return Status::Ok();
}

Status RunHourly(const HourlyFlags& f) {
  agri::HourlyWeather w = f.weather;
  w.night_rs_rso = IfGiven(f.night, f.night_rs_rso);
  LOKA_ASSIGN_OR_RETURN(const agri::HourlyEt0 r, agri::Et0PenmanMonteithHourly(f.site, w));
  Print({
      {"et0_mm", r.et0_mm_per_hour},
      {"delta", r.delta_kpa_per_c},
      {"gamma", r.gamma_kpa_per_c},
      {"es", r.e_t_kpa},
      {"ea", r.ea_kpa},
      {"ra", r.ra_mj_per_m2_hour},
      {"rso", r.rso_mj_per_m2_hour},
      {"rns", r.rns_mj_per_m2_hour},
      {"rnl", r.rnl_mj_per_m2_hour},
      {"rn", r.rn_mj_per_m2_hour},
      {"u2", r.u2_m_per_s},
      {"g", r.g_mj_per_m2_hour},
      {"rs", r.rs_mj_per_m2_hour},
      {"rs_rso", r.rs_rso},
      {"daytime", r.daytime},
      {"omega_rad", r.sun.omega_rad},
      {"omega1_rad", r.sun.omega1_rad},
      {"omega2_rad", r.sun.omega2_rad},
      {"sunset_hour_angle_rad", r.sun.sunset_hour_angle_rad},
      {"seasonal_correction_h", r.sun.seasonal_correction_h},
      {"radiation_term_mm", r.radiation_term_mm_per_hour},
      {"aerodynamic_term_mm", r.aerodynamic_term_mm_per_hour},
      {"units",
       {{"et0_mm", "mm/hour"},
        {"delta", "kPa/degC"},
        {"gamma", "kPa/degC"},
        {"es", "kPa"},
        {"ea", "kPa"},
        {"ra", "MJ/m2/hour"},
        {"rs", "MJ/m2/hour"},
        {"rso", "MJ/m2/hour"},
        {"rns", "MJ/m2/hour"},
        {"rnl", "MJ/m2/hour"},
        {"rn", "MJ/m2/hour"},
        {"g", "MJ/m2/hour"},
        {"u2", "m/s"}}},
  });
  return Status::Ok();
}

nlohmann::json CropJson(const agri::Crop& c) {
  return {
      {"id", std::string(c.id)},
      {"name", std::string(c.name)},
      {"kc_ini", c.curve.kc_ini},
      {"kc_mid", c.curve.kc_mid},
      {"kc_end", c.curve.kc_end},
      {"ini_days", c.curve.ini_days},
      {"dev_days", c.curve.dev_days},
      {"mid_days", c.curve.mid_days},
      {"late_days", c.curve.late_days},
      {"season_days", agri::SeasonLengthDays(c.curve)},
      {"stages_from", std::string(c.stages_from)},
      {"max_height_m", c.max_height_m},
      {"root_depth_min_m", c.root_depth_min_m},
      {"root_depth_max_m", c.root_depth_max_m},
      {"p", c.p},
      {"note", std::string(c.note)},
  };
}

Status RunKc(const KcFlags& f) {
  LOKA_ASSIGN_OR_RETURN(const agri::Crop* crop, agri::FindCrop(f.crop));
  LOKA_ASSIGN_OR_RETURN(const agri::KcOnDay kc, agri::KcForDay(crop->curve, f.day));
  Print({
      {"crop", std::string(crop->id)},
      {"day", f.day},
      {"season_days", agri::SeasonLengthDays(crop->curve)},
      {"stage", std::string(agri::GrowthStageName(kc.stage))},
      {"kc", kc.kc},
  });
  return Status::Ok();
}

Status RunCrops() {
  nlohmann::json list = nlohmann::json::array();
  for (const agri::Crop& c : agri::Crops()) list.push_back(CropJson(c));
  Print(list);
  return Status::Ok();
}

void AddEt0Daily(CLI::App& et0, int* exit_code) {
  // Shared by the option bindings and the callback; lives as long as the App.
  auto f = std::make_shared<DailyFlags>();
  CLI::App* cmd = et0.add_subcommand(
      "daily", "Daily (or 10-day / monthly mean) grass reference ET0, FAO-56 Eq. 6");
  cmd->footer(
      "Prints one JSON object: et0_mm [mm/day] and the intermediates delta, gamma [kPa/degC],\n"
      "es, ea [kPa], ra, rso, rns, rnl, rn [MJ/m2/day], u2 [m/s], with their sources.\n"
      "Missing data are estimated as FAO-56 chapter 3 describes: without --rhmax-pct or\n"
      "--rhmean-pct the dewpoint is taken as Tmin (Eq. 48); without --wind-m-s u2 = 2 m/s;\n"
      "without --sunshine-h or --rs-mj, Rs from the temperature range (Eq. 50, see --coastal).\n"
      "Example (FAO-56 Example 18, 3.9 mm/day):\n"
      "  loka agri et0 daily --lat-deg 50.8 --elevation-m 100 --doy 187 --tmax-c 21.5\n"
      "    --tmin-c 12.3 --rhmax-pct 84 --rhmin-pct 63 --wind-m-s 2.78 --wind-height-m 10\n"
      "    --sunshine-h 9.25");
  cmd->add_option("--lat-deg", f->lat_deg, "Latitude [deg], north positive")->required();
  cmd->add_option("--elevation-m", f->elevation_m, "Station elevation above sea level [m]")
      ->required();
  cmd->add_option("--doy", f->doy, "Day of year, 1-366 (a month: its 15th day)")->required();
  cmd->add_option("--tmax-c", f->tmax_c, "Maximum air temperature [degC]")->required();
  cmd->add_option("--tmin-c", f->tmin_c, "Minimum air temperature [degC]")->required();
  f->rhmax = cmd->add_option("--rhmax-pct", f->rhmax_pct, "Maximum relative humidity [%]");
  f->rhmin = cmd->add_option("--rhmin-pct", f->rhmin_pct,
                             "Minimum relative humidity [%] (needs --rhmax-pct)");
  f->rhmean = cmd->add_option("--rhmean-pct", f->rhmean_pct,
                              "Mean relative humidity [%] when max and min are not known (Eq. 19)");
  f->rhmean->excludes(f->rhmax)->excludes(f->rhmin);
  f->wind = cmd->add_option("--wind-m-s", f->wind_m_per_s,
                            "Mean wind speed [m/s] measured at --wind-height-m");
  cmd->add_option("--wind-height-m", f->wind_height_m,
                  "Anemometer height [m]; converted to 2 m by FAO-56 Eq. 47")
      ->capture_default_str();
  f->sunshine = cmd->add_option("--sunshine-h", f->sunshine_h,
                                "Actual sunshine duration n [h] (Angstrom, FAO-56 Eq. 35)");
  f->rs = cmd->add_option("--rs-mj", f->rs_mj, "Measured solar radiation Rs [MJ/m2/day]");
  f->sunshine->excludes(f->rs);
  cmd->add_flag("--coastal", f->coastal,
                "Coastal station: krs 0.19 instead of 0.16 when Rs is estimated (Eq. 50)");
  cmd->callback([f, exit_code] {
    RunVerb(exit_code, [&] { return WithOptionNames(RunDaily(*f), DailyOptionNames()); });
  });
}

void AddEt0Hourly(CLI::App& et0, int* exit_code) {
  // Shared by the option bindings and the callback; lives as long as the App.
  auto f = std::make_shared<HourlyFlags>();
  f->site.elevation_m = kUnset;
  CLI::App* cmd = et0.add_subcommand("hourly", "Hourly grass reference ET0, FAO-56 Eq. 53");
  cmd->footer(
      "Prints one JSON object: et0_mm [mm/hour] and the intermediates delta, gamma, es, ea,\n"
      "ra, rs, rso, rns, rnl, rn, g [MJ/m2/hour], u2, rs_rso and the solar time angles.\n"
      "Longitudes are EAST-positive (west negative). FAO-56 Eq. 31 uses Lz and Lm in degrees\n"
      "WEST of Greenwich; loka converts: Lz - Lm = lon - tz_meridian. The time-zone meridian\n"
      "is 15 x the UTC offset of local standard time (UTC+3 -> 45, UTC-5 -> -75).\n"
      "Example (FAO-56 Example 19, 14-15 h at N'Diaye, Senegal; 0.63 mm/hour):\n"
      "  loka agri et0 hourly --lat-deg 16.22 --lon-deg -16.25 --tz-meridian-deg -15\n"
      "    --elevation-m 8 --doy 274 --hour 14.5 --t-c 38 --rh-pct 52 --wind-m-s 3.3\n"
      "    --rs-mj 2.45");
  cmd->add_option("--lat-deg", f->site.lat_deg, "Latitude [deg], north positive")->required();
  cmd->add_option("--lon-deg", f->site.lon_deg, "Longitude [deg], EAST positive (west < 0)")
      ->required();
  cmd->add_option("--tz-meridian-deg", f->site.tz_meridian_deg,
                  "Centre of the local standard time zone [deg], east positive: "
                  "15 x UTC offset in hours")
      ->required();
  cmd->add_option("--elevation-m", f->site.elevation_m, "Station elevation above sea level [m]")
      ->required();
  cmd->add_option("--doy", f->weather.doy, "Day of year, 1-366")->required();
  cmd->add_option("--hour", f->weather.clock_hour_mid,
                  "Local standard clock time at the MIDPOINT of the hour, e.g. 14.5 for "
                  "14:00-15:00")
      ->required();
  cmd->add_option("--t-c", f->weather.t_c, "Mean air temperature of the hour [degC]")->required();
  cmd->add_option("--rh-pct", f->weather.rh_pct, "Mean relative humidity of the hour [%]")
      ->required();
  cmd->add_option("--wind-m-s", f->weather.wind_m_per_s,
                  "Mean wind speed of the hour [m/s] at --wind-height-m")
      ->required();
  cmd->add_option("--wind-height-m", f->weather.wind_height_m, "Anemometer height [m]")
      ->capture_default_str();
  cmd->add_option("--rs-mj", f->weather.rs_mj_per_m2_hour,
                  "Solar radiation received in the hour [MJ/m2] (0 at night)")
      ->required();
  f->night = cmd->add_option("--night-rs-rso", f->night_rs_rso,
                             "Rs/Rso for a night hour, 0.3-1.0: the ratio 2-3 h before sunset, "
                             "or ~0.4-0.6 humid, ~0.7-0.8 arid (FAO-56 p. 75); required at night");
  cmd->callback([f, exit_code] {
    RunVerb(exit_code, [&] { return WithOptionNames(RunHourly(*f), HourlyOptionNames()); });
  });
}

}  // namespace

void AddAgriCommand(CLI::App& app, int* exit_code) {
  CLI::App* agri = app.add_subcommand(
      "agri", "FAO-56 agronomy: reference evapotranspiration and crop coefficients");
  agri->require_subcommand(1);

  CLI::App* et0 = agri->add_subcommand(
      "et0", "Grass reference evapotranspiration, FAO-56 Penman-Monteith (daily or hourly)");
  et0->require_subcommand(1);
  AddEt0Daily(*et0, exit_code);
  AddEt0Hourly(*et0, exit_code);

  // Shared by the option bindings and the callback; lives as long as the App.
  auto kc_flags = std::make_shared<KcFlags>();
  CLI::App* kc = agri->add_subcommand(
      "kc", "Crop coefficient Kc on a day of the season (FAO-56 Eq. 66, Tables 11-12)");
  kc->footer("Prints {crop, day, season_days, stage, kc}. See `loka agri crops` for crop ids.");
  kc->add_option("--crop", kc_flags->crop, "Crop id, e.g. maize, rice, cassava")->required();
  kc->add_option("--day", kc_flags->day,
                 "Day of the growing season, 1 = planting day (FAO-56 Eq. 66)")
      ->required();
  kc->callback([kc_flags, exit_code] { RunVerb(exit_code, [&] {
      return WithOptionNames(RunKc(*kc_flags), KcOptionNames());
    }); });

  CLI::App* crops = agri->add_subcommand(
      "crops",
      "List the crop table: Kc, stage lengths, rooting depth, p (FAO-56 Tables 11, 12, 22)");
  crops->footer("Prints a JSON array with one object per crop, including its sources and notes.");
  crops->callback([exit_code] { RunVerb(exit_code, [] { return RunCrops(); }); });
}

}  // namespace loka::cli
