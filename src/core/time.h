// Time: Unix days (floor division, so times before 1970 fall on the right day), local days for
// a fixed UTC offset, durations named with their units, and the Clock seam every "now" goes
// through so tests advance a ManualClock instead of sleeping (STYLE.md 16).
//
// Thread contract: the free functions are pure; SystemClock is stateless and shared;
// ManualClock is safe to read and advance from any thread.
#ifndef LOKA_CORE_TIME_H_
#define LOKA_CORE_TIME_H_

#include <atomic>
#include <cstdint>

namespace loka {

// Durations, each named with its unit.
inline constexpr int64_t kMsPerSecond = 1000;
inline constexpr int64_t kSecondsPerMinute = 60;
inline constexpr int64_t kSecondsPerHour = 3600;
inline constexpr int64_t kSecondsPerDay = 86400;
inline constexpr int64_t kMsPerMinute = kSecondsPerMinute * kMsPerSecond;
inline constexpr int64_t kMsPerHour = kSecondsPerHour * kMsPerSecond;
inline constexpr int64_t kMsPerDay = kSecondsPerDay * kMsPerSecond;

// floor(a / b): rounds toward minus infinity, unlike C++'s `/` (which truncates toward zero:
// -1 / 86400 == 0, but the second before the epoch is on day -1). REQUIRES: b > 0.
constexpr int64_t FloorDiv(int64_t a, int64_t b) { return a / b - (a % b < 0 ? 1 : 0); }

// a - b * FloorDiv(a, b), always in [0, b). REQUIRES: b > 0.
constexpr int64_t FloorMod(int64_t a, int64_t b) { return a - b * FloorDiv(a, b); }

// Days since 1970-01-01 ("Unix days") of the UTC date holding a time: 1970-01-01T00:00:00Z
// and 23:59:59 of that date are day 0; 1969-12-31T23:59:59Z is day -1.
constexpr int64_t UnixDayFromSeconds(int64_t unix_s) { return FloorDiv(unix_s, kSecondsPerDay); }
constexpr int64_t UnixDayFromMs(int64_t unix_ms) { return FloorDiv(unix_ms, kMsPerDay); }

// Seconds since the start of its UTC day, in [0, 86400).
constexpr int64_t SecondOfDay(int64_t unix_s) { return FloorMod(unix_s, kSecondsPerDay); }

// The Unix day of the local date holding a time, at a place `utc_offset_min` minutes east of
// UTC (UTC+3 is 180, UTC-5 is -300). Floor division: 23:59 local is the same day as 00:00.
constexpr int64_t LocalDayFromSeconds(int64_t unix_s, int utc_offset_min) {
  return UnixDayFromSeconds(unix_s + static_cast<int64_t>(utc_offset_min) * kSecondsPerMinute);
}
constexpr int64_t LocalDayFromMs(int64_t unix_ms, int utc_offset_min) {
  return UnixDayFromMs(unix_ms + static_cast<int64_t>(utc_offset_min) * kMsPerMinute);
}

// Where every "now" comes from. Wall time answers "what date is it" (it may jump when the
// system clock is set); steady time answers "how long since" (it never goes backwards), for
// TTLs, timeouts and rates.
class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since 1970-01-01T00:00:00Z.
  virtual int64_t NowMs() const = 0;
  // Milliseconds since an arbitrary fixed origin; never decreases.
  virtual int64_t SteadyMs() const = 0;
};

// The operating system's clocks (std::chrono::system_clock and steady_clock).
class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override;
  int64_t SteadyMs() const override;
};

// The process's SystemClock: the default of every options field that takes a clock. Lives for
// the whole process.
const Clock& DefaultClock();

// A clock that moves only when told to, for tests. Advancing moves wall and steady time together.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_ms = 0, int64_t steady_ms = 0)
      : now_ms_(now_ms), steady_ms_(steady_ms) {}
  int64_t NowMs() const override { return now_ms_.load(); }
  int64_t SteadyMs() const override { return steady_ms_.load(); }
  // REQUIRES: ms >= 0 (steady time never goes backwards).
  void AdvanceMs(int64_t ms) {
    now_ms_ += ms;
    steady_ms_ += ms;
  }
  // Sets the wall time only, as when the system clock is set; steady time is unchanged.
  void SetNowMs(int64_t now_ms) { now_ms_ = now_ms; }

 private:
  std::atomic<int64_t> now_ms_;
  std::atomic<int64_t> steady_ms_;
};

}  // namespace loka

#endif  // LOKA_CORE_TIME_H_
