// certflow's own API beside ACM's (X-Amz-Target "Certflow.<Operation>", SigV4 service
// "certflow", JSON 1.1): the event outbox, the forecast, certflow's settings and, only when the
// daemon runs with --simulated-clock, the clock. docs/OPERATIONS.md lists the operations.
#pragma once

#include <memory>

#include "api/service.h"
#include "core/clock.h"
#include "deploy/deploy.h"
#include "functions/functions.h"
#include "inventory/inventory.h"
#include "lifecycle/lifecycle.h"
#include "store/store.h"

namespace certflow::api {

struct CertflowServiceParts {
  store::Store& store;  // the outbox is read straight from the store
  inventory::Inventory& inventory;
  const Clock& clock;  // the lifecycle clock: Forecast starts at its now
  // Set only under --simulated-clock; without it GetClock, SetClock and AdvanceClock do not exist
  // (UnknownOperationException), so nobody can move a real clock.
  lifecycle::ClockControl* clock_control = nullptr;
  // CreateFunction, InvokeFunction and the other function operations (certflow_functions.h);
  // without it they answer ServiceUnavailable.
  functions::Functions* functions = nullptr;
  // PutDeployment, RunDeployment and the other deployment operations (certflow_deploy.h);
  // without it they answer ServiceUnavailable.
  deploy::Deployer* deployer = nullptr;
};

std::unique_ptr<JsonService> make_certflow_service(const CertflowServiceParts& parts);

}  // namespace certflow::api
