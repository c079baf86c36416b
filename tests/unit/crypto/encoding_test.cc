#include "crypto/encoding.h"

#include <gtest/gtest.h>

namespace certflow::crypto {
namespace {

TEST(Hex, EncodesLowercaseAndRoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  std::string hex = hex_encode(all);
  EXPECT_EQ(hex.substr(0, 8), "00010203");
  EXPECT_EQ(hex.substr(hex.size() - 4), "feff");
  EXPECT_EQ(hex_decode(hex), all);
  EXPECT_EQ(hex_decode("DEADbeef"), std::string("\xde\xad\xbe\xef"));
}

TEST(Hex, RejectsOddLengthsAndNonHexCharacters) {
  EXPECT_FALSE(hex_decode("abc"));
  EXPECT_FALSE(hex_decode("zz"));
  EXPECT_FALSE(hex_decode("0x12"));
  EXPECT_FALSE(hex_decode("12 34"));
  EXPECT_EQ(hex_decode(""), std::string());
}

TEST(Base64, MatchesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_decode("Zm9vYmE="), "fooba");
}

TEST(Base64, RoundTripsEveryLengthAndByte) {
  std::string bytes;
  for (int length = 0; length < 300; ++length) {
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes) << length;
    bytes.push_back(static_cast<char>(length * 37));
  }
}

TEST(Base64, RejectsAnythingButStrictPaddedStandardAlphabet) {
  EXPECT_FALSE(base64_decode("Zg"));      // missing padding
  EXPECT_FALSE(base64_decode("Zg="));     // short padding
  EXPECT_FALSE(base64_decode("Zm9v\n"));  // whitespace
  EXPECT_FALSE(base64_decode(" Zm9v"));
  EXPECT_FALSE(base64_decode("Zm9v!A=="));  // outside the alphabet
  EXPECT_FALSE(base64_decode("-_8="));      // URL-safe alphabet
  EXPECT_FALSE(base64_decode("Zg==Zm9v"));  // padding in the middle
  EXPECT_FALSE(base64_decode("Z==="));      // too much padding
  EXPECT_FALSE(base64_decode("Zm=v"));      // padding before data
}

}  // namespace
}  // namespace certflow::crypto
