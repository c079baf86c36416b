// Built-in functions: functions whose body is code in the daemon rather than a program, such as
// certflow's deploy function (src/deploy/). They are registered once by the composition root
// (Functions::add_builtin) and are then seen like stored functions: get, list, invoke, and the
// bus's lambda targets by ARN. They cannot be created over or deleted.
#pragma once

#include <functional>
#include <string>

namespace certflow::functions {

struct Invocation;  // functions.h

struct BuiltinFunction {
  std::string name;  // as a stored function's: 1..64 of [A-Za-z0-9_-]
  std::string description;
  // Runs on the functions' worker pool like a program would, so it counts against
  // Config::max_concurrent. Its Invocation is read as a program's: exit code 0 is success, the
  // output goes to the log group /aws/lambda/NAME. It must not throw, and it bounds its own time.
  std::function<Invocation(const std::string& payload)> invoke;
  // Called by Functions::stop(): running invocations should end promptly. Optional.
  std::function<void()> stop;
};

}  // namespace certflow::functions
