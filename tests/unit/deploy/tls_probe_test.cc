// The TLS probe against a real TLS server on loopback, and serial normalisation.
#include "deploy/tls_probe.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "deploy_fixture.h"
#include "pki/test_pki.h"  // tests/unit/pki
#include "tls_test_server.h"

namespace certflow::deploy::testing {
namespace {

namespace pt = pki::testing;

struct TestCertificate {
  std::string certificate_pem;
  std::string key_pem;
};

TestCertificate make_certificate(const std::string& serial_hex) {
  auto key = pt::ec_key("P-256");
  pt::CertSpec spec;
  spec.common_name = "deploy.test";
  spec.subject_alt_names = {"DNS:deploy.test"};
  spec.serial_hex = serial_hex;
  auto cert = pt::issue(spec, *key, nullptr, *key);
  return {pt::pem(*cert), pt::pkcs8_pem(*key)};
}

const std::chrono::milliseconds kTimeout{2'000};

TEST(TlsProbeTest, ReadsTheSerialTheEndpointServes) {
  auto certificate = make_certificate("00c0ffee0123456789");
  TlsTestServer server(certificate.certificate_pem, certificate.key_pem);
  auto serial = probe_serial({"127.0.0.1", server.port()}, "deploy.test", kTimeout);
  ASSERT_TRUE(serial) << serial.error().message;
  EXPECT_EQ(*serial, "c0ffee0123456789");

  auto next = make_certificate("0a1b2c");
  server.serve(next.certificate_pem, next.key_pem);
  EXPECT_EQ(must(probe_serial({"127.0.0.1", server.port()}, "deploy.test", kTimeout)), "a1b2c");
  EXPECT_EQ(server.last_server_name(), "deploy.test");
}

TEST(TlsProbeTest, SendsTheServerNameButNotAnAddress) {
  auto certificate = make_certificate("0102");
  TlsTestServer server(certificate.certificate_pem, certificate.key_pem);
  must(probe_serial({"localhost", server.port()}, "www.deploy.test", kTimeout));
  EXPECT_EQ(server.last_server_name(), "www.deploy.test");
  must(probe_serial({"127.0.0.1", server.port()}, "127.0.0.1", kTimeout));
  EXPECT_EQ(server.last_server_name(), "") << "an IP address is not a server name (RFC 6066)";
}

TEST(TlsProbeTest, AClosedPortIsUnavailableNamingTheEndpoint) {
  int port = 0;
  {
    auto certificate = make_certificate("01");
    TlsTestServer gone(certificate.certificate_pem, certificate.key_pem);
    port = gone.port();
  }
  auto serial = probe_serial({"127.0.0.1", port}, "", kTimeout);
  ASSERT_FALSE(serial);
  EXPECT_EQ(serial.error().code, ErrorCode::kServiceUnavailable);
  EXPECT_NE(serial.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
      << serial.error().message;
}

TEST(TlsProbeTest, AnEndpointThatDoesNotSpeakTlsFailsTheHandshake) {
  // A plain HTTP server: answers anything with a 400 and hangs up.
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  std::thread http([listener] {
    const int client = ::accept(listener, nullptr, nullptr);
    char buffer[512];
    [[maybe_unused]] auto got = ::read(client, buffer, sizeof buffer);
    const char answer[] = "HTTP/1.0 400 Bad Request\r\n\r\n";
    [[maybe_unused]] auto sent = ::send(client, answer, sizeof answer - 1, MSG_NOSIGNAL);
    ::close(client);
  });
  auto serial = probe_serial({"127.0.0.1", ntohs(address.sin_port)}, "deploy.test", kTimeout);
  http.join();
  ::close(listener);
  ASSERT_FALSE(serial);
  EXPECT_EQ(serial.error().code, ErrorCode::kServiceUnavailable);
  EXPECT_NE(serial.error().message.find("TLS handshake"), std::string::npos)
      << serial.error().message;
}

TEST(SerialTest, SerialsWrittenDifferentlyCompareEqual) {
  EXPECT_EQ(normalize_serial("0A:1b:2C"), "a1b2c");
  EXPECT_EQ(normalize_serial("00:00:ff"), "ff");
  EXPECT_EQ(normalize_serial("00"), "0");
  EXPECT_EQ(normalize_serial("zz"), std::nullopt);
  EXPECT_EQ(normalize_serial(""), std::nullopt);
  EXPECT_EQ(colon_serial("A1B2C"), "0a:1b:2c");
  EXPECT_EQ(colon_serial("0a:1b:2c"), "0a:1b:2c");
}

}  // namespace
}  // namespace certflow::deploy::testing
