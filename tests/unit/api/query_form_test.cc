// The query protocol's form parser and XML writer.
#include <gtest/gtest.h>

#include "api/query/form.h"
#include "api/query/xml_writer.h"

namespace certflow::api::query {
namespace {

FormParams parse(std::string_view text) {
  FormParams params;
  auto ok = parse_form(text, params);
  EXPECT_TRUE(ok) << (ok ? "" : ok.error().message);
  return params;
}

TEST(QueryFormTest, DecodesPercentEscapesAndPlusAsSpace) {
  // Captured from aws-cli v2 (sns create-topic) and boto3 1.26 (sns subscribe).
  FormParams params = parse(
      "Action=CreateTopic&Version=2010-03-31&Name=my-topic&Attributes.entry.1.key=KmsMasterKeyId"
      "&Attributes.entry.1.value=alias%2Faws%2Fsns&Filter=%7B%22detail-type%22%3A%5B%22ACM+"
      "Certificate+Expired%22%5D%7D");
  EXPECT_EQ(params.at("Action"), "CreateTopic");
  EXPECT_EQ(params.at("Attributes.entry.1.value"), "alias/aws/sns");
  EXPECT_EQ(params.at("Filter"), R"({"detail-type":["ACM Certificate Expired"]})");
}

TEST(QueryFormTest, KeepsBytesAndEmptyValues) {
  FormParams params = parse("a=%00%FF%e2%82%ac&b=&c&&d=x%3Dy&e%2Bf=1");
  EXPECT_EQ(params.at("a"), std::string("\x00\xff\xe2\x82\xac", 5));
  EXPECT_EQ(params.at("b"), "");
  EXPECT_EQ(params.at("c"), "");
  EXPECT_EQ(params.at("d"), "x=y");
  EXPECT_EQ(params.at("e+f"), "1");
  EXPECT_EQ(params.size(), 5u);
  EXPECT_TRUE(parse("").empty());
  EXPECT_EQ(parse("&&a=1&").size(), 1u);
}

TEST(QueryFormTest, ARepeatedNameKeepsItsFirstValue) {
  FormParams params = parse("QueueUrl=first&QueueUrl=second");
  EXPECT_EQ(params.at("QueueUrl"), "first");
}

TEST(QueryFormTest, MalformedEscapesAreSerializationErrors) {
  for (std::string_view bad : {"a=%", "a=%4", "a=%G1", "%zz=1", "a=1&b=%2"}) {
    FormParams params;
    auto ok = parse_form(bad, params);
    ASSERT_FALSE(ok) << bad;
    EXPECT_EQ(ok.error().code, ErrorCode::kSerialization);
  }
}

TEST(XmlWriterTest, EscapesMarkupAndKeepsCarriageReturns) {
  EXPECT_EQ(xml_escape("a & <b> \"c\" 'd'"), "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;");
  EXPECT_EQ(xml_escape("line\r\nnext\ttab"), "line&#xD;\nnext\ttab");
  EXPECT_EQ(xml_escape("caf\xc3\xa9 \xf0\x9f\x94\x92"), "caf\xc3\xa9 \xf0\x9f\x94\x92");
}

TEST(XmlWriterTest, ReplacesWhatXmlCannotCarry) {
  // Control characters, invalid UTF-8 and U+FFFE become U+FFFD: the document stays well-formed.
  EXPECT_EQ(xml_escape(std::string("a\x01"
                                   "b",
                                   3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(xml_escape("\xff"), "\xEF\xBF\xBD");
  EXPECT_EQ(xml_escape("\xef\xbf\xbe"), "\xEF\xBF\xBD");
  EXPECT_EQ(xml_escape("\xc3"), "\xEF\xBF\xBD");
}

TEST(XmlWriterTest, WritesNestedElementsWithANamespace) {
  XmlWriter xml;
  xml.open("GetQueueUrlResponse", "http://queue.amazonaws.com/doc/2012-11-05/");
  xml.open("GetQueueUrlResult");
  xml.element("QueueUrl", "http://h/1/q?a&b");
  xml.close();
  EXPECT_EQ(xml.finish(),
            "<GetQueueUrlResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
            "<GetQueueUrlResult><QueueUrl>http://h/1/q?a&amp;b</QueueUrl></GetQueueUrlResult>"
            "</GetQueueUrlResponse>");
}

}  // namespace
}  // namespace certflow::api::query
