#include "afterglow/io/resampler.h"

#include <fmt/format.h>
#include <samplerate.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace afterglow::io {
namespace {

// Input frames handed to libsamplerate per call: the converter keeps its own small history, so larger
// chunks only save call overhead, which is negligible from here on.
constexpr std::size_t kChunkFrames = 8192;
// Extra output room beyond the nominal length: the converter may emit a frame or two more than
// ceil(len * ratio) while flushing; those are trimmed.
constexpr std::size_t kOutputSlack = 64;

int converter_type(ResampleQuality quality) {
  switch (quality) {
    case ResampleQuality::kSincBest:
      return SRC_SINC_BEST_QUALITY;
    case ResampleQuality::kSincMedium:
      return SRC_SINC_MEDIUM_QUALITY;
    case ResampleQuality::kSincFastest:
      return SRC_SINC_FASTEST;
    case ResampleQuality::kLinear:
      return SRC_LINEAR;
  }
  return SRC_SINC_FASTEST;
}

struct StateDeleter {
  void operator()(SRC_STATE* s) const { src_delete(s); }
};

// Converts one channel into `out` (already sized to the nominal length plus slack). Returns the
// libsamplerate error text on failure.
std::optional<std::string> convert_channel(const std::vector<float>& in, std::vector<float>& out,
                                           double ratio, int type) {
  int error = 0;
  std::unique_ptr<SRC_STATE, StateDeleter> state(src_new(type, 1, &error));
  if (!state) return std::string(src_strerror(error));

  std::size_t read = 0;
  std::size_t written = 0;
  for (;;) {
    const std::size_t chunk = std::min(kChunkFrames, in.size() - read);
    SRC_DATA data{};
    data.data_in = in.data() + read;
    data.input_frames = static_cast<long>(chunk);
    data.data_out = out.data() + written;
    data.output_frames = static_cast<long>(out.size() - written);
    data.end_of_input = read + chunk == in.size() ? 1 : 0;
    data.src_ratio = ratio;
    error = src_process(state.get(), &data);
    if (error != 0) return std::string(src_strerror(error));
    read += static_cast<std::size_t>(data.input_frames_used);
    written += static_cast<std::size_t>(data.output_frames_gen);
    // Done once all input is in and the converter has drained its history, or the output is full.
    if (data.end_of_input && data.output_frames_gen == 0) break;
    if (written == out.size()) break;
  }
  // libsamplerate may stop a frame short of the nominal length (its mono path does for most lengths);
  // that last frame stays silent (the buffer is zero-filled).
  return std::nullopt;
}

// Converts a stereo pair through one two-channel converter. libsamplerate's stereo path computes each
// filter position once for both channels, which costs about half the CPU of two mono converters; the
// interleaving goes through small chunk-sized scratch buffers, never a full-size copy.
std::optional<std::string> convert_stereo(const AudioBuffer& in, AudioBuffer& out, double ratio, int type) {
  int error = 0;
  std::unique_ptr<SRC_STATE, StateDeleter> state(src_new(type, 2, &error));
  if (!state) return std::string(src_strerror(error));

  const std::vector<float>& in_l = in.channels[0];
  const std::vector<float>& in_r = in.channels[1];
  std::vector<float>& out_l = out.channels[0];
  std::vector<float>& out_r = out.channels[1];
  const std::size_t total_in = in_l.size();
  const std::size_t out_chunk = static_cast<std::size_t>(std::ceil(kChunkFrames * ratio)) + kOutputSlack;
  std::vector<float> in_scratch(2 * kChunkFrames);
  std::vector<float> out_scratch(2 * out_chunk);

  std::size_t read = 0;    // input frames consumed by the converter
  std::size_t staged = 0;  // input frames interleaved into in_scratch, from `read` on
  std::size_t written = 0;
  for (;;) {
    if (staged == 0) {
      staged = std::min(kChunkFrames, total_in - read);
      for (std::size_t i = 0; i < staged; ++i) {
        in_scratch[2 * i] = in_l[read + i];
        in_scratch[2 * i + 1] = in_r[read + i];
      }
    }
    SRC_DATA data{};
    data.data_in = in_scratch.data();
    data.input_frames = static_cast<long>(staged);
    data.data_out = out_scratch.data();
    data.output_frames = static_cast<long>(std::min(out_chunk, out_l.size() - written));
    data.end_of_input = read + staged == total_in ? 1 : 0;
    data.src_ratio = ratio;
    error = src_process(state.get(), &data);
    if (error != 0) return std::string(src_strerror(error));
    const auto used = static_cast<std::size_t>(data.input_frames_used);
    const auto gen = static_cast<std::size_t>(data.output_frames_gen);
    for (std::size_t i = 0; i < gen; ++i) {
      out_l[written + i] = out_scratch[2 * i];
      out_r[written + i] = out_scratch[2 * i + 1];
    }
    written += gen;
    read += used;
    // Keep whatever the converter did not take at the front of the scratch for the next call.
    if (used < staged) {
      std::copy(in_scratch.begin() + static_cast<std::ptrdiff_t>(2 * used),
                in_scratch.begin() + static_cast<std::ptrdiff_t>(2 * staged), in_scratch.begin());
    }
    staged -= used;
    if (data.end_of_input && gen == 0 && staged == 0) break;
    if (written == out_l.size()) break;
  }
  return std::nullopt;
}

}  // namespace

