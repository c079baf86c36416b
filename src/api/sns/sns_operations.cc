#include "api/sns/sns_operations.h"

#include <map>

#include "api/sns/sns_input.h"
#include "api/sns/sns_output.h"

namespace certflow::api::sns {

namespace {

using Answer = Result<std::optional<std::string>>;

// An action whose answer has no result element.
Answer none(Status status) {
  if (!status) return tl::unexpected(status.error());
  return std::optional<std::string>();
}

template <typename T, typename Encode>
Answer encoded(Result<T> result, Encode&& encode) {
  if (!result) return tl::unexpected(result.error());
  return std::optional<std::string>(encode(*result));
}

template <typename T, typename F>
Answer with(Result<T> decoded, F&& body) {
  if (!decoded) return tl::unexpected(decoded.error());
  return body(*decoded);
}

notify::Publisher publisher_of(const SnsContext& context) {
  return {"", std::string(context.account_id), ""};
}

Answer create_topic(notify::Topics& topics, const SnsContext&, const query::FormParams& params) {
  return with(decode_create_topic(params), [&](const CreateTopicInput& in) {
    return encoded(topics.create_topic(in.name, in.attributes, in.tags), encode_topic_arn);
  });
}

Answer delete_topic(notify::Topics& topics, const SnsContext&, const query::FormParams& params) {
  return with(decode_topic_arn(params),
              [&](const std::string& arn) { return none(topics.delete_topic(arn)); });
}

Answer list_topics(notify::Topics& topics, const SnsContext&, const query::FormParams& params) {
  return with(decode_next_token(params), [&](const std::optional<std::string>& token) {
    return encoded(topics.list_topics(token), encode_list_topics);
  });
}

Answer get_topic_attributes(notify::Topics& topics, const SnsContext&,
                            const query::FormParams& params) {
  return with(decode_topic_arn(params), [&](const std::string& arn) {
    return encoded(topics.get_topic_attributes(arn), encode_attributes);
  });
}

Answer set_topic_attributes(notify::Topics& topics, const SnsContext&,
                            const query::FormParams& params) {
  return with(decode_set_topic_attributes(params), [&](const SetAttributeInput& in) {
    return none(topics.set_topic_attribute(in.arn, in.name, in.value));
  });
}

Answer subscribe(notify::Topics& topics, const SnsContext&, const query::FormParams& params) {
  return with(decode_subscribe(params), [&](const notify::SubscribeRequest& in) {
    return encoded(topics.subscribe(in), encode_subscription_arn);
  });
}

Answer confirm_subscription(notify::Topics& topics, const SnsContext&,
                            const query::FormParams& params) {
  return with(decode_confirm_subscription(params), [&](const ConfirmInput& in) {
    return encoded(
        topics.confirm_subscription(in.topic_arn, in.token, in.authenticate_on_unsubscribe),
        encode_subscription_arn);
  });
}

Answer unsubscribe(notify::Topics& topics, const SnsContext&, const query::FormParams& params) {
  // Only signed requests reach a query service: this is the authenticated unsubscribe.
  return with(decode_subscription_arn(params), [&](const std::string& arn) {
    return none(topics.unsubscribe(arn, /*authenticated=*/true));
  });
}

Answer list_subscriptions(notify::Topics& topics, const SnsContext&,
                          const query::FormParams& params) {
  return with(decode_next_token(params), [&](const std::optional<std::string>& token) {
    return encoded(topics.list_subscriptions(std::nullopt, token), encode_subscriptions);
  });
}

Answer list_subscriptions_by_topic(notify::Topics& topics, const SnsContext&,
                                   const query::FormParams& params) {
  return with(decode_list_subscriptions_by_topic(params), [&](const ListByTopicInput& in) {
    return encoded(topics.list_subscriptions(in.topic_arn, in.next_token), encode_subscriptions);
  });
}

Answer get_subscription_attributes(notify::Topics& topics, const SnsContext&,
                                   const query::FormParams& params) {
  return with(decode_subscription_arn(params), [&](const std::string& arn) {
    return encoded(topics.get_subscription_attributes(arn), encode_attributes);
  });
}

Answer set_subscription_attributes(notify::Topics& topics, const SnsContext&,
                                   const query::FormParams& params) {
  return with(decode_set_subscription_attributes(params), [&](const SetAttributeInput& in) {
    return none(topics.set_subscription_attribute(in.arn, in.name, in.value));
  });
}

Answer publish(notify::Topics& topics, const SnsContext& context, const query::FormParams& params) {
  return with(decode_publish(params), [&](const notify::PublishRequest& in) {
    return encoded(topics.publish(in, publisher_of(context)), encode_publish);
  });
}

Answer publish_batch(notify::Topics& topics, const SnsContext& context,
                     const query::FormParams& params) {
  return with(decode_publish_batch(params), [&](const PublishBatchInput& in) {
    return encoded(topics.publish_batch(in.topic_arn, in.entries, publisher_of(context)),
                   encode_publish_batch);
  });
}

Answer tag_resource(notify::Topics& topics, const SnsContext&, const query::FormParams& params) {
  return with(decode_tag_resource(params), [&](const TagInput& in) -> Answer {
    if (auto s = topics.tag_resource(in.resource_arn, in.tags); !s) {
      return tl::unexpected(s.error());
    }
    return std::optional<std::string>("");
  });
}

Answer untag_resource(notify::Topics& topics, const SnsContext&, const query::FormParams& params) {
  return with(decode_untag_resource(params), [&](const UntagInput& in) -> Answer {
    if (auto s = topics.untag_resource(in.resource_arn, in.keys); !s) {
      return tl::unexpected(s.error());
    }
    return std::optional<std::string>("");
  });
}

Answer list_tags_for_resource(notify::Topics& topics, const SnsContext&,
                              const query::FormParams& params) {
  return with(decode_resource_arn(params),
              [&](const std::string& arn) { return encoded(topics.list_tags(arn), encode_tags); });
}

}  // namespace

Run find_operation(std::string_view name) {
  static const std::map<std::string, Run, std::less<>> operations = {
      {"CreateTopic", create_topic},
      {"DeleteTopic", delete_topic},
      {"ListTopics", list_topics},
      {"GetTopicAttributes", get_topic_attributes},
      {"SetTopicAttributes", set_topic_attributes},
      {"Subscribe", subscribe},
      {"ConfirmSubscription", confirm_subscription},
      {"Unsubscribe", unsubscribe},
      {"ListSubscriptions", list_subscriptions},
      {"ListSubscriptionsByTopic", list_subscriptions_by_topic},
      {"GetSubscriptionAttributes", get_subscription_attributes},
      {"SetSubscriptionAttributes", set_subscription_attributes},
      {"Publish", publish},
      {"PublishBatch", publish_batch},
      {"TagResource", tag_resource},
      {"UntagResource", untag_resource},
      {"ListTagsForResource", list_tags_for_resource},
  };
  auto it = operations.find(name);
  return it == operations.end() ? nullptr : it->second;
}

}  // namespace certflow::api::sns
