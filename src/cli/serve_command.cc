#include "cli/serve_command.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include "api/acm/acm_service.h"
#include "api/api_handler.h"
#include "api/certflow/certflow_service.h"
#include "api/events/events_service.h"
#include "api/http_server.h"
#include "api/pca/crl_page.h"
#include "api/pca/pca_service.h"
#include "api/securityhub/securityhub_service.h"
#include "api/sns/sns_pages.h"
#include "api/sns/sns_service.h"
#include "api/sqs/sqs_service.h"
#include "cli/credentials.h"
#include "cli/serve_clock.h"
#include "cli/serve_functions.h"
#include "cli/serve_notify.h"
#include "core/clock.h"
#include "core/log.h"
#include "crypto/master_key.h"
#include "deploy/deploy.h"
#include "events/bus/bus.h"
#include "events/destinations/destinations.h"
#include "events/targets/api_destination_target.h"
#include "events/targets/function_target.h"
#include "events/targets/log_target.h"
#include "events/targets/queue_target.h"
#include "events/targets/topic_target.h"
#include "findings/findings.h"
#include "findings/findings_target.h"
#include "functions/functions.h"
#include "iam/access_keys.h"
#include "inventory/inventory.h"
#include "inventory/pca/pca.h"
#include "lifecycle/lifecycle.h"
#include "queue/queues.h"
#include "store/store.h"

