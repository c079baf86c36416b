// The rules a function's settings must follow, and how a function is kept in a store row.
// Engine of the functions room.
#pragma once

#include <optional>
#include <string>

#include "core/error.h"
#include "functions/functions.h"
#include "store/store.h"

namespace certflow::functions {

// Names, timeouts, descriptions and environment variables; kValidation with what to change.
Status validate_name(const std::string& name);
Status validate_spec(const FunctionSpec& spec);

// The program of a command as it will be run: an absolute path as given, or a bare name found on
// `search_path`; it must be an executable regular file. kValidation says which check failed.
Result<std::string> resolve_program(const std::string& program, const std::string& search_path);

store::ResourceRow to_row(const FunctionInfo& function);
// kInternal when the stored settings cannot be read (only this room writes them).
Result<FunctionInfo> from_row(const store::ResourceRow& row);

}  // namespace certflow::functions
