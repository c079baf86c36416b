// Amazon Resource Names in AWS form: arn:partition:service:region:account:resource.
#pragma once

#include <string>

#include "core/error.h"

namespace certflow {

struct Arn {
  std::string partition;
  std::string service;
  std::string region;
  std::string account;
  std::string resource;  // e.g. "certificate/61f50cd4-..."

  std::string str() const;
};

// Splits an ARN into its parts. A value that is not "arn:<p>:<s>:<r>:<a>:<resource>" with a
// non-empty partition, service and resource fails with kInvalidArn and a message naming it.
Result<Arn> parse_arn(const std::string& text);

// Validates an ACM certificate ARN against the API model's constraints (length 20..2048 and
// pattern arn:[\w+=/,.@-]+:acm:[\w+=/,.@-]*:[0-9]+:[\w+=,.@-]+(/[\w+=,.@-]+)*).
// The field name goes into the message, as AWS does ("The ARN ... in 'certificateArn' ...").
Result<Arn> parse_acm_certificate_arn(const std::string& text);

std::string acm_certificate_arn(const std::string& region, const std::string& account,
                                const std::string& id);

}  // namespace certflow
