// The native API's deployment operations (Certflow.PutDeployment, GetDeployment,
// ListDeployments, DeleteDeployment, RunDeployment) over deploy::Deployer: their decoders, checked
// as the other native operations are (a ValidationException names the member), their answers,
// and the operations. The decoders need no daemon, so the fuzzer drives them directly.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "api/certflow/certflow_service.h"
#include "core/error.h"
#include "deploy/deploy.h"

namespace certflow::api::native {

struct RunDeploymentInput {
  std::string name;
  std::string certificate_arn;
};

// PutDeployment {Name, CertificateArn? | Tag: {Key, Value?}, CertificatePath, ChainPath?,
// FullchainPath?, KeyPath, Owner?, Mode? ("0644"), ReloadCommand?: [program, args...],
// ReloadTimeout?, Verify? ("host:port"), ServerName?}. The deployer checks meaning (paths exist,
// one selector, ...).
Result<deploy::DeploymentConfig> decode_put_deployment(const nlohmann::json& body);
// GetDeployment and DeleteDeployment {Name}.
Result<std::string> decode_deployment_name(const nlohmann::json& body);
// RunDeployment {Name, CertificateArn}.
Result<RunDeploymentInput> decode_run_deployment(const nlohmann::json& body);

// The members PutDeployment takes, plus Arn, Created and Modified.
nlohmann::json deployment_output(const deploy::DeploymentConfig& config);
// {Succeeded, Outcomes: [{Name, CertificateArn, Succeeded, Stage?, Reason?, ExpectedSerial,
// ServedSerial?, FilesWritten, Reloaded, Verified}], Log}.
nlohmann::json deploy_report_output(const deploy::DeployReport& report);

// The operations, as rows of the native API's operation table (certflow_service.cc).
Result<nlohmann::json> put_deployment(const CertflowServiceParts& parts, const nlohmann::json& in);
Result<nlohmann::json> get_deployment(const CertflowServiceParts& parts, const nlohmann::json& in);
Result<nlohmann::json> list_deployments(const CertflowServiceParts& parts,
                                        const nlohmann::json& in);
Result<nlohmann::json> delete_deployment(const CertflowServiceParts& parts,
                                         const nlohmann::json& in);
Result<nlohmann::json> run_deployment(const CertflowServiceParts& parts, const nlohmann::json& in);

}  // namespace certflow::api::native
