// WebhookPublisher accepts only URLs it can deliver to.
#include "channels/webhook.h"

#include <gtest/gtest.h>

namespace loka::channels {
namespace {

TEST(WebhookTest, RefusesUrlsItCannotPostTo) {
  for (const char* url : {"https://example.org/hook", "ftp://h/x", "http://", "http://a b/x",
                          "http://user@host/x"}) {
    WebhookOptions o;
    o.url = url;
    EXPECT_EQ(WebhookPublisher::Create(o).status().code(), StatusCode::kInvalidArgument) << url;
  }
  WebhookOptions o;
  o.url = "http://127.0.0.1:1/hook";
  o.attempts = 0;
  EXPECT_EQ(WebhookPublisher::Create(o).status().code(), StatusCode::kInvalidArgument);
  o.attempts = 1;
  EXPECT_TRUE(WebhookPublisher::Create(o).ok());
}

}  // namespace
}  // namespace loka::channels
