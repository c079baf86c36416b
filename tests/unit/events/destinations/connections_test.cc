// Connections: EventBridge's ARNs and states, secrets sealed at rest and absent from what
// describe and list return, updates that merge, lists that page, and AWS's refusals.
#include <fstream>
#include <regex>
#include <sstream>

#include "destinations_fixture.h"

namespace certflow::events::destinations::testing {
namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

using ConnectionsTest = DestinationsTest;

TEST_F(ConnectionsTest, ApiKeyConnectionIsAuthorizedAndDescribedWithoutItsSecret) {
  const Connection created = create(api_key_connection("hooks"));
  EXPECT_TRUE(std::regex_match(
      created.arn,
      std::regex("arn:aws:events:us-east-1:000000000000:connection/hooks/[0-9a-f-]{36}")))
      << created.arn;
  EXPECT_EQ(created.state, kAuthorized);
  EXPECT_EQ(created.created_at, clock_.now());
  ASSERT_TRUE(created.last_authorized_at);

  const Connection described = must(destinations().describe_connection("hooks"));
  EXPECT_EQ(described.arn, created.arn);
  EXPECT_EQ(described.spec.description, "the hooks' API key");
  ASSERT_TRUE(described.spec.api_key);
  EXPECT_EQ(described.spec.api_key->name, "x-api-key");
  EXPECT_EQ(described.spec.api_key->value, "");
  EXPECT_EQ(described.secret_arn.rfind(
                "arn:aws:secretsmanager:us-east-1:000000000000:secret:events!connection/hooks/", 0),
            0u);
}

TEST_F(ConnectionsTest, BasicIsAuthorizedAtOnceAndOAuthWaitsForItsFirstToken) {
  EXPECT_EQ(create(basic_connection("basic")).state, kAuthorized);
  const Connection oauth = create(oauth_connection("oauth", "https://auth.example.com/token"));
  EXPECT_EQ(oauth.state, kAuthorizing);
  EXPECT_FALSE(oauth.last_authorized_at);
  EXPECT_EQ(must(destinations().describe_connection("oauth")).spec.oauth->client_secret, "");
}

TEST_F(ConnectionsTest, SecretsAreSealedInTheDatabaseAndOpenOnlyForDelivery) {
  ConnectionSpec spec = basic_connection("sealed-basic");
  spec.invocation_http_parameters.header.push_back({"X-Secret", kSecretHeaderValue, true});
  spec.invocation_http_parameters.header.push_back({"X-Plain", "plain-header-value", false});
  create(spec);
  create(api_key_connection("sealed-key"));
  create(oauth_connection("sealed-oauth", "https://auth.example.com/token"));
  const Connection listed = must(destinations().list_connections({})).items.at(0);
  EXPECT_EQ(listed.spec.basic->password, "");
  EXPECT_EQ(listed.spec.invocation_http_parameters.header.at(0).value, "");
  EXPECT_EQ(listed.spec.invocation_http_parameters.header.at(1).value, "plain-header-value");

  store_.reset();  // close the store so every page is in the files
  const std::string bytes =
      file_bytes(engine_.database_path()) + file_bytes(engine_.database_path() + "-wal");
  EXPECT_NE(bytes.find("plain-header-value"), std::string::npos);  // the right files were read
  for (const char* secret : {kPassword, kApiKeyValue, kClientSecret, kSecretHeaderValue}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret << " is in the database in clear";
  }
  SetUp();
  ApiDestination destination = create_destination("sealed", listed.arn, "https://example.com/");
  const Invocation invocation = must(destinations().resolve(destination.arn));
  EXPECT_EQ(invocation.connection.spec.basic->password, kPassword);
  EXPECT_EQ(invocation.connection.spec.invocation_http_parameters.header.at(0).value,
            kSecretHeaderValue);
}

TEST_F(ConnectionsTest, RefusesWhatEventBridgeRefuses) {
  create(api_key_connection("taken"));
  auto duplicate = destinations().create_connection(api_key_connection("taken"));
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kResourceAlreadyExists);

  ConnectionSpec no_parameters = api_key_connection("bad");
  no_parameters.api_key.reset();
  EXPECT_EQ(destinations().create_connection(no_parameters).error().code, ErrorCode::kValidation);

  ConnectionSpec two_kinds = api_key_connection("bad");
  two_kinds.basic = BasicAuthParameters{"u", "p"};
  EXPECT_EQ(destinations().create_connection(two_kinds).error().code, ErrorCode::kValidation);

  ConnectionSpec plain_http = oauth_connection("bad", "http://auth.example.com/token");
  auto refused = destinations().create_connection(plain_http);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kValidation);
  EXPECT_NE(refused.error().message.find("https://"), std::string::npos);
  EXPECT_TRUE(
      destinations().create_connection(oauth_connection("loopback", "http://127.0.0.1:9/token")));

  ConnectionSpec bad_name = api_key_connection("no spaces");
  EXPECT_EQ(destinations().create_connection(bad_name).error().code, ErrorCode::kValidation);
  auto missing = destinations().describe_connection("nowhere");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kResourceNotFound);
  EXPECT_EQ(destinations().delete_connection("nowhere").error().code, ErrorCode::kResourceNotFound);
}

