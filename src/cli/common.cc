#include "cli/common.h"

#include <cmath>
#include <cstdio>

#include "cli/commands.h"

namespace loka::cli {

std::string FormatBytes(double bytes) {
  char buf[32];
  if (bytes >= 1e6) std::snprintf(buf, sizeof buf, "%.2f MB", bytes / 1e6);
  else if (bytes >= 1e3) std::snprintf(buf, sizeof buf, "%.1f KB", bytes / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f B", bytes);
  return buf;
}

std::string FormatSeconds(double s) {
  char buf[32];
  if (s >= 60) std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s / 60), static_cast<int>(std::fmod(s, 60)));
  else std::snprintf(buf, sizeof buf, "%.1fs", s);
  return buf;
}

std::string FormatProb(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", p);
  return buf;
}

int ReportError(const Status& status) {
  std::fprintf(stderr, "loka: %s\n", status.ToString().c_str());
  return 1;
}

}  // namespace loka::cli
