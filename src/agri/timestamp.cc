#include "agri/timestamp.h"

#include <cstdio>

#include "core/time.h"

namespace loka::agri {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `width` decimal digits at `*pos`.
bool Digits(std::string_view s, size_t* pos, int width, int* out) {
  if (*pos + width > s.size()) return false;
  int v = 0;
  for (int i = 0; i < width; ++i) {
    const char c = s[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += width;
  *out = v;
  return true;
}

bool Expect(std::string_view s, size_t* pos, char c) {
  if (*pos >= s.size() || s[*pos] != c) return false;
  ++*pos;
  return true;
}

}  // namespace

Result<int64_t> ParseIso8601(std::string_view text) {
  const auto bad = [&](const char* why) {
    return InvalidArgument("timestamp \"" + std::string(text.substr(0, 64)) + "\": " + why);
  };
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!Digits(text, &pos, 4, &year) || !Expect(text, &pos, '-') ||
      !Digits(text, &pos, 2, &month) || !Expect(text, &pos, '-') ||
      !Digits(text, &pos, 2, &day)) {
    // The date alone is a timestamp too; say what may follow it.
    return bad("expected YYYY-MM-DD, then optionally 'T' or ' ', HH:MM[:SS[.fff]] and Z or "
               "+HH:MM");
  }
  if (month < 1 || month > 12) return bad("month out of range");
  if (day < 1 || day > DaysInMonth(year, month)) return bad("day out of range");
  int64_t offset_s = 0;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != ' ') return bad("expected 'T' or ' ' after the date");
    ++pos;
    if (!Digits(text, &pos, 2, &hour) || !Expect(text, &pos, ':') ||
        !Digits(text, &pos, 2, &minute)) {
      return bad("expected HH:MM");
    }
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!Digits(text, &pos, 2, &second)) return bad("expected SS");
      if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        const size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
        if (pos == start) return bad("empty fraction of a second");
      }
    }
    if (hour > 23 || minute > 59 || second > 59) return bad("time of day out of range");
    if (pos < text.size()) {
      const char z = text[pos];
      if (z == 'Z') {
        ++pos;
      } else if (z == '+' || z == '-') {
        ++pos;
        int oh = 0, om = 0;
        if (!Digits(text, &pos, 2, &oh)) return bad("expected zone hh:mm");
        if (pos < text.size() && text[pos] == ':') ++pos;
        if (!Digits(text, &pos, 2, &om) || oh > 23 || om > 59) return bad("expected zone hh:mm");
        offset_s = (z == '+' ? 1 : -1) * (oh * kSecondsPerHour + om * kSecondsPerMinute);
      }
    }
  }
  if (pos != text.size()) return bad("unexpected trailing characters");
  return DaysFromCivil(year, month, day) * kSecondsPerDay + hour * kSecondsPerHour +
         minute * kSecondsPerMinute + second - offset_s;
}

namespace {

struct CivilDate {
  int64_t y;
  int m, d;
};

// civil_from_days (Hinnant).
CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

}  // namespace

std::string FormatIso8601(int64_t unix_s) {
  const int64_t secs = SecondOfDay(unix_s);
  const CivilDate c = CivilFromDays(UnixDayFromSeconds(unix_s));
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02dT%02d:%02d:%02dZ", static_cast<long long>(c.y),
                c.m, c.d, static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

Result<int64_t> ParseDate(std::string_view text) {
  if (text.size() != 10) {
    return InvalidArgument("date \"" + std::string(text.substr(0, 64)) + "\": expected YYYY-MM-DD");
  }
  Result<int64_t> unix_s = ParseIso8601(text);
  if (!unix_s.ok()) {
    // The same reason, said of a date: "date "2024-02-30": day out of range".
    const std::string& why = unix_s.status().message();
    const std::string_view kWord = "timestamp ";
    return InvalidArgument(why.compare(0, kWord.size(), kWord) == 0
                               ? "date " + why.substr(kWord.size())
                               : why);
  }
  return UnixDayFromSeconds(*unix_s);
}

std::string FormatDate(int64_t unix_day) {
  const CivilDate c = CivilFromDays(unix_day);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02d", static_cast<long long>(c.y), c.m, c.d);
  return buf;
}

int DayOfYear(int64_t unix_day) {
  const CivilDate c = CivilFromDays(unix_day);
  return static_cast<int>(unix_day - DaysFromCivil(c.y, 1, 1)) + 1;
}

}  // namespace loka::agri
