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
#include "api/http_server.h"
#include "cli/credentials.h"
#include "core/clock.h"
#include "core/log.h"
#include "crypto/master_key.h"
#include "iam/access_keys.h"
#include "inventory/inventory.h"
#include "store/store.h"

namespace certflow::cli {

namespace {

struct ServeOptions {
  std::string listen = kDefaultListen;
  std::string data_dir = kDefaultDataDir;
  bool simulated_clock = false;
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  std::string log_level = "info";
  size_t http_threads = 64;
  size_t max_body_bytes = 4 * 1024 * 1024;
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
  ::mkdir(options.data_dir.c_str(), 0700);

  std::unique_ptr<Clock> clock;
  if (options.simulated_clock) {
    clock = std::make_unique<SimulatedClock>(RealClock().now());
    spdlog::warn("simulated clock: time moves only when told to");
  } else {
    clock = std::make_unique<RealClock>();
  }

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
  if (auto ok = ensure_admin_key(**store, *master, *clock, options.data_dir); !ok) {
    std::cerr << "certflow serve: " << ok.error().message << "\n";
    return 1;
  }

  inventory::Inventory inventory(**store, *master, *clock, {options.region, options.account_id});
  api::ServiceRegistry services;
  services.add(api::make_acm_service(inventory));
  iam::StoredCredentials credentials(**store, *master);
  api::ApiHandler handler(services, credentials, *clock, {options.region, options.max_body_bytes});
  api::HttpServer server(handler, {host, port, options.http_threads});

  // Signals are taken by one thread with sigwait, so no handler runs inside library code.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

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
  server.stop();
  http.join();
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
                  "Time moves only through the admin clock endpoint (tests and demos)");
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
  serve->callback([options] { std::exit(run_serve(*options)); });
}

}  // namespace certflow::cli
