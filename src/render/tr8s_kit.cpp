#include "afterglow/render/tr8s_kit.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <set>
#include <system_error>

#include "afterglow/core/log.h"
#include "afterglow/dsp/crossfade.h"
#include "afterglow/io/atomic_file.h"
#include "afterglow/io/disk_space.h"
#include "afterglow/io/downmix.h"
#include "afterglow/io/resampler.h"
#include "afterglow/render/sample_name.h"

namespace afterglow::render {
namespace {

// Frames of source beyond the loop length, so that the resampled repetition is never short of the
// exact target length (the converter's length rounds up, but its filter needs a little run-out).
constexpr std::size_t kLoopMarginFrames = 64;
constexpr io::ResampleQuality kKitResampleQuality = io::ResampleQuality::kSincMedium;

std::size_t exported_channels(const KitItem& item, const Tr8sExportOptions& options) {
  return options.stereo && item.audio.channel_count() == 2 ? 2 : 1;
}

std::size_t exported_frames(const KitItem& item, const Tr8sExportOptions& options) {
  const double rate = options.sample_rate;
  const std::size_t one_pass = io::resampled_length(item.audio.frames(), item.audio.sample_rate, rate);
  if (!item.is_loop) return one_pass;
  const auto target = static_cast<std::size_t>(std::llround(options.loop_length_sec * rate));
  return std::max(one_pass, target);
}

bool wants_pitch(SampleKind kind) {
  return kind == SampleKind::kPad || kind == SampleKind::kDroneLoop || kind == SampleKind::kSwell;
}

std::uint64_t name_hash(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a: a stable per-file dither seed
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

Status validate(const Tr8sExportOptions& options, std::span<const KitItem> items) {
  if (options.sample_rate != 44100 && options.sample_rate != 48000) {
    return Error(ErrorKind::kInvalidValue, "The TR-8S kit rate must be 44100 or 48000 Hz",
                 {{"sample_rate", std::to_string(options.sample_rate)}});
  }
  if (options.bit_depth != 16 && options.bit_depth != 24) {
    return Error(ErrorKind::kInvalidValue, "The TR-8S kit bit depth must be 16 or 24",
                 {{"bit_depth", std::to_string(options.bit_depth)}});
  }
  if (!(options.loop_length_sec > 0.0) || !std::isfinite(options.loop_length_sec)) {
    return Error(ErrorKind::kInvalidValue,
                 "The loop length of a TR-8S kit must be a positive number of seconds",
                 {{"loop_length_sec", fmt::format("{}", options.loop_length_sec)}});
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& a = items[i].audio;
    if (a.empty() || a.channel_count() == 0 || a.channel_count() > 2 || !(a.sample_rate > 0.0)) {
      return Error(ErrorKind::kInvalidValue, "A sound for the TR-8S kit is empty or not mono/stereo",
                   {{"sound", items[i].descriptive_name}});
    }
  }
  return Ok{};
}

std::string relative_path(const std::string& kit, Tr8sCategory category, const std::string& name) {
  return fmt::format("{}/{}/{}/{}.WAV", kTr8sSamplePath, kit, folder_name(category), name);
}

Status write_text(const std::filesystem::path& path, const std::string& text, const io::ExportRoot& root) {
  auto target = io::prepare_write(path, text.size(), root);
  if (!target.ok()) return target.error();
  return io::write_file_atomically(*target, [&text](int fd) -> Status {
    std::string_view rest = text;
    while (!rest.empty()) {
      const ssize_t n = ::write(fd, rest.data(), rest.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return io::error_from_errno(errno, {}, "write KIT.txt");
      }
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
    return Ok{};
  });
}

// Files a previous export left in the kit's folders would be imported with this kit; they are reported,
// not deleted, because the folder may hold samples the musician put there.
void warn_about_stale_files(const Tr8sKitPlan& plan) {
  std::set<std::filesystem::path> written;
  for (const auto& s : plan.samples) {
    if (s.kept) written.insert(plan.kit_dir / folder_name(s.category) / (s.short_name + ".WAV"));
  }
  for (Tr8sCategory category : kTr8sCategories) {
    std::error_code ec;
    const auto folder = plan.kit_dir / folder_name(category);
    for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file() && !written.count(it->path())) {
        log::warn(
            "{} is not part of this export (left from an earlier one?): it would be imported with the kit",
            it->path().string());
      }
    }
  }
}

}  // namespace

Tr8sExportOptions Tr8sExportOptions::from_config(const config::Tr8sConfig& tr8s,
                                                 const config::CurationThresholds& thresholds) {
  Tr8sExportOptions o;
  o.kit_name = tr8s.kit_name;
  o.sample_rate = tr8s.sample_rate;
  o.bit_depth = tr8s.bit_depth;
  o.stereo = tr8s.stereo;
  o.loop_length_sec = tr8s.loop_length_sec;
  o.dither = tr8s.dither;
  o.limits.headroom = tr8s.headroom;
  o.limits.max_samples = static_cast<std::size_t>(std::max(tr8s.max_samples, 0));
  o.limits.max_total_sec = tr8s.max_total_sec;
  o.limits.max_file_sec = tr8s.max_file_sec;
  o.thresholds = thresholds;
  return o;
}

std::vector<ManifestRow> Tr8sKitPlan::manifest_rows() const {
  std::vector<ManifestRow> rows;
  rows.reserve(samples.size());
  for (const auto& s : samples) rows.push_back(s.manifest_row);
  return rows;
}

Result<Tr8sKitPlan> plan_tr8s_kit(std::span<const KitItem> items, const std::filesystem::path& out_dir,
                                  const Tr8sExportOptions& options) {
  if (auto status = validate(options, items); !status.ok()) return status.error();
  Tr8sKitPlan plan;
  plan.kit_name = sanitize_name(options.kit_name);
  if (plan.kit_name.empty()) {
    return Error(ErrorKind::kInvalidValue,
                 "The kit name has no character a TR-8S can show (A-Z, 0-9, _ and -)",
                 {{"kit_name", options.kit_name}});
  }
  plan.kit_dir = out_dir / std::filesystem::path(std::string(kTr8sSamplePath)) / plan.kit_name;

  std::vector<BudgetCandidate> candidates;
  candidates.reserve(items.size());
  for (const KitItem& item : items) {
    Tr8sSamplePlan s;
    s.category = category_of(item.kind);
    s.frames = exported_frames(item, options);
    s.channels = exported_channels(item, options);
    s.cost_sec = mono_equivalent_seconds(static_cast<double>(s.frames) / options.sample_rate, s.channels,
                                         options.sample_rate);
    s.manifest_row = item.metadata;
    // Metrics are measured on the sound as rendered (the afterglow layout's file), not on the kit's copy,
    // so the manifest describes one sound with one set of numbers.
    if (!item.grade.has_value() || !item.metadata.contains("rms_db")) {
      const AudioMetrics metrics = measure_audio(item.audio, {wants_pitch(item.kind), item.is_loop});
      s.grade = item.grade.value_or(grade_audio(metrics, options.thresholds));
      if (!item.metadata.contains("rms_db")) add_metrics(s.manifest_row, metrics, s.grade);
    } else {
      s.grade = *item.grade;
    }
    s.manifest_row.try_emplace("filename", item.descriptive_name);
    s.manifest_row.try_emplace("type", std::string(kind_name(item.kind)));
    s.manifest_row.try_emplace("source", item.source_stem);
    s.manifest_row.try_emplace("grade", std::string(to_string(s.grade)));
    candidates.push_back({s.category, item.source_stem, s.grade,
                          static_cast<double>(s.frames) / options.sample_rate, s.channels,
                          static_cast<double>(options.sample_rate)});
    plan.samples.push_back(std::move(s));
  }
  plan.budget = plan_budget(candidates, options.limits);

  std::vector<SampleNameRequest> requests;
  for (std::size_t i : plan.budget.kept) {
    requests.push_back({items[i].kind, items[i].source_stem, items[i].variant});
  }
  const std::vector<std::string> names = assign_sample_names(requests);
  for (std::size_t k = 0; k < plan.budget.kept.size(); ++k) {
    Tr8sSamplePlan& s = plan.samples[plan.budget.kept[k]];
    s.kept = true;
    s.short_name = names[k];
    s.tr8s_path = relative_path(plan.kit_name, s.category, s.short_name);
  }
  for (const Omission& o : plan.budget.left_out) plan.samples[o.index].omission = o.message;
  for (Tr8sSamplePlan& s : plan.samples) {
    s.manifest_row["short_name"] = s.kept ? ManifestValue{s.short_name} : ManifestValue{};
    s.manifest_row["tr8s_path"] = s.kept ? ManifestValue{s.tr8s_path} : ManifestValue{};
  }
  return plan;
}

Result<io::AudioBuffer> prepare_kit_audio(const KitItem& item, const Tr8sSamplePlan& plan,
                                          const Tr8sExportOptions& options) {
  io::AudioBuffer shaped;
  shaped.sample_rate = item.audio.sample_rate;
  if (plan.channels == 2) {
    shaped.channels = item.audio.channels;
  } else {
    shaped.channels.push_back(io::downmix(item.audio));
  }

  if (item.is_loop) {
    // The loop repeated at its own rate: every wrap is the loop's seamless seam, so the converter sees
    // continuous sound and the repeats stay identical.
    const std::size_t loop = shaped.frames();
    const double needed = static_cast<double>(plan.frames) * shaped.sample_rate / options.sample_rate;
    const std::size_t source_frames =
        std::max(loop, static_cast<std::size_t>(std::ceil(needed)) + kLoopMarginFrames);
    for (auto& channel : shaped.channels) {
      std::vector<float> repeated(source_frames);
      for (std::size_t n = 0; n < source_frames; ++n) repeated[n] = channel[n % loop];
      channel = std::move(repeated);
    }
  }

  io::AudioBuffer out;
  if (shaped.sample_rate != static_cast<double>(options.sample_rate)) {
    auto resampled = io::resample(shaped, options.sample_rate, kKitResampleQuality);
    if (!resampled.ok()) return resampled.error();
    out = std::move(resampled).value();
  } else {
    out = std::move(shaped);
  }
  out.sample_rate = options.sample_rate;
  for (auto& channel : out.channels) channel.resize(plan.frames, 0.0f);

  if (item.is_loop) {
    const auto fade = [&](double ms) {
      return static_cast<std::size_t>(std::llround(ms * options.sample_rate / 1000.0));
    };
    for (auto& channel : out.channels) {
      dsp::fade_in(channel, fade(options.loop_fade_in_ms));
      dsp::fade_out(channel, fade(options.loop_fade_out_ms));
    }
  }
  return out;
}

Result<Tr8sKitPlan> export_tr8s_kit(std::span<const KitItem> items, const std::filesystem::path& out_dir,
                                    const Tr8sExportOptions& options, const io::ExportRoot& root) {
  auto planned = plan_tr8s_kit(items, out_dir, options);
  if (!planned.ok()) return planned.error();
  Tr8sKitPlan plan = std::move(planned).value();
  // Refuse a kit outside the export root before the first folder exists.
  if (auto contained = root.check(plan.kit_dir); !contained.ok()) return contained.error();

  io::WavWriteOptions wav;
  wav.bit_depth = options.bit_depth;
  wav.dither = options.dither;
  for (std::size_t i : plan.budget.kept) {
    const Tr8sSamplePlan& s = plan.samples[i];
    auto audio = prepare_kit_audio(items[i], s, options);
    if (!audio.ok()) return Error(audio.error()).with("sound", items[i].descriptive_name);
    wav.dither_seed = options.dither_seed ^ name_hash(s.short_name);
    auto written =
        io::write_wav(plan.kit_dir / folder_name(s.category) / (s.short_name + ".WAV"), *audio, wav, root);
    if (!written.ok()) return Error(written.error()).with("sound", items[i].descriptive_name);
    if (written->clipped_samples > 0) {
      log::warn("{}: {} samples clipped at full scale", s.tr8s_path, written->clipped_samples);
    }
  }
  warn_about_stale_files(plan);
  if (auto status = write_text(plan.kit_dir / kKitReadmeName, plan.readme(options), root); !status.ok()) {
    return status.error();
  }
  return plan;
}

}  // namespace afterglow::render
