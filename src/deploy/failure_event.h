// The "certflow Certificate Deployment Failed" event, as an outbox record. Engine of the deploy
// room; docs/OPERATIONS.md documents its shape.
#pragma once

#include <string>

#include "core/clock.h"
#include "deploy/deploy.h"
#include "store/store.h"

namespace certflow::deploy {

// An EventBridge event (version, id, detail-type, source "certflow.deploy", account, time,
// region, resources [certificate ARN], detail {CertificateArn, DeploymentName, Stage, Reason,
// ExpectedSerial, ServedSerial?, Endpoint?}) on the default bus. Its dedup key,
// "<trigger_id>|deploy-failed|<configuration>", makes a retried delivery of the same triggering
// event emit it once. REQUIRES: outcome failed.
store::EventRecord deployment_failed_event(const DeploymentOutcome& outcome,
                                           const DeploymentConfig& config,
                                           const std::string& trigger_id, const std::string& region,
                                           const std::string& account_id, TimePoint now);

}  // namespace certflow::deploy
