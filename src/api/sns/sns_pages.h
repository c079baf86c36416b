// The pages behind SNS's links, served without a signature as SNS serves them: the
// confirmation link of a SubscriptionConfirmation (GET /?Action=ConfirmSubscription&TopicArn=..
// &Token=..), the unsubscribe link of every notification (GET /?Action=Unsubscribe
// &SubscriptionArn=..), and the signing certificate at SigningCertURL. People open the first two
// in a browser, so they answer with a small HTML page that says in plain words what happened.
#pragma once

#include "api/api_handler.h"
#include "notify/signer.h"
#include "notify/topics.h"

namespace certflow::api {

ApiHandler::PublicPage make_sns_pages(notify::Topics& topics, const notify::MessageSigner& signer);

}  // namespace certflow::api
