// The bus target that records ACM events as findings: a rule's target ARN names the hub of this
// installation, arn:aws:securityhub:REGION:ACCOUNT:hub/default (Security Hub's ARN for an
// account's hub), registered under "securityhub" in the composition root.
#pragma once

#include "events/bus/target.h"
#include "findings/findings.h"

namespace certflow::findings {

class FindingsTarget final : public events::bus::Target {
 public:
  explicit FindingsTarget(Findings& findings) : findings_(findings) {}
  Status check(const std::string& arn) override;
  // An event that is not an ACM event fails for good (NotAnAcmEvent, not retried: the rule
  // matches events the hub cannot take); a store failure is retried (StoreUnavailable).
  events::bus::DeliveryOutcome deliver(const events::bus::Delivery& delivery) override;

 private:
  Findings& findings_;
};

}  // namespace certflow::findings
