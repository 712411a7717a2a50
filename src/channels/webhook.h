// Publication of JSON documents to an HTTP webhook without ever blocking the caller: a bounded
// queue drained by one background thread that POSTs each document with a bounded number of
// attempts and a backoff between them. The one user of cpp-httplib's client in loka.
//
// Thread contract: Publish and the counters from any thread; the destructor stops the thread
// (documents still queued are dropped and counted).
#ifndef LOKA_CHANNELS_WEBHOOK_H_
#define LOKA_CHANNELS_WEBHOOK_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/status.h"

namespace loka::channels {

struct WebhookOptions {
  std::string url;           // "http://host[:port]/path"
  int attempts = 4;          // per document, >= 1
  int timeout_ms = 2000;     // connect and read timeout of one attempt
  int backoff_ms = 500;      // before the 2nd attempt; doubled each time after
  size_t queue_limit = 1000; // when full, the oldest queued document is dropped
  std::function<void(const std::string&)> log;  // failures; null: silent
  // Called on the sender thread after each attempt that may have put the document on the
  // wire (every attempt but one whose connection failed), with the URL and the document: the
  // node's egress ledger. Must not block for long (it delays the next delivery). Null: none.
  std::function<void(const std::string& url, const std::string& body)> on_sent;
};

class WebhookPublisher {
 public:
  // Errors: invalid_argument when the URL is not http://host[:port][/path] (https needs a TLS
  // build of cpp-httplib, which Debian's is not).
  static Result<std::unique_ptr<WebhookPublisher>> Create(const WebhookOptions& options);
  ~WebhookPublisher();
  WebhookPublisher(const WebhookPublisher&) = delete;
  WebhookPublisher& operator=(const WebhookPublisher&) = delete;

  // Queues `json` for delivery and returns at once.
  void Publish(std::string json);

  int64_t sent() const { return sent_.load(); }
  int64_t failed() const { return failed_.load(); }    // every attempt failed
  int64_t dropped() const { return dropped_.load(); }  // pushed out of a full queue
  // Waits up to timeout_ms for the queue to empty and no delivery to be in flight (tests).
  bool WaitIdle(int timeout_ms);

 private:
  WebhookPublisher(WebhookOptions options, std::string host_port, std::string path);
  void Run();

  WebhookOptions options_;
  std::string host_port_, path_;
  std::mutex mu_;  // guards queue_, stop_, busy_
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool stop_ = false;
  bool busy_ = false;
  std::atomic<int64_t> sent_{0}, failed_{0}, dropped_{0};
  std::thread thread_;  // last: started after everything it uses
};

}  // namespace loka::channels

#endif  // LOKA_CHANNELS_WEBHOOK_H_
