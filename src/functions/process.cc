#include "functions/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <optional>

#include "core/sigpipe.h"
#include "functions/output_capture.h"
#include "functions/unique_fd.h"

namespace certflow::functions {
namespace {

using Steady = std::chrono::steady_clock;

// After the program exits, output still in flight is read for this long; then whatever it left
// running (holding the pipes open) is killed.
constexpr std::chrono::milliseconds kLeftoverGrace{100};
// After the kill, the pipes are drained for at most this long (a process that left the group
// with setsid may hold them open forever).
constexpr std::chrono::milliseconds kDrainLimit{500};
// Without a pidfd, how often the exit of a program whose pipes stay open is checked.
constexpr std::chrono::milliseconds kExitCheckInterval{10};
constexpr size_t kChunkBytes = 64 * 1024;

std::string errno_text(int error) { return std::strerror(error); }

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

// A descriptor numbered 3 or above: a daemon started with stdin closed hands out 0 to 2 again,
// and the child's dup2 onto 0..2 must not clobber its own pipe ends.
UniqueFd above_stdio(int fd) {
  if (fd >= 3 || fd < 0) return UniqueFd(fd);
  UniqueFd low(fd);
  return UniqueFd(::fcntl(fd, F_DUPFD_CLOEXEC, 3));
}

// Close-on-exec, so that no other function started meanwhile inherits an end.
Result<Pipe> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return fail(ErrorCode::kInternal, "cannot create a pipe for a function: " + errno_text(errno));
  }
  Pipe pipe{above_stdio(fds[0]), above_stdio(fds[1])};
  if (!pipe.read.valid() || !pipe.write.valid()) {
    return fail(ErrorCode::kInternal, "cannot create a pipe for a function: " + errno_text(errno));
  }
  return pipe;
}

void set_nonblocking(const UniqueFd& fd) {
  ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
}

// posix_spawn's settings, destroyed with the scope.
struct SpawnActions {
  posix_spawn_file_actions_t actions;
  SpawnActions() { posix_spawn_file_actions_init(&actions); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&actions); }
};
struct SpawnAttributes {
  posix_spawnattr_t attributes;
  SpawnAttributes() { posix_spawnattr_init(&attributes); }
  ~SpawnAttributes() { posix_spawnattr_destroy(&attributes); }
};

// The daemon blocks SIGINT and SIGTERM in every thread (one thread takes them with sigwait), and
// a library may ignore SIGPIPE: a program must start with neither, or it could not be stopped or
// would not notice a closed pipe.
void reset_signals(posix_spawnattr_t& attributes) {
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  sigset_t all;
  sigfillset(&all);
  sigdelset(&all, SIGKILL);
  sigdelset(&all, SIGSTOP);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setpgroup(&attributes, 0);  // its own group, so a timeout kills all it started
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
}

std::vector<char*> pointers(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// The three pipes of a running program, from the daemon's side.
struct Streams {
  UniqueFd input;
  UniqueFd out;
  UniqueFd err;
};

// Reads what is there; closes the descriptor at end of file or on an error.
void read_available(UniqueFd& fd, OutputCapture& capture, bool is_stdout) {
  std::array<char, kChunkBytes> buffer;
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n > 0) {
      const std::string_view bytes(buffer.data(), static_cast<size_t>(n));
      is_stdout ? capture.add_stdout(bytes) : capture.add_stderr(bytes);
      return;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    fd.reset();
    return;
  }
}

// Writes the next part of the input; closes stdin when all is written or the program stopped
// reading.
void write_some(Streams& streams, const std::string& input, size_t& written,
                SigpipeBlocked& sigpipe) {
  const size_t size = std::min(kChunkBytes, input.size() - written);
  const ssize_t n = ::write(streams.input.get(), input.data() + written, size);
  if (n > 0) {
    written += static_cast<size_t>(n);
    if (written == input.size()) streams.input.reset();
    return;
  }
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (n < 0 && errno == EPIPE) sigpipe.discard_pending();
  streams.input.reset();
}

bool has_exited(pid_t pid) {
  siginfo_t info{};
  // WNOWAIT: the child stays a zombie, so its pid and group id cannot be reused before
  // ProcessRunner::finish() has killed what is left of the group.
  return ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == pid;
}

int poll_for(std::vector<pollfd>& fds, Steady::duration wait) {
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(wait).count();
  return ::poll(fds.data(), fds.size(), static_cast<int>(std::max<int64_t>(ms, 0)));
}

// Polls the open streams (and the pidfd, when >= 0, which wakes the poll at the program's exit)
// and serves whichever is ready.
void serve_streams(Streams& streams, int pidfd, OutputCapture& capture, const std::string& input,
                   size_t& written, SigpipeBlocked& sigpipe, Steady::duration wait) {
  std::vector<pollfd> fds;
  if (streams.input.valid()) fds.push_back({streams.input.get(), POLLOUT, 0});
  if (streams.out.valid()) fds.push_back({streams.out.get(), POLLIN, 0});
  if (streams.err.valid()) fds.push_back({streams.err.get(), POLLIN, 0});
  if (pidfd >= 0) fds.push_back({pidfd, POLLIN, 0});
  if (poll_for(fds, wait) <= 0) return;  // timed out, EINTR: the caller looks again
  for (const pollfd& ready : fds) {
    if (ready.revents == 0) continue;
    if (ready.fd == streams.input.get()) {
      write_some(streams, input, written, sigpipe);
    } else if (ready.fd == streams.out.get()) {
      read_available(streams.out, capture, true);
    } else if (ready.fd == streams.err.get()) {
      read_available(streams.err, capture, false);
    }
  }
}

