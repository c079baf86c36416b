// certflow deploy: puts a certificate where a server reads it. The door of the deploy room.
//
// A deployment configuration (kept as a store resource row of kind "deploy-config") says which
// certificates it takes (one ARN, or every certificate with a tag), where the certificate, its
// chain, the two together (fullchain) and its private key go, who owns the files, how to make
// the server reload, and which TLS endpoint must then serve the new certificate.
//
// Deploying a certificate: export it (Inventory::export_for_deployment: Exported is set and an
// audit record names certflow-deploy), write each file atomically (a temporary file in the same
// directory, fsync, chown, rename, fsync of the directory; the key is always 0600) and skip files
// that already hold the same content, run the reload command (its own process group, a
// timeout, output kept), then probe the endpoint over TLS until it serves the new serial (real
// time: servers reload asynchronously). Any failure appends one "certflow Certificate Deployment
// Failed" event to the outbox, at most once per triggering event and configuration, and the
// deployment counts as failed so the bus retries it.
//
// The built-in function certflow-deploy (make_deploy_function) runs deploy_event for the events
// a rule sends it. docs/OPERATIONS.md, "Deployment (certflow deploy)".
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "functions/builtin.h"
#include "inventory/inventory.h"
#include "store/store.h"

namespace certflow::deploy {

inline constexpr const char* kResourceKind = "deploy-config";  // store::ResourceRow::kind
inline constexpr const char* kFunctionName = "certflow-deploy";
inline constexpr std::string_view kEventSource = "certflow.deploy";
inline constexpr std::string_view kDeploymentFailed = "certflow Certificate Deployment Failed";
inline constexpr int kDefaultMode = 0644;
inline constexpr int kKeyMode = 0600;
inline constexpr int kDefaultReloadTimeoutSeconds = 30;
inline constexpr int kMaxReloadTimeoutSeconds = 900;

// Every certificate carrying the tag (with this value, when one is given).
struct TagSelector {
  std::string key;
  std::optional<std::string> value;
  bool operator==(const TagSelector&) const = default;
};

struct DeploymentConfig {
  std::string name;  // 1..64 of [A-Za-z0-9_-]
  // Exactly one of the two.
  std::optional<std::string> certificate_arn;
  std::optional<TagSelector> tag;
  // Absolute paths in existing directories. certificate_path and key_path are required; an
  // empty chain_path or fullchain_path is not written. Fullchain is the certificate then its
  // chain in one file, as nginx reads it.
  std::string certificate_path;
  std::string chain_path;
  std::string fullchain_path;
  std::string key_path;
  std::string owner;        // "user" or "user:group", resolved when deploying; "" = the daemon's
  int mode = kDefaultMode;  // of the certificate, chain and fullchain files; the key is 0600
  // The program (an absolute path, or a name resolved on the daemon's PATH when stored) and its
  // arguments; empty = no reload.
  std::vector<std::string> reload_command;
  int reload_timeout_seconds = kDefaultReloadTimeoutSeconds;  // 1..900
  std::string verify;       // "host:port" ("[::1]:443"); "" = no probe
  std::string server_name;  // SNI for the probe; "" = the certificate's domain name
  TimePoint created;
  TimePoint modified;
};

enum class Stage { kExport, kWrite, kReload, kVerify };
std::string_view to_string(Stage stage);  // "export", "write", "reload", "verify"

// What one configuration's deployment of one certificate did.
struct DeploymentOutcome {
  std::string name;  // the configuration
  std::string certificate_arn;
  std::optional<Stage> failed_stage;       // nullopt: deployed (and verified, when configured)
  std::string reason;                      // why it failed; what a person can act on
  std::string expected_serial;             // "0a:1b:..." as DescribeCertificate shows it
  std::string served_serial;               // what the endpoint served last; "" when not probed
  std::vector<std::string> files_written;  // the files whose content changed
  bool reloaded = false;
  bool verified = false;
  bool succeeded() const { return !failed_stage.has_value(); }
};

struct DeployReport {
  std::vector<DeploymentOutcome> outcomes;
  // One line per step, for the function's log (/aws/lambda/certflow-deploy); no secrets.
  std::string log;
  bool succeeded() const;
};

struct DeployerOptions {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // Where a bare reload program is looked up when a configuration is stored.
  std::string search_path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  // The reload command's whole environment ("NAME=value").
  std::vector<std::string> reload_environment;
  size_t max_output_bytes = 16 * 1024;  // of the reload command's output kept in the log
  // The probe is repeated every interval for at most the window: a server reloads
  // asynchronously (nginx: its new workers start after `nginx -s reload` returns).
  std::chrono::milliseconds verify_window{10'000};
  std::chrono::milliseconds verify_interval{200};
  std::chrono::milliseconds probe_timeout{2'000};  // connect and handshake, each probe
  // Waits in real time between probes (RealClock::pause when empty). Injected: the daemon's
  // lifecycle clock may be simulated, and a server does not reload in simulated time.
  std::function<void(std::chrono::milliseconds)> pause;
};

class ReloadRunner;  // reload.h

class Deployer {
 public:
  // `clock` (the lifecycle clock) stamps configurations and failure events.
  Deployer(store::Store& store, inventory::Inventory& inventory, const Clock& clock,
           DeployerOptions options);
  ~Deployer();
  Deployer(const Deployer&) = delete;
  Deployer& operator=(const Deployer&) = delete;

  // Stores (inserting or replacing) a configuration. kValidation says what to fix (paths not
  // absolute, directories that do not exist, an unknown owner, a port out of range, ...). The
  // reload program is resolved here, as functions resolve theirs.
  Result<DeploymentConfig> put(const DeploymentConfig& config);
  Result<DeploymentConfig> get(const std::string& name);  // kResourceNotFound
  Result<std::vector<DeploymentConfig>> list();           // in name order
  Status remove(const std::string& name);                 // kResourceNotFound

  // For an "ACM Certificate Available" event (EventBridge JSON; resources[0] is the
  // certificate): deploys the certificate with every configuration that selects it. Other
  // detail-types are ignored (a log line, no outcomes). kValidation when the text is not an
  // event; store errors as they come. A report whose succeeded() is false means a deployment
  // failed and its failure event is in the outbox.
  Result<DeployReport> deploy_event(const std::string& event_json);
  // A manual deployment (RunDeployment): the same steps for one configuration. kValidation when
  // the configuration does not select the certificate.
  Result<DeployReport> run(const std::string& name, const std::string& certificate_arn);

  // Called after a failure event was committed (the bus's wake). Set it before the first
  // deployment can run.
  void set_wake_listener(std::function<void()> listener);
  // Kills a running reload command and cuts short the probes: for the daemon's shutdown.
  void stop();

 private:
  DeploymentOutcome deploy_one(const DeploymentConfig& config, const std::string& arn,
                               const std::string& trigger_id, std::string& log);
  Result<std::vector<DeploymentConfig>> selecting(const std::string& arn, std::string& log);
  // Appends the failure event (once per trigger and configuration) and wakes the bus.
  void report_failure(const DeploymentOutcome& outcome, const DeploymentConfig& config,
                      const std::string& trigger_id, std::string& log);

  store::Store& store_;
  inventory::Inventory& inventory_;
  const Clock& clock_;
  DeployerOptions options_;
  std::unique_ptr<ReloadRunner> reloads_;
  std::atomic<bool> stopping_{false};
  std::mutex deploy_mutex_;  // deployments run one at a time: they may share files and servers
  std::mutex wake_mutex_;
  std::function<void()> wake_;
};

// The built-in function certflow-deploy over `deployer`: the payload is the event, exit status 0
// when every deployment succeeded, 1 otherwise; the report's log is the output.
functions::BuiltinFunction make_deploy_function(Deployer& deployer);

}  // namespace certflow::deploy
