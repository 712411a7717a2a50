// Everything a request handler may use, owned by the Node and built once at start-up. Members
// are thread-safe objects (see each class); the struct itself is never modified after Create.
#ifndef LOKA_NODE_CONTEXT_H_
#define LOKA_NODE_CONTEXT_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "channels/sms_gateway.h"
#include "core/status.h"
#include "helpline/alert_sms.h"
#include "helpline/helpline.h"
#include "helpline/outbox.h"
#include "langid/identifier.h"
#include "node/auth.h"
#include "node/metrics.h"
#include "node/model_registry.h"
#include "node/options.h"
#include "node/train_queue.h"
#include "sense/alerts.h"
#include "sense/mqtt_ingest.h"
#include "sense/retention.h"
#include "store/egress_ledger.h"
#include "store/fed.h"
#include "store/store.h"

namespace loka::search {
class KnowledgeBase;
}  // namespace loka::search

namespace loka::node {

// Language identification as the node sees it: langid::Identifier::Identify, or a stand-in
// injected by tests. Must be safe to call from many threads at once.
using IdentifyFn = std::function<Status(std::string_view text, const langid::IdentifyOptions&,
                                        langid::LangResult*)>;

struct NodeContext {
  NodeOptions options;
  std::unique_ptr<store::Store> store;
  // The knowledge base (search/knowledge_base.h), on its own connection to the same database
  // file. A shared_ptr only so that this header needs no more than a forward declaration; the
  // Node is the only owner.
  std::shared_ptr<search::KnowledgeBase> kb;
  // The egress ledger and federation's tables (store/fed.h), on its own connection.
  std::unique_ptr<store::FedStore> fed;
  // The ledger's writer (store/egress_ledger.h): alerts sent by webhook and over MQTT and SMS
  // handed to the gateway are recorded through it, so no sender waits on SQLite. Declared
  // after `fed` and before `alerts`, `mqtt` and `outbox`, so it outlives every sender and
  // writes its queue before `fed` closes.
  std::unique_ptr<store::EgressLedger> ledger;
  std::unique_ptr<Authenticator> auth;
  ModelRegistry models;
  std::unique_ptr<TrainQueue> train;
  IdentifyFn identify;  // null: POST /v1/langid answers 503
  std::unique_ptr<NodeMetrics> metrics;
  // Sensor-fault, frost and heat alerts (sense/alerts.h). Declared after `store` and before
  // `mqtt`, so it outlives the MQTT ingest that feeds it.
  std::unique_ptr<sense::AlertService> alerts;
  // The hook every readings path passes as IngestOptions::on_stored: runs the alert detectors
  // over a committed batch (AlertService::OnReadingsStored). Null: no alerts.
  std::function<void(const std::vector<store::ReadingRow>&, const store::InsertReport&)>
      on_readings_stored;
  // Readings over MQTT (null when NodeOptions::mqtt_host is empty). Declared after `store`,
  // so it stops before the store closes.
  std::unique_ptr<sense::MqttIngest> mqtt;
  // The readings retention policy (NodeOptions::readings_retention_days), checked after each
  // ingest.
  std::unique_ptr<sense::Retention> retention;
  // The helpline (helpline/helpline.h) on its own connection to the database file; the SMS
  // gateway and the outbox worker sending through it (null without a gateway). In this order,
  // so the worker stops before the gateway and the store close.
  std::unique_ptr<store::HelplineStore> helpline_store;
  std::unique_ptr<helpline::Helpline> helpline;
  // Farm alerts as SMS to subscribed phones (helpline/alert_sms.h), fed by the alert service's
  // on_alerts on the ingest threads, which stop (HTTP server, MQTT) before this is destroyed.
  std::unique_ptr<helpline::AlertSms> alert_sms;
  std::unique_ptr<channels::SmsGateway> sms_gateway;
  std::unique_ptr<helpline::OutboxWorker> outbox;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

}  // namespace loka::node

#endif  // LOKA_NODE_CONTEXT_H_
