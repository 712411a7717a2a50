#include "channels/webhook.h"

#include <httplib.h>

#include <chrono>

namespace loka::channels {

Result<std::unique_ptr<WebhookPublisher>> WebhookPublisher::Create(const WebhookOptions& options) {
  const std::string& url = options.url;
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) {
    return InvalidArgument("webhook URL \"" + url + "\": must start with http://");
  }
  const size_t slash = url.find('/', scheme.size());
  std::string host_port = url.substr(scheme.size(), slash == std::string::npos
                                                        ? std::string::npos
                                                        : slash - scheme.size());
  std::string path = slash == std::string::npos ? "/" : url.substr(slash);
  if (host_port.empty() || host_port.find_first_of(" @?#") != std::string::npos) {
    return InvalidArgument("webhook URL \"" + url + "\": no valid host");
  }
  if (options.attempts < 1 || options.timeout_ms < 1 || options.queue_limit < 1) {
    return InvalidArgument("webhook: attempts, timeout and queue limit must be positive");
  }
  return std::unique_ptr<WebhookPublisher>(
      new WebhookPublisher(options, std::move(host_port), std::move(path)));
}

WebhookPublisher::WebhookPublisher(WebhookOptions options, std::string host_port,
                                   std::string path)
    : options_(std::move(options)), host_port_(std::move(host_port)), path_(std::move(path)) {
  thread_ = std::thread([this] { Run(); });
}

WebhookPublisher::~WebhookPublisher() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    dropped_ += static_cast<int64_t>(queue_.size());
    queue_.clear();
  }
  cv_.notify_all();
  thread_.join();
}

void WebhookPublisher::Publish(std::string json) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_) return;
    if (queue_.size() >= options_.queue_limit) {
      queue_.pop_front();
      ++dropped_;
    }
    queue_.push_back(std::move(json));
  }
  cv_.notify_all();
}

bool WebhookPublisher::WaitIdle(int timeout_ms) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                      [this] { return queue_.empty() && !busy_; });
}

void WebhookPublisher::Run() {
  httplib::Client client("http://" + host_port_);
  const time_t sec = options_.timeout_ms / 1000;
  const time_t usec = (options_.timeout_ms % 1000) * 1000;
  client.set_connection_timeout(sec, usec);
  client.set_read_timeout(sec, usec);
  client.set_write_timeout(sec, usec);
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    std::string doc = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    bool ok = false;
    std::string last_error;
    int backoff_ms = options_.backoff_ms;
    for (int attempt = 0; attempt < options_.attempts && !ok; ++attempt) {
      if (attempt > 0) {
        std::unique_lock<std::mutex> wait(mu_);
        if (cv_.wait_for(wait, std::chrono::milliseconds(backoff_ms), [this] { return stop_; })) {
          break;
        }
        backoff_ms *= 2;
      }
      httplib::Result r = client.Post(path_, doc, "application/json");
      const bool left = r || (r.error() != httplib::Error::Connection &&
                              r.error() != httplib::Error::ConnectionTimeout);
      if (left && options_.on_sent) options_.on_sent(options_.url, doc);
      if (r && r->status >= 200 && r->status < 300) {
        ok = true;
      } else {
        last_error = r ? "HTTP " + std::to_string(r->status) : httplib::to_string(r.error());
      }
    }
    if (ok) {
      ++sent_;
    } else {
      ++failed_;
      if (options_.log) {
        options_.log("webhook " + options_.url + ": gave up after " +
                     std::to_string(options_.attempts) + " attempt(s): " + last_error);
      }
    }
    lock.lock();
    busy_ = false;
    cv_.notify_all();
  }
}

}  // namespace loka::channels
