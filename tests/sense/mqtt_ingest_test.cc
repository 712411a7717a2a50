// Readings over MQTT, the sense layer on its own: the topic scheme.
#include "sense/mqtt_ingest.h"

#include <gtest/gtest.h>

#include <string>

namespace loka::sense {
namespace {

TEST(MqttTopicsTest, FilterAndParsing) {
  EXPECT_EQ(ReadingsTopicFilter("+"), "loka/v1/+/readings/+");
  std::string site, station;
  EXPECT_TRUE(ParseReadingsTopic("loka/v1/farm1/readings/st-9", &site, &station));
  EXPECT_EQ(site, "farm1");
  EXPECT_EQ(station, "st-9");
  EXPECT_FALSE(ParseReadingsTopic("loka/v1/farm1/readings/", &site, &station));
  EXPECT_FALSE(ParseReadingsTopic("loka/v1/farm1/readings/a/b", &site, &station));
  EXPECT_FALSE(ParseReadingsTopic("loka/v2/farm1/readings/a", &site, &station));
  EXPECT_FALSE(ParseReadingsTopic("loka/v1/a/b/readings/c", &site, &station));
}

}  // namespace
}  // namespace loka::sense
