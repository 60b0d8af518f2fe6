#include "afterglow/core/error.h"

#include <gtest/gtest.h>

#include "afterglow/core/result.h"

namespace afterglow {
namespace {

TEST(Error, FormatsMessageWithContextInOrder) {
  Error e(ErrorKind::kProcessing, "Processing failed", {{"file", "test.wav"}, {"duration", "3.5"}});
  EXPECT_STREQ(e.what(), "Processing failed (context: file=test.wav, duration=3.5)");
  EXPECT_EQ(e.context_value("duration"), "3.5");
  EXPECT_EQ(e.context_value("absent"), "");
}

TEST(Error, WithoutContextIsJustTheMessage) {
  Error e(ErrorKind::kNotFound, "no such file");
  EXPECT_STREQ(e.what(), "no such file");
  e.with("path", "/x");
  EXPECT_STREQ(e.what(), "no such file (context: path=/x)");
  EXPECT_EQ(e.kind(), ErrorKind::kNotFound);
}

TEST(Result, HoldsValueOrError) {
  Result<int> good = 7;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  Result<int> bad = Error(ErrorKind::kDecode, "bad");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind(), ErrorKind::kDecode);
  EXPECT_THROW(std::move(bad).value_or_throw(), Error);
}

}  // namespace
}  // namespace afterglow