Result<ResampleQuality> parse_resample_quality(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "sinc_best") return ResampleQuality::kSincBest;
  if (lower == "sinc_medium") return ResampleQuality::kSincMedium;
  if (lower == "sinc_fastest") return ResampleQuality::kSincFastest;
  if (lower == "linear") return ResampleQuality::kLinear;
  return Error(
      ErrorKind::kInvalidValue,
      fmt::format("Unknown resampling quality '{}': use sinc_best, sinc_medium, sinc_fastest or linear",
                  name),
      {{"quality", std::string(name)}});
}

std::string_view to_string(ResampleQuality quality) {
  switch (quality) {
    case ResampleQuality::kSincBest:
      return "sinc_best";
    case ResampleQuality::kSincMedium:
      return "sinc_medium";
    case ResampleQuality::kSincFastest:
      return "sinc_fastest";
    case ResampleQuality::kLinear:
      return "linear";
  }
  return "sinc_fastest";
}

std::size_t resampled_length(std::size_t frames, double source_rate, double target_rate) {
  if (frames == 0 || source_rate <= 0.0) return 0;
  const double exact = static_cast<double>(frames) * target_rate / source_rate;
  // Guard against 4410.000000001 from floating-point error turning into 4411.
  const double rounded = std::round(exact);
  if (std::fabs(exact - rounded) < 1e-9 * std::max(1.0, exact)) return static_cast<std::size_t>(rounded);
  return static_cast<std::size_t>(std::ceil(exact));
}

Result<AudioBuffer> resample(const AudioBuffer& audio, double target_rate, ResampleQuality quality) {
  if (!std::isfinite(target_rate) || target_rate <= 0.0) {
    return Error(ErrorKind::kInvalidValue,
                 fmt::format("Cannot resample to {} Hz: the rate must be positive", target_rate),
                 {{"target_rate", fmt::format("{}", target_rate)}});
  }
  if (!std::isfinite(audio.sample_rate) || audio.sample_rate <= 0.0) {
    return Error(ErrorKind::kInvalidValue, "Cannot resample audio whose own sample rate is unknown",
                 {{"source_rate", fmt::format("{}", audio.sample_rate)}});
  }
  const double ratio = target_rate / audio.sample_rate;
  if (src_is_valid_ratio(ratio) == 0) {
    return Error(ErrorKind::kInvalidValue,
                 fmt::format("Cannot resample from {} Hz to {} Hz: the ratio is beyond 1:256",
                             audio.sample_rate, target_rate),
                 {{"source_rate", fmt::format("{}", audio.sample_rate)},
                  {"target_rate", fmt::format("{}", target_rate)}});
  }
  if (target_rate == audio.sample_rate) return audio;

  const std::size_t length = resampled_length(audio.frames(), audio.sample_rate, target_rate);
  AudioBuffer out;
  out.sample_rate = target_rate;
  out.channels.resize(audio.channel_count());
  if (length == 0) return out;
  for (auto& c : out.channels) c.assign(length + kOutputSlack, 0.0f);

  const int type = converter_type(quality);
  std::vector<std::optional<std::string>> errors(audio.channel_count());
  if (audio.channel_count() == 2) {
    errors[0] = convert_stereo(audio, out, ratio, type);
  } else {
    for (std::size_t c = 0; c < audio.channel_count(); ++c) {
      errors[c] = convert_channel(audio.channels[c], out.channels[c], ratio, type);
    }
  }
  for (const auto& e : errors) {
    if (e) {
      return Error(ErrorKind::kProcessing, fmt::format("Resampling failed: {}", *e),
                   {{"quality", std::string(to_string(quality))}});
    }
  }
  for (auto& c : out.channels) c.resize(length);  // shrinking never reallocates
  return out;
}

}  // namespace afterglow::io
