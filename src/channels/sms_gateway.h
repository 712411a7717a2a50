// The SMS gateway seam: what the helpline's outbox hands a reply to. Kannel (channels/kannel.h)
// is the real one; other gateways are adapters of the same interface.
//
// Thread contract: an implementation's Send may be called from one thread at a time.
#ifndef LOKA_CHANNELS_SMS_GATEWAY_H_
#define LOKA_CHANNELS_SMS_GATEWAY_H_

#include <cstdint>
#include <string>

#include "core/status.h"

namespace loka::channels {

struct OutgoingSms {
  int64_t id = 0;    // the outbox row; delivery reports name it
  std::string to;    // the number
  std::string text;  // UTF-8, already composed to the SMS budget
  bool ucs2 = false;  // send as UCS-2 (else GSM-7)
};

class SmsGateway {
 public:
  virtual ~SmsGateway() = default;
  // OK when the gateway took the message for delivery. Errors: unavailable (cannot reach it,
  // try later), invalid_argument (it refused the message: trying again will not help).
  virtual Status Send(const OutgoingSms& sms) = 0;
  // Where Send hands messages, as the egress ledger names it (Kannel: its sendsms URL).
  virtual std::string Destination() const { return "sms-gateway"; }
};

}  // namespace loka::channels

#endif  // LOKA_CHANNELS_SMS_GATEWAY_H_
