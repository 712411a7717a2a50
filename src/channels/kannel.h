// Kannel's sendsms interface (smsbox's HTTP port, "/cgi-bin/sendsms"), the SMS gateway that
// telcos and NGOs run in front of their SMSCs: one GET per message, the text as UTF-8 with
// charset=UTF-8 and coding 0 (GSM-7) or 2 (UCS-2), and a delivery-report URL in which Kannel
// fills %d with the report type (1 delivered, 2 failed, 4 buffered, 8 accepted by the SMSC,
// 16 rejected by the SMSC).
//
// Thread contract: Send from one thread at a time (the outbox worker's).
#ifndef LOKA_CHANNELS_KANNEL_H_
#define LOKA_CHANNELS_KANNEL_H_

#include <memory>
#include <string>

#include "channels/sms_gateway.h"
#include "core/status.h"

namespace loka::channels {

struct KannelOptions {
  std::string host = "127.0.0.1";
  int port = 13013;  // smsbox's sendsms-port (Kannel's documented example)
  std::string username;  // a sendsms-user group's username and password
  std::string password;
  std::string from;      // sender shown to the phone (a short code); "" leaves Kannel's default
  // Delivery reports: Kannel calls this URL with "{id}" replaced by the outbox row and %d by the
  // report type. "" asks for none.
  std::string dlr_url;
  // Report types asked for: 1 delivered + 2 failed + 16 rejected by the SMSC.
  int dlr_mask = 19;
  int timeout_ms = 2000;  // connect and read timeout of one request
};

class KannelGateway final : public SmsGateway {
 public:
  // Errors: invalid_argument when host, port or username is missing.
  static Result<std::unique_ptr<KannelGateway>> Create(KannelOptions options);
  ~KannelGateway() override;

  // OK on a 2xx answer ("0: Accepted for delivery", "3: Queued for later delivery").
  // unavailable when smsbox cannot be reached or answers 5xx; invalid_argument on a 4xx (Kannel
  // refused the message or the credentials), with Kannel's answer.
  Status Send(const OutgoingSms& sms) override;
  // "http://HOST:PORT/cgi-bin/sendsms".
  std::string Destination() const override;

 private:
  struct Client;
  explicit KannelGateway(KannelOptions options);
  KannelOptions options_;
  std::unique_ptr<Client> client_;
};

// `s` percent-encoded for a URL query (RFC 3986 unreserved characters kept).
std::string UrlEncode(const std::string& s);

}  // namespace loka::channels

#endif  // LOKA_CHANNELS_KANNEL_H_
