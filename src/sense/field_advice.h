// Irrigation advice for a stored field and ET0 for a stored station: the field's record turned
// into agri's FieldSetup, the station's weather days (sense/weather_days.h) over the right
// range, then agri::AdviseField or agri::ComputeEt0Series. The node's /v1/fields/{id}/advice
// and /v1/stations/{id}/et0 only parse the query and print the result.
//
// Thread contract: functions over values and a thread-safe Store.
#ifndef LOKA_SENSE_FIELD_ADVICE_H_
#define LOKA_SENSE_FIELD_ADVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agri/advice.h"
#include "core/status.h"
#include "sense/weather_days.h"
#include "store/store.h"

namespace loka::sense {

struct AdviceQueryOptions {
  // Days of daily weather one advice or ET0 query may span: two years, enough for a season
  // and the year before it, small enough to answer in milliseconds.
  int64_t max_days = 731;
  // Days before planting read for advice: they feed the carried-ET0 window of a first day
  // without data (agri/advice.h).
  int64_t days_before_planting = 7;
  // Days of an ET0 query without from/to: the last 30 days with data.
  int64_t default_et0_days = 30;
  WeatherDayOptions weather;
};

// What a field is when the client does not say: a loam (FAO-56 Table 19's typical values),
// watered by sprinkler.
inline constexpr const char* kDefaultSoil = "loam";
inline constexpr const char* kDefaultIrrigationMethod = "sprinkler";

// Planting dates a field may have: 1900-01-01 to 2200-12-31. Any farm's season falls well
// inside; outside, a date is a typo (0000-01-01, 9999-12-31) whose season end would not even
// print as a four-digit year.
inline constexpr int kMinPlantingYear = 1900;
inline constexpr int kMaxPlantingYear = 2200;

// Completes a field before it is stored and checks it against agri's tables: the planting day
// must be within kMinPlantingYear..kMaxPlantingYear; the crop must be known; the soil is a
// texture id whose typical theta_fc and theta_wp fill what `theta_fc` and `theta_wp` leave
// unset, or "custom" with both given; theta_wp must be below theta_fc; the irrigation method
// must be known. Errors: invalid_argument naming the value ("planting_date: ...", "crop: ...",
// "soil: ...", "irrigation_method: ...").
Status CompleteField(std::optional<double> theta_fc, std::optional<double> theta_wp,
                     store::FieldRecord* field);

// The FieldSetup advice runs on. Errors: invalid_argument for a crop or irrigation method that
// agri's tables do not know (a record the API accepted always passes).
Result<agri::FieldSetup> FieldSetupOf(const store::FieldRecord& field);

struct StoredFieldAdvice {
  int64_t as_of_day = 0;       // the day the advice is for
  int64_t season_end_day = 0;  // the last day of the season (agri::SeasonEndDay as of as_of)
  agri::FieldAdvice advice;    // its notes include the station's (SiteNote)
};

// Advice for `field` as of `as_of_day`, or, when nullopt, as of the station's last day with
// data (the day before planting when it has none). Weather is read from seven days before
// planting up to as_of (or the season's end, if earlier), at most max_days. Errors: the
// store's (not_found for a missing station), failed_precondition when the station has no
// latitude, agri::AdviseField's.
Result<StoredFieldAdvice> AdviseStoredField(store::Store& store, const store::FieldRecord& field,
                                            std::optional<int64_t> as_of_day,
                                            const agri::AdviceOptions& advice,
                                            const AdviceQueryOptions& options = {});

// A field whose advice says to irrigate on the day its station's readings are coming in.
struct IrrigateToday {
  int64_t field_id = 0;
  int64_t day = 0;      // the station's last day with data (days since 1970-01-01)
  double gross_mm = 0;  // the depth the system must deliver (agri::IrrigationAdvice::gross_mm)
};

// Whether `field` should be irrigated on its station's last day with data, the day readings
// are coming in for, by the advice from the complete days before it (AdviseStoredField as of
// the day before). nullopt: not that day, no data, the season not on, or no data the day
// before. Errors: AdviseStoredField's.
Result<std::optional<IrrigateToday>> IrrigateOnLatestDay(store::Store& store,
                                                         const store::FieldRecord& field,
                                                         const agri::AdviceOptions& advice = {});

struct StationEt0 {
  agri::Site site;
  std::vector<std::string> notes;  // what was assumed (SiteNote), days left out (WeatherDays)
  int64_t from_day = 0, to_day = 0;
  std::vector<agri::FieldWeatherDay> days;  // the inputs, one per day with data
  std::vector<agri::Et0Day> et0;            // et0[i] is days[i]'s
};

// Daily ET0 at `station` from..to. `to` defaults to the station's last day with data, or to
// `from` when that day is earlier (or there is none); `from` defaults to default_et0_days
// ending on `to`. Errors: the store's (not_found), failed_precondition (no latitude),
// invalid_argument when to is before from, resource_exhausted past max_days.
Result<StationEt0> StationEt0Series(store::Store& store, const std::string& station,
                                    std::optional<int64_t> from_day,
                                    std::optional<int64_t> to_day,
                                    const AdviceQueryOptions& options = {});

}  // namespace loka::sense

#endif  // LOKA_SENSE_FIELD_ADVICE_H_
