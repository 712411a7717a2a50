// Kannel's sendsms over HTTP (channels/kannel.h).
#include "channels/kannel.h"

#include <httplib.h>

namespace loka::channels {

struct KannelGateway::Client {
  explicit Client(const KannelOptions& o) : http(o.host, o.port) {
    const time_t sec = o.timeout_ms / 1000;
    const time_t usec = (o.timeout_ms % 1000) * 1000;
    http.set_connection_timeout(sec, usec);
    http.set_read_timeout(sec, usec);
    http.set_write_timeout(sec, usec);
  }
  httplib::Client http;
};

std::string UrlEncode(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

KannelGateway::KannelGateway(KannelOptions options)
    : options_(std::move(options)), client_(std::make_unique<Client>(options_)) {}
KannelGateway::~KannelGateway() = default;

Result<std::unique_ptr<KannelGateway>> KannelGateway::Create(KannelOptions options) {
  if (options.host.empty() || options.port <= 0 || options.port > 65535) {
    return InvalidArgument("kannel: host and port (1-65535) are required");
  }
  if (options.username.empty()) return InvalidArgument("kannel: a sendsms username is required");
  return std::unique_ptr<KannelGateway>(new KannelGateway(std::move(options)));
}

std::string KannelGateway::Destination() const {
  return "http://" + options_.host + ":" + std::to_string(options_.port) + "/cgi-bin/sendsms";
}

Status KannelGateway::Send(const OutgoingSms& sms) {
  std::string path = "/cgi-bin/sendsms?username=" + UrlEncode(options_.username) +
                     "&password=" + UrlEncode(options_.password) + "&to=" + UrlEncode(sms.to) +
                     "&text=" + UrlEncode(sms.text) + "&charset=UTF-8&coding=" +
                     (sms.ucs2 ? "2" : "0");
  if (!options_.from.empty()) path += "&from=" + UrlEncode(options_.from);
  if (!options_.dlr_url.empty()) {
    std::string url = options_.dlr_url;
    const size_t at = url.find("{id}");
    if (at != std::string::npos) url.replace(at, 4, std::to_string(sms.id));
    path += "&dlr-mask=" + std::to_string(options_.dlr_mask) + "&dlr-url=" + UrlEncode(url);
  }
  httplib::Result r = client_->http.Get(path);
  const std::string where = "kannel sendsms " + options_.host + ":" + std::to_string(options_.port);
  if (!r) return Unavailable(where + ": " + httplib::to_string(r.error()));
  if (r->status >= 200 && r->status < 300) return Status::Ok();
  const std::string answer = where + " answered " + std::to_string(r->status) + ": " + r->body;
  if (r->status >= 500) return Unavailable(answer);
  return InvalidArgument(answer);
}

}  // namespace loka::channels
