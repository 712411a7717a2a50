// Irrigation advice recomputed for 1,000 fields (agri/advice.h), the node's "advice for every
// field" workload: 10 stations x 100 fields, a 120-day maize-season of daily weather each,
// crops, soils and irrigation methods varied. Target: under 1 s for the 1,000.
//   SharedEt0: ET0 once per station (ComputeEt0Series), then AdviseFieldWithEt0 per field.
//   Et0PerField: AdviseField per field, ET0 recomputed every time (the simple path).
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "agri/advice.h"
#include "agri/soils.h"

namespace loka::agri {
namespace {

constexpr int kStations = 10;
constexpr int kFieldsPerStation = 100;
constexpr int kDays = 120;
constexpr int64_t kStart = 16191;  // 2014-05-01

std::vector<FieldWeatherDay> StationWeather(int station) {
  std::vector<FieldWeatherDay> days;
  for (int i = 0; i < kDays; ++i) {
    FieldWeatherDay w;
    w.day = kStart + i;
    const double t = 22 + 6 * std::sin(0.21 * i + station) + 0.1 * station;
    w.weather.tmax_c = t + 5;
    w.weather.tmin_c = t - 6;
    w.weather.rhmax_pct = 92;
    w.weather.rhmin_pct = 40 + 3 * std::cos(0.3 * i);
    w.weather.wind_m_per_s = 1.5 + 0.5 * std::sin(0.7 * i);
    w.weather.rs_mj_per_m2_day = 18 + 6 * std::sin(0.13 * i + station);
    w.rain_mm = (i + station) % 9 == 0 ? 12.0 : 0.0;
    days.push_back(w);
  }
  return days;
}

std::vector<FieldSetup> Fields() {
  const char* crops[] = {"maize", "sorghum", "beans_dry", "tomato", "cotton", "groundnut"};
  const IrrigationMethod methods[] = {IrrigationMethod::kDrip, IrrigationMethod::kSprinkler,
                                      IrrigationMethod::kSurface};
  std::vector<FieldSetup> out;
  for (int i = 0; i < kFieldsPerStation; ++i) {
    FieldSetup f;
    f.crop = *FindCrop(crops[i % 6]);
    f.planting_day = kStart + i % 20;
    f.soil = SoilTextures()[static_cast<size_t>(i) % SoilTextures().size()].Typical();
    f.irrigation.method = methods[i % 3];
    out.push_back(f);
  }
  return out;
}

void BM_Advice1000FieldsSharedEt0(benchmark::State& state) {
  std::vector<std::vector<FieldWeatherDay>> weather;
  for (int s = 0; s < kStations; ++s) weather.push_back(StationWeather(s));
  const std::vector<FieldSetup> fields = Fields();
  const Site site{47.6, 50};
  for (auto _ : state) {
    double sink = 0;
    for (int s = 0; s < kStations; ++s) {
      Result<std::vector<Et0Day>> et0 = ComputeEt0Series(site, weather[s]);
      for (const FieldSetup& f : fields) {
        Result<FieldAdvice> a = AdviseFieldWithEt0(f, weather[s], *et0);
        if (!a.ok()) {
          state.SkipWithError(a.status().ToString().c_str());
          return;
        }
        sink += a->irrigation.planned_net_mm;
      }
    }
    benchmark::DoNotOptimize(sink);
  }
  state.counters["fields"] = kStations * kFieldsPerStation;
}
BENCHMARK(BM_Advice1000FieldsSharedEt0)->Unit(benchmark::kMillisecond);

void BM_Advice1000FieldsEt0PerField(benchmark::State& state) {
  std::vector<std::vector<FieldWeatherDay>> weather;
  for (int s = 0; s < kStations; ++s) weather.push_back(StationWeather(s));
  const std::vector<FieldSetup> fields = Fields();
  const Site site{47.6, 50};
  for (auto _ : state) {
    double sink = 0;
    for (int s = 0; s < kStations; ++s) {
      for (const FieldSetup& f : fields) {
        Result<FieldAdvice> a = AdviseField(f, site, weather[s]);
        if (!a.ok()) {
          state.SkipWithError(a.status().ToString().c_str());
          return;
        }
        sink += a->irrigation.planned_net_mm;
      }
    }
    benchmark::DoNotOptimize(sink);
  }
  state.counters["fields"] = kStations * kFieldsPerStation;
}
BENCHMARK(BM_Advice1000FieldsEt0PerField)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace loka::agri
