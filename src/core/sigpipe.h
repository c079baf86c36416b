// SIGPIPE blocked in this thread for a scope: a peer or program that closes its end early must
// cost a write error (EPIPE), not the daemon. A SIGPIPE raised meanwhile is taken before the old
// mask returns, so it is never delivered late.
#pragma once

#include <signal.h>

namespace certflow {

class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
  }
  ~SigpipeBlocked() {
    discard_pending();
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeBlocked(const SigpipeBlocked&) = delete;
  SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

  void discard_pending() {
    const timespec now{0, 0};
    while (sigtimedwait(&pipe_, nullptr, &now) > 0) {
    }
  }

 private:
  sigset_t pipe_;
  sigset_t previous_;
};

}  // namespace certflow
