#include "cli/common.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "nlohmann/json.hpp"

#include "cli/commands.h"
#include "core/file.h"

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

std::string WithSwitchDefault(const std::string& description, bool value) {
  return description + (value ? " (default: on)" : " (default: off)");
}

std::string FormatProb(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", p);
  return buf;
}

Status MapLines(const std::string& input, bool json,
                const std::function<Status(std::string_view text, std::string* out)>& line_fn) {
  const std::string name = input == "-" ? "stdin" : input;
  std::FILE* in = stdin;
  if (input != "-") {
    in = std::fopen(input.c_str(), "rb");
    if (!in) return FileError(input, "open");
  }
  OutBuffer out;
  char* line = nullptr;
  size_t cap = 0;
  ssize_t len;
  size_t line_no = 0, errors = 0;
  std::string o;
  while ((len = ::getline(&line, &cap, in)) >= 0) {
    ++line_no;
    std::string_view text(line, static_cast<size_t>(len));
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    o.clear();
    const Status s = line_fn(text, &o);
    if (!s.ok()) {
      ++errors;
      std::fprintf(stderr, "loka: %s line %zu: %s\n", name.c_str(), line_no, s.message().c_str());
      o = json ? nlohmann::json({{"error", s.message()}}).dump() : "";
    }
    o += '\n';
    out.Append(o);
  }
  const int read_errno = errno;  // getline's reason when it stopped on an error, not at the end
  std::free(line);
  const bool read_failed = std::ferror(in) != 0;
  if (in != stdin) std::fclose(in);
  out.Flush();
  if (read_failed) return FileError(name, "read", read_errno);
  if (errors) {
    std::fprintf(stderr, "loka: %zu of %zu lines had errors (%s output lines)\n", errors,
                 line_no, json ? "{\"error\": ...}" : "empty");
  }
  return Status::Ok();
}

Status RequireExistingDatabase(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return FileError(path, "open");
  return Status::Ok();
}

Status RefuseOutputOverInput(const std::string& output, const std::vector<std::string>& inputs,
                             const std::string& flag) {
  struct stat out {};
  if (::stat(output.c_str(), &out) != 0) return Status::Ok();
  for (const std::string& input : inputs) {
    struct stat in {};
    if (input == "-" || ::stat(input.c_str(), &in) != 0) continue;
    if (in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
      return InvalidArgument(output + ": is also the input " + input +
                             "; writing it would replace that data (give another " + flag + ")");
    }
  }
  return Status::Ok();
}

Status ParseBroker(const std::string& flag, const std::string& value, std::string* host,
                   int* port) {
  const size_t colon = value.rfind(':');
  *host = colon == std::string::npos ? value : value.substr(0, colon);
  *port = 1883;
  if (colon != std::string::npos) {
    const std::string digits = value.substr(colon + 1);
    char* end = nullptr;
    const long v = std::strtol(digits.c_str(), &end, 10);
    if (digits.empty() || *end != '\0' || v < 1 || v > 65535) {
      return InvalidArgument(flag + " must be HOST:PORT, got \"" + value + "\"");
    }
    *port = static_cast<int>(v);
  }
  if (host->empty()) return InvalidArgument(flag + ": empty host in \"" + value + "\"");
  return Status::Ok();
}

Status CheckOutputFolder(const std::string& output) {
  const size_t slash = output.rfind('/');
  const std::string folder =
      slash == std::string::npos ? "." : (slash == 0 ? "/" : output.substr(0, slash));
  struct stat st {};
  if (::stat(folder.c_str(), &st) != 0) return FileError(output, "create");
  if (!S_ISDIR(st.st_mode)) return FileError(output, "create", ENOTDIR);
  if (::access(folder.c_str(), W_OK) != 0) return FileError(output, "create");
  return Status::Ok();
}

void RefuseNonFiniteNumbers(CLI::App& app) {
  // The validator's empty description keeps the help text as it was.
  static const CLI::Validator kFinite(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0') return {};  // not a number: CLI11's own error
        if (!std::isfinite(v)) return "Value " + text + " is not a finite number";
        return {};
      },
      "");
  for (CLI::Option* o : app.get_options()) {
    if (o->get_type_name().rfind("FLOAT", 0) == 0) o->check(kFinite);
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    RefuseNonFiniteNumbers(*sub);
  }
}

void RefuseNegativeUnsigned(CLI::App& app) {
  static const CLI::Validator kNotNegative(
      [](std::string& text) -> std::string {
        const size_t first = text.find_first_not_of(" \t");
        if (first == std::string::npos || text[first] != '-') return {};
        return "Value " + text + " is below 0";
      },
      "");
  for (CLI::Option* o : app.get_options()) {
    if (o->get_type_name().rfind("UINT", 0) == 0) o->check(kNotNegative);
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    RefuseNegativeUnsigned(*sub);
  }
}

void RunVerb(int* exit_code, const std::function<Status()>& verb) {
  Status status = Status::Ok();
  try {
    status = verb();
  } catch (const std::exception& e) {
    status = Internal(e.what());
  }
  if (status.ok()) {
    *exit_code = 0;
    return;
  }
  std::fprintf(stderr, "loka: %s\n", status.ToString().c_str());
  *exit_code = 1;
}

}  // namespace loka::cli