namespace certflow::cli {

namespace {

struct ServeOptions {
  std::string listen = kDefaultListen;
  std::string data_dir = kDefaultDataDir;
  bool simulated_clock = false;
  std::optional<std::string> clock_start;  // ISO-8601; only with simulated_clock
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  std::string log_level = "info";
  size_t http_threads = 64;
  size_t max_body_bytes = 4 * 1024 * 1024;
  int outbox_retention_days = 90;
  NotifyOptions notify;
};

bool split_host_port(const std::string& listen, std::string& host, int& port) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  try {
    size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    return used == listen.size() - colon - 1 && port >= 0 && port <= 65535;
  } catch (const std::exception&) {
    return false;
  }
}

// The first start creates the administrator key; later starts keep whatever the store holds.
Status ensure_admin_key(store::Store& store, const crypto::MasterKey& master, const Clock& clock,
                        const std::string& data_dir) {
  auto id = env("CERTFLOW_ADMIN_ACCESS_KEY_ID");
  auto secret = env("CERTFLOW_ADMIN_SECRET_ACCESS_KEY");
  if (id.has_value() != secret.has_value()) {
    return fail(ErrorCode::kValidation,
                "Set both CERTFLOW_ADMIN_ACCESS_KEY_ID and CERTFLOW_ADMIN_SECRET_ACCESS_KEY, or "
                "neither.");
  }
  if (id) {
    auto existing = store.get_access_key(*id);
    if (!existing) return tl::unexpected(existing.error());
    if (*existing) return {};
    return iam::add_access_key(store, master, *id, crypto::SecretBytes(*secret), "admin",
                               clock.now());
  }
  auto keys = store.list_access_keys();
  if (!keys) return tl::unexpected(keys.error());
  if (!keys->empty()) return {};
  // The file is written before the key is stored: a crash in between leaves no stored key, so
  // the next start makes a new pair and replaces the file, and nobody is ever locked out.
  auto [new_id, new_secret] = iam::generate_access_key();
  const std::string path = data_dir + "/admin-credentials";
  if (auto ok = write_credentials_file(path, new_id, new_secret); !ok) return ok;
  if (auto ok = iam::add_access_key(store, master, new_id, new_secret, "admin", clock.now()); !ok) {
    return ok;
  }
  spdlog::info("created administrator access key {}; credentials written to {}", new_id, path);
  return {};
}

int run_serve(const ServeOptions& options) {
  init_logging(options.log_level);
  std::string host;
  int port = 0;
  if (!split_host_port(options.listen, host, port)) {
    std::cerr << "certflow serve: --listen must be HOST:PORT, e.g. 127.0.0.1:8750\n";
    return 2;
  }
  auto clock_start = parse_clock_start(options.simulated_clock, options.clock_start);
  if (!clock_start) {
    std::cerr << "certflow serve: " << clock_start.error().message << "\n";
    return 2;
  }
  ::mkdir(options.data_dir.c_str(), 0700);

  // Two clocks: request signatures and access keys live in real time whatever the lifecycle
  // does, so SigV4 timestamps are always checked against the system clock.
  RealClock real_clock;

  auto master = crypto::load_or_create_master_key(options.data_dir, env("CERTFLOW_MASTER_KEY"));
  if (!master) {
    std::cerr << "certflow serve: " << master.error().message << "\n";
    return 1;
  }
  auto store = store::open_sqlite_store({options.data_dir + "/certflow.db"});
  if (!store) {
    std::cerr << "certflow serve: cannot open the store: " << store.error().message << "\n";
    return 1;
  }
  if (auto ok = ensure_admin_key(**store, *master, real_clock, options.data_dir); !ok) {
    std::cerr << "certflow serve: " << ok.error().message << "\n";
    return 1;
  }

  // The lifecycle clock: the inventory, the engine and the native API's Forecast run on it.
  std::unique_ptr<SimulatedClock> simulated;
  if (options.simulated_clock) {
    auto start = simulated_start(**store, *clock_start, real_clock.now());
    if (!start) {
      std::cerr << "certflow serve: " << start.error().message << "\n";
      return start.error().code == ErrorCode::kValidation ? 2 : 1;
    }
    simulated = std::make_unique<SimulatedClock>(*start);
  }
  const Clock& clock = simulated ? static_cast<const Clock&>(*simulated) : real_clock;

  inventory::Inventory inventory(**store, *master, clock, {options.region, options.account_id});
  // The private CAs: issued certificates name this daemon's CRL page, at the public URL when
  // one is configured (the address people and TLS clients reach), else the listen address.
  std::string crl_base_url =
      options.notify.public_url.empty() ? "http://" + options.listen : options.notify.public_url;
  while (!crl_base_url.empty() && crl_base_url.back() == '/') crl_base_url.pop_back();
  pca::CertificateAuthorities authorities(**store, *master, clock,
                                          {options.region, options.account_id, crl_base_url});
  inventory.set_private_issuer(&authorities);
  lifecycle::IssuerRegistry issuers;
  // PRIVATE certificates renew through their private CA.
  lifecycle::PrivateRenewalIssuer private_renewals(inventory);
  issuers.add("PRIVATE", private_renewals);
  lifecycle::LifecycleEngine engine(**store, inventory, clock, issuers);
  // RenewCertificate's attempt runs through the engine, as a scheduled one does.
  inventory.set_renewal_trigger(&engine);
  std::unique_ptr<lifecycle::ClockControl> clock_control;
  if (simulated) {
    clock_control = std::make_unique<lifecycle::ClockControl>(*simulated, engine, **store);
    spdlog::info("clock: simulated, at {}; time moves only through `certflow clock`",
                 to_iso8601(simulated->now()));
    // Catch-up before serving, as after downtime; moving to now also persists the start.
    auto caught_up = clock_control->advance_to(simulated->now(), /*jump=*/true);
    if (!caught_up) {
      std::cerr << "certflow serve: the start-up evaluation failed: " << caught_up.error().message
                << "\n";
      return 1;
    }
  } else {
    spdlog::info("clock: real (system time); lifecycle evaluations run in the background");
  }

  // Signals are taken by one thread with sigwait, so no handler runs inside library code. Blocked
  // before any thread starts, so that every thread inherits the mask; until here (the catch-up)
  // SIGINT and SIGTERM still end the process at once, which the store is built to survive.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  if (!simulated) engine.start();

  // Functions, certflow's Lambda: run by rules' lambda targets and by InvokeFunction, on their
  // own worker pool (started here, after the signal mask, like every thread).
  functions::Functions functions(**store, clock,
                                 functions_config(options.region, options.account_id));
  // certflow deploy: deployment configurations, and the built-in function certflow-deploy that
  // rules' lambda targets run for "ACM Certificate Available". Reload commands run as functions
  // do (their environment, the daemon's PATH and the sbin directories where servers keep their
  // control programs); the TLS checks after a reload wait in real time, whatever the clock.
  deploy::DeployerOptions deploy_options;
  deploy_options.region = options.region;
  deploy_options.account_id = options.account_id;
  deploy_options.search_path = functions.config().search_path + ":/usr/local/sbin:/usr/sbin:/sbin";
  for (const auto& [name, value] : functions.config().base_environment) {
    deploy_options.reload_environment.push_back(name + "=" + value);
  }
  deploy::Deployer deployer(**store, inventory, clock, deploy_options);
  functions.add_builtin(deploy::make_deploy_function(deployer));
  api::ServiceRegistry services;
  services.add(api::make_acm_service(inventory));
  services.add(api::make_pca_service(authorities));
  services.add(api::make_certflow_service(
      {**store, inventory, clock, clock_control.get(), &functions, &deployer}));
  // SQS-compatible queues, in both of SQS's protocols. They run on real time even with
  // --simulated-clock: visibility timeouts, delays and long polls concern consumers, who live in
  // real time, and a simulated jump of days would expire every message.
  queue::QueuesConfig queues_config;
  queues_config.region = options.region;
  queues_config.account_id = options.account_id;
  queue::Queues queues(**store, real_clock, queues_config);
  services.add(api::make_sqs_json_service(queues));
  services.add(api::make_sqs_query_service(queues));

  // Notification topics (SNS): on the lifecycle clock like the bus, so their retries follow
  // simulated time in tests.
  auto notify_runtime =
      start_notify(options.notify, **store, *master, clock, queues, functions, options.region,
                   options.account_id, "http://" + options.listen);
  if (!notify_runtime) {
    std::cerr << "certflow serve: " << notify_runtime.error().message << "\n";
    return notify_runtime.error().code == ErrorCode::kValidation ? 2 : 1;
  }
  notify::Topics& topics = topics_of(**notify_runtime);
  services.add(api::make_sns_query_service(topics, options.account_id));

  // The event bus: every outbox event (lifecycle and PutEvents) to the matching rules' targets.
  // It runs on the lifecycle clock, so retries and event ages follow simulated time in tests.
  events::targets::QueueTarget queue_target(queues);
  events::bus::TargetRegistry targets;
  targets.add("sqs", queue_target);
  events::targets::FunctionTarget function_target(functions, **store, clock);
  targets.add("lambda", function_target);
  events::targets::LogTarget log_target(**store, clock, options.region, options.account_id);
  targets.add("logs", log_target);
  events::targets::TopicTarget topic_target(topics, options.account_id);
  targets.add("sns", topic_target);
  // ACM events as Security Hub findings (ASFF), read back through GetFindings (restJson1).
  findings::Findings findings(**store, clock, {options.region, options.account_id});
  findings::FindingsTarget findings_target(findings);
  targets.add("securityhub", findings_target);
  services.add(api::make_securityhub_service(findings));
  // Connections and API destinations: HTTP(S) endpoints, called through libcurl.
  events::destinations::Destinations destinations(**store, *master, clock,
                                                  {options.region, options.account_id});
  events::targets::ApiDestinationTarget api_destination_target(destinations, clock);
  targets.add("events:api-destination", api_destination_target);
  events::bus::EventBus bus(
      **store, clock, targets,
      {options.region, options.account_id, std::chrono::hours(24 * options.outbox_retention_days)});
  if (auto ok = bus.load(); !ok) {
    std::cerr << "certflow serve: cannot load the event rules: " << ok.error().message << "\n";
    return 1;
  }
  api::EventsBackend events_backend{bus, destinations};
  services.add(api::make_events_service(events_backend));
  engine.set_events_listener([&bus] { bus.wake(); });
  deployer.set_wake_listener([&bus] { bus.wake(); });  // its failure events
  bus.start();
  iam::StoredCredentials credentials(**store, *master);
  api::ApiHandler handler(services, credentials, real_clock,
                          {options.region, options.max_body_bytes});
  handler.add_public_page(api::make_sns_pages(topics, signer_of(**notify_runtime)));
  handler.add_public_page(api::make_crl_page(authorities));
  api::HttpServer server(handler, {host, port, options.http_threads});

  if (auto ok = server.bind(); !ok) {
    std::cerr << "certflow serve: " << ok.error().message << "\n";
    return 1;
  }
  std::thread http([&server] { server.run(); });
  spdlog::info("certflow listening on http://{}:{} (region {}, account {}, data {})", host,
               server.port(), options.region, options.account_id, options.data_dir);
  std::cout << "certflow listening on http://" << host << ":" << server.port() << std::endl;

  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
  queues.stop_waiting();  // long polls answer now rather than hold the server's stop
  // Running functions are killed rather than waited for (up to 15 minutes); their deliveries are
  // retried after the restart.
  functions.stop();
  server.stop();
  http.join();
  engine.stop();  // before the store closes: an evaluation in flight finishes first
  bus.stop();
  topics.stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* serve = app.add_subcommand("serve", "Run the certflow daemon");
  serve->add_option("--listen", options->listen, "Address to listen on, HOST:PORT")
      ->capture_default_str();
  serve->add_option("--data-dir", options->data_dir, "Directory for the store and master key")
      ->capture_default_str();
  serve->add_flag("--simulated-clock", options->simulated_clock,
                  "Time moves only when told to, through `certflow clock` (tests and demos)");
  serve->add_option("--clock-start", options->clock_start,
                    "With --simulated-clock: the simulated time to start at, ISO-8601 UTC "
                    "(default: where the last simulation stood, else now)");
  serve->add_option("--region", options->region, "AWS region of this installation")
      ->capture_default_str();
  serve->add_option("--account-id", options->account_id, "AWS account id of this installation")
      ->capture_default_str()
      ->check([](const std::string& v) {
        return v.size() == 12 && v.find_first_not_of("0123456789") == std::string::npos
                   ? std::string()
                   : std::string("the account id must be 12 digits");
      });
  serve->add_option("--log-level", options->log_level, "trace|debug|info|warn|error")
      ->capture_default_str();
  serve->add_option("--http-threads", options->http_threads, "HTTP worker threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  serve->add_option("--max-body-bytes", options->max_body_bytes, "Largest request body accepted")
      ->capture_default_str();
  serve
      ->add_option("--outbox-retention-days", options->outbox_retention_days,
                   "Days a routed event stays in the outbox (`certflow events list`)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  add_notify_options(*serve, options->notify);
  serve->callback([options] { std::exit(run_serve(*options)); });
}

}  // namespace certflow::cli
