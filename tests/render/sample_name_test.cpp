#include "afterglow/render/sample_name.h"

#include <gtest/gtest.h>

#include <set>

namespace afterglow::render {
namespace {

std::vector<std::string> names_for(const std::vector<SampleNameRequest>& requests) {
  return assign_sample_names(requests);
}

TEST(SampleName, ReadableNamesFromKindSourceIndexVariant) {
  const auto names = names_for({{SampleKind::kPad, "rain", "dark"},
                                {SampleKind::kPad, "rain", "warm"},
                                {SampleKind::kPad, "rain", "dark"},
                                {SampleKind::kDroneLoop, "Cello", "pitch_+7"},
                                {SampleKind::kDroneLoop, "Cello", "pitch_-5"},
                                {SampleKind::kDroneLoop, "Cello", "stretch_2.0x"},
                                {SampleKind::kDroneLoop, "Cello", "stretch_0.5x"},
                                {SampleKind::kDroneLoop, "Cello", "original_loop_airy"},
                                {SampleKind::kHissLoop, "synthetic", ""},
                                {SampleKind::kReversed, "Cello", "original_reversed"}});
  EXPECT_EQ(names,
            (std::vector<std::string>{"PD_RAIN_01_DK", "PD_RAIN_02_WM", "PD_RAIN_03_DK", "DR_CELLO_01_P7",
                                      "DR_CELLO_02_M5", "DR_CELLO_03_S2", "DR_CELLO_04_S05", "DR_CELLO_05_AR",
                                      "HS_SYNTHE_01", "RV_CELLO_01"}));
}

TEST(SampleName, KindPrefixes) {
  const SampleKind kinds[] = {SampleKind::kPad,      SampleKind::kDroneLoop, SampleKind::kSwell,
                              SampleKind::kCloud,    SampleKind::kHissLoop,  SampleKind::kFlicker,
                              SampleKind::kReversed, SampleKind::kDrumSlice, SampleKind::kRoomTone};
  const char* codes[] = {"PD_", "DR_", "SW_", "CL_", "HS_", "FL_", "RV_", "DM_", "RT_"};
  for (std::size_t k = 0; k < std::size(kinds); ++k) {
    const auto names = names_for({{kinds[k], "loop take", ""}});
    EXPECT_EQ(names[0].rfind(codes[k], 0), 0u) << names[0];
  }
}

TEST(SampleName, SourceAbbreviation) {
  EXPECT_EQ(abbreviate_source("rain"), "RAIN");
  EXPECT_EQ(abbreviate_source("01 - Rain"), "RAIN");  // track number dropped
  EXPECT_EQ(abbreviate_source("Symphony"), "SYMPHO");
  EXPECT_EQ(abbreviate_source("thunder storm night"), "THUNSN");
  EXPECT_EQ(abbreviate_source("take2"), "TAKE2");
  EXPECT_EQ(abbreviate_source("2019"), "2019");
  EXPECT_EQ(abbreviate_source("???"), "SRC");
}

TEST(SampleName, NonAsciiStemsAreTransliteratedOrDropped) {
  EXPECT_EQ(abbreviate_source("Été"), "ETE");
  EXPECT_EQ(abbreviate_source("Straße"), "STRASS");
  EXPECT_EQ(abbreviate_source("Øresund"), "ORESUN");
  EXPECT_EQ(abbreviate_source("Łódź"), "LODZ");
  EXPECT_EQ(abbreviate_source("雨 rain"), "RAIN");
  EXPECT_EQ(abbreviate_source("雨"), "SRC");
  EXPECT_EQ(abbreviate_source(std::string("bad\xff\xfe"
                                          "byte")),
            "BADBYT");
  const auto names = names_for({{SampleKind::kCloud, "Café Müller", ""}, {SampleKind::kCloud, "東京", ""}});
  EXPECT_EQ(names[0], "CL_CAFEM_01");
  EXPECT_EQ(names[1], "CL_SRC_01");
}

TEST(SampleName, VariantCodes) {
  EXPECT_EQ(variant_code("dark"), "DK");
  EXPECT_EQ(variant_code("neutral"), "NT");
  EXPECT_EQ(variant_code("pitch_+12_dark"), "P12DK");
  EXPECT_EQ(variant_code("original_tuned"), "TN");
  EXPECT_EQ(variant_code("original_tuned_failed"), "");
  EXPECT_EQ(variant_code("stretch_1.5x warm"), "S15WM");
  EXPECT_EQ(variant_code(""), "");
}

TEST(SampleName, LengthFactorVariantsHaveTheirOwnCode) {
  // drones.stretch_factors (length factors) read apart from the rate-based stretch_ variants.
  EXPECT_EQ(variant_code("length_2.0x warm"), "L2WM");
  EXPECT_EQ(variant_code("length_1.25x"), "L125");
  EXPECT_EQ(variant_code("length_0.5x dark"), "L05DK");
  EXPECT_NE(variant_code("length_2.0x"), variant_code("stretch_2.0x"));
}

TEST(SampleName, DistinctStemsNeverShareASourcePart) {
  const auto names = names_for({{SampleKind::kPad, "rain", ""},
                                {SampleKind::kPad, "RAIN", ""},
                                {SampleKind::kPad, "Rain!", ""},
                                {SampleKind::kPad, "räin", ""}});
  std::set<std::string> unique(names.begin(), names.end());
  EXPECT_EQ(unique.size(), names.size());
  EXPECT_EQ(names[1], "PD_RAIN_01");  // "RAIN" sorts first in byte order
}

TEST(SampleName, ValidAndUniqueUnderManyCollisions) {
  std::vector<SampleNameRequest> requests;
  const std::vector<std::string> stems = {"rain",
                                          "RAIN",
                                          "Rain!",
                                          "räin",
                                          "",
                                          "???",
                                          "orchestra take one",
                                          "orchestra take two",
                                          "orchestral",
                                          "orchestra",
                                          "Été",
                                          "ete",
                                          "a very long stem name indeed with many words"};
  const std::vector<std::string> variants = {"", "dark", "pitch_+12_dark", "stretch_0.25x_warm",
                                             "weird variant xx yy"};
  const SampleKind kinds[] = {SampleKind::kPad, SampleKind::kDroneLoop, SampleKind::kHissLoop};
  for (int i = 0; i < 1200; ++i) {
    requests.push_back({kinds[i % 3], stems[static_cast<std::size_t>(i) % stems.size()],
                        variants[static_cast<std::size_t>(i / 3) % variants.size()]});
  }
  const auto names = assign_sample_names(requests);
  ASSERT_EQ(names.size(), requests.size());
  std::set<std::string> unique;
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_TRUE(is_valid_tr8s_name(names[i])) << names[i];
    EXPECT_LE(names[i].size(), 16u);
    EXPECT_EQ(names[i].substr(0, 3), std::string(kind_code(requests[i].kind)) + "_") << names[i];
    unique.insert(names[i]);
  }
  EXPECT_EQ(unique.size(), names.size());
  EXPECT_EQ(assign_sample_names(requests), names);  // deterministic
}

TEST(SampleName, SanitizeName) {
  EXPECT_EQ(sanitize_name("my kit"), "MY_KIT");
  EXPECT_EQ(sanitize_name("AFTERGLOW"), "AFTERGLOW");
  EXPECT_EQ(sanitize_name("a-very-long-kit-name-beyond"), "A_VERY_LONG_KIT");
  EXPECT_EQ(sanitize_name("ü"), "U");
  EXPECT_EQ(sanitize_name("!!"), "");
}

}  // namespace
}  // namespace afterglow::render
