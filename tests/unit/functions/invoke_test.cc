// What an invoked function gets (stdin, arguments, environment) and what comes back (exit
// status, output).
#include <signal.h>
#include <stdlib.h>

#include "functions_fixture.h"

namespace certflow::functions::testing {
namespace {

using FunctionsInvokeTest = FunctionsTest;

TEST_F(FunctionsInvokeTest, PayloadReachesStdinExactly) {
  create_script_function("copy", "cat > \"" + path("stdin.bin") + "\"");
  std::string payload = "{\"detail\":{\"a\":1}}\n\nno newline at the end";
  payload += std::string("\0\x01\xff binary", 10);
  Invocation run = must(functions().invoke("copy", payload));
  EXPECT_TRUE(run.succeeded()) << run.output;
  EXPECT_EQ(read_file(path("stdin.bin")), payload);

  // Larger than a pipe's buffer many times over: written as the program reads.
  std::string large;
  for (int i = 0; large.size() < 3 * 1024 * 1024; ++i) large += std::to_string(i) + ",";
  run = must(functions().invoke("copy", large));
  EXPECT_TRUE(run.succeeded()) << run.output;
  EXPECT_EQ(read_file(path("stdin.bin")), large);

  // No payload: stdin is empty, not left open.
  run = must(functions().invoke("copy", ""));
  EXPECT_TRUE(run.succeeded());
  EXPECT_EQ(read_file(path("stdin.bin")), "");
}

TEST_F(FunctionsInvokeTest, ArgumentsArePassedAsGiven) {
  FunctionSpec spec;
  spec.name = "args";
  spec.command = {script("args.sh", "for a in \"$@\"; do echo \"[$a]\"; done"), "two words", "",
                  "$HOME", "*"};
  must(functions().create(spec));
  EXPECT_EQ(must(functions().invoke("args", "")).output, "[two words]\n[]\n[$HOME]\n[*]\n");
}

TEST_F(FunctionsInvokeTest, ExitStatusIsReported) {
  create_script_function("fails", "echo about to fail; exit 3");
  Invocation run = must(functions().invoke("fails", "{}"));
  EXPECT_FALSE(run.succeeded());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.signal, 0);
  EXPECT_FALSE(run.timed_out);
  EXPECT_EQ(run.output, "about to fail\n");

  create_script_function("passes", "exit 0");
  run = must(functions().invoke("passes", "{}"));
  EXPECT_TRUE(run.succeeded());
  EXPECT_EQ(run.exit_code, 0);
}

TEST_F(FunctionsInvokeTest, DeathBySignalIsReported) {
  create_script_function("killed", "kill -TERM $$");
  Invocation run = must(functions().invoke("killed", ""));
  EXPECT_FALSE(run.succeeded());
  EXPECT_EQ(run.signal, SIGTERM);
  EXPECT_EQ(run.exit_code, -1);
}

TEST_F(FunctionsInvokeTest, StdoutAndStderrAreBothCapturedAndStdoutAloneIsTheResult) {
  create_script_function("both", "echo out1; echo err1 >&2; sleep 0.05; echo out2");
  Invocation run = must(functions().invoke("both", ""));
  EXPECT_EQ(run.output, "out1\nerr1\nout2\n");
  EXPECT_EQ(run.result, "out1\nout2\n");
  EXPECT_FALSE(run.result_truncated);
}

TEST_F(FunctionsInvokeTest, EnvironmentHoldsTheFunctionsIdentityAndVariablesOnly) {
  Config config;
  config.base_environment = {{"PATH", "/usr/bin:/bin"}, {"LANG", "C.UTF-8"}};
  reconfigure(config);
  // The daemon's own environment (which may hold its master key) is not passed on.
  ::setenv("CERTFLOW_MASTER_KEY", "do-not-leak", 1);
  FunctionSpec spec;
  spec.name = "env";
  spec.command = {script("env.sh", "env | sort")};
  spec.environment = {{"TEAM", "platform"}, {"LANG", "de_DE.UTF-8"}};
  must(functions().create(spec));
  const std::string output = must(functions().invoke("env", "")).output;
  ::unsetenv("CERTFLOW_MASTER_KEY");
  for (const char* line :
       {"CERTFLOW_FUNCTION_NAME=env\n",
        "CERTFLOW_FUNCTION_ARN=arn:aws:lambda:us-east-1:000000000000:function:env\n",
        "CERTFLOW_FUNCTION_TIMEOUT=30\n", "AWS_LAMBDA_FUNCTION_NAME=env\n",
        "AWS_REGION=us-east-1\n", "TEAM=platform\n", "LANG=de_DE.UTF-8\n",
        "PATH=/usr/bin:/bin\n"}) {
    EXPECT_NE(output.find(line), std::string::npos) << line << " missing from\n" << output;
  }
  EXPECT_EQ(output.find("do-not-leak"), std::string::npos) << output;
}

TEST_F(FunctionsInvokeTest, OutputIsBoundedToItsLastBytesWithAMarker) {
  Config config;
  config.max_output_bytes = 1000;
  reconfigure(config);
  create_script_function("chatty",
                         "i=0; while [ $i -lt 2000 ]; do echo \"line $i\"; i=$((i+1)); done; "
                         "echo the end >&2");
  Invocation run = must(functions().invoke("chatty", ""));
  EXPECT_TRUE(run.succeeded());
  EXPECT_EQ(run.output.rfind("[certflow: the first ", 0), 0u) << run.output.substr(0, 100);
  EXPECT_NE(run.output.find("bytes of output were dropped; the last 1000 follow]\n"),
            std::string::npos);
  const size_t marker_end = run.output.find('\n') + 1;
  EXPECT_EQ(run.output.size() - marker_end, 1000u);
  EXPECT_TRUE(run.output.ends_with("line 1999\nthe end\n"));
  // The result (stdout alone) keeps its beginning.
  EXPECT_TRUE(run.result.starts_with("line 0\nline 1\n"));
  EXPECT_EQ(run.result.size(), 1000u);
  EXPECT_TRUE(run.result_truncated);
}

TEST_F(FunctionsInvokeTest, OutputThatIsNotUtf8IsMadeValid) {
  create_script_function("binary", "printf 'ok \\303\\251 bad \\377\\376 end'");
  Invocation run = must(functions().invoke("binary", ""));
  EXPECT_EQ(run.output, "ok \xC3\xA9 bad \xEF\xBF\xBD\xEF\xBF\xBD end");
}

TEST_F(FunctionsInvokeTest, ProgramThatCannotBeStartedIsAFailedInvocation) {
  const std::string program = script("vanishing.sh", "exit 0");
  FunctionSpec spec;
  spec.name = "vanishing";
  spec.command = {program};
  must(functions().create(spec));
  ::unlink(program.c_str());
  Invocation run = must(functions().invoke("vanishing", "{}"));
  EXPECT_EQ(run.exit_code, 127);
  EXPECT_NE(run.output.find("cannot run " + program), std::string::npos) << run.output;
}

TEST_F(FunctionsInvokeTest, DeletedFunctionIsNotFound) {
  create_script_function("short-lived", "exit 0");
  must(functions().remove("short-lived"));
  EXPECT_EQ(functions().invoke("short-lived", "").error().code, ErrorCode::kResourceNotFound);
}

TEST_F(FunctionsInvokeTest, PayloadOverSixMebibytesIsRefused) {
  create_script_function("big", "cat > /dev/null");
  auto run = functions().invoke("big", std::string(kMaxPayloadBytes + 1, 'x'));
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().code, ErrorCode::kValidation);
}

}  // namespace
}  // namespace certflow::functions::testing
