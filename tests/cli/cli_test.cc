// End-to-end tests of the `loka` binary: each case runs the real executable with posix_spawn on
// temporary files and checks its exit code, stdout and stderr (never the exit code alone).
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sqlite3.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/file.h"
#include "learn/embed.h"
#include "store/helpline.h"
#include "text/json.h"
#include "nlohmann/json.hpp"

extern char** environ;

namespace loka {
namespace {

const std::string kLoka = std::string(LOKA_BINARY_DIR) + "/loka";
const std::string kTestdata = LOKA_TESTDATA_DIR;
const std::string kTinyTsv = kTestdata + "/learn/tiny.tsv";

struct Outcome {
  int exit_code = -1;
  int signal = 0;  // set when the process was killed by a signal
  std::string out, err;
};

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t nl = s.find('\n', pos);
    if (nl == std::string::npos) nl = s.size();
    lines.push_back(s.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return lines;
}

std::vector<std::string> SplitTabs(const std::string& s) {
  std::vector<std::string> f;
  size_t pos = 0;
  for (;;) {
    const size_t t = s.find('\t', pos);
    f.push_back(s.substr(pos, t == std::string::npos ? std::string::npos : t - pos));
    if (t == std::string::npos) return f;
    pos = t + 1;
  }
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// One temporary directory for the whole suite, holding a model trained once from tiny.tsv.
class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string tmpl = ::testing::TempDir() + "loka_cli_test_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = new std::string(tmpl);
    const Outcome r = Loka({"train", kTinyTsv, "-o", Path("tiny.model"), "-q", "--threads", "1",
                            "--model", "bag", "--dim", "8", "--epochs", "100", "--lr", "1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    if (dir_ == nullptr) return;
    std::error_code ec;
    std::filesystem::remove_all(*dir_, ec);
    EXPECT_FALSE(ec) << ec.message();
    delete dir_;
    dir_ = nullptr;
  }

  static std::string Path(const std::string& name) { return *dir_ + "/" + name; }
  static std::string Model() { return Path("tiny.model"); }

  static std::string Write(const std::string& name, const std::string& content) {
    const std::string p = Path(name);
    EXPECT_TRUE(WriteFileAtomic(p, content).ok());
    return p;
  }

  // Runs `loka args...` with stdin from `stdin_path`, capturing stdout and stderr in files.
  // `stdout_path` replaces the captured stdout (Outcome::out is then empty).
  static Outcome Loka(const std::vector<std::string>& args,
                      const std::string& stdin_path = "/dev/null",
                      const std::string& stdout_path = "") {
    static int counter = 0;
    const std::string out_path =
        stdout_path.empty() ? Path("stdout." + std::to_string(counter)) : stdout_path;
    const std::string err_path = Path("stderr." + std::to_string(counter++));
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(kLoka.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, stdin_path.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    Outcome r;
    const int rc = ::posix_spawn(&pid, kLoka.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    EXPECT_EQ(rc, 0) << "cannot run " << kLoka;
    if (rc != 0) return r;
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    if (stdout_path.empty()) {
      r.out = ReadFile(out_path).value();
      ::unlink(out_path.c_str());
    }
    r.err = ReadFile(err_path).value();
    ::unlink(err_path.c_str());
    // No run may crash or trip a sanitizer, whatever its exit code.
    EXPECT_EQ(r.signal, 0) << "killed by signal " << r.signal << "\n" << r.err;
    EXPECT_FALSE(Contains(r.err, "Sanitizer") || Contains(r.err, "runtime error:")) << r.err;
    return r;
  }

  static std::string* dir_;
};
std::string* CliTest::dir_ = nullptr;

TEST_F(CliTest, TopLevelHelpListsEveryVerb) {
  const Outcome r = Loka({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* verb : {"train", "test", "predict", "quantize", "info"}) {
    EXPECT_TRUE(Contains(r.out, verb)) << verb << "\n" << r.out;
  }
}

TEST_F(CliTest, EveryVerbsHelpMentionsItsOptions) {
  const struct {
    const char* verb;
    std::vector<std::string> options;
  } cases[] = {
      {"train",
       {"--output", "--threads", "--seed", "--dim", "--epochs", "--lr", "--min-count",
        "--word-ngrams", "--char-min", "--char-max", "--strict", "--quiet", "--punctuation",
        "--case-fold", "__label__"}},
      {"test", {"--json", "--threshold", "--strict"}},
      {"predict", {"-k", "--threshold", "--json", "one line per input line"}},
      {"quantize", {"--output", "--max-rows", "--dsub", "--seed"}},
      {"embed", {"--output", "--dim", "--epochs", "--max-tokens", "--seed"}},
      {"info", {"--json"}},
  };
  for (const auto& c : cases) {
    const Outcome r = Loka({c.verb, "--help"});
    EXPECT_EQ(r.exit_code, 0) << c.verb;
    for (const auto& o : c.options)
      EXPECT_TRUE(Contains(r.out, o)) << c.verb << " " << o << "\n" << r.out;
  }
}

// The interface scripts rely on: kb add --db DB PATH... and kb search --db DB QUERY -k K
// --json; documents tagged and dated on add, searches filtered by tag and date.
TEST_F(CliTest, KbAddTagsAndDatesAndSearchFiltersOnThem) {
  const std::string db = Path("kb.db");
  std::filesystem::create_directories(Path("kbdocs"));
  Write("kbdocs/urea.txt", "Apply urea in two splits, at four weeks and at tasselling.");
  Write("neem.txt", "Spray neem extract when you find young larvae in the maize whorl.");
  Outcome r = Loka({"kb", "add", "--db", db, Path("kbdocs"), "--tag", "Fertiliser", "--date",
                    "2024-06-01", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Loka({"kb", "add", "--db", db, Path("neem.txt"), "--tag", "pests"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  r = Loka({"kb", "search", "--db", db, "urea splits tasseling", "-k", "5", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json all = nlohmann::json::parse(r.out);
  ASSERT_GE(all["results"].size(), 1u);
  EXPECT_EQ(all["results"][0]["doc"], "urea.txt");  // a file from a folder keeps its name
  for (const char* field : {"doc", "passage", "score", "snippet"}) {
    EXPECT_TRUE(all["results"][0].contains(field)) << field;
  }
  r = Loka({"kb", "search", "--db", db, "urea neem maize", "--tag", "pests", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json pests = nlohmann::json::parse(r.out);
  ASSERT_EQ(pests["results"].size(), 1u);
  EXPECT_EQ(pests["results"][0]["doc"], Path("neem.txt"));
  r = Loka({"kb", "search", "--db", db, "urea neem maize", "--since", "2024-01-01", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json dated = nlohmann::json::parse(r.out);
  ASSERT_EQ(dated["results"].size(), 1u);  // neem.txt has no date
  EXPECT_EQ(dated["results"][0]["doc"], "urea.txt");

  r = Loka({"kb", "list", "--db", db, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json docs = nlohmann::json::parse(r.out)["documents"];
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[1]["doc"], "urea.txt");
  EXPECT_EQ(docs[1]["tags"], nlohmann::json({"fertiliser"}));
  EXPECT_EQ(docs[1]["date"], "2024-06-01");

  r = Loka({"kb", "add", "--db", db, Path("neem.txt"), "--date", "June 2024"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.err, "June 2024")) << r.err;
  r = Loka({"kb", "search", "--db", db, "urea", "--until", "2024-02-30"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.err, "until")) << r.err;
}

// Searching an SQLite file of another program does not turn it into a loka database.
TEST_F(CliTest, KbSearchRefusesAnotherProgramsDatabase) {
  const std::string db = Path("other.db");
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "CREATE TABLE notes (t TEXT)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  const Outcome r = Loka({"kb", "search", "--db", db, "hello"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, db + ": not a loka database")) << r.err;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT count(*) FROM sqlite_master", -1, &st, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 1);  // only its own table
  sqlite3_finalize(st);
  sqlite3_close(raw);
}

TEST_F(CliTest, FeatureOptionsTheModelCannotHoldFailTraining) {
  const Outcome r =
      Loka({"train", kTinyTsv, "-o", Path("c.model"), "-q", "--char-min", "5", "--char-max", "3"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "character n-gram range must satisfy min <= max <= 16")) << r.err;
  EXPECT_EQ(::access(Path("c.model").c_str(), F_OK), -1);
}

TEST_F(CliTest, HelplineEraseDeletesEveryRowOfANumber) {
  const std::string db = Path("helpline.db");
  {
    Result<store::HelplineStore> st = store::HelplineStore::Open(db);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    for (const char* number : {"+254700000001", "+254700000002"}) {
      store::InboundRecord in;
      in.number = number;
      in.text = "hakuna maji";
      in.gateway = "api";
      in.received_at_ms = 1;
      ASSERT_TRUE(st->Receive(in, 0, store::TicketRouting{}, nullptr).ok());
    }
  }
  const Outcome r = Loka({"helpline", "erase", "--db", db, "--number", "+254 700 000 001"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "erased 1 ticket(s) of +254 700 000 001\n");
  Result<store::HelplineStore> st = store::HelplineStore::Open(db);
  ASSERT_TRUE(st.ok());
  Result<std::vector<store::TicketRecord>> left = st->ListTickets({});
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].number, "+254700000002");
  const Outcome bad = Loka({"helpline", "erase", "--db", db, "--number", "+2547OO"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(Contains(bad.err, "character 6 is not a digit")) << bad.err;
}

TEST_F(CliTest, HelplineExportPrintsTheNumbersRowsAsJson) {
  const std::string db = Path("export.db");
  {
    Result<store::HelplineStore> st = store::HelplineStore::Open(db);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    for (const char* number : {"+254700000001", "+254700000002"}) {
      store::InboundRecord in;
      in.number = number;
      in.text = std::string("maji ") + number;
      in.gateway = "kannel";
      in.gateway_id = number;
      in.received_at_ms = 1;
      ASSERT_TRUE(st->Receive(in, 0, store::TicketRouting{}, nullptr).ok());
    }
  }
  const Outcome r = Loka({"helpline", "export", "--db", db, "--number", "+254 700 000 002"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const text::Json doc = text::Json::parse(r.out);
  EXPECT_EQ(doc["number"], "+254700000002");
  ASSERT_EQ(doc["tickets"].size(), 1u);
  ASSERT_EQ(doc["messages"].size(), 1u);
  EXPECT_EQ(doc["messages"][0]["text"], "maji +254700000002");
  EXPECT_EQ(doc["messages"][0]["gateway"], "kannel");
  EXPECT_EQ(doc["replies"].size(), 0u);
  EXPECT_FALSE(Contains(r.out, "000001"));
  const Outcome bad = Loka({"helpline", "export", "--db", db, "--number", "+2547OO"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(Contains(bad.err, "character 6 is not a digit")) << bad.err;
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Loka({}).exit_code, 2);
  EXPECT_EQ(Loka({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(Loka({"train", kTinyTsv}).exit_code, 2);  // -o is required
  EXPECT_EQ(Loka({"predict", Model(), "-k", "0"}).exit_code, 2);
  EXPECT_EQ(Loka({"train", kTinyTsv, "-o", Path("x.model"), "--dim", "0"}).exit_code, 2);
}

// Thread counts past kMaxTrainThreads made thread creation fail and abort the process; a
// negative count meant "all cores" silently. Both are usage errors now.
TEST_F(CliTest, TrainRefusesThreadCountsOutOfRange) {
  for (const char* threads : {"-1", "1025", "100000"}) {
    const Outcome r = Loka({"train", kTinyTsv, "-o", Path("threads.model"), "-q", "--threads",
                            threads});
    EXPECT_EQ(r.exit_code, 2) << threads;
    EXPECT_TRUE(Contains(r.err, std::string("--threads: Value ") + threads +
                                    " not in range 0 to 1024"))
        << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(Path("threads.model")));
}

// CLI11's range checks let NaN through (every comparison with it is false): every floating-point
// option of every verb refuses a value that is not a finite number, before the verb runs.
TEST_F(CliTest, FloatingPointOptionsRefuseValuesThatAreNotFiniteNumbers) {
  const std::vector<std::vector<std::string>> runs = {
      {"predict", Model(), "--threshold", "nan"},
      {"train", kTinyTsv, "-o", Path("nan.model"), "--lr", "nan"},
      {"langid", "train", kTinyTsv, "-o", Path("nan.bin"), "--word-group-join", "nan"},
      {"fed", "simulate", "--data", kTinyTsv, "--server-lr", "inf", "--json"},
      {"fed", "simulate", "--data", kTinyTsv, "--alpha", "1e999", "--json"},
  };
  for (const auto& args : runs) {
    const Outcome r = Loka(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << args[args.size() - 2];
    EXPECT_TRUE(Contains(r.err, "is not a finite number")) << r.err;
  }
  // A finite value still reaches the verb's own checks.
  const Outcome ok = Loka({"predict", Model(), "--threshold", "0.5"}, kTinyTsv);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

// CLI11 reads "-1" into a 64-bit unsigned option as 2^64 - 1: every unsigned option refuses a
// negative value as a usage error, as the 32-bit ones already did.
TEST_F(CliTest, UnsignedOptionsRefuseNegativeValues) {
  const std::vector<std::vector<std::string>> runs = {
      {"quantize", Model(), "-o", Path("neg.model"), "--max-bytes", "-1"},
      {"train", kTinyTsv, "-o", Path("neg.model"), "--seed", "-5"},
      {"embed", kTinyTsv, "-o", Path("neg.emb"), "--max-tokens", "-1"},
      {"kb", "search", "--db", Path("neg.db"), "maize", "--phrase-depth", "-1"},
  };
  for (const auto& args : runs) {
    const Outcome r = Loka(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << args[args.size() - 2];
    EXPECT_TRUE(Contains(r.err, args[args.size() - 2] + ": Value " + args.back() +
                                    " is below 0"))
        << r.err;
    EXPECT_EQ(r.out, "") << args[0];
  }
  EXPECT_FALSE(std::filesystem::exists(Path("neg.model")));
  EXPECT_FALSE(std::filesystem::exists(Path("neg.emb")));
  // Zero is still a value of its own (--max-bytes 0: no limit).
  const Outcome ok = Loka({"quantize", Model(), "-o", Path("zero.model"), "--max-bytes", "0"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST_F(CliTest, PredictWritesExactlyOneLinePerInputLine) {
  // Line 2 is empty, line 4 has malformed UTF-8 at byte 4, line 5 is CRLF, line 6 has no newline.
  const std::string input = Write("predict.txt",
                                  "heavy rain and strong wind tonight\n"
                                  "\n"
                                  "the striker scored twice in the match\n"
                                  "bad \xC3\x28 utf8\n"
                                  "snow and freezing fog on the hills tomorrow\r\n"
                                  "bake the bread with butter and garlic");
  const Outcome r = Loka({"predict", Model(), input});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 6) << r.out;
  const std::vector<std::string> lines = SplitLines(r.out);
  ASSERT_EQ(lines.size(), 6u) << r.out;
  EXPECT_EQ(lines[1], "");
  EXPECT_EQ(lines[3], "");
  const struct {
    size_t line;
    const char* label;
  } want[] = {{0, "weather"}, {2, "sport"}, {4, "weather"}, {5, "food"}};
  for (const auto& w : want) {
    const std::vector<std::string> f = SplitTabs(lines[w.line]);
    ASSERT_EQ(f.size(), 2u) << lines[w.line];
    EXPECT_EQ(f[0], w.label) << "line " << w.line + 1;
    const double p = std::stod(f[1]);
    EXPECT_GT(p, 1.0 / 3);
    EXPECT_LE(p, 1.0);
  }
  EXPECT_TRUE(Contains(r.err, input + " line 4: malformed UTF-8 at byte 4")) << r.err;
  EXPECT_TRUE(Contains(r.err, "1 of 6 lines had errors")) << r.err;
}

TEST_F(CliTest, PredictReadsStdin) {
  const std::string input =
      Write("stdin.txt", "roast the chicken with garlic and fresh herbs\n\xFF\n");
  const Outcome r = Loka({"predict", Model()}, input);
  EXPECT_EQ(r.exit_code, 0);
  const std::vector<std::string> lines = SplitLines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_EQ(SplitTabs(lines[0])[0], "food");
  EXPECT_EQ(lines[1], "");
  EXPECT_TRUE(Contains(r.err, "stdin line 2: malformed UTF-8 at byte 0")) << r.err;
}

TEST_F(CliTest, PredictKTwoGivesFourFieldsInProbabilityOrder) {
  const std::string input = Write("k2.txt", "rain and wind\nthe match\n\n");
  const Outcome r = Loka({"predict", Model(), input, "-k", "2"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = SplitLines(r.out);
  ASSERT_EQ(lines.size(), 3u);
  for (size_t i = 0; i < 2; ++i) {
    const std::vector<std::string> f = SplitTabs(lines[i]);
    ASSERT_EQ(f.size(), 4u) << lines[i];
    EXPECT_NE(f[0], f[2]);
    EXPECT_GE(std::stod(f[1]), std::stod(f[3]));
    EXPECT_LE(std::stod(f[1]) + std::stod(f[3]), 1.0 + 1e-5);
  }
  EXPECT_EQ(lines[2], "");
  // k above the label count gives all three labels.
  const Outcome all = Loka({"predict", Model(), input, "-k", "10"});
  EXPECT_EQ(SplitTabs(SplitLines(all.out)[0]).size(), 6u) << all.out;
}

TEST_F(CliTest, PredictThresholdCanEmptyALine) {
  const std::string input = Write("thr.txt", "rain and wind\n");
  const Outcome r = Loka({"predict", Model(), input, "-k", "3", "--threshold", "1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "\n");
}

TEST_F(CliTest, PredictJsonLinesParse) {
  const std::string input = Write("json.txt", "rain and wind\n\n\xFF\n");
  const Outcome r = Loka({"predict", Model(), input, "--json", "-k", "2"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = SplitLines(r.out);
  ASSERT_EQ(lines.size(), 3u);
  const auto first = nlohmann::json::parse(lines[0]);
  ASSERT_EQ(first["predictions"].size(), 2u);
  EXPECT_EQ(first["predictions"][0]["label"], "weather");
  EXPECT_TRUE(first["predictions"][0]["probability"].is_number());
  EXPECT_EQ(nlohmann::json::parse(lines[1])["predictions"].size(), 0u);
  EXPECT_TRUE(Contains(nlohmann::json::parse(lines[2])["error"].get<std::string>(),
                       "malformed UTF-8 at byte 0"));
  // The summary names what the bad lines became: error objects, not empty lines.
  EXPECT_TRUE(Contains(r.err, "1 of 3 lines had errors ({\"error\": ...} output lines)"))
      << r.err;
}

// A line of only white space or invisible characters is as empty as an empty line: no label,
// not the label prior a line of unknown words gets.
TEST_F(CliTest, PredictGivesABlankLineNoLabel) {
  const std::string input =
      Write("blank.txt", "rain and wind\n  \t \r\n\xE2\x80\x8B\n\xC2\xA0\xE3\x80\x80\n");
  const Outcome r = Loka({"predict", Model(), input, "-k", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = SplitLines(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_EQ(SplitTabs(lines[0])[0], "weather");
  for (size_t i = 1; i < 4; ++i) EXPECT_EQ(lines[i], "") << "line " << i + 1;
  const Outcome j = Loka({"predict", Model(), input, "--json"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const std::vector<std::string> jl = SplitLines(j.out);
  ASSERT_EQ(jl.size(), 4u) << j.out;
  for (size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(nlohmann::json::parse(jl[i])["predictions"], nlohmann::json::array()) << jl[i];
  }
}

TEST_F(CliTest, PredictOnEmptyStdinWritesNothing) {
  const Outcome r = Loka({"predict", Model()}, "/dev/null");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(CliTest, PredictOnATenMegabyteLineGivesOneLine) {
  std::mt19937 rng(5);
  const char* words[] = {"rain", "wind", "match", "bread", "the", "and", "snow", "goal"};
  std::string line;
  line.reserve(10u << 20);
  while (line.size() < (10u << 20)) {
    line += words[rng() % 8];
    line += ' ';
  }
  const std::string input = Write("big.txt", line + "\n");
  const Outcome r = Loka({"predict", Model(), input});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = SplitLines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(SplitTabs(lines[0]).size(), 2u) << lines[0];
  ::unlink(input.c_str());
}

// A fastText test file given to predict as it is: the leading `__label__x` tokens are not part
// of the text (fastText's predict ignores them too), so a line gives exactly what its text alone
// gives, one label or several, however wrong the labels; they never leak into the features.
TEST_F(CliTest, PredictSkipsLeadingFastTextLabels) {
  const std::string plain = Write("plain.txt",
                                  "heavy rain and strong wind tonight\n"
                                  "the striker scored twice\n"
                                  "__label__ bare prefix is text\n");
  const std::string ft = Write("labelled.ft",
                               "__label__food heavy rain and strong wind tonight\n"
                               "__label__food __label__weather\tthe striker scored twice\r\n"
                               "__label__ bare prefix is text\n"
                               "__label__sport\n");
  const Outcome want = Loka({"predict", Model(), plain, "-k", "3"});
  ASSERT_EQ(want.exit_code, 0) << want.err;
  const Outcome got = Loka({"predict", Model(), "-k", "3"}, ft);
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_EQ(got.out, want.out + "\n");  // a line of labels alone has no text: an empty line
  EXPECT_EQ(got.err, "");
}

TEST_F(CliTest, FastTextFormatTrainsToo) {
  // tiny.tsv rewritten as fastText lines, the second line with an extra label.
  Result<std::string> tsv = ReadFile(kTinyTsv);
  ASSERT_TRUE(tsv.ok());
  std::string ft;
  int n = 0;
  for (const std::string& l : SplitLines(*tsv)) {
    const size_t tab = l.find('\t');
    ft += "__label__" + l.substr(0, tab) + (++n == 2 ? " __label__extra " : " ") +
          l.substr(tab + 1) + "\n";
  }
  const std::string input = Write("tiny.ft.txt", ft);
  const Outcome r = Loka({"train", input, "-o", Path("ft.model"), "--threads", "1", "--dim", "8",
                          "--epochs", "100", "--lr", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, "read 21 examples")) << r.err;
  EXPECT_TRUE(Contains(r.err, "fastText format")) << r.err;
  EXPECT_TRUE(Contains(r.err, "1 extra labels ignored")) << r.err;

  const Outcome info = Loka({"info", "--json", Path("ft.model")});
  ASSERT_EQ(info.exit_code, 0);
  const auto j = nlohmann::json::parse(info.out);
  EXPECT_EQ(j["labels"], 3);  // "extra" was not kept
  const Outcome test = Loka({"test", Path("ft.model"), input, "--json"});
  ASSERT_EQ(test.exit_code, 0) << test.err;
  EXPECT_GE(nlohmann::json::parse(test.out)["accuracy"].get<double>(), 0.9);
}

TEST_F(CliTest, TestJsonHasTheSummaryAndPerLabelRows) {
  const Outcome r = Loka({"test", Model(), kTinyTsv, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["n"], 21);
  EXPECT_GE(j["accuracy"].get<double>(), 0.9);
  EXPECT_GE(j["macro_f1"].get<double>(), 0.9);
  EXPECT_LE(j["macro_f1"].get<double>(), 1.0);
  EXPECT_EQ(j["skipped_lines"], 0);
  ASSERT_TRUE(j["labels"].is_array());
  ASSERT_EQ(j["labels"].size(), 3u);
  EXPECT_EQ(j["labels"][0]["label"], "food");
  EXPECT_EQ(j["labels"][0]["support"], 7);
  for (const auto& l : j["labels"]) {
    for (const char* k : {"precision", "recall", "f1", "predicted"})
      EXPECT_TRUE(l.contains(k)) << k;
  }
}

TEST_F(CliTest, TestTextReportNamesTheNumbers) {
  const Outcome r = Loka({"test", Model(), kTinyTsv});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "n 21  accuracy")) << r.out;
  EXPECT_TRUE(Contains(r.out, "macro  precision")) << r.out;
}

// Lines whose label the model was never trained on can only count as errors: `loka test` says
// so on stderr, naming the labels and their lines, and adds them to --json's numbers, rather
// than leave a wrong label set to look like a bad model.
TEST_F(CliTest, TestNamesLabelsTheModelDoesNotKnow) {
  const std::string input = Write("unknown_labels.tsv", "food\tbread and rice\n"
                                                        "sports\tthe match ended in a draw\n"
                                                        "sport\tthe striker scored\n"
                                                        "Sports\tgoal in the last minute\n");
  const Outcome r = Loka({"test", Model(), input});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, "loka: 2 lines have labels the model was not trained on "
                              "(Sports, sports); they count as errors"))
      << r.err;
  const Outcome j = Loka({"test", Model(), input, "--json"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const auto json = nlohmann::json::parse(j.out);
  EXPECT_EQ(json["unknown_label_lines"], 2);
  EXPECT_EQ(json["unknown_labels"], nlohmann::json::array({"Sports", "sports"}));
  const Outcome known = Loka({"test", Model(), kTinyTsv});
  EXPECT_FALSE(Contains(known.err, "not trained on")) << known.err;
}

// loka embed learns from every line's text (after the last tab) and writes a file that loads;
// the same seed gives the same bytes; a file of no words fails without writing.
TEST_F(CliTest, EmbedWritesLoadableDeterministicEmbeddings) {
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text += i % 2 ? "crops\tfarmers sow sorghum and millet after the rain\n"
                  : "herders graze goats and sheep near the water\n";
  }
  const std::string input = Write("embed.txt", text);
  Outcome r = Loka({"embed", input, "-o", Path("a.emb"), "--buckets", "4096", "--seed", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, "200 texts, 1600 words")) << r.err;
  EXPECT_TRUE(Contains(r.err, "learning: 100%")) << r.err;
  Result<learn::Embeddings> e = learn::Embeddings::Load(Path("a.emb"));
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->dim(), 32u);
  r = Loka({"embed", input, "-o", Path("b.emb"), "--buckets", "4096", "--seed", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(Path("a.emb")).value(), ReadFile(Path("b.emb")).value());

  r = Loka({"embed", Write("nowords.txt", "\n...\n"), "-o", Path("c.emb")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "no words")) << r.err;
  EXPECT_EQ(::access(Path("c.emb").c_str(), F_OK), -1);

  // No token to visit would write vectors that learnt nothing.
  r = Loka({"embed", input, "-o", Path("d.emb"), "--max-tokens", "0"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(Contains(r.err, "--max-tokens")) << r.err;
  EXPECT_EQ(::access(Path("d.emb").c_str(), F_OK), -1);
}

// `loka info` on a damaged embeddings file says corrupt and names the file, as it does for the
// other kinds of model.
TEST_F(CliTest, InfoNamesADamagedEmbeddingsFile) {
  const std::string input = Write("embed_info.txt", "the rain fell on the dry fields today\n"
                                                    "the river rose after the rain\n");
  Outcome r = Loka({"embed", input, "-o", Path("whole.emb"), "--buckets", "256"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string bytes = ReadFile(Path("whole.emb")).value();
  const std::string truncated = Write("truncated.emb", bytes.substr(0, bytes.size() / 2));
  bytes[bytes.size() / 2] ^= 0x10;
  const std::string flipped = Write("flipped.emb", bytes);
  for (const std::string& file : {truncated, flipped}) {
    r = Loka({"info", file});
    EXPECT_EQ(r.exit_code, 1) << file;
    EXPECT_TRUE(Contains(r.err, "loka: corrupt: " + file + ": embeddings: ")) << r.err;
    EXPECT_EQ(r.out, "") << file;
  }
}

// A line of unlabelled text with malformed UTF-8 is named by file and line, the byte counted
// from the start of the line (after "a\t", the bad byte is byte 2).
TEST_F(CliTest, EmbedNamesTheLineOfMalformedUtf8) {
  const std::string input = Write("bad_embed.txt", "good words here\na\t\xff\xfe words\n");
  const Outcome r = Loka({"embed", input, "-o", Path("bad.emb")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "loka: invalid_argument: " + input +
                                  " line 2: malformed UTF-8 at byte 2"))
      << r.err;
  EXPECT_EQ(::access(Path("bad.emb").c_str(), F_OK), -1);
}

// A label that is no language code is an error that names the training file.
TEST_F(CliTest, LangidTrainNamesTheFileOfABadLabel) {
  const std::string input = Write("bad_label.tsv", "eng\tgood morning\nEnglish\tgood evening\n");
  const Outcome r = Loka({"langid", "train", input, "-o", Path("bad_label.bin"), "-q"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, input + ": label 'English' is not an ISO 639-3 code")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(Path("bad_label.bin")));
}

// `loka detect`: one output row per data row, bad rows scored 0 and reported with their line
// numbers (the first --max-reported, then a count); option values that mean nothing are usage
// errors.
TEST_F(CliTest, DetectReportsBadRowsAndRefusesMeaninglessOptions) {
  const std::string input = Write("stream.csv",
                                  "timestamp,value\n"
                                  "2020-01-01 00:00:00,1\n"
                                  "2020-01-01 00:05:00,abc\n"
                                  "2020-01-01 00:10:00\n"
                                  "2020-01-01 00:15:00,4\n"
                                  "2020-01-01 00:20:00,0x10\n");
  Outcome r = Loka({"detect", input});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "timestamp,value,score\n"
            "2020-01-01 00:00:00,1,0.00000000\n"
            "2020-01-01 00:05:00,abc,0.00000000\n"
            "2020-01-01 00:10:00,,0.00000000\n"
            "2020-01-01 00:15:00,4,0.00000000\n"
            "2020-01-01 00:20:00,0x10,0.00000000\n");
  EXPECT_TRUE(Contains(r.err, input + " line 3: value: \"abc\" is not a decimal number"))
      << r.err;
  // strtod would read 0x10 as 16: only decimals are numbers.
  EXPECT_TRUE(Contains(r.err, input + " line 6: value: \"0x10\" is not a decimal number"))
      << r.err;
  EXPECT_TRUE(Contains(r.err, input + " line 4: expected 2 fields timestamp,value")) << r.err;

  r = Loka({"detect", input, "--max-reported", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, " line 3: ")) << r.err;
  EXPECT_FALSE(Contains(r.err, " line 4: ")) << r.err;
  EXPECT_TRUE(Contains(r.err, input + ": 3 bad rows in all (first 1 reported)")) << r.err;

  const std::vector<std::vector<std::string>> bad = {{"--warmup-rows", "-5"},
                                                     {"--rest-rows", "-1"},
                                                     {"--long-horizon-rows", "0"},
                                                     {"--max-reported", "-1"}};
  for (const auto& option : bad) {
    r = Loka({"detect", input, option[0], option[1]});
    EXPECT_EQ(r.exit_code, 2) << option[0];
    EXPECT_TRUE(Contains(r.err, option[0] + ": Value " + option[1] + " not in range")) << r.err;
    EXPECT_EQ(r.out, "") << option[0];
  }
  r = Loka({"detect", Path("no_stream.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "not_found")) << r.err;
}

// An update's value width is 8, 16 or 32 bits: the help shows the default, and any other width
// is a usage error before a broker starts (every node would refuse the hub's rounds).
TEST_F(CliTest, FedValueBitsAreEightSixteenOrThirtyTwo) {
  for (const char* verb : {"simulate", "hub"}) {
    const std::vector<std::string> help =
        verb == std::string("hub") ? std::vector<std::string>{"hub", "--help"}
                                   : std::vector<std::string>{"fed", "simulate", "--help"};
    const Outcome h = Loka(help);
    EXPECT_EQ(h.exit_code, 0);
    EXPECT_TRUE(Contains(h.out, "--value-bits UINT:{8,16,32}=8")) << h.out;
  }
  const Outcome sim = Loka({"fed", "simulate", "--data", kTinyTsv, "--value-bits", "7"});
  EXPECT_EQ(sim.exit_code, 2);
  EXPECT_TRUE(Contains(sim.err, "--value-bits: 7 not in {8,16,32}")) << sim.err;
  const Outcome hub = Loka({"hub", "--enrolment", Path("nodes.txt"), "--key", Path("hub.key"),
                            "--value-bits", "264"});
  EXPECT_EQ(hub.exit_code, 2);
  EXPECT_TRUE(Contains(hub.err, "--value-bits: 264 not in {8,16,32}")) << hub.err;
}

// Switches with a --no- form say which way they default (CLI11 prints no default for flags).
TEST_F(CliTest, SwitchesStateTheirDefaults) {
  const Outcome train = Loka({"train", "--help"});
  EXPECT_EQ(train.exit_code, 0);
  for (const char* text :
       {"held-out predictions (default: on)", "Punctuation and symbols as tokens (default: on)",
        "Unicode case folding before features (default: on)"}) {
    EXPECT_TRUE(Contains(train.out, text)) << text << "\n" << train.out;
  }
  const Outcome sim = Loka({"fed", "simulate", "--help"});
  EXPECT_EQ(sim.exit_code, 0);
  EXPECT_TRUE(Contains(sim.out, "to 10% (default: on)")) << sim.out;
  EXPECT_TRUE(Contains(sim.out, "as the local one (default: off)")) << sim.out;
}

// `--rhmean-pct` (FAO-56 Eq. 19), which the error for --rhmin-pct alone offers: FAO-56
// Example 18's day with a mean humidity of 73.5 %. By hand from the paper's e°(21.5) = 2.564
// and e°(12.3) = 1.431 kPa: ea = 0.735 x (2.564 + 1.431) / 2 = 1.468 kPa. With --rhmax-pct it
// is a usage error.
TEST_F(CliTest, AgriEt0DailyTakesTheMeanHumidity) {
  const std::vector<std::string> day = {"agri", "et0", "daily", "--lat-deg", "50.8",
                                        "--elevation-m", "100", "--doy", "187", "--tmax-c",
                                        "21.5", "--tmin-c", "12.3"};
  std::vector<std::string> args = day;
  args.insert(args.end(), {"--rhmean-pct", "73.5"});
  Outcome r = Loka(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["ea"].get<double>(), 1.468, 0.001) << r.out;
  EXPECT_EQ(j["humidity_source"], "rh_mean") << r.out;

  args.insert(args.end(), {"--rhmax-pct", "84"});
  r = Loka(args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Contains(r.err, "excludes --rhmean-pct")) << r.err;

  args = day;
  args.insert(args.end(), {"--rhmin-pct", "63"});
  r = Loka(args);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "--rhmin-pct given without --rhmax-pct: FAO-56 Eq. 17 needs both; "
                              "give --rhmax-pct too, or --rhmean-pct instead")) << r.err;
}

// The agri verbs' errors name the options the user typed, not the library's field names.
TEST_F(CliTest, AgriErrorsNameTheOptions) {
  std::string errors;
  Outcome r = Loka({"agri", "et0", "daily", "--lat-deg", "95", "--elevation-m", "100", "--doy",
                    "187", "--tmax-c", "21.5", "--tmin-c", "12.3"});
  EXPECT_EQ(r.exit_code, 1);
  errors += r.err;
  EXPECT_EQ(r.err, "loka: invalid_argument: --lat-deg = 95: must be within [-90, 90]\n");
  r = Loka({"agri", "et0", "daily", "--lat-deg", "50.8", "--elevation-m", "100", "--doy", "187",
            "--tmax-c", "12.3", "--tmin-c", "21.5", "--wind-m-s", "2"});
  EXPECT_EQ(r.exit_code, 1);
  errors += r.err;
  EXPECT_EQ(r.err, "loka: invalid_argument: --tmin-c = 21.5 is above --tmax-c = 12.3\n");
  r = Loka({"agri", "et0", "hourly", "--lat-deg", "16.22", "--lon-deg", "-16.25",
            "--tz-meridian-deg", "-15", "--elevation-m", "8", "--doy", "274", "--hour", "2.5",
            "--t-c", "28", "--rh-pct", "70", "--wind-m-s", "1.9", "--rs-mj", "0"});
  EXPECT_EQ(r.exit_code, 1);
  errors += r.err;
  EXPECT_TRUE(Contains(r.err, "loka: invalid_argument: --night-rs-rso: required")) << r.err;
  EXPECT_TRUE(Contains(r.err, "(--doy = 274, --hour = 2.5)")) << r.err;
  r = Loka({"agri", "kc", "--crop", "maize", "--day", "400"});
  EXPECT_EQ(r.exit_code, 1);
  errors += r.err;
  EXPECT_TRUE(Contains(r.err, "loka: invalid_argument: --day = 400: must be within [1, ")) << r.err;
  for (const char* field : {"lat_deg", "tmin_c", "night_rs_rso", "clock_hour_mid", "(doy ="}) {
    EXPECT_FALSE(Contains(errors, field)) << field << "\n" << errors;
  }
}

// `et0 hourly` prints the measured Rs with the other intermediates (docs/agri.md) and refuses an
// Rs above the hour's Ra (3.543 MJ/m2 for FAO-56 Example 19's afternoon hour): 700 is a W/m2
// reading given as MJ/m2.
TEST_F(CliTest, AgriEt0HourlyPrintsRsAndRefusesItAboveRa) {
  const std::vector<std::string> example19 = {
      "agri",    "et0",  "hourly", "--lat-deg", "16.22",  "--lon-deg", "-16.25",
      "--tz-meridian-deg", "-15",  "--elevation-m", "8",  "--doy",     "274",
      "--hour",  "14.5", "--t-c",  "38",        "--rh-pct", "52",      "--wind-m-s", "3.3"};
  std::vector<std::string> args = example19;
  args.insert(args.end(), {"--rs-mj", "2.45"});
  Outcome r = Loka(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["rs"], 2.45);
  EXPECT_EQ(j["units"]["rs"], "MJ/m2/hour");
  EXPECT_NEAR(j["et0_mm"].get<double>(), 0.63, 0.005);  // Example 19
  args = example19;
  args.insert(args.end(), {"--rs-mj", "700"});
  r = Loka(args);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "--rs-mj = 700 exceeds the extraterrestrial radiation Ra = 3.543"))
      << r.err;
  EXPECT_EQ(r.out, "");
}

// The et0 verbs as a script calls them: FAO-56 Example 18 (Uccle, 6 July; the book's values,
// ET0 3.9 mm/day) and Example 19 (N'Diaye, 14-15 h; 0.63 mm/hour), one JSON object on stdout
// with every intermediate a number, nothing on stderr.
TEST_F(CliTest, AgriEt0PrintsTheBooksIntermediates) {
  struct BookValue {
    const char* key;
    double value, tolerance;
  };
  const auto expect_book = [](const Outcome& r, const std::vector<BookValue>& book) {
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const nlohmann::json j = nlohmann::json::parse(r.out);
    for (const BookValue& b : book) {
      ASSERT_TRUE(j.contains(b.key) && j[b.key].is_number()) << b.key << "\n" << r.out;
      EXPECT_NEAR(j[b.key].get<double>(), b.value, b.tolerance) << b.key;
    }
  };
  expect_book(Loka({"agri", "et0", "daily", "--lat-deg", "50.8", "--elevation-m", "100", "--doy",
                    "187", "--tmax-c", "21.5", "--tmin-c", "12.3", "--rhmax-pct", "84",
                    "--rhmin-pct", "63", "--wind-m-s", "2.778", "--wind-height-m", "10",
                    "--sunshine-h", "9.25"}),
              {{"et0_mm", 3.9, 0.05}, {"delta", 0.122, 0.001}, {"gamma", 0.0666, 0.0001},
               {"es", 1.997, 0.001},  {"ea", 1.409, 0.001},    {"ra", 41.09, 0.01},
               {"rso", 30.90, 0.01},  {"rns", 17.00, 0.01},    {"rnl", 3.71, 0.01},
               {"rn", 13.28, 0.01},   {"u2", 2.078, 0.001}});
  expect_book(Loka({"agri", "et0", "hourly", "--lat-deg", "16.22", "--lon-deg", "-16.25",
                    "--tz-meridian-deg", "-15", "--elevation-m", "8", "--doy", "274", "--hour",
                    "14.5", "--t-c", "38", "--rh-pct", "52", "--wind-m-s", "3.3", "--rs-mj",
                    "2.45"}),
              {{"et0_mm", 0.63, 0.005}, {"delta", 0.358, 0.001}, {"gamma", 0.0673, 0.0001},
               {"es", 6.625, 0.001},    {"ea", 3.445, 0.001},    {"ra", 3.543, 0.001},
               {"rso", 2.658, 0.001},   {"rns", 1.887, 0.001},   {"rnl", 0.137, 0.001},
               {"rn", 1.749, 0.001},    {"u2", 3.3, 1e-9}});
}

// `loka langid` as a script calls it: one output line per input line from a file or stdin
// (blank line, CRLF, a last line without newline, Cyrillic), `code<TAB>probability` pairs (at
// most K with -k, the best first), and with --json one object per line with the script and
// (--spans) the spans, nothing on stderr.
TEST_F(CliTest, LangidWritesOneLinePerInputLine) {
  const std::string model = Path("tiny_langid.bin");
  const Outcome train =
      Loka({"langid", "train", kTestdata + "/langid/tiny.tsv", "-o", model, "-q"});
  ASSERT_EQ(train.exit_code, 0) << train.err;
  const std::string input = Write("langid_lines.txt",
                                  "the weather is fine today and we go to the market\n"
                                  "\n"
                                  "\xD0\x97\xD0\xB4\xD1\x80\xD0\xB0\xD0\xB2\xD1\x81\xD1\x82"
                                  "\xD0\xB2\xD1\x83\xD0\xB9\xD1\x82\xD0\xB5, \xD0\xBA\xD0\xB0"
                                  "\xD0\xBA \xD0\xB4\xD0\xB5\xD0\xBB\xD0\xB0\r\n"
                                  "bonjour tout le monde, nous allons au march\xC3\xA9");
  const char* want[] = {"eng", "und", "rus", "fra"};
  for (const bool from_stdin : {false, true}) {
    const Outcome r = from_stdin ? Loka({"langid", "--model", model, "-k", "50"}, input)
                                 : Loka({"langid", "--model", model, input, "-k", "50"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 4) << r.out;
    const std::vector<std::string> lines = SplitLines(r.out);
    for (size_t i = 0; i < 4; ++i) {
      const std::vector<std::string> f = SplitTabs(lines[i]);
      ASSERT_EQ(f.size() % 2, 0u) << lines[i];
      EXPECT_EQ(f[0], want[i]) << lines[i];
      double last = 1.0;
      for (size_t j = 1; j < f.size(); j += 2) {
        EXPECT_EQ(f[j - 1].size(), 3u) << lines[i];
        const double p = std::stod(f[j]);
        EXPECT_GE(p, 0.0);
        EXPECT_LE(p, last) << lines[i];
        last = p;
      }
    }
    EXPECT_EQ(lines[1], "und\t0");
  }
  const Outcome j = Loka({"langid", "--model", model, "--json", "--spans", input});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const std::vector<std::string> lines = SplitLines(j.out);
  ASSERT_EQ(lines.size(), 4u) << j.out;
  const char* script[] = {"Latn", "Zyyy", "Cyrl", "Latn"};
  for (size_t i = 0; i < 4; ++i) {
    const nlohmann::json o = nlohmann::json::parse(lines[i]);
    EXPECT_EQ(o["language"], want[i]);
    EXPECT_TRUE(o["probability"].is_number());
    EXPECT_EQ(o["script"], script[i]);
    EXPECT_TRUE(o["candidates"].is_array());
    EXPECT_EQ(o["spans"].size(), i == 1 ? 0u : 1u) << lines[i];
  }
  // The span of the CRLF line ends before its CR: 41 bytes of Cyrillic, comma and spaces.
  EXPECT_EQ(nlohmann::json::parse(lines[2])["spans"][0]["end"], 41);
}

// `loka fed simulate --json`, small, as a benchmark script reads it: one JSON object on stdout
// with the accuracies and the bytes a node sends per round beside the dense float32 size.
TEST_F(CliTest, FedSimulateJsonHasTheBenchmarkFields) {
  const Outcome r = Loka({"fed", "simulate", "--data", kTestdata + "/demo/requests.tsv",
                          "--nodes", "3", "--rounds", "3", "--partition", "label-skew", "--seed",
                          "2", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  for (const char* key : {"central_accuracy", "federated_accuracy"}) {
    ASSERT_TRUE(j[key].is_number()) << key << "\n" << r.out;
    EXPECT_GT(j[key].get<double>(), 0.5) << key;
    EXPECT_LE(j[key].get<double>(), 1.0) << key;
  }
  EXPECT_EQ(j["rounds"], 3);
  ASSERT_TRUE(j["bytes_per_node_round"].is_number()) << r.out;
  ASSERT_TRUE(j["dense_float32_bytes"].is_number()) << r.out;
  EXPECT_GT(j["bytes_per_node_round"].get<double>(), 0.0);
  EXPECT_LT(j["bytes_per_node_round"].get<double>(), j["dense_float32_bytes"].get<double>());
}

// `loka fed pubkey` prints a key file's public key as keygen did; a key file it cannot use is
// refused as every verb that reads a key refuses it.
TEST_F(CliTest, FedPubkeyPrintsTheKeyFilesPublicKey) {
  const Outcome key = Loka({"fed", "keygen", "--out", Path("pubkey_n1.key")});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  ASSERT_EQ(key.out.size(), 65u) << key.out;  // 64 hex digits and a newline
  const Outcome again = Loka({"fed", "pubkey", Path("pubkey_n1.key")});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, key.out);
  EXPECT_EQ(again.err, "");

  const std::string corrupt = Write("pubkey_corrupt.key", "not a key\n");
  ASSERT_EQ(::chmod(corrupt.c_str(), 0600), 0);
  const std::string open = Write("pubkey_open.key", std::string(64, 'a') + "\n");
  ASSERT_EQ(::chmod(open.c_str(), 0644), 0);
  struct Case {
    std::string path, error;
  };
  const std::vector<Case> cases = {
      {Path("pubkey_missing.key"), "loka: not_found: " + Path("pubkey_missing.key")},
      {corrupt, "loka: invalid_argument: " + corrupt + ": a key file holds 64 hex digits"},
      {open, "loka: failed_precondition: " + open + ": a key file is readable by its owner "
             "only (mode 0600), this one is 0644: chmod 600 " + open},
  };
  for (const Case& c : cases) {
    const Outcome r = Loka({"fed", "pubkey", c.path});
    EXPECT_EQ(r.exit_code, 1) << c.path;
    EXPECT_TRUE(Contains(r.err, c.error)) << r.err;
    EXPECT_EQ(r.out, "") << c.path;
  }
}

// The federation verbs say on stderr when the broker refuses the connection (nothing listens on
// port 1 of the loopback), instead of waiting in silence.
TEST_F(CliTest, FedVerbsSayWhenTheBrokerCannotBeReached) {
  const Outcome key = Loka({"fed", "keygen", "--out", Path("broker_test_hub.key")});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  const std::string hex = key.out.substr(0, key.out.find('\n'));
  const Outcome r = Loka({"fed", "export-version", "--broker", "127.0.0.1:1", "--hub-key", hex,
                          "--out", Path("never.lokafed"), "--timeout-s", "0.5"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "loka: MQTT: 127.0.0.1:1: Connection refused")) << r.err;
  EXPECT_TRUE(Contains(r.err, "loka: unavailable: broker 127.0.0.1:1: ")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(Path("never.lokafed")));
}

// --broker and --hub-key are checked as given, naming the flag: a port with trailing letters
// was read as its leading digits, a port out of range was blamed on the hub's resume look, and
// a hub key of another length was refused later as if the file had been forged.
TEST_F(CliTest, FedVerbsRefuseABadBrokerOrHubKeyNamingTheFlag) {
  const Outcome key = Loka({"fed", "keygen", "--out", Path("flags_hub.key")});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  const std::string hex = key.out.substr(0, key.out.find('\n'));
  const std::string nodes = Write("flags_nodes.txt", "n1 " + hex + "\n");
  for (const char* broker : {"127.0.0.1:1883x", "127.0.0.1:99999", "127.0.0.1:0", ":1883"}) {
    const Outcome hub = Loka({"hub", "--broker", broker, "--enrolment", nodes, "--key",
                              Path("flags_hub.key"), "--labels", "a,b", "--seconds", "0.1"});
    EXPECT_EQ(hub.exit_code, 1) << broker;
    EXPECT_TRUE(Contains(hub.err, "loka: invalid_argument: --broker")) << hub.err;
    EXPECT_TRUE(Contains(hub.err, broker)) << hub.err;
    const Outcome ex = Loka({"fed", "export-version", "--broker", broker, "--hub-key", hex,
                             "--out", Path("flags.lokafed"), "--timeout-s", "0.1"});
    EXPECT_EQ(ex.exit_code, 1) << broker;
    EXPECT_TRUE(Contains(ex.err, "loka: invalid_argument: --broker")) << ex.err;
  }
  const Outcome short_key = Loka({"fed", "import-version", "--file", Path("flags.lokafed"),
                                  "--hub-key", "abcd"});
  EXPECT_EQ(short_key.exit_code, 1);
  EXPECT_TRUE(Contains(short_key.err, "--hub-key: a public key is 64 hex digits")) << short_key.err;
  EXPECT_FALSE(std::filesystem::exists(Path("flags.lokafed")));
}

// The air-gapped file verbs never write over a file they read: export-update's --out given the
// node's data, its key or the version file, import-version's --model-out given the version
// file, each replaced by the output (the data never leaves the node, the key is enrolled).
TEST_F(CliTest, FedFileVerbsNeverWriteOverTheirInputs) {
  const Outcome key = Loka({"fed", "keygen", "--out", Path("over_n1.key")});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  const std::string hex = key.out.substr(0, key.out.find('\n'));
  const std::string data = Write("over_data.tsv", "roads\tpothole on station road\nwater\tpipe burst\n");
  const std::string version = Write("over.lokafed", "a version file");
  for (const std::string& out : {data, Path("over_n1.key"), version}) {
    const Outcome r = Loka({"fed", "export-update", "--file", version, "--hub-key", hex, "--id", "n1",
                            "--key", Path("over_n1.key"), "--data", data, "--out", out});
    EXPECT_EQ(r.exit_code, 1) << out;
    EXPECT_TRUE(Contains(r.err, out + ": is also the input")) << r.err;
    EXPECT_TRUE(Contains(r.err, "(give another --out)")) << r.err;
  }
  const Outcome r = Loka({"fed", "import-version", "--file", version, "--hub-key", hex,
                          "--model-out", version});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "(give another --model-out)")) << r.err;
  Result<std::string> kept = ReadFile(data);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(*kept, "roads\tpothole on station road\nwater\tpipe burst\n");
}

// A node's local data is read as `loka train` reads it: each bad line and the counts on
// stderr. A negative --seconds is a usage error (it used to mean "run forever").
TEST_F(CliTest, FedNodeReportsBadDataLinesAndRefusesNegativeSeconds) {
  const Outcome key = Loka({"fed", "keygen", "--out", Path("node_lines_n1.key")});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  const std::string hex = key.out.substr(0, key.out.find('\n'));
  const std::string data =
      Write("node_lines.tsv", "roads\tpothole on station road\nno tab here\nwater\tpipe burst\n");
  const std::vector<std::string> node = {"fed", "node", "--id", "n1", "--key",
                                         Path("node_lines_n1.key"), "--hub-key", hex, "--data",
                                         data, "--broker", "127.0.0.1:1"};
  std::vector<std::string> args = node;
  args.insert(args.end(), {"--seconds", "0.2"});
  Outcome r = Loka(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, "loka: skipped " + data + " line 2: no tab")) << r.err;
  EXPECT_TRUE(Contains(r.err, "read 2 examples from " + data + ", 1 bad lines skipped")) << r.err;
  args = node;
  args.insert(args.end(), {"--seconds", "-1"});
  r = Loka(args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Contains(r.err, "--seconds: Value -1 not in range")) << r.err;
}

// `serve --fed` without the flags the federation needs (its id, key and the hub's key; the
// dataset and the model; a key file that exists) is refused before the node opens its
// database: a refused start leaves no database behind.
TEST_F(CliTest, ServeFedRefusesMissingCompanionsBeforeOpeningTheDatabase) {
  const Outcome key = Loka({"fed", "keygen", "--out", Path("serve_fed_hub.key")});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  const std::string hub = key.out.substr(0, key.out.find('\n'));
  const struct {
    std::vector<std::string> flags;
    const char* error;
  } cases[] = {
      {{}, "--fed needs --fed-id, --fed-key and --fed-hub-key"},
      {{"--fed-id", "n1", "--fed-key", Path("serve_fed_hub.key"), "--fed-hub-key", hub},
       "--fed needs --fed-dataset"},
      {{"--fed-id", "n1", "--fed-key", Path("serve_fed_hub.key"), "--fed-hub-key", hub,
        "--fed-dataset", "requests"},
       "--fed needs --fed-model"},
      {{"--fed-id", "n1", "--fed-key", Path("no_such.key"), "--fed-hub-key", hub, "--fed-dataset",
        "requests", "--fed-model", "routing"},
       "no_such.key"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"serve", "--db", Path("serve_fed.db"), "--listen",
                                     "127.0.0.1:0", "--fed", "127.0.0.1:1"};
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    const Outcome r = Loka(args);
    EXPECT_EQ(r.exit_code, 1) << c.error;
    EXPECT_TRUE(Contains(r.err, c.error)) << r.err;
    EXPECT_FALSE(std::filesystem::exists(Path("serve_fed.db"))) << c.error;
  }
}

// A zero limit would have the node refuse every body, batch or connection: a usage error
// before any database is opened.
TEST_F(CliTest, ServeRefusesZeroLimits) {
  for (const char* option : {"--max-body-bytes", "--max-upload-bytes", "--max-batch",
                             "--max-readings-batch", "--max-waiting-connections"}) {
    const Outcome r = Loka({"serve", "--db", Path("zero_limit.db"), "--listen", "127.0.0.1:0",
                            option, "0"});
    EXPECT_EQ(r.exit_code, 2) << option;
    EXPECT_TRUE(Contains(r.err, std::string(option) + ": Value 0 is below 1")) << r.err;
    EXPECT_FALSE(std::filesystem::exists(Path("zero_limit.db"))) << option;
  }
}

// A start that cannot listen (the port taken, an address not of this machine) fails before
// the database is opened: no file is left behind, and an existing database is untouched.
TEST_F(CliTest, ServeThatCannotListenCreatesNoDatabase) {
  const int taken = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(taken, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(::bind(taken, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::listen(taken, 1), 0);
  ASSERT_EQ(::getsockname(taken, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const std::string in_use = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  struct Case {
    std::string listen, error;
  };
  const std::vector<Case> cases = {
      {in_use, "cannot listen on " + in_use + ": Address already in use"},
      // TEST-NET-1 (RFC 5737): never an address of this machine.
      {"192.0.2.1:8080", "cannot listen on 192.0.2.1:8080: Cannot assign requested address"},
  };
  for (const Case& c : cases) {
    const Outcome r = Loka({"serve", "--db", Path("cannot_listen.db"), "--listen", c.listen,
                            "--seed-model", "m=" + Model()});
    EXPECT_EQ(r.exit_code, 1) << c.listen;
    EXPECT_TRUE(Contains(r.err, c.error)) << r.err;
    EXPECT_FALSE(std::filesystem::exists(Path("cannot_listen.db"))) << c.listen;
  }
  const std::string existing = Write("existing.db", "");
  const Outcome r = Loka({"serve", "--db", existing, "--listen", in_use});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "cannot listen on " + in_use)) << r.err;
  EXPECT_TRUE(std::filesystem::exists(existing));
  ::close(taken);
}

// A start that fails after the store opened the database (a corrupt seed model, TLS files
// that do not load, a corrupt language-ID model) removes the database it created, and the
// files SQLite keeps beside it; a database that was there before keeps what it holds.
TEST_F(CliTest, ServeThatFailsAfterOpeningTheDatabaseLeavesNoNewOne) {
  const std::string junk = Write("junk.bin", "not a model, not a certificate\n");
  struct Case {
    std::vector<std::string> flags;
    std::string error;
  };
  const std::vector<Case> cases = {
      {{"--seed-model", "m=" + junk}, junk},
      {{"--tls-cert", junk, "--tls-key", junk}, "cannot load them"},
      {{"--langid-model", junk}, junk},
  };
  const std::string db = Path("failed_start.db");
  for (const Case& c : cases) {
    std::vector<std::string> args = {"serve", "--db", db, "--listen", "127.0.0.1:0"};
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    const Outcome r = Loka(args);
    EXPECT_EQ(r.exit_code, 1) << c.flags[0];
    EXPECT_TRUE(Contains(r.err, c.error)) << r.err;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      EXPECT_FALSE(std::filesystem::exists(db + suffix)) << c.flags[0] << " " << suffix;
    }
  }
  const std::string existing = Path("failed_start_existing.db");
  const Outcome add = Loka({"keys", "add", "--db", existing, "--note", "kept"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  for (const Case& c : cases) {
    std::vector<std::string> args = {"serve", "--db", existing, "--listen", "127.0.0.1:0"};
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    EXPECT_EQ(Loka(args).exit_code, 1) << c.flags[0];
  }
  const Outcome list = Loka({"keys", "list", "--db", existing});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(Contains(list.out, "kept")) << list.out;
}

TEST_F(CliTest, TrainOnAnEmptyFileFailsClearly) {
  const std::string input = Write("empty.tsv", "");
  const Outcome r = Loka({"train", input, "-o", Path("never.model"), "-q"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "invalid_argument")) << r.err;
  EXPECT_TRUE(Contains(r.err, input + ": no usable labelled line (0 lines, 0 bad)")) << r.err;
  EXPECT_EQ(::access(Path("never.model").c_str(), F_OK), -1);
}

// One label makes a model that answers it at probability 1: refused, as the node refuses it.
TEST_F(CliTest, TrainOnASingleLabelFailsClearly) {
  const std::string input = Write("one_label.tsv", "a\tone two\na\tthree four\n");
  const Outcome r = Loka({"train", input, "-o", Path("one_label.model"), "-q"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "loka: invalid_argument: training needs at least 2 different labels; got 1 in 2 "
            "rows\n");
  EXPECT_EQ(::access(Path("one_label.model").c_str(), F_OK), -1);
}

// A --min-count that no feature reaches leaves no features: refused, naming the highest count,
// for both models (the linear one used to diverge and blame a "corrupt" calibration).
TEST_F(CliTest, TrainWithAMinCountNoFeatureReachesFailsClearly) {
  for (const char* model : {"linear", "bag"}) {
    const Outcome r = Loka({"train", kTinyTsv, "-o", Path("min_count.model"), "-q", "--threads",
                            "1", "--model", model, "--min-count", "1000"});
    EXPECT_EQ(r.exit_code, 1) << model;
    EXPECT_TRUE(Contains(r.err, "invalid_argument: ")) << model << "\n" << r.err;
    EXPECT_TRUE(Contains(r.err, "no feature is seen --min-count (1000) times; the most frequent "
                                "is seen "))
        << model << "\n" << r.err;
    EXPECT_FALSE(Contains(r.err, "corrupt")) << r.err;
    EXPECT_EQ(::access(Path("min_count.model").c_str(), F_OK), -1) << model;
  }
}

// An output path naming the input file (or a link to it) is refused before anything is read,
// and the input is left as it was.
TEST_F(CliTest, TrainingVerbsRefuseToWriteOverTheirInput) {
  const std::string data = ReadFile(kTinyTsv).value();
  const std::string input = Write("own_input.tsv", data);
  const std::string link = Path("own_input_link.tsv");
  ASSERT_EQ(::symlink(input.c_str(), link.c_str()), 0);
  const std::string lid = Write("own_langid.tsv", ReadFile(kTestdata + "/langid/tiny.tsv").value());
  const struct {
    std::vector<std::string> args;
    std::string output, input;
  } cases[] = {
      {{"train", input, "-o", input, "-q"}, input, input},
      {{"train", input, "-o", link, "-q"}, link, input},
      {{"embed", kTinyTsv, input, "-o", input}, input, input},
      {{"langid", "train", lid, "-o", lid, "-q"}, lid, lid},
  };
  for (const auto& c : cases) {
    const Outcome r = Loka(c.args);
    EXPECT_EQ(r.exit_code, 1) << c.args[0] << " -o " << c.output;
    EXPECT_EQ(r.err, "loka: invalid_argument: " + c.output + ": is also the input " + c.input +
                         "; writing it would replace that data (give another --output)\n");
  }
  EXPECT_EQ(ReadFile(input).value(), data);
  EXPECT_EQ(ReadFile(lid).value(), ReadFile(kTestdata + "/langid/tiny.tsv").value());
}

// An output in a missing folder (or under a file) fails before the data is read and the model
// trained, with the message the write itself would give.
TEST_F(CliTest, TrainAndEmbedCheckTheOutputFolderFirst) {
  const std::string missing = Path("no_such_folder/x.model");
  const std::string under_file = Model() + "/x.model";
  const struct {
    std::vector<std::string> args;
    std::string error;
  } cases[] = {
      {{"train", kTinyTsv, "-o", missing},
       "loka: not_found: " + missing + ": create: No such file or directory\n"},
      {{"embed", kTinyTsv, "-o", missing},
       "loka: not_found: " + missing + ": create: No such file or directory\n"},
      {{"train", kTinyTsv, "-o", under_file},
       "loka: io_error: " + under_file + ": create: Not a directory\n"},
  };
  for (const auto& c : cases) {
    const Outcome r = Loka(c.args);  // without -q: no progress line may come first
    EXPECT_EQ(r.exit_code, 1) << c.args[0];
    EXPECT_EQ(r.err, c.error) << c.args[0];
  }
}

TEST_F(CliTest, StrictTrainStopsAtTheFirstBadLine) {
  const std::string input =
      Write("bad.tsv", "a\tone two\nb\tthree four\nno tab on this line\na\tfive\n");
  const Outcome strict = Loka({"train", input, "-o", Path("strict.model"), "--strict", "-q"});
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_TRUE(Contains(strict.err, input + " line 3: no tab between label and text")) << strict.err;
  EXPECT_EQ(::access(Path("strict.model").c_str(), F_OK), -1);

  const Outcome lenient = Loka({"train", input, "-o", Path("lenient.model"), "--epochs", "1"});
  EXPECT_EQ(lenient.exit_code, 0) << lenient.err;
  EXPECT_TRUE(Contains(lenient.err, "skipped " + input + " line 3: no tab between label and text"))
      << lenient.err;
  EXPECT_TRUE(Contains(lenient.err, "read 3 examples")) << lenient.err;
  EXPECT_TRUE(Contains(lenient.err, "1 bad lines skipped")) << lenient.err;
}

TEST_F(CliTest, CorruptModelsFailWithCorruptForEveryVerb) {
  for (const char* file : {"payload_flip.model", "bad_magic.model", "truncated_half.model",
                           "empty.model", "header_flip.model"}) {
    const std::string m = kTestdata + "/models/" + file;
    const std::string in = Write("one.txt", "rain\n");
    const std::vector<std::vector<std::string>> runs = {
        {"predict", m, in}, {"test", m, kTinyTsv}, {"info", m}, {"quantize", m, "-o", Path("q.x")}};
    for (const auto& args : runs) {
      const Outcome r = Loka(args);
      EXPECT_EQ(r.exit_code, 1) << args[0] << " " << file;
      EXPECT_TRUE(Contains(r.err, "loka: corrupt: " + m + ": ")) << args[0] << "\n" << r.err;
      EXPECT_EQ(r.out, "") << args[0] << " " << file;
    }
  }
  const Outcome v = Loka({"info", kTestdata + "/models/version5.model"});
  EXPECT_EQ(v.exit_code, 1);
  EXPECT_TRUE(Contains(v.err, "failed_precondition")) << v.err;
  EXPECT_TRUE(Contains(v.err, "format version 5, this loka reads versions 1 to 4")) << v.err;
}

// Every verb says a missing file the same way: not_found, the path, the step and the system's
// reason, on one line, exit code 1.
TEST_F(CliTest, MissingFilesAreNotFound) {
  const std::string lid = kTestdata + "/langid/tiny.tsv";
  ASSERT_EQ(Loka({"langid", "train", lid, "--bucket-bits", "12", "-o", Path("missing.bin"), "-q"})
                .exit_code,
            0);
  const std::string no = Path("no_such_file");
  const std::string hub_key(64, 'a');
  const std::vector<std::vector<std::string>> runs = {
      {"predict", no},
      {"predict", Model(), no},
      {"train", no, "-o", Path("x.model")},
      {"test", Model(), no},
      {"info", no},
      {"quantize", no, "-o", Path("q.model")},
      {"embed", no, "-o", Path("x.emb")},
      {"langid", "--model", Path("missing.bin"), no},
      {"langid", "eval", "--model", Path("missing.bin"), no},
      {"langid", "train", no, "-o", Path("x.bin")},
      {"langid", "train", lid, "--priors", no, "-o", Path("x.bin")},
      {"detect", no},
      {"readings", "import", no, "--db", Path("missing.db")},
      {"fed", "import-version", "--file", no, "--hub-key", hub_key},
      {"fed", "node", "--broker", "127.0.0.1:1", "--id", "n1", "--key", no, "--hub-key", hub_key,
       "--data", lid},
  };
  for (const auto& args : runs) {
    const Outcome r = Loka(args);
    EXPECT_EQ(r.exit_code, 1) << args[0] << " " << args[1];
    EXPECT_EQ(r.err, "loka: not_found: " + no + ": open: No such file or directory\n")
        << args[0] << " " << args[1];
  }
}

// A folder with no document (empty, or only other extensions) is an error, not a silent exit 0,
// also beside a document, which is still added.
TEST_F(CliTest, KbAddOfAFolderWithoutDocumentsFails) {
  std::filesystem::create_directories(Path("no_docs/.hidden"));
  Write("no_docs/report.docx", "binary");
  Write("no_docs/.hidden/notes.txt", "hidden notes");
  const std::string no_docs = Path("no_docs");
  const std::string message = "loka: invalid_argument: " + no_docs +
                              ": the folder holds no document (its .txt, .md, .markdown, "
                              ".html/.htm and .pdf files are added; other files and hidden "
                              "entries are skipped)\n";
  const Outcome r = Loka({"kb", "add", "--db", Path("no_docs.db"), no_docs});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, message +
                       "loka: invalid_argument: 1 of 1 paths or documents could not be added\n");
  EXPECT_EQ(r.out, "");
  const std::string doc = Write("one_doc.txt", "Sorghum tolerates drought.");
  const Outcome both = Loka({"kb", "add", "--db", Path("no_docs.db"), no_docs, doc});
  EXPECT_EQ(both.exit_code, 1);
  EXPECT_EQ(both.err, message +
                          "loka: invalid_argument: 1 of 2 paths or documents could not be added\n");
  EXPECT_EQ(both.out, "added\t" + doc + "\t1 passages\n");
}

// One kb add: a missing path and a second file under a name already taken (faq.md of two
// folders) are each reported with exit code 1, naming the paths once; the rest is added, and
// the first faq.md is not replaced. Added again, an unchanged document says its passages.
TEST_F(CliTest, KbAddReportsEachFailingPathAndAddsTheRest) {
  const std::string db = Path("batch.db");
  const std::string some = Write("batch_some.txt", "Some advisory.");
  const std::string missing = Path("batch_missing.txt");
  Outcome r = Loka({"kb", "add", "--db", db, some, missing});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "added\t" + some + "\t1 passages\n");
  EXPECT_EQ(r.err, "loka: not_found: " + missing +
                       ": open: No such file or directory\n"
                       "loka: invalid_argument: 1 of 2 paths or documents could not be added\n");

  std::filesystem::create_directories(Path("clash_a"));
  std::filesystem::create_directories(Path("clash_b"));
  Write("clash_a/faq.md", "Apple advisory");
  Write("clash_b/faq.md", "Banana advisory");
  r = Loka({"kb", "add", "--db", db, Path("clash_a"), Path("clash_b"), "--json"});
  EXPECT_EQ(r.exit_code, 1);
  const nlohmann::json docs = nlohmann::json::parse(r.out)["documents"];
  ASSERT_EQ(docs.size(), 2u) << r.out;
  EXPECT_EQ(docs[0]["outcome"], "added");
  EXPECT_EQ(docs[1]["outcome"], "failed");
  EXPECT_TRUE(Contains(r.err, Path("clash_a/faq.md"))) << r.err;
  EXPECT_TRUE(Contains(r.err, Path("clash_b/faq.md"))) << r.err;
  r = Loka({"kb", "search", "--db", db, "apple banana", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json found = nlohmann::json::parse(r.out)["results"];
  ASSERT_EQ(found.size(), 1u) << r.out;
  EXPECT_EQ(found[0]["passage"], "Apple advisory");

  r = Loka({"kb", "add", "--db", db, some, "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["documents"][0]["passages"], 1);
  r = Loka({"kb", "add", "--db", db, some});
  EXPECT_EQ(r.out, "unchanged\t" + some + "\t1 passages\n");
}

// The size limit's message gives exact sizes: a small limit is not "0.0 MiB", and a file one
// byte past 64 MiB does not read as the same size as the limit.
TEST_F(CliTest, KbAddNamesTheSizesOfATooLargeDocument) {
  const std::string doc = Write("sized.txt", std::string(45, 'a') + "\n");
  const Outcome r =
      Loka({"kb", "add", "--db", Path("sized.db"), doc, "--max-document-bytes", "10"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "resource_exhausted: " + doc +
                                  ": 46 bytes is larger than the limit of 10 bytes "
                                  "(max_document_bytes)"))
      << r.err;
  const std::string big = Write("sized_big.txt", std::string((64 << 20) + 1, 'a'));
  const Outcome b = Loka({"kb", "add", "--db", Path("sized.db"), big});
  EXPECT_EQ(b.exit_code, 1);
  EXPECT_TRUE(Contains(b.err, ": 67108865 bytes (64.0 MiB) is larger than the limit of "
                              "67108864 bytes (64.0 MiB) (max_document_bytes)"))
      << b.err;
  std::filesystem::remove(big);
}

// The verbs that read or change what a database holds refuse a missing one instead of creating
// an empty database and answering from it (a mistyped --db would otherwise "erase" or "export"
// nothing and exit 0).
TEST_F(CliTest, VerbsThatReadADatabaseRefuseAMissingOne) {
  const std::string db = Path("never_created.db");
  const std::vector<std::vector<std::string>> runs = {
      {"kb", "search", "--db", db, "maize"},
      {"kb", "list", "--db", db},
      {"kb", "remove", "--db", db, "notes.txt"},
      {"keys", "list", "--db", db},
      {"keys", "revoke", "--db", db, "0123456789ab"},
      {"helpline", "erase", "--db", db, "--number", "+254700000001"},
      {"helpline", "export", "--db", db, "--number", "+254700000001"},
      {"helpline", "subscribe", "--db", db, "--number", "+254700000001", "--field", "1"},
      {"helpline", "unsubscribe", "--db", db, "--id", "1"},
      {"readings", "prune", "--db", db},
  };
  for (const auto& args : runs) {
    const Outcome r = Loka(args);
    EXPECT_EQ(r.exit_code, 1) << args[0] << " " << args[1];
    EXPECT_EQ(r.err, "loka: not_found: " + db + ": open: No such file or directory\n")
        << args[0] << " " << args[1];
    EXPECT_EQ(r.out, "") << args[0] << " " << args[1];
    EXPECT_FALSE(std::filesystem::exists(db)) << args[0] << " " << args[1];
  }
  // The verbs that fill a database still create it.
  const Outcome add = Loka({"keys", "add", "--db", db});
  EXPECT_EQ(add.exit_code, 0) << add.err;
  const Outcome list = Loka({"keys", "list", "--db", db});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(SplitLines(list.out).size(), 2u) << list.out;
}

// kb remove removes every name it is given that exists and reports each missing one.
TEST_F(CliTest, KbRemoveRemovesEveryNameThatExists) {
  const std::string db = Path("remove.db");
  const std::string a = Write("arabic.txt", "Arabic notes.");
  const std::string b = Write("bangla.txt", "Bangla notes.");
  ASSERT_EQ(Loka({"kb", "add", "--db", db, a, b}).exit_code, 0);
  const Outcome r = Loka({"kb", "remove", "--db", db, "missing.txt", a, "gone.txt", b});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "loka: not_found: no document \"missing.txt\" in the knowledge base\n"
            "loka: removed " + a + "\n"
            "loka: not_found: no document \"gone.txt\" in the knowledge base\n"
            "loka: removed " + b + "\n"
            "loka: not_found: 2 of 4 documents are not in the knowledge base (kb list shows "
            "their names)\n");
  const Outcome list = Loka({"kb", "list", "--db", db, "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(nlohmann::json::parse(list.out)["documents"].size(), 0u);
}

// kb search --queries answers every line and exits 1 when one failed, as kb add does; kb list
// --json has the fields GET /v1/kb/documents has.
TEST_F(CliTest, KbSearchQueriesFailsWhenALineFailsAndListHasCreationTimes) {
  const std::string db = Path("queries.db");
  ASSERT_EQ(Loka({"kb", "add", "--db", db, Write("queries_doc.txt", "Sorghum storage.")}).exit_code, 0);
  const std::string queries = Write("queries.txt", "sorghum\n\nstorage\n");
  Outcome r = Loka({"kb", "search", "--db", db, "--queries", queries});
  EXPECT_EQ(r.exit_code, 1);
  const std::vector<std::string> lines = SplitLines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_TRUE(Contains(lines[1], "\"error\"")) << lines[1];
  EXPECT_TRUE(Contains(r.err, "1 queries could not be answered")) << r.err;
  r = Loka({"kb", "search", "--db", db, "--queries", Write("queries_good.txt", "sorghum\n")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = Loka({"kb", "list", "--db", db, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out)["documents"][0];
  EXPECT_GT(doc["created_at_ms"].get<int64_t>(), 0);
  EXPECT_EQ(doc["created_at_ms"], doc["updated_at_ms"]);
}

// keys revoke takes an id or the whole key; a second revoke of the same key changes nothing and
// says so (exit 0), an unknown id is not_found (exit 1).
TEST_F(CliTest, KeysRevokeTwiceSaysAlreadyRevoked) {
  const std::string db = Path("revoke.db");
  const Outcome add = Loka({"keys", "add", "--db", db, "--scope", "write"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  const std::string key = SplitLines(add.out).back();
  const std::string id = key.substr(5, 12);
  Outcome r = Loka({"keys", "revoke", "--db", db, key});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, "loka: revoked key " + id)) << r.err;
  const std::string listed = Loka({"keys", "list", "--db", db}).out;
  r = Loka({"keys", "revoke", "--db", db, id});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, "loka: key " + id + " was already revoked at ")) << r.err;
  EXPECT_TRUE(Contains(r.err, "; nothing changed")) << r.err;
  EXPECT_EQ(Loka({"keys", "list", "--db", db}).out, listed);
  r = Loka({"keys", "revoke", "--db", db, "0123456789ab"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "loka: not_found: no API key with id 0123456789ab\n");
}

// A key's note is one field of `keys list`'s tab-separated lines: a tab, a line break or
// malformed UTF-8 in it is refused before the key is made, and a note of words is listed as given.
TEST_F(CliTest, KeysAddRefusesANoteThatWouldSplitTheList) {
  const std::string db = Path("notes.db");
  Outcome r = Loka({"keys", "add", "--db", db, "--note", "district office\tsecond desk"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "--note: control character at byte 15")) << r.err;
  r = Loka({"keys", "add", "--db", db, "--note", "line one\nline two"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "control character at byte 8")) << r.err;
  r = Loka({"keys", "add", "--db", db, "--note", "bad \xff byte"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "--note: malformed UTF-8 at byte 4")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(db));

  r = Loka({"keys", "add", "--db", db, "--note", "Kisumu desk, café"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Loka({"keys", "list", "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = SplitLines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  const std::vector<std::string> fields = SplitTabs(lines[1]);
  ASSERT_EQ(fields.size(), 5u) << lines[1];
  EXPECT_EQ(fields[4], "Kisumu desk, café");
}

// A companion of --mqtt, --kannel or --fed given without it is refused, naming the flag it
// needs, before any database is made: alone it would have been ignored without a word.
// --kannel-token-file stands alone (it guards the incoming callbacks).
TEST_F(CliTest, ServeCompanionFlagsNeedTheirGateway) {
  const struct {
    std::vector<std::string> flags;
    const char* error;
  } cases[] = {
      {{"--mqtt-site", "farm1"}, "--mqtt-site requires --mqtt"},
      {{"--mqtt-tls-insecure"}, "--mqtt-tls-insecure requires --mqtt"},
      {{"--kannel-from", "1234"}, "--kannel-from requires --kannel"},
      {{"--fed-id", "n1"}, "--fed-id requires --fed"},
      {{"--fed-fleet", "district"}, "--fed-fleet requires --fed"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"serve", "--db", Path("companions.db"), "--listen",
                                     "127.0.0.1:0"};
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    const Outcome r = Loka(args);
    EXPECT_EQ(r.exit_code, 2) << c.error;
    EXPECT_TRUE(Contains(r.err, c.error)) << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(Path("companions.db")));
  // The token file alone passes the flag check: what stops this start is the missing file.
  const Outcome token = Loka({"serve", "--db", Path("companions.db"), "--listen", "127.0.0.1:0",
                              "--kannel-token-file", Path("no_such_token")});
  EXPECT_EQ(token.exit_code, 1);
  EXPECT_TRUE(Contains(token.err, "no_such_token")) << token.err;
}

// `loka serve --fed` names what else it needs before the node starts; the serve help lists the
// federation options.
TEST_F(CliTest, ServeFedNeedsItsIdentityAndLocalData) {
  const Outcome help = Loka({"serve", "--help"});
  for (const char* o : {"--fed", "--fed-fleet", "--fed-id", "--fed-key", "--fed-hub-key",
                        "--fed-dataset", "--fed-model"}) {
    EXPECT_TRUE(Contains(help.out, o)) << o;
  }
  const Outcome r = Loka({"serve", "--db", Path("n.db"), "--listen", "127.0.0.1:0", "--fed",
                          "127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "--fed needs --fed-id, --fed-key and --fed-hub-key")) << r.err;
  const Outcome port = Loka({"serve", "--db", Path("n.db"), "--fed", "broker:x"});
  EXPECT_EQ(port.exit_code, 1);
  EXPECT_TRUE(Contains(port.err, "--fed must be HOST:PORT")) << port.err;
}

TEST_F(CliTest, InfoJsonDescribesTheModel) {
  const Outcome r = Loka({"info", Model(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["labels"], 3);
  EXPECT_EQ(j["dim"], 8);
  EXPECT_EQ(j["kind"], "float32");
  EXPECT_EQ(j["format_version"], 4);
  EXPECT_EQ(j["training"]["epochs"], 100);
  ASSERT_EQ(j["label_list"].size(), 3u);
  EXPECT_EQ(j["label_list"][2]["label"], "weather");
  EXPECT_EQ(j["label_list"][2]["train_examples"], 7);
  Result<std::string> bytes = ReadFile(Model());
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(j["bytes"], bytes->size());

  const Outcome text = Loka({"info", Model()});
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_TRUE(Contains(text.out, "dim           8")) << text.out;
  EXPECT_TRUE(Contains(text.out, "food(7)")) << text.out;
}

// info also describes the other model files loka writes, told apart by their magic: a
// language-ID model (its languages, from the training file) and subword embeddings (the
// options they were learnt with); a file of none of these kinds is named as such.
TEST_F(CliTest, InfoDescribesLanguageIdModelsAndEmbeddings) {
  const std::string lid = Path("info_lid.bin");
  Outcome r = Loka({"langid", "train", kTestdata + "/langid/tiny.tsv", "--bucket-bits", "12",
                    "-o", lid, "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Loka({"info", lid, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["kind"], "language-ID model");
  EXPECT_EQ(j["buckets"], 4096);
  // The training file's 12 languages, and languages of their own script (the trainer's
  // script-only answers) besides.
  const auto listed = j["language_list"].get<std::vector<std::string>>();
  for (const std::string code : {"amh", "deu", "ell", "eng", "fra", "hin", "mar", "rus", "sat",
                                  "spa", "tir", "ukr"}) {
    EXPECT_NE(std::find(listed.begin(), listed.end(), code), listed.end()) << code;
  }
  EXPECT_EQ(j["languages"], j["language_list"].size());
  EXPECT_EQ(j["bytes"], ReadFile(lid).value().size());
  r = Loka({"info", lid});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "kind          language-ID model")) << r.out;
  EXPECT_TRUE(Contains(r.out, "languages     " + j["languages"].dump() + " in ")) << r.out;

  const std::string text = Write("info_embed.txt", "farmers sow sorghum and millet\n");
  r = Loka({"embed", text, "-o", Path("info.emb"), "--buckets", "512", "--dim", "4"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Loka({"info", Path("info.emb"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["kind"], "subword embeddings");
  EXPECT_EQ(j["dim"], 4);
  EXPECT_EQ(j["buckets"], 512);

  r = Loka({"info", Write("info_not_a_model.txt", std::string(100, 'x'))});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "not a loka model (bad magic)")) << r.err;
}

TEST_F(CliTest, QuantizeThenPredict) {
  const std::string q = Path("tiny.q.model");
  const Outcome r = Loka({"quantize", Model(), "-o", q, "--dsub", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, "-> " + q)) << r.err;
  const Outcome info = Loka({"info", q, "--json"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  const auto j = nlohmann::json::parse(info.out);
  EXPECT_EQ(j["kind"], "quantized");
  EXPECT_EQ(j["dim"], 8);

  const std::string input = Write("q.txt", "heavy rain and strong wind\n\nthe striker scored\n");
  const Outcome p = Loka({"predict", q, input});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  const std::vector<std::string> lines = SplitLines(p.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(SplitTabs(lines[0])[0], "weather");
  EXPECT_EQ(lines[1], "");
  EXPECT_EQ(SplitTabs(lines[2])[0], "sport");

  const Outcome again = Loka({"quantize", q, "-o", Path("qq.model")});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(Contains(again.err, "failed_precondition: " + q + ": model is already quantized"))
      << again.err;
  EXPECT_FALSE(std::filesystem::exists(Path("qq.model")));
  const Outcome dsub = Loka({"quantize", Model(), "-o", Path("q3.model"), "--dsub", "3"});
  EXPECT_EQ(dsub.exit_code, 1);
  EXPECT_TRUE(Contains(dsub.err, "--dsub 3 must divide dim 8")) << dsub.err;
}

// A --max-bytes below what the model's fixed parts take is written anyway (rows are all the
// budget trims) but said on stderr, not passed over silently.
TEST_F(CliTest, QuantizeSaysWhenMaxBytesCannotBeMet) {
  const std::string out = Path("tight.q.model");
  const Outcome r = Loka({"quantize", Model(), "-o", out, "--max-bytes", "1000"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const size_t size = std::filesystem::file_size(out);
  ASSERT_GT(size, 1000u);
  EXPECT_TRUE(Contains(r.err, "loka: warning: " + out + " is " + std::to_string(size) +
                                  " bytes, above --max-bytes 1000 even with 1 rows"))
      << r.err;
  const Outcome roomy = Loka({"quantize", Model(), "-o", out, "--max-bytes", "10000000"});
  EXPECT_EQ(roomy.exit_code, 0) << roomy.err;
  EXPECT_FALSE(Contains(roomy.err, "warning")) << roomy.err;
}

TEST_F(CliTest, SingleThreadTrainingWritesIdenticalFiles) {
  const std::vector<std::string> common = {"-q", "--threads", "1", "--dim", "4", "--epochs", "5"};
  std::vector<std::string> a = {"train", kTinyTsv, "-o", Path("a.model")};
  std::vector<std::string> b = {"train", kTinyTsv, "-o", Path("b.model")};
  a.insert(a.end(), common.begin(), common.end());
  b.insert(b.end(), common.begin(), common.end());
  ASSERT_EQ(Loka(a).exit_code, 0);
  ASSERT_EQ(Loka(b).exit_code, 0);
  EXPECT_TRUE(ReadFile(Path("a.model")).value() == ReadFile(Path("b.model")).value());
}

// A read error on the input (here EISDIR) is an error, not an early EOF.
TEST_F(CliTest, PredictOnAnUnreadableInputIsAnError) {
  const Outcome r = Loka({"predict", Model(), *dir_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "loka: io_error: " + *dir_ + ": read: Is a directory\n");
  EXPECT_EQ(r.out, "");
}

// A directory given as the input file is named with the system's reason by the verbs that read
// lines, as train and test name it.
TEST_F(CliTest, ADirectoryAsInputSaysWhy) {
  const std::vector<std::vector<std::string>> runs = {
      {"langid", *dir_}, {"detect", *dir_}, {"train", *dir_, "-o", Path("dir.model")},
      {"test", Model(), *dir_}, {"readings", "import", *dir_, "--db", Path("dir.db")}};
  for (const auto& args : runs) {
    const Outcome r = Loka(args);
    EXPECT_EQ(r.exit_code, 1) << args[0];
    EXPECT_EQ(r.err, "loka: io_error: " + *dir_ + ": read: Is a directory\n") << args[0];
    EXPECT_EQ(r.out, "") << args[0];
  }
}

// Known bug (src/cli/common.h OutBuffer::Flush ignores fwrite/fflush failures; cmd_info.cc's
// printf too): output to a full disk is lost and loka still exits 0.
TEST_F(CliTest, OutputToAFullDiskIsAnError) {
  const std::string input = Write("full.txt", "rain\n");
  EXPECT_EQ(Loka({"predict", Model(), input}, "/dev/null", "/dev/full").exit_code, 1);
  EXPECT_EQ(Loka({"info", Model()}, "/dev/null", "/dev/full").exit_code, 1);
}

// The language-ID test lines plus their software-string profile lines (deu/ui, ell/ui), as a
// training file for `loka langid train`.
std::string LangidProfilesInput() {
  Result<std::string> tiny = ReadFile(kTestdata + "/langid/tiny.tsv");
  Result<std::string> ui = ReadFile(kTestdata + "/langid/tiny_ui.tsv");
  EXPECT_TRUE(tiny.ok() && ui.ok());
  const std::string path = ::testing::TempDir() + "/loka_cli_langid_profiles.tsv";
  EXPECT_TRUE(WriteFileAtomic(path, (tiny.ok() ? *tiny : "") + (ui.ok() ? *ui : "")).ok());
  return path;
}

// `loka langid train --priors`: a prior moves the profile's score, so the model file changes
// (format version 3); a bad priors file is an error naming the file and the line, and writes no
// model.
TEST_F(CliTest, LangidTrainPriors) {
  const std::string input = LangidProfilesInput();
  const std::string priors = Write("priors.tsv", "deu/ui\t5000\n");
  const Outcome with = Loka({"langid", "train", input, "--priors", priors, "--bucket-bits", "12",
                             "-o", Path("with.bin"), "-q"});
  ASSERT_EQ(with.exit_code, 0) << with.err;
  const Outcome without =
      Loka({"langid", "train", input, "--bucket-bits", "12", "-o", Path("without.bin"), "-q"});
  ASSERT_EQ(without.exit_code, 0) << without.err;
  const std::string a = ReadFile(Path("with.bin")).value(), b = ReadFile(Path("without.bin")).value();
  ASSERT_GT(a.size(), 12u);
  EXPECT_EQ(a[8], 3) << "a model with priors is format version 3";
  EXPECT_EQ(b[8], 2) << "without, the profiles model stays version 2";

  const struct {
    const char* content;
    const char* message;
  } bad[] = {
      {"deu/ui\tmany\n", "count of 'deu/ui': 'many' is not a number"},
      {"deu/ui\t-3\n", "bad_priors.tsv: prior count of 'deu/ui' must be finite and >= 0"},
      {"deu/ui\tnan\n", "bad_priors.tsv: prior count of 'deu/ui' must be finite and >= 0"},
      {"xyz/ui\t10\n", "prior for 'xyz/ui', which has no training lines"},
      {"deu/ui\t10\ndeu/ui\t20\n", "bad_priors.tsv: two priors for 'deu/ui'"},
      {"deu/ui\n", "line 1"},
  };
  for (const auto& c : bad) {
    const std::string path = Write("bad_priors.tsv", c.content);
    const Outcome r = Loka({"langid", "train", input, "--priors", path, "--bucket-bits", "12",
                            "-o", Path("bad.bin"), "-q"});
    EXPECT_EQ(r.exit_code, 1) << c.content;
    EXPECT_TRUE(Contains(r.err, c.message)) << c.content << " -> " << r.err;
    EXPECT_FALSE(std::filesystem::exists(Path("bad.bin"))) << c.content;
  }
}

// `loka langid train --speakers`: speaker counts give every profile of a listed language a prior
// and answer odds (format version 4; with `--speaker-odds 0` the prior alone, version 3); a bad
// speakers file is an error naming the file or the language, and writes no model.
TEST_F(CliTest, LangidTrainSpeakers) {
  const std::string input = LangidProfilesInput();
  const std::string speakers = Write("speakers.tsv", "deu\t130000000\nnld\t25000000\n");
  const Outcome with = Loka({"langid", "train", input, "--speakers", speakers, "--bucket-bits",
                             "12", "-o", Path("with.bin"), "-q"});
  ASSERT_EQ(with.exit_code, 0) << with.err;
  const std::string a = ReadFile(Path("with.bin")).value();
  ASSERT_GT(a.size(), 12u);
  EXPECT_EQ(a[8], 4) << "a model with speaker odds is format version 4";
  const Outcome no_odds = Loka({"langid", "train", input, "--speakers", speakers, "--speaker-odds",
                                "0", "--bucket-bits", "12", "-o", Path("prior.bin"), "-q"});
  ASSERT_EQ(no_odds.exit_code, 0) << no_odds.err;
  const std::string b = ReadFile(Path("prior.bin")).value();
  ASSERT_GT(b.size(), 12u);
  EXPECT_EQ(b[8], 3) << "a model with speaker priors and no odds is format version 3";
  const struct {
    const char* content;
    const char* message;
  } bad[] = {
      {"deu\tmany\n", "speakers.tsv: count of 'deu': 'many' is not a number"},
      {"deu\t-3\n", "speakers.tsv: speakers of 'deu' must be finite and >= 0"},
      {"deu\t1e400\n", "speakers.tsv: speakers of 'deu' must be finite and >= 0"},
      {"Deu\t10\n", "speakers.tsv: speakers of 'Deu': not a language code"},
      {"deu\t10\ndeu\t20\n", "speakers.tsv: two speaker counts for 'deu'"},
      {"deu\n", "line 1"},
  };
  for (const auto& c : bad) {
    const std::string path = Write("speakers.tsv", c.content);
    const Outcome r = Loka({"langid", "train", input, "--speakers", path, "--bucket-bits", "12",
                            "-o", Path("bad.bin"), "-q"});
    EXPECT_EQ(r.exit_code, 1) << c.content;
    EXPECT_TRUE(Contains(r.err, c.message)) << c.content << " -> " << r.err;
    EXPECT_FALSE(std::filesystem::exists(Path("bad.bin"))) << c.content;
  }
}

// `--max-bytes`: a model over the limit is counted again with smaller domain tables until it
// fits, saying so; a limit no table size can meet is an error and writes nothing.
TEST_F(CliTest, LangidTrainMaxBytes) {
  const std::string input = LangidProfilesInput();
  const Outcome free = Loka({"langid", "train", input, "--bucket-bits", "12", "-o",
                             Path("free.bin"), "-q"});
  ASSERT_EQ(free.exit_code, 0) << free.err;
  const size_t natural = ReadFile(Path("free.bin")).value().size();
  const std::string limit = std::to_string(natural - 1);
  const Outcome fit = Loka({"langid", "train", input, "--bucket-bits", "12", "--max-bytes", limit,
                            "-o", Path("fit.bin")});
  ASSERT_EQ(fit.exit_code, 0) << fit.err;
  EXPECT_LE(ReadFile(Path("fit.bin")).value().size(), natural - 1);
  EXPECT_TRUE(Contains(fit.err, "above --max-bytes " + limit + "; counting again with "
                                "--max-entries-domain 1948")) << fit.err;
  const Outcome never = Loka({"langid", "train", input, "--bucket-bits", "12", "--max-bytes",
                              "1000", "-o", Path("never.bin"), "-q"});
  EXPECT_EQ(never.exit_code, 1);
  EXPECT_TRUE(Contains(never.err, "even with 100 entries per domain profile")) << never.err;
  EXPECT_FALSE(std::filesystem::exists(Path("never.bin")));
}

// `loka langid eval` reads every input before it prints: a missing file is the only output,
// with no table header before it; with good files the table has a header and a row per file.
TEST_F(CliTest, LangidEvalChecksItsInputsBeforePrinting) {
  const std::string tiny = kTestdata + "/langid/tiny.tsv";
  const Outcome train = Loka({"langid", "train", tiny, "--bucket-bits", "12", "-o",
                              Path("eval.bin"), "-q"});
  ASSERT_EQ(train.exit_code, 0) << train.err;
  const Outcome missing =
      Loka({"langid", "eval", "--model", Path("eval.bin"), tiny, Path("no_such.tsv")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.out, "");
  EXPECT_TRUE(Contains(missing.err, "not_found: " + Path("no_such.tsv"))) << missing.err;
  const Outcome good = Loka({"langid", "eval", "--model", Path("eval.bin"), tiny, tiny});
  ASSERT_EQ(good.exit_code, 0) << good.err;
  const std::vector<std::string> lines = SplitLines(good.out);
  ASSERT_EQ(lines.size(), 3u) << good.out;
  EXPECT_EQ(lines[0].rfind("file ", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind(tiny, 0), 0u) << lines[1];
}

// A gold label that is no language of the model can only count as wrong: `loka langid eval`
// names such labels on stderr, per file, and counts their lines in --json; `und` (an answer the
// model gives) and the languages answered from the script alone are known.
TEST_F(CliTest, LangidEvalNamesLabelsTheModelDoesNotKnow) {
  const std::string tiny = kTestdata + "/langid/tiny.tsv";
  const Outcome train = Loka({"langid", "train", tiny, "--bucket-bits", "12", "-o",
                              Path("eval_unknown.bin"), "-q"});
  ASSERT_EQ(train.exit_code, 0) << train.err;
  const std::string input = Write("langid_unknown.tsv", "eng\tthe children walk to school\n"
                                                        "xx\tthe children walk to school\n"
                                                        "en\tthe children walk to school\n"
                                                        "xx\tdie Kinder gehen zur Schule\n"
                                                        "und\t12345\n"
                                                        "sat\t\xe1\xb1\x9a\xe1\xb1\x9f\n");
  const Outcome r = Loka({"langid", "eval", "--model", Path("eval_unknown.bin"), input});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, "loka: " + input + ": 3 lines have labels the model was not "
                              "trained on (en, xx); they count as errors"))
      << r.err;
  const Outcome j =
      Loka({"langid", "eval", "--model", Path("eval_unknown.bin"), "--json", input, tiny});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const auto json = nlohmann::json::parse(j.out);
  ASSERT_EQ(json.size(), 2u);
  EXPECT_EQ(json[0]["unknown_label_lines"], 3);
  EXPECT_EQ(json[0]["unknown_labels"], nlohmann::json::array({"en", "xx"}));
  EXPECT_EQ(json[1]["unknown_label_lines"], 0);
  EXPECT_EQ(json[1]["unknown_labels"], nlohmann::json::array());
  EXPECT_FALSE(Contains(j.err, tiny + ": ")) << j.err;
}

}  // namespace
}  // namespace loka
