// Alerts from readings: every batch committed by the ingest path (sense/readings_ingest.h)
// goes through the site monitor (agri/site_monitor.h: spike, stuck, dropout, drift, frost, heat); the alarms it
// raises are stored (store alerts table) and published to the webhook (channels/webhook.h) and,
// when there is an MQTT connection, to loka/v1/<site>/alerts/<station>, then handed to
// AlertOptions::on_alerts (SMS to subscribed phones, wired by the node). Publication never
// blocks ingest: the webhook has its own queue and thread, MQTT publishing is asynchronous.
//
// Thread contract: OnReadingsStored from any thread (mu_ serializes the detectors, whose state
// must see each stream in time order); the rest is thread-safe.
#ifndef LOKA_SENSE_ALERTS_H_
#define LOKA_SENSE_ALERTS_H_

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "channels/webhook.h"
#include "core/status.h"
#include "store/store.h"
#include "text/json.h"

namespace loka::sense {

// Publishes `payload` on MQTT `topic` (QoS 1, not retained) without blocking; set by whoever
// owns the node's MQTT connection.
using MqttPublishFn = std::function<void(const std::string& topic, const std::string& payload)>;

// An alert as the API, the webhook and MQTT show it.
text::Json AlertToJson(const store::AlertRecord& alert);

// OK when `kind` is one the site monitor raises (the sensor faults spike, stuck, dropout and
// drift, then frost and heat); else invalid_argument naming them, so that a misspelt filter
// is an error rather than an empty list.
Status CheckAlertKind(std::string_view kind);

struct AlertOptions {
  // New alerts are POSTed as JSON to this URL ("http://host:port/path"); empty: no webhook.
  std::string webhook_url;
  // Attempts per alert (the first try plus retries, 0.5 s, 1 s, 2 s ... apart) before it is
  // given up and counted as failed.
  int webhook_attempts = 4;
  int webhook_timeout_ms = 2000;  // connect and read timeout of one attempt
  // Alerts waiting for the webhook; when full the oldest is dropped (and counted), so a dead
  // receiver never holds memory or ingest back.
  size_t webhook_queue = 1000;
  // Called with the URL and the document after each webhook attempt that may have sent it
  // (channels::WebhookOptions::on_sent), on the webhook's thread: the egress ledger. Null: none.
  std::function<void(const std::string& url, const std::string& body)> on_webhook_sent;
  // Called with each batch of alerts just stored, after they were handed to the webhook and
  // MQTT, on the thread that stored the readings (the ingest's): the node gives them to the
  // helpline, which queues SMS to the phones subscribed (helpline/alert_sms.h). It should be
  // quick and logs its own errors. Null: none.
  std::function<void(const std::vector<store::AlertRecord>&)> on_alerts;
  // Failures (alerts that cannot be stored, a webhook that gives up). Null: silent.
  std::function<void(const std::string&)> log;
};

class AlertService {
 public:
  // `store` must outlive the service. Errors: the webhook URL's (invalid_argument).
  static Result<std::unique_ptr<AlertService>> Create(store::Store* store,
                                                      const AlertOptions& options);

  ~AlertService();
  AlertService(const AlertService&) = delete;
  AlertService& operator=(const AlertService&) = delete;

  // The ingest hook (IngestOptions::on_stored): monitors the inserted rows (duplicates and
  // expired rows are not new), stores the alarms as alerts and publishes them. Errors are
  // logged, never returned: the readings are already committed.
  void OnReadingsStored(const std::vector<store::ReadingRow>& rows,
                        const store::InsertReport& report);

  // Publishes new alerts over MQTT from now on; null stops it.
  void SetMqttPublisher(MqttPublishFn publish);

  int64_t raised() const { return raised_.load(); }
  const channels::WebhookPublisher* webhook() const { return webhook_.get(); }

 private:
  // The detectors' state (agri::SiteMonitor) lives in alerts.cc, out of this header.
  struct Monitor;
  AlertService(store::Store* store, const AlertOptions& options);
  void Publish(const std::vector<store::AlertRecord>& alerts);

  store::Store* store_;
  AlertOptions options_;
  std::mutex mu_;  // guards monitor_
  std::unique_ptr<Monitor> monitor_;
  std::mutex mqtt_mu_;  // guards mqtt_
  MqttPublishFn mqtt_;
  std::unique_ptr<channels::WebhookPublisher> webhook_;
  std::atomic<int64_t> raised_{0};
};

}  // namespace loka::sense

#endif  // LOKA_SENSE_ALERTS_H_
