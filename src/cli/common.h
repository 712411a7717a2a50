// Helpers shared by the CLI verbs: terminal progress, byte sizes, output buffering.
#ifndef LOKA_CLI_COMMON_H_
#define LOKA_CLI_COMMON_H_

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace loka::cli {

// "1.2 MB", "340 KB", "12 B".
std::string FormatBytes(double bytes);

// "1m05s", "12s".
std::string FormatSeconds(double s);

// Buffered stdout writer: one fwrite per ~64 KB instead of per line.
class OutBuffer {
 public:
  explicit OutBuffer(std::FILE* f = stdout) : f_(f) {}
  ~OutBuffer() { Flush(); }
  void Append(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= (1u << 16)) Flush();
  }
  void Flush() {
    if (!buf_.empty()) std::fwrite(buf_.data(), 1, buf_.size(), f_);
    buf_.clear();
    std::fflush(f_);
  }

 private:
  std::FILE* f_;
  std::string buf_;
};

// Help text of an on/off switch that has a --no- form (CLI11 shows no default for flags):
// `description` then " (default: on)" or " (default: off)" from `value`, the option's value
// when it is added.
std::string WithSwitchDefault(const std::string& description, bool value);

// Formats a probability with 6 significant digits, as fastText does.
std::string FormatProb(double p);

// One output line per input line, for the verbs that answer each line of INPUT ("-" = stdin):
// `line_fn` gets the line without its "\n" or "\r\n" and fills `out` (no newline). A line it
// fails is reported on stderr with its line number and answered by an empty line, or by
// {"error": ...} when `json`; the count of such lines is printed at the end. Errors: FileError's
// (core/file.h) when INPUT cannot be opened or read ("dir: read: Is a directory").
Status MapLines(const std::string& input, bool json,
                const std::function<Status(std::string_view text, std::string* out)>& line_fn);

// For the verbs that read or change what a database already holds (kb search/list/remove, keys
// list/revoke, helpline, readings prune): ok when `path` exists; else FileError's not_found
// ("loka.db: open: No such file or directory"). Opening a missing path would create an empty
// database and answer from it as if it were the right one (a mistyped --db, or the default
// loka.db from another directory). The verbs that fill a database (kb add, keys add, readings
// import, serve) create it.
Status RequireExistingDatabase(const std::string& path);

// For the verbs that write a file made from input files (train, langid train, embed, the fed
// file verbs): invalid_argument when `output` is one of `inputs` (the same file, by device and
// inode; "-" and missing files never are), before anything is read: the output would replace
// the data it was made from. `flag` is the output's flag, named in the message.
Status RefuseOutputOverInput(const std::string& output, const std::vector<std::string>& inputs,
                             const std::string& flag = "--output");

// For the verbs that spend minutes before writing `output` (train, embed): FileError's
// "OUTPUT: create: <reason>" when its folder is missing, not a folder or not writable, before
// the work rather than after it. Writing can still fail later (a full disk).
Status CheckOutputFolder(const std::string& output);

// An MQTT broker's HOST:PORT given to `flag` (--mqtt, --fed, --broker): PORT defaults to 1883
// when there is no colon. Errors: invalid_argument naming the flag and the value for a port
// that is not 1 to 65535 in digits only ("1883x" is refused, not read as 1883), or an empty
// host.
Status ParseBroker(const std::string& flag, const std::string& value, std::string* host,
                   int* port);

}  // namespace loka::cli

#endif  // LOKA_CLI_COMMON_H_