TEST_F(ConnectionsTest, UpdateMergesWhatIsGivenAndReauthorizes) {
  const Connection created = create(basic_connection("update-me"));
  clock_.advance(std::chrono::minutes(5));

  ConnectionUpdate password;
  password.name = "update-me";
  password.password = "a-new-password";
  const Connection updated = must(destinations().update_connection(password));
  EXPECT_EQ(updated.arn, created.arn);
  EXPECT_EQ(updated.created_at, created.created_at);
  EXPECT_EQ(updated.modified_at, clock_.now());
  const Invocation check = must(destinations().resolve(
      create_destination("uses-it", created.arn, "https://example.com/").arn));
  EXPECT_EQ(check.connection.spec.basic->username, "hook-user");
  EXPECT_EQ(check.connection.spec.basic->password, "a-new-password");

  ConnectionUpdate incomplete;
  incomplete.name = "update-me";
  incomplete.authorization_type = kApiKey;
  incomplete.api_key_name = "x-key";  // no ApiKeyValue: the new type needs its parameters whole
  EXPECT_EQ(destinations().update_connection(incomplete).error().code, ErrorCode::kValidation);

  ConnectionUpdate to_oauth;
  to_oauth.name = "update-me";
  to_oauth.authorization_type = kOAuthClientCredentials;
  to_oauth.client_id = "id";
  to_oauth.client_secret = "secret";
  to_oauth.authorization_endpoint = "https://auth.example.com/token";
  to_oauth.oauth_http_method = "POST";
  const Connection oauth = must(destinations().update_connection(to_oauth));
  EXPECT_EQ(oauth.state, kAuthorizing);
  EXPECT_FALSE(oauth.spec.basic);

  must(destinations().record_authorization(oauth.arn, oauth.revision, true, ""));
  EXPECT_EQ(must(destinations().describe_connection("update-me")).state, kAuthorized);
  ConnectionUpdate description;
  description.name = "update-me";
  description.description = "only words";
  EXPECT_EQ(must(destinations().update_connection(description)).state, kAuthorized);
  ConnectionUpdate secret;
  secret.name = "update-me";
  secret.client_secret = "another";
  EXPECT_EQ(must(destinations().update_connection(secret)).state, kAuthorizing);
}

TEST_F(ConnectionsTest, AuthorizationReportsAboutOldCredentialsAreIgnored) {
  const Connection oauth = create(oauth_connection("reports", "https://auth.example.com/token"));
  must(destinations().record_authorization(oauth.arn, oauth.revision, false,
                                           "the endpoint answered HTTP 401"));
  Connection now = must(destinations().describe_connection("reports"));
  EXPECT_EQ(now.state, kDeauthorized);
  EXPECT_EQ(now.state_reason, "the endpoint answered HTTP 401");
  EXPECT_EQ(now.modified_at, oauth.modified_at);  // a state change is not a modification

  ConnectionUpdate fix;  // in the same millisecond: the revision, not the time, tells them apart
  fix.name = "reports";
  fix.client_secret = "the right one";
  must(destinations().update_connection(fix));
  // A late report about the old secret must not undo the update's AUTHORIZING.
  must(destinations().record_authorization(oauth.arn, oauth.revision, false, "stale"));
  now = must(destinations().describe_connection("reports"));
  EXPECT_EQ(now.state, kAuthorizing);
  EXPECT_EQ(now.state_reason, "");
}

TEST_F(ConnectionsTest, ListsPageByNameAndFilterByState) {
  for (const char* name : {"c-1", "c-2", "c-3", "c-4", "C-5"}) create(api_key_connection(name));
  create(oauth_connection("c-oauth", "https://auth.example.com/token"));

  ListConnectionsRequest request;
  request.name_prefix = "c-";
  request.limit = 2;
  std::vector<std::string> names;
  for (int pages = 0;; ++pages) {
    ASSERT_LT(pages, 5);
    auto page = must(destinations().list_connections(request));
    EXPECT_LE(page.items.size(), 2u);
    for (const auto& c : page.items) names.push_back(c.spec.name);
    if (!page.next_token) break;
    request.next_token = page.next_token;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"c-1", "c-2", "c-3", "c-4", "c-oauth"}));

  ListConnectionsRequest authorizing;
  authorizing.state = kAuthorizing;
  auto filtered = must(destinations().list_connections(authorizing));
  ASSERT_EQ(filtered.items.size(), 1u);
  EXPECT_EQ(filtered.items[0].spec.name, "c-oauth");

  ListConnectionsRequest forged;
  forged.next_token = "Zm9yZ2Vk";
  EXPECT_EQ(destinations().list_connections(forged).error().code, ErrorCode::kValidation);
}

TEST_F(ConnectionsTest, AConnectionInUseCannotBeDeleted) {
  const Connection connection = create(api_key_connection("in-use"));
  create_destination("user-1", connection.arn, "https://example.com/a");
  auto refused = destinations().delete_connection("in-use");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kValidation);
  EXPECT_NE(refused.error().message.find("user-1"), std::string::npos);

  must(destinations().delete_api_destination("user-1"));
  const Connection deleted = must(destinations().delete_connection("in-use"));
  EXPECT_EQ(deleted.arn, connection.arn);
  EXPECT_EQ(deleted.state, "DELETING");
  EXPECT_EQ(destinations().describe_connection("in-use").error().code,
            ErrorCode::kResourceNotFound);
}

}  // namespace
}  // namespace certflow::events::destinations::testing
