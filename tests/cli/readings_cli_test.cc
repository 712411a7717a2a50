// `loka readings import` end to end: the real binary on CSV files in a temporary directory,
// checking stdout totals, stderr line-numbered problems and what landed in the SQLite file
// (read back with plain SQL, not through loka). The files hold readings of past years, so the
// imports take any age (--retention-days 0) but in the test of the retention window.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

extern char** environ;

namespace loka {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

const std::string kLoka = std::string(LOKA_BINARY_DIR) + "/loka";

struct LokaRun {
  int exit_code = -1;
  std::string out, err;
  Json json;  // stdout parsed, when it is JSON
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class ReadingsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "loka_readings_cli_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    db_ = dir_ + "/r.db";
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  LokaRun Loka(std::vector<std::string> args) {
    const std::string out_path = dir_ + "/stdout", err_path = dir_ + "/stderr";
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    args.insert(args.begin(), kLoka);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    LokaRun r;
    if (posix_spawn(&pid, kLoka.c_str(), &fa, nullptr, argv.data(), environ) == 0) {
      int status = 0;
      waitpid(pid, &status, 0);
      r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    posix_spawn_file_actions_destroy(&fa);
    r.out = Slurp(out_path);
    r.err = Slurp(err_path);
    r.json = Json::parse(r.out, nullptr, false);
    return r;
  }
  // One number from the database by plain SQL.
  double Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(db_.c_str(), &db);
    sqlite3_stmt* st = nullptr;
    double v = -1;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      v = sqlite3_column_double(st, 0);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
  }
  std::string dir_, db_;
};

TEST_F(ReadingsCliTest, WideFileWithMappingUnitsAndBadRows) {
  const std::string csv = Write("wx.csv",
                                "timestamp,temp_f,relative_humidity,rain_in\n"       // 1
                                "2024-05-01T00:00:00Z,68,55,0\n"                       // 2
                                "2024-05-01T01:00:00Z,50,60,0.1\n"                     // 3
                                "2024-05-01T02:00:00Z,51\n"                            // 4 short
                                "2024-05-01T03:00:00Z,\"52,0\n"                        // 5 quote
                                "1970-01-01T00:00:00Z,52,61,0\n"                       // 6 1970
                                "2099-01-01T00:00:00Z,52,61,0\n"                       // 7 future
                                "2024-05-01T04:00:00Z,NaN,inf,0\n"                     // 8
                                "2024-05-01T05:00:00Z,abc,,0\n"                        // 9
                                "not a time,52,61,0\n"                                 // 10
                                "\n"                                                   // 11
                                "2024-05-01T06:00:00Z,500,61,0\n"                      // 12
                                "2024-05-01T00:00:00Z,68,55,0\n");                     // 13 dup
  LokaRun r = Loka({"readings", "import", "--retention-days", "0",
                    csv, "--db", db_, "--station", "st1", "--map",
                "time=timestamp", "--map", "air_temperature=temp_f", "--map", "rainfall=rain_in",
                "--unit", "air_temperature=F", "--unit", "rainfall=in", "--site", "north"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(r.json.is_object()) << r.out;
  EXPECT_EQ(r.json["lines"], 13);
  EXPECT_EQ(r.json["bad_rows"], 2);
  // Line 2, 3 and 13 give 3 readings each; 6, 7, 10 and 12 give 3; 8 gives 3; 9 gives 2;
  // the bad rows 4 and 5 count one each, so the outcomes add up to the readings.
  EXPECT_EQ(r.json["readings"], 3 * 3 + 4 * 3 + 3 + 2 + 2);
  EXPECT_EQ(r.json["readings"].get<int>(), r.json["accepted"].get<int>() +
                                               r.json["duplicates"].get<int>() +
                                               r.json["rejected"].get<int>());
  EXPECT_EQ(r.json["accepted"], 10);  // lines 2, 3: 3 each; 8, 9: rain; 12: humidity, rain
  EXPECT_EQ(r.json["duplicates"], 3);  // line 13 repeats line 2
  const Json& why = r.json["rejections"];
  EXPECT_EQ(why["malformed"], 2 + 1);  // two bad rows and "abc"
  EXPECT_EQ(why["too_old"], 3);
  EXPECT_EQ(why["future_time"], 3);
  EXPECT_EQ(why["not_finite"], 2);
  EXPECT_EQ(why["bad_time"], 3);
  EXPECT_EQ(why["out_of_range"], 1);  // 500 °F
  EXPECT_THAT(r.err, HasSubstr("line 4: expected 4 fields, got 2"));
  EXPECT_THAT(r.err, HasSubstr("line 5: unterminated quote"));
  // A bad row is reported once, not again when the ingest counts it as malformed.
  for (const char* bad : {"line 4: ", "line 5: "}) {
    size_t n = 0;
    for (size_t at = r.err.find(bad); at != std::string::npos; at = r.err.find(bad, at + 1)) ++n;
    EXPECT_EQ(n, 1u) << bad << "\n" << r.err;
  }
  EXPECT_THAT(r.err, HasSubstr("line 6: air_temperature (column temp_f): too_old"));
  EXPECT_THAT(r.err, HasSubstr("line 9: air_temperature (column temp_f): malformed"));
  EXPECT_THAT(r.err, HasSubstr("line 12: air_temperature (column temp_f): out_of_range"));

  // In the file: °C and mm, the station created with its site, aggregates consistent.
  EXPECT_NEAR(Sql("SELECT value FROM readings r JOIN sensors s ON s.id = r.sensor_id "
                  "WHERE s.name = 'air_temperature' AND time_ms = 1714521600000"),
              20.0, 1e-9);
  EXPECT_NEAR(Sql("SELECT value FROM readings r JOIN sensors s ON s.id = r.sensor_id "
                  "WHERE s.name = 'rainfall' AND time_ms = 1714525200000"),
              2.54, 1e-9);
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM stations WHERE id = 'st1' AND site = 'north'"), 1);
  EXPECT_EQ(Sql("SELECT SUM(count) FROM daily_readings"), 10);
  EXPECT_EQ(Sql("SELECT SUM(count) FROM reading_rejections"), 15);

  // Importing the same file again stores nothing new.
  LokaRun again = Loka({"readings", "import", "--retention-days", "0",
                        csv, "--db", db_, "--station", "st1", "--map",
                    "time=timestamp", "--map", "air_temperature=temp_f", "--map",
                    "rainfall=rain_in", "--unit", "air_temperature=F", "--unit", "rainfall=in"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.json["accepted"], 0);
  EXPECT_EQ(again.json["duplicates"], 13);
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM readings"), 10);
}

TEST_F(ReadingsCliTest, LongFileWithUnitColumn) {
  const std::string csv = Write("long.csv",
                                "station,sensor,time,value,unit\r\n"
                                "a1,air_temperature,2024-05-01T00:00:00Z,293.15,K\r\n"
                                "a1,wind_speed,2024-05-01T00:00:00Z,36,km/h\r\n"
                                "a2,pressure,2024-05-01T00:00:00Z,1013.25,hPa\r\n"
                                "a2,pressure,2024-05-01T01:00:00Z,1013.25,kPa\r\n"
                                "a2,air_temperature,2024-05-01T01:00:00Z,20,mm\r\n"
                                "a2,leaf_colour,2024-05-01T01:00:00Z,20,%\r\n"
                                "\"a 3\",rainfall,2024-05-01T01:00:00Z,1,mm\r\n");
  LokaRun r = Loka({"readings", "import", "--retention-days", "0", csv, "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json["readings"], 7);
  EXPECT_EQ(r.json["accepted"], 3);
  EXPECT_EQ(r.json["rejections"]["out_of_range"], 1);  // 1013 kPa: hPa sent as kPa
  EXPECT_EQ(r.json["rejections"]["wrong_unit"], 1);
  EXPECT_EQ(r.json["rejections"]["unknown_sensor"], 1);
  EXPECT_EQ(r.json["rejections"]["bad_station"], 1);
  EXPECT_THAT(r.err, HasSubstr("line 5: pressure (column value): out_of_range"));
  EXPECT_NEAR(Sql("SELECT value FROM readings r JOIN sensors s ON s.id = r.sensor_id "
                  "WHERE s.station_id = 'a2'"),
              101.325, 1e-9);
  EXPECT_NEAR(Sql("SELECT value FROM readings r JOIN sensors s ON s.id = r.sensor_id "
                  "WHERE s.name = 'wind_speed'"),
              10, 1e-9);
}

// A long file without units is read in canonical units, and the import says which sensors it
// read so, as it does for a wide file's columns.
TEST_F(ReadingsCliTest, LongFileWithoutUnitsSaysSo) {
  const std::string csv = Write("long_nounit.csv",
                                "station,sensor,time,value\n"
                                "a1,air_temperature,2024-05-01T00:00:00Z,20\n"
                                "a1,rainfall,2024-05-01T00:00:00Z,1\n"
                                "a1,air_temperature,2024-05-01T01:00:00Z,21\n");
  LokaRun r = Loka({"readings", "import", "--retention-days", "0",
                    csv, "--db", db_, "--unit", "rainfall=in"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json["accepted"], 3);
  EXPECT_THAT(r.err, HasSubstr("loka: no unit given for air_temperature (C); reading canonical "
                               "units (set --unit)"));
  EXPECT_THAT(r.err, Not(HasSubstr("rainfall (")));
  EXPECT_NEAR(Sql("SELECT value FROM readings r JOIN sensors s ON s.id = r.sensor_id "
                  "WHERE s.name = 'rainfall'"),
              25.4, 1e-9);
}

// Columns the import takes nothing from are named on stderr, with what would read them.
TEST_F(ReadingsCliTest, UnreadColumnsAreNamed) {
  const std::string wide = Write("unread_wide.csv",
                                 "time,air_temperature,rh,note\n"
                                 "2024-05-01T00:00:00Z,20,55,ok\n");
  LokaRun r = Loka({"readings", "import", "--retention-days", "0",
                    wide, "--db", db_, "--station", "s1", "--unit",
                    "air_temperature=C"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json["accepted"], 1);
  EXPECT_THAT(r.err, HasSubstr("loka: columns not read: rh, note (not sensor names; map one "
                               "with --map SENSOR=COLUMN)"));
  r = Loka({"readings", "import", "--retention-days", "0",
            wide, "--db", db_, "--station", "s1", "--unit",
            "air_temperature=C", "--map", "relative_humidity=rh", "--unit",
            "relative_humidity=%"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("loka: columns not read: note ("));
  EXPECT_THAT(r.err, Not(HasSubstr("rh,")));

  const std::string long_csv = Write("unread_long.csv",
                                     "station,sensor,time,value,unit,note\n"
                                     "s1,air_temperature,2024-05-01T01:00:00Z,21,C,ok\n");
  r = Loka({"readings", "import", "--retention-days", "0", long_csv, "--db", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json["accepted"], 1);
  EXPECT_THAT(r.err, HasSubstr("loka: columns not read: note (the long layout reads time, "
                               "station, sensor, value, unit)"));
}

TEST_F(ReadingsCliTest, HeaderAndUsageErrors) {
  struct Case {
    std::string header;
    std::vector<std::string> extra;
    std::string message;
  };
  const Case cases[] = {
      {"when,air_temperature", {"--station", "s"}, "no \"time\" column"},
      {"time,air_temperature", {}, "no \"station\" column and no --station"},
      {"time,foo", {"--station", "s"}, "no sensor columns"},
      {"time,temp", {"--station", "s", "--map", "air_temperature=tmp"}, "no column \"tmp\""},
      {"time,temp", {"--station", "s", "--map", "colour=temp"}, "\"colour\" is neither"},
      {"time,time", {"--station", "s"}, "appears twice"},
      {"time,air_temperature", {"--station", "s", "--map", "novalue"}, "must be NAME=VALUE"},
      {"time,air_temperature",
       {"--station", "s", "--unit", "air_temprature=F"},
       "--unit air_temprature=F: \"air_temprature\" is not a sensor name"},
      {"time,air_temperature",
       {"--station", "s", "--unit", "air_temperature=furlongs"},
       "--unit air_temperature=furlongs: \"furlongs\" is no unit loka knows"},
      {"time,air_temperature",
       {"--station", "s", "--unit", "air_temperature=mm"},
       "\"mm\" is a unit of another quantity"},
      {"time,air_temperature", {"--station", "st 1"}, "--station \"st 1\": a station id is"},
      {"time,temp,t2",
       {"--station", "s", "--map", "air_temperature=temp", "--map", "air_temperature=t2"},
       "--map air_temperature given twice"},
      {"time,air_temperature",
       {"--station", "s", "--unit", "air_temperature=F", "--unit", "air_temperature=C"},
       "--unit air_temperature given twice"},
  };
  for (const Case& c : cases) {
    const std::string csv = Write("h.csv", c.header + "\n2024-05-01T00:00:00Z,1\n");
    std::vector<std::string> args = {"readings", "import", "--retention-days", "0",
                                     csv, "--db", db_};
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    LokaRun r = Loka(args);
    EXPECT_EQ(r.exit_code, 1) << c.header;
    EXPECT_THAT(r.err, HasSubstr(c.message)) << c.header;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  LokaRun missing = Loka({"readings", "import", "--retention-days", "0",
                          dir_ + "/nope.csv", "--db", db_});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err,
              HasSubstr("loka: not_found: " + dir_ + "/nope.csv: open: No such file or directory"));
  LokaRun help = Loka({"readings", "import", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("--map"));
  EXPECT_THAT(help.out, HasSubstr("--unit"));
  LokaRun usage = Loka({"readings", "import"});
  EXPECT_EQ(usage.exit_code, 2);
}

TEST_F(ReadingsCliTest, AnImportThatStoresNothingFails) {
  // Every reading refused (a short row, an unterminated quote, a value out of range): the
  // totals are printed, and the exit code says the import failed.
  const std::string csv = Write("bad.csv",
                                "time,air_temperature,rainfall\n"
                                "2024-05-01T00:00:00Z,1\n"
                                "2024-05-01T01:00:00Z,\"2,0\n"
                                "2024-05-01T02:00:00Z,900,\n");
  LokaRun r = Loka({"readings", "import", "--retention-days", "0",
                    csv, "--db", db_, "--station", "s"});
  EXPECT_EQ(r.exit_code, 1);
  ASSERT_TRUE(r.json.is_object()) << r.out;
  EXPECT_EQ(r.json["readings"], 3);
  EXPECT_EQ(r.json["rejected"], 3);
  EXPECT_THAT(r.err, HasSubstr("all 3 readings were rejected"));
  // One good row among them: the import succeeds, and the totals add up.
  const std::string mixed = Write("mixed.csv",
                                  "time,air_temperature\n"
                                  "2024-05-01T00:00:00Z,21.5\n"
                                  "2024-05-01T01:00:00Z\n"
                                  "2024-05-01T02:00:00Z,\"2\n");
  r = Loka({"readings", "import", "--retention-days", "0", mixed, "--db", db_, "--station", "s"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json["readings"], 3);
  EXPECT_EQ(r.json["accepted"], 1);
  EXPECT_EQ(r.json["bad_rows"], 2);
  EXPECT_EQ(r.json["rejected"], 2);
}

// Readings older than the retention window are refused as expired, as the node refuses them
// over HTTP and MQTT, and counted in the totals: by default the node's window (365 days),
// else --retention-days; 0 takes any age.
TEST_F(ReadingsCliTest, ImportRefusesReadingsOlderThanTheRetentionWindow) {
  auto iso_days_ago = [](int days) {
    const std::time_t t = std::time(nullptr) - static_cast<std::time_t>(days) * 86400;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:00:00Z", &tm);
    return std::string(buf);
  };
  const std::string csv = Write("ages.csv", "time,rainfall\n" + iso_days_ago(400) + ",1\n" +
                                                iso_days_ago(40) + ",2\n" + iso_days_ago(2) +
                                                ",4\n");
  LokaRun r = Loka({"readings", "import", csv, "--db", db_, "--station", "s"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json["readings"], 3);
  EXPECT_EQ(r.json["accepted"], 2);
  EXPECT_EQ(r.json["rejected"], 1);
  EXPECT_EQ(r.json["rejections"], (Json{{"expired", 1}}));
  EXPECT_THAT(r.err, HasSubstr("line 2: rainfall (column rainfall): expired"));
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM readings"), 2);
  EXPECT_EQ(Sql("SELECT SUM(value) FROM readings"), 6);

  r = Loka({"readings", "import", csv, "--db", db_, "--station", "s", "--retention-days", "30"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json["rejections"], (Json{{"expired", 2}}));
  EXPECT_EQ(r.json["duplicates"], 1);

  r = Loka({"readings", "import", csv, "--db", db_, "--station", "s", "--retention-days", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json["accepted"], 1);
  EXPECT_EQ(r.json["duplicates"], 2);
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM readings"), 3);

  r = Loka({"readings", "import", csv, "--db", db_, "--retention-days", "-1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--retention-days"));
}

TEST_F(ReadingsCliTest, PruneKeepsAggregates) {
  const std::string csv = Write("old.csv",
                                "time,rainfall\n"
                                "2020-05-01T00:00:00Z,3\n"
                                "2020-05-01T01:00:00Z,4\n");
  ASSERT_EQ(Loka({"readings", "import", "--retention-days", "0",
                  csv, "--db", db_, "--station", "s"}).exit_code, 0);
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM readings"), 2);
  LokaRun r = Loka({"readings", "prune", "--db", db_, "--keep-days", "30"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json["deleted"], 2);
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM readings"), 0);
  EXPECT_EQ(Sql("SELECT sum FROM daily_readings"), 7);
}

}  // namespace
}  // namespace loka
