// The built-in function certflow-deploy: a rule's lambda target runs deploy_event with the event.
#include "deploy/deploy.h"
#include "functions/functions.h"

namespace certflow::deploy {

functions::BuiltinFunction make_deploy_function(Deployer& deployer) {
  functions::BuiltinFunction function;
  function.name = kFunctionName;
  function.description =
      "Deploys certificates from \"ACM Certificate Available\" events with the matching "
      "`certflow deploy` configurations";
  function.invoke = [&deployer](const std::string& payload) {
    functions::Invocation invocation;
    auto report = deployer.deploy_event(payload);
    if (!report) {
      invocation.exit_code = 1;
      invocation.output = "certflow-deploy: " + report.error().message + "\n";
      return invocation;
    }
    invocation.exit_code = report->succeeded() ? 0 : 1;
    invocation.output = report->log;
    return invocation;
  };
  function.stop = [&deployer] { deployer.stop(); };
  return function;
}

}  // namespace certflow::deploy
