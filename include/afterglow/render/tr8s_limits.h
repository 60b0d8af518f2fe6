#pragma once
// What a Roland TR-8S accepts as user samples (Reference Manual v3.00 pp. 41-44), in one place so that
// the exporter, the budget planner and tr8s-check apply the same figures. The unit states its memory
// in seconds of 44.1 kHz mono; a stereo file costs twice its length and a 48 kHz file 48/44.1 of it.

#include <array>
#include <cstddef>
#include <string_view>

namespace afterglow::render {

inline constexpr std::size_t kTr8sMaxNameLength = 16;       // characters, without the ".WAV"
inline constexpr std::size_t kTr8sMaxSamples = 400;         // user samples in the unit
inline constexpr std::size_t kTr8sMaxFilesPerFolder = 256;  // one folder import
inline constexpr double kTr8sMaxTotalSec = 600.0;           // user memory, 44.1 kHz mono seconds
inline constexpr double kTr8sMaxFileSec = 180.0;            // one sample, 44.1 kHz mono seconds
inline constexpr double kTr8sMaxSampleRate = 96000.0;
inline constexpr double kTr8sReferenceRate = 44100.0;
inline constexpr double kTr8sDefaultHeadroom = 0.10;  // memory left free: "less as memory fills"

// The card path below the SD card's root.
inline constexpr std::string_view kTr8sSamplePath = "ROLAND/TR-8S/SAMPLE";

// The category folders of a kit, in the order the budget planner and KIT.txt list them.
enum class Tr8sCategory { kPads, kDrones, kSwells, kClouds, kHiss, kDrums, kRoomTone };
inline constexpr std::array<Tr8sCategory, 7> kTr8sCategories{
    Tr8sCategory::kPads, Tr8sCategory::kDrones, Tr8sCategory::kSwells,  Tr8sCategory::kClouds,
    Tr8sCategory::kHiss, Tr8sCategory::kDrums,  Tr8sCategory::kRoomTone};

std::string_view folder_name(Tr8sCategory category);  // "PADS", "DRONES", ..., "ROOMTONE"

// Seconds of user memory a file takes: its length x channels x rate / 44.1 kHz.
double mono_equivalent_seconds(double duration_sec, std::size_t channels, double sample_rate);

// True for a character the unit shows in a sample name: A-Z, 0-9, '_' and '-'.
bool is_tr8s_name_char(char c);

// True when `name` is 1-16 characters, each is_tr8s_name_char.
bool is_valid_tr8s_name(std::string_view name);

}  // namespace afterglow::render
