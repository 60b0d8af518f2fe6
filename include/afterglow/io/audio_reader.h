#pragma once
// Decoding audio files into planar float, through libsndfile: WAV, AIFF, FLAC, OGG/Vorbis, and MP3 where
// the installed libsndfile supports it. A bad file is an ordinary outcome (an Error in the Result) and
// never a crash or an exception: users point the program at whole folders of old material.

#include <cstddef>
#include <filesystem>

#include "afterglow/core/result.h"
#include "afterglow/io/audio_buffer.h"

namespace afterglow::io {

// Files with more channels than this are rejected as damaged or not meant for us: real multichannel
// stems stop well below it, and a corrupt header claiming thousands would otherwise drive allocation.
inline constexpr int kMaxReadChannels = 64;

// What to do with a file of more than two channels (surround stems, multitrack recorders).
enum class ExtraChannels {
  // Keep channels 1 and 2. In WAV/AIFF/FLAC channel order these are front left and right, which carry
  // the main image of a surround mix; nothing is invented.
  kKeepFirstTwo,
  // Average every channel into one mono channel: nothing recorded is dropped.
  kMixToMono,
};

struct ReadOptions {
  ExtraChannels extra_channels = ExtraChannels::kKeepFirstTwo;
};

// Decodes `path`. The buffer has 1 or 2 channels at the file's own rate (resample separately). Errors:
//   kNotFound      the file (or a folder on its path) does not exist
//   kPermission    the OS refused to open it
//   kDecode        not audio libsndfile can read (empty, truncated, text, folder…), or absurd channels
//   kInvalidValue  decodes but holds no frames, or NaN/Inf samples (the first bad frame is named)
// Every error carries the file in its context ("file").
Result<AudioBuffer> read_audio(const std::filesystem::path& path, const ReadOptions& options = {});

}  // namespace afterglow::io
