// `certflow function create|list|show|delete|invoke`.
#include "cli/function_command.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "cli/client_connection.h"
#include "cli/exit_with.h"
#include "cli/text_table.h"

namespace certflow::cli {

using nlohmann::json;

namespace {

// GNU timeout's status for a command it killed.
constexpr int kTimedOutExit = 124;

struct FunctionFlags {
  ConnectionFlags connection;
  std::string name;
  std::vector<std::string> command;  // create
  std::optional<int> timeout;        // create
  std::optional<std::string> description;
  std::vector<std::string> environment;     // create: K=V
  std::optional<std::string> payload;       // invoke
  std::optional<std::string> payload_file;  // invoke; "-" is stdin
  bool json_output = false;
};

// A command line as a person would type it: words with spaces or quotes are single-quoted.
std::string command_text(const json& command) {
  std::string out;
  for (const auto& item : command) {
    const std::string word = item.is_string() ? item.get<std::string>() : item.dump();
    if (!out.empty()) out += " ";
    const bool plain =
        !word.empty() && word.find_first_of(" \t\n'\"\\$`*?;&|<>()") == std::string::npos;
    if (plain) {
      out += word;
      continue;
    }
    out += "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += "'";
  }
  return out;
}

std::string environment_text(const json& environment) {
  std::string out;
  if (!environment.is_object()) return out;
  for (const auto& [name, value] : environment.items()) {
    out += (out.empty() ? "" : " ") + name + "=" +
           (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return out;
}

void run_create(const FunctionFlags& flags) {
  json input = {{"Name", flags.name}, {"Command", flags.command}};
  if (flags.timeout) input["Timeout"] = *flags.timeout;
  if (flags.description) input["Description"] = *flags.description;
  if (!flags.environment.empty()) {
    json environment = json::object();
    for (const auto& assignment : flags.environment) {
      const size_t equals = assignment.find('=');
      if (equals == std::string::npos || equals == 0) {
        exit_with(kUsageError,
                  "certflow function create: --env takes NAME=VALUE; got '" + assignment + "'");
      }
      environment[assignment.substr(0, equals)] = assignment.substr(equals + 1);
    }
    input["Environment"] = environment;
  }
  json created = call_or_exit(flags.connection, kCertflowApi, "CreateFunction", input);
  std::cout << created.value("Arn", "") << "\n";
}

void run_list(const FunctionFlags& flags) {
  json all = json::array();
  json input = json::object();
  for (;;) {
    json page = call_or_exit(flags.connection, kCertflowApi, "ListFunctions", input);
    for (auto& function : page.value("Functions", json::array())) all.push_back(function);
    if (!page.contains("NextToken")) break;
    input["NextToken"] = page["NextToken"];
  }
  if (flags.json_output) {
    std::cout << all.dump(2) << "\n";
    return;
  }
  if (all.empty()) {
    std::cout << "No functions. Create one with `certflow function create NAME -- COMMAND`.\n";
    return;
  }
  std::vector<TableRow> rows{{"NAME", "TIMEOUT", "COMMAND", "DESCRIPTION"}};
  for (const auto& function : all) {
    rows.push_back({cell_text(function, "Name"), cell_text(function, "Timeout") + "s",
                    command_text(function.value("Command", json::array())),
                    cell_text(function, "Description")});
  }
  std::cout << render_table(rows);
}

void run_show(const FunctionFlags& flags) {
  json function =
      call_or_exit(flags.connection, kCertflowApi, "GetFunction", {{"Name", flags.name}});
  if (flags.json_output) {
    std::cout << function.dump(2) << "\n";
    return;
  }
  std::cout << render_table({
      {"FIELD", "VALUE"},
      {"Name", cell_text(function, "Name")},
      {"Arn", cell_text(function, "Arn")},
      {"Command", command_text(function.value("Command", json::array()))},
      {"Timeout", cell_text(function, "Timeout") + "s"},
      {"Description", cell_text(function, "Description")},
      {"Environment", environment_text(function.value("Environment", json::object()))},
      {"Created", cell_text(function, "Created")},
  });
}

void run_delete(const FunctionFlags& flags) {
  call_or_exit(flags.connection, kCertflowApi, "DeleteFunction", {{"Name", flags.name}});
  std::cout << "Deleted function " << flags.name << "\n";
}

std::string read_payload(const FunctionFlags& flags) {
  if (flags.payload) return *flags.payload;
  if (!flags.payload_file) return "{}";
  if (*flags.payload_file == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), {});
  }
  std::ifstream file(*flags.payload_file, std::ios::binary);
  if (!file) {
    exit_with(kUsageError,
              "certflow function invoke: cannot read --payload-file " + *flags.payload_file);
  }
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

void run_invoke(const FunctionFlags& flags) {
  const std::string payload = read_payload(flags);
  json answer = call_or_exit(flags.connection, kCertflowApi, "InvokeFunction",
                             {{"Name", flags.name}, {"Payload", payload}});
  std::cout << answer.value("Output", "");
  std::cout.flush();
  const std::string who = "certflow: function " + flags.name;
  const std::string took = std::to_string(answer.value("DurationMs", int64_t{0})) + " ms";
  if (answer.value("TimedOut", false)) {
    exit_with(kTimedOutExit, who + " timed out after " + took + " and was killed");
  }
  if (const int signal = answer.value("Signal", 0); signal != 0) {
    exit_with(128 + signal, who + " was killed by signal " + std::to_string(signal));
  }
  if (const int status = answer.value("ExitCode", 0); status != 0) {
    exit_with(status, who + " exited with status " + std::to_string(status));
  }
}

CLI::App* subcommand(CLI::App* parent, const char* name, const char* about,
                     const std::shared_ptr<FunctionFlags>& flags,
                     void (*run)(const FunctionFlags&)) {
  CLI::App* command = parent->add_subcommand(name, about);
  add_connection_flags(command, flags->connection);
  command->callback([flags, run] { run(*flags); });
  return command;
}

void add_name(CLI::App* command, FunctionFlags& flags) {
  command->add_option("name", flags.name, "The function's name")->required();
}

}  // namespace

void add_function_commands(CLI::App& app) {
  CLI::App* function = app.add_subcommand(
      "function", "Manage functions: local programs that rules' lambda targets run");
  function->require_subcommand(1);

  auto create_flags = std::make_shared<FunctionFlags>();
  CLI::App* create =
      subcommand(function, "create",
                 "Register a function: certflow function create NAME [options] -- COMMAND [ARGS]",
                 create_flags, run_create);
  add_name(create, *create_flags);
  create
      ->add_option("command", create_flags->command,
                   "The program (absolute path, or a name on the daemon's PATH) and its arguments; "
                   "put them after --")
      ->required();
  create->add_option("--timeout", create_flags->timeout, "Seconds before it is killed (default 30)")
      ->check(CLI::Range(1, 900));
  create->add_option("--description", create_flags->description, "What it is for");
  create
      ->add_option("--env", create_flags->environment,
                   "An environment variable NAME=VALUE for the function (repeat for more)")
      ->allow_extra_args(false);

  auto list_flags = std::make_shared<FunctionFlags>();
  CLI::App* list = subcommand(function, "list", "List the functions", list_flags, run_list);
  list->add_flag("--json", list_flags->json_output, "Print the functions as JSON");

  auto show_flags = std::make_shared<FunctionFlags>();
  CLI::App* show = subcommand(function, "show", "Show one function", show_flags, run_show);
  add_name(show, *show_flags);
  show->add_flag("--json", show_flags->json_output, "Print the API's JSON answer");

  auto delete_flags = std::make_shared<FunctionFlags>();
  CLI::App* remove = subcommand(function, "delete", "Delete a function", delete_flags, run_delete);
  add_name(remove, *delete_flags);

  auto invoke_flags = std::make_shared<FunctionFlags>();
  CLI::App* invoke =
      subcommand(function, "invoke",
                 "Run a function once and print its output; exits with the function's exit status",
                 invoke_flags, run_invoke);
  add_name(invoke, *invoke_flags);
  CLI::Option* payload = invoke->add_option("--payload", invoke_flags->payload,
                                            "What the function reads on stdin (default {})");
  invoke
      ->add_option("--payload-file", invoke_flags->payload_file,
                   "Read the payload from this file (- for stdin)")
      ->excludes(payload);
}

}  // namespace certflow::cli
