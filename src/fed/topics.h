// The federation's MQTT topics, all under loka/v1/<fleet>/fed/ (docs/fed.md):
//   round            hub -> nodes, retained: the open round's announcement
//   model/<i>        hub -> nodes, retained: chunk i of the latest global version
//   update/<node>    node -> hub: the chunks of a node's model updates
//   metric/<node>    node -> hub: a node's metric reports
//   partial/<worker> hub worker -> the hub's coordinator: the worker's partial sum of a round
//   relay/<worker>/<node>  hub worker -> worker: a chunk of an update the receiving worker
//                    does not own, passed to its owner (docs/formats/update.md "Partial sums")
// Hub workers take update/+ through the shared subscription $share/<group>/... .
// QoS 1 everywhere; nodes and hub keep persistent sessions (clean_session false).
//
// Thread contract: plain functions.
#ifndef LOKA_FED_TOPICS_H_
#define LOKA_FED_TOPICS_H_

#include <string>
#include <string_view>

namespace loka::fed {

std::string RoundTopic(std::string_view fleet);
std::string ModelChunkTopic(std::string_view fleet, size_t chunk);
std::string ModelTopicFilter(std::string_view fleet);  // .../model/+
std::string UpdateTopic(std::string_view fleet, std::string_view node);
std::string MetricTopic(std::string_view fleet, std::string_view node);
std::string NodeTopicsFilter(std::string_view fleet, std::string_view kind);  // .../<kind>/+
std::string PartialTopic(std::string_view fleet, std::string_view worker);
// .../relay/<owner>/ : the prefix of every topic relayed to `owner`; + "<node>" is one.
std::string RelayTopicPrefix(std::string_view fleet, std::string_view owner);
// $share/<group>/loka/v1/<fleet>/fed/update/+ : every worker of `group` shares the updates.
std::string SharedUpdateFilter(std::string_view group, std::string_view fleet);

// Splits loka/v1/<fleet>/fed/<kind>/<last>: true when `topic` is of that shape.
bool ParseFedTopic(std::string_view topic, std::string* fleet, std::string* kind, std::string* last);

}  // namespace loka::fed

#endif  // LOKA_FED_TOPICS_H_
