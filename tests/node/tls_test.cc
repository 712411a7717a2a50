// HTTPS in the node itself: a self-signed certificate made by the openssl command in a temp
// directory, the real `loka serve --tls-cert --tls-key` process, /healthz and an authenticated
// request over TLS with that certificate as the only CA; plain HTTP to the same port fails.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <string>
#include <vector>

#include "node_fixture.h"
#include "serve_process.h"

namespace loka::node {
namespace {

using ::testing::HasSubstr;

// Runs a command (argv[0] looked up in PATH) with its output discarded; its exit code.
int Run(std::vector<std::string> args) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A self-signed P-256 certificate for 127.0.0.1 (cert.pem, key.pem in `dir`).
bool MakeCertificate(const TempDir& dir) {
  return Run({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
              "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", dir.File("key.pem"), "-out",
              dir.File("cert.pem"), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
              "subjectAltName=IP:127.0.0.1"}) == 0;
}

TEST(TlsTest, ServesHttpsAndRefusesPlainHttp) {
  TempDir dir;
  ASSERT_TRUE(MakeCertificate(dir)) << "the openssl command failed";
  const std::string db = dir.File("n.db");
  const std::string key = AddKey(db, store::Scope::kWrite);
  ServeProcess serve(db, {"--tls-cert", dir.File("cert.pem"), "--tls-key", dir.File("key.pem")});
  ASSERT_GT(serve.port(), 0) << serve.ready_line();
  EXPECT_THAT(serve.ready_line(), HasSubstr("dashboard https://127.0.0.1:"));

  httplib::SSLClient tls("127.0.0.1", serve.port());
  tls.set_ca_cert_path(dir.File("cert.pem").c_str());
  tls.enable_server_certificate_verification(true);
  tls.set_keep_alive(true);  // the second request reuses the TLS session's connection
  tls.set_read_timeout(5, 0);
  httplib::Result health = tls.Get("/healthz");
  ASSERT_TRUE(health) << httplib::to_string(health.error());
  EXPECT_EQ(health->status, 200);
  const httplib::Headers auth = {{"Authorization", "Bearer " + key}};
  httplib::Result rows = tls.Post("/v1/datasets/tls/rows", auth,
                                  R"({"rows": [{"label": "water", "text": "the tap is dry"}]})",
                                  "application/json");
  ASSERT_TRUE(rows) << httplib::to_string(rows.error());
  EXPECT_EQ(rows->status, 200) << rows->body;

  // A client that does not trust the certificate is refused by its own verification.
  httplib::SSLClient untrusting("127.0.0.1", serve.port());
  untrusting.enable_server_certificate_verification(true);
  untrusting.set_ca_cert_path("/dev/null");
  EXPECT_FALSE(untrusting.Get("/healthz"));

  // Plain HTTP to the TLS port: no answer (the handshake fails and the node closes).
  httplib::Client plain("127.0.0.1", serve.port());
  plain.set_read_timeout(5, 0);
  httplib::Result r = plain.Get("/healthz");
  EXPECT_FALSE(r && r->status == 200);

  // The node still serves HTTPS afterwards.
  httplib::Result again = tls.Get("/healthz");
  ASSERT_TRUE(again) << httplib::to_string(again.error());
  EXPECT_EQ(again->status, 200);
}

TEST(TlsTest, MissingOrMismatchedFilesAreNamedErrors) {
  TempDir dir;
  ASSERT_TRUE(MakeCertificate(dir));
  NodeOptions o;
  o.db_path = dir.File("n.db");
  o.port = 0;
  o.tls_cert_path = dir.File("cert.pem");
  o.tls_key_path = dir.File("missing.pem");
  Result<std::unique_ptr<Node>> missing = Node::Create(o);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("missing.pem"));

  o.tls_key_path = dir.File("cert.pem");  // a certificate is no key
  Result<std::unique_ptr<Node>> wrong = Node::Create(o);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(wrong.status().message(), HasSubstr("cert.pem"));

  o.tls_key_path = "";
  Result<std::unique_ptr<Node>> half = Node::Create(o);
  ASSERT_FALSE(half.ok());
  EXPECT_THAT(half.status().message(), HasSubstr("--tls-key"));
}

// Listening beyond loopback without TLS is worth a warning; on loopback, or with TLS, not.
TEST(TlsTest, WarnsWhenListeningBeyondLoopbackWithoutTls) {
  TempDir dir;
  ASSERT_TRUE(MakeCertificate(dir));
  struct Case {
    std::string host;
    bool tls;
    bool warns;
  };
  // 192.0.2.1 (TEST-NET-1) is on no interface here: binding fails after the warning, so the
  // test never listens beyond loopback.
  for (const Case& c : std::vector<Case>{
           {"127.0.0.1", false, false}, {"192.0.2.1", false, true}, {"192.0.2.1", true, false}}) {
    SCOPED_TRACE(c.host + (c.tls ? " tls" : " plain"));
    NodeOptions o;
    o.db_path = dir.File("n.db");
    o.host = c.host;
    o.port = 0;
    if (c.tls) {
      o.tls_cert_path = dir.File("cert.pem");
      o.tls_key_path = dir.File("key.pem");
    }
    std::string logged;
    o.log = [&logged](const std::string& m) { logged += m + "\n"; };
    Result<std::unique_ptr<Node>> n = Node::Create(o);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    const Status listened = (*n)->Listen();
    EXPECT_EQ(listened.ok(), c.host == "127.0.0.1") << listened.ToString();
    EXPECT_EQ(logged.find("without TLS") != std::string::npos, c.warns) << logged;
  }
}

}  // namespace
}  // namespace loka::node
