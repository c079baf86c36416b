// Connections and API destinations over a real SQLite store in a temporary directory, on a
// SimulatedClock, with a real local HTTP server as every endpoint, and the API-destination
// target (short timeout, so failure tests stay quick).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/clock.h"
#include "crypto/envelope.h"
#include "events/destinations/destinations.h"
#include "events/targets/api_destination_target.h"
#include "net/test_http_server.h"
#include "store/store_test_support.h"  // tests/unit/store

namespace certflow::events::destinations::testing {

using certflow::testing::TestHttpServer;
using store::testing::must;

inline constexpr const char* kPassword = "pa55-word-never-in-clear";
inline constexpr const char* kApiKeyValue = "api-key-value-never-in-clear";
inline constexpr const char* kClientSecret = "client-secret-never-in-clear";
inline constexpr const char* kSecretHeaderValue = "secret-header-never-in-clear";

class DestinationsTest : public ::testing::Test {
 protected:
  DestinationsTest();
  void SetUp() override;

  Destinations& destinations() { return *destinations_; }
  targets::ApiDestinationTarget& target() { return *target_; }

  static ConnectionSpec basic_connection(const std::string& name);
  static ConnectionSpec api_key_connection(const std::string& name);
  // OAuth client credentials against `token_url` (POST).
  static ConnectionSpec oauth_connection(const std::string& name, const std::string& token_url);

  Connection create(const ConnectionSpec& spec) {
    return must(destinations_->create_connection(spec));
  }
  ApiDestination create_destination(const std::string& name, const std::string& connection_arn,
                                    const std::string& endpoint, const std::string& method = "POST",
                                    int rate = 300);
  // Delivers one payload to an API destination through the target.
  bus::DeliveryOutcome deliver(const std::string& arn, const std::string& payload = R"({"n":1})");
  std::vector<bus::DeliveryOutcome> deliver_all(const std::string& arn, size_t count);

  // Rebuilds the target (its token cache and rate buckets start empty).
  void new_target(targets::ApiDestinationOptions options);

  store::testing::SqliteEngine engine_;
  SimulatedClock clock_;
  crypto::MasterKey master_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Destinations> destinations_;
  std::unique_ptr<targets::ApiDestinationTarget> target_;
  TestHttpServer server_;
};

}  // namespace certflow::events::destinations::testing
