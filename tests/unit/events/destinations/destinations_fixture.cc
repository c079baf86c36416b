#include "destinations_fixture.h"

namespace certflow::events::destinations::testing {
namespace {

TimePoint start_time() {
  TimePoint t;
  parse_iso8601("2031-01-10T09:30:00Z", t);
  return t;
}

crypto::MasterKey test_master_key() {
  return *crypto::MasterKey::from_bytes(crypto::SecretBytes(std::string(32, 'm')));
}

}  // namespace

DestinationsTest::DestinationsTest() : clock_(start_time()), master_(test_master_key()) {}

void DestinationsTest::SetUp() {
  store_ = must(engine_.open());
  destinations_ = std::make_unique<Destinations>(*store_, master_, clock_, bus::BusConfig{});
  new_target({std::chrono::milliseconds(500), 50});
}

void DestinationsTest::new_target(targets::ApiDestinationOptions options) {
  target_ = std::make_unique<targets::ApiDestinationTarget>(*destinations_, clock_, options);
}

ConnectionSpec DestinationsTest::basic_connection(const std::string& name) {
  ConnectionSpec spec;
  spec.name = name;
  spec.authorization_type = kBasic;
  spec.basic = BasicAuthParameters{"hook-user", kPassword};
  return spec;
}

ConnectionSpec DestinationsTest::api_key_connection(const std::string& name) {
  ConnectionSpec spec;
  spec.name = name;
  spec.description = "the hooks' API key";
  spec.authorization_type = kApiKey;
  spec.api_key = ApiKeyAuthParameters{"x-api-key", kApiKeyValue};
  return spec;
}

ConnectionSpec DestinationsTest::oauth_connection(const std::string& name,
                                                  const std::string& token_url) {
  ConnectionSpec spec;
  spec.name = name;
  spec.authorization_type = kOAuthClientCredentials;
  OAuthParameters oauth;
  oauth.client_id = "certflow-client";
  oauth.client_secret = kClientSecret;
  oauth.authorization_endpoint = token_url;
  oauth.http_method = "POST";
  oauth.http_parameters.body.push_back({"scope", "events.write", false});
  spec.oauth = oauth;
  return spec;
}

ApiDestination DestinationsTest::create_destination(const std::string& name,
                                                    const std::string& connection_arn,
                                                    const std::string& endpoint,
                                                    const std::string& method, int rate) {
  ApiDestinationSpec spec;
  spec.name = name;
  spec.connection_arn = connection_arn;
  spec.invocation_endpoint = endpoint;
  spec.http_method = method;
  spec.invocation_rate_limit_per_second = rate;
  return must(destinations_->create_api_destination(spec));
}

bus::DeliveryOutcome DestinationsTest::deliver(const std::string& arn, const std::string& payload) {
  bus::Delivery delivery;
  delivery.target_arn = arn;
  delivery.payload = payload;
  return target_->deliver(delivery);
}

std::vector<bus::DeliveryOutcome> DestinationsTest::deliver_all(const std::string& arn,
                                                                size_t count) {
  std::vector<bus::Delivery> batch(count);
  for (size_t i = 0; i < count; ++i) {
    batch[i].target_arn = arn;
    batch[i].payload = R"({"n":)" + std::to_string(i) + "}";
  }
  return target_->deliver_all(batch);
}

}  // namespace certflow::events::destinations::testing