// Reads what the (now dead) group wrote before it died.
void drain(Streams& streams, OutputCapture& capture) {
  const auto until = Steady::now() + kDrainLimit;
  while ((streams.out.valid() || streams.err.valid()) && Steady::now() < until) {
    std::vector<pollfd> fds;
    if (streams.out.valid()) fds.push_back({streams.out.get(), POLLIN, 0});
    if (streams.err.valid()) fds.push_back({streams.err.get(), POLLIN, 0});
    if (poll_for(fds, until - Steady::now()) <= 0) continue;
    for (const pollfd& ready : fds) {
      if (ready.revents == 0) continue;
      read_available(ready.fd == streams.out.get() ? streams.out : streams.err, capture,
                     ready.fd == streams.out.get());
    }
  }
}

// A descriptor that polls readable when the process exits; -1 on a kernel without pidfds (before
// 5.3) or a seccomp filter that refuses them, and exits are then checked every few milliseconds.
// Through syscall(): glibc 2.36's <sys/pidfd.h> declares pidfd_open without C linkage.
int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

int reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

void ProcessRunner::add(pid_t pid) {
  std::lock_guard lock(mutex_);
  running_.insert(pid);
  if (killing_) ::kill(-pid, SIGKILL);
}

void ProcessRunner::finish(pid_t pid) {
  std::lock_guard lock(mutex_);
  running_.erase(pid);
  ::kill(-pid, SIGKILL);
}

void ProcessRunner::kill_all() {
  std::lock_guard lock(mutex_);
  killing_ = true;
  for (pid_t pid : running_) ::kill(-pid, SIGKILL);
}

Result<ProcessOutcome> ProcessRunner::run(const ProcessSpec& spec) {
  const auto started = Steady::now();
  auto input = make_pipe();
  if (!input) return tl::unexpected(input.error());
  auto out = make_pipe();
  if (!out) return tl::unexpected(out.error());
  auto err = make_pipe();
  if (!err) return tl::unexpected(err.error());

  SpawnActions actions;
  posix_spawn_file_actions_adddup2(&actions.actions, input->read.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions.actions, out->write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions.actions, err->write.get(), STDERR_FILENO);
  // Descriptors some library opened without close-on-exec (sockets, files) stay in the daemon.
  posix_spawn_file_actions_addclosefrom_np(&actions.actions, 3);
  SpawnAttributes attributes;
  reset_signals(attributes.attributes);
  auto argv = pointers(spec.argv);
  auto envp = pointers(spec.environment);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, argv[0], &actions.actions, &attributes.attributes,
                                    argv.data(), envp.data());
  input->read.reset();
  out->write.reset();
  err->write.reset();

  ProcessOutcome outcome;
  OutputCapture capture(spec.max_output_bytes);
  if (spawned != 0) {
    outcome.exit_code = spawned == ENOENT || spawned == ENOTDIR ? 127 : 126;
    capture.add_stderr("certflow: cannot run " + spec.argv[0] + ": " + errno_text(spawned) + "\n");
    outcome.output = capture.output();
    outcome.duration =
        std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - started);
    return outcome;
  }

  Streams streams{std::move(input->write), std::move(out->read), std::move(err->read)};
  for (const UniqueFd* fd : {&streams.input, &streams.out, &streams.err}) set_nonblocking(*fd);
  const UniqueFd pidfd(open_pidfd(pid));
  SigpipeBlocked sigpipe;
  size_t written = 0;
  if (spec.input.empty()) streams.input.reset();
  add(pid);

  const auto deadline = started + spec.timeout;
  std::optional<Steady::time_point> exited_at;
  for (;;) {
    const auto now = Steady::now();
    if (!exited_at && has_exited(pid)) {
      exited_at = now;
      streams.input.reset();  // nobody reads it any more
    }
    if (exited_at && !streams.out.valid() && !streams.err.valid()) break;
    if (exited_at && now >= *exited_at + kLeftoverGrace) break;
    if (!exited_at && now >= deadline) {
      outcome.timed_out = true;
      break;
    }
    Steady::duration wait = (exited_at ? *exited_at + kLeftoverGrace : deadline) - now;
    if (!exited_at && !pidfd.valid()) wait = std::min<Steady::duration>(wait, kExitCheckInterval);
    // Once the program has exited its pidfd stays readable: polling it would spin.
    serve_streams(streams, exited_at ? -1 : pidfd.get(), capture, spec.input, written, sigpipe,
                  wait);
  }
  finish(pid);  // SIGKILL to the group: the timed-out program, or what it left behind
  const int status = reap(pid);
  streams.input.reset();
  drain(streams, capture);

  if (WIFEXITED(status)) {
    outcome.exit_code = WEXITSTATUS(status);
    outcome.timed_out = false;  // it finished on its own just as the time ran out
  } else if (WIFSIGNALED(status)) {
    outcome.signal = WTERMSIG(status);
  }
  outcome.output = capture.output();
  outcome.result = capture.result();
  outcome.result_truncated = capture.result_truncated();
  outcome.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - started);
  return outcome;
}

}  // namespace certflow::functions
