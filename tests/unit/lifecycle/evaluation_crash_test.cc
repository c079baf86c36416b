// kill -9 during an evaluation: a child process runs the day's evaluation over thousands of
// certificates in small transactions and is killed part-way; after a restart every due event
// exists exactly once.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>

#include "inventory/certificate_events.h"
#include "lifecycle/lifecycle_fixture.h"

namespace certflow::lifecycle::testing {
namespace {

using pki::testing::days_from_now;

constexpr int kCertificates = 3000;

class EvaluationCrashTest : public LifecycleTest {};

TEST_F(EvaluationCrashTest, EveryDueEventExistsExactlyOnceAfterAKillAndRestart) {
  for (int i = 0; i < kCertificates; ++i) {
    // Inside the window tomorrow; a tenth of them expire before tomorrow's evaluation.
    const auto not_after = i % 10 == 0 ? days_from_now(1) - std::chrono::minutes(1 + i)
                                       : days_from_now(2 + i % 40) + std::chrono::minutes(i);
    put_managed("c" + std::to_string(i) + ".example.com", not_after, /*exported=*/false);
  }
  new_events();
  // Let the child evaluate at tomorrow's midnight; this process stays at today.
  const TimePoint tomorrow = days_from_now(1);

  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    clock_->set(tomorrow);
    LifecycleEngine engine(*store_, *inventory_, *clock_, *issuers_, EngineOptions{25});
    _exit(engine.run_due() ? 0 : 1);
  }
  // Kill once the first events are durable; the evaluation needs ~120 transactions more.
  size_t seen_before_kill = 0;
  for (;;) {
    auto events = store_->list_events({0, std::nullopt, std::nullopt, std::nullopt, 100000});
    ASSERT_TRUE(events);
    seen_before_kill = events->size();
    if (seen_before_kill > 0) break;
    int status = 0;
    if (::waitpid(child, &status, WNOHANG) == child) FAIL() << "the child finished unseen";
  }
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status));

  auto partial = store_->list_events({0, std::nullopt, std::nullopt, std::nullopt, 100000});
  ASSERT_TRUE(partial);
  const size_t expected = kCertificates;  // one Expired or one Approaching each
  RecordProperty("events_before_restart", static_cast<int>(partial->size()));
  EXPECT_LT(partial->size(), expected) << "the kill came after the evaluation finished";

  clock_->set(tomorrow);
  restart();  // runs the day's evaluation again
  std::map<std::string, int> per_certificate;
  for (const auto& e : all_events()) ++per_certificate[e.event["resources"][0]];
  EXPECT_EQ(per_certificate.size(), expected);
  for (const auto& [arn, count] : per_certificate) EXPECT_EQ(count, 1) << arn;
  auto state = store_->get_lifecycle_state();
  ASSERT_TRUE(state);
  EXPECT_EQ(state->last_evaluated_day, inventory::utc_day(to_epoch_millis(tomorrow)));
}

}  // namespace
}  // namespace certflow::lifecycle::testing
