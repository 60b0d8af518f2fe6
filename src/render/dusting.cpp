#include "afterglow/render/dusting.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <system_error>

#include "afterglow/core/random.h"
#include "afterglow/dsp/levels.h"
#include "afterglow/dsp/normalize.h"
#include "afterglow/io/audio_reader.h"
#include "afterglow/io/text_file.h"
#include "afterglow/io/resampler.h"
#include "afterglow/io/wav_writer.h"
#include "afterglow/render/render_plan.h"

namespace afterglow::render {

namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kPickStream = 0x64757374ull;  // the picks' own stream of the seed

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_silent(const io::AudioBuffer& audio) {
  for (const auto& ch : audio.channels) {
    if (dsp::peak(ch) >= dsp::kSilencePeak) return false;
  }
  return true;
}

// `channel` of `audio` when it has it, else its first channel (mono to both sides).
const std::vector<float>& channel_or_first(const io::AudioBuffer& audio, std::size_t channel) {
  return audio.channels[std::min(channel, audio.channel_count() - 1)];
}

struct LoadedHiss {
  fs::path path;
  io::AudioBuffer audio;
};

// The file names dust wrote into `dir`, from its marker (empty when there is none).
std::set<std::string> own_outputs(const fs::path& dir) {
  std::set<std::string> names;
  std::ifstream in(dir / kDustMarkerName);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) names.insert(line);
  }
  return names;
}

// `files` without those dust wrote.
std::vector<fs::path> without_own_outputs(std::vector<fs::path> files, const fs::path& dir) {
  const std::set<std::string> own = own_outputs(dir);
  std::erase_if(files, [&](const fs::path& f) { return own.count(f.filename().string()) > 0; });
  return files;
}

}  // namespace

Result<std::vector<fs::path>> list_wav_files(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Error(ErrorKind::kNotFound, fmt::format("{} is not a folder", dir.string()))
        .with("folder", dir.string());
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && lower(it->path().extension().string()) == ".wav")
      files.push_back(it->path());
  }
  if (ec) return Error(ErrorKind::kFilesystem, fmt::format("cannot list {}: {}", dir.string(), ec.message()));
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return a.filename().string() < b.filename().string();
  });
  return files;
}

std::vector<std::string> hiss_tags(const std::vector<fs::path>& hisses) {
  std::vector<std::string> tags;
  std::map<std::string, int> seen;
  for (const fs::path& h : hisses) {
    std::string stem = h.stem().string();
    if (lower(stem.substr(0, 5)) == "hiss_") stem.erase(0, 5);
    std::string tag = file_safe(stem.substr(0, kDustTagLength));
    if (stem.empty()) tag = "hiss";
    const int n = ++seen[tag];
    if (n > 1) tag += fmt::format("-{}", n);
    tags.push_back(std::move(tag));
  }
  return tags;
}

std::vector<std::size_t> pick_hisses(std::size_t pad_count, std::size_t hiss_count, std::uint64_t seed) {
  std::vector<std::size_t> picks;
  if (hiss_count == 0) return picks;
  Random rng(seed, kPickStream);
  for (std::size_t i = 0; i < pad_count; ++i)
    picks.push_back(rng.below(static_cast<std::uint32_t>(hiss_count)));
  return picks;
}

Result<io::AudioBuffer> dust(const io::AudioBuffer& pad, const io::AudioBuffer& hiss_in, double mix_db) {
  if (pad.empty() || hiss_in.empty()) return Error(ErrorKind::kInvalidValue, "a pad or hiss holds no audio");
  io::AudioBuffer resampled;
  const io::AudioBuffer* hiss = &hiss_in;
  if (hiss_in.sample_rate != pad.sample_rate) {
    auto r = io::resample(hiss_in, pad.sample_rate);
    if (!r) return r.error();
    if (r->empty()) return Error(ErrorKind::kInvalidValue, "the hiss is too short to resample");
    resampled = std::move(*r);
    hiss = &resampled;
  }
  const double gain = dsp::db_to_lin(mix_db);
  const std::size_t frames = pad.frames();
  const std::size_t hiss_frames = hiss->frames();
  const std::size_t channels = std::max(pad.channel_count(), hiss->channel_count());
  io::AudioBuffer out(pad.sample_rate, channels, frames);
  for (std::size_t c = 0; c < channels; ++c) {
    const auto& p = channel_or_first(pad, c);
    const auto& h = channel_or_first(*hiss, c);
    for (std::size_t n = 0; n < frames; ++n) {
      out.channels[c][n] =
          static_cast<float>(static_cast<double>(p[n]) + static_cast<double>(h[n % hiss_frames]) * gain);
    }
  }
  return out;
}

Result<DustReport> dust_folder(const fs::path& pads_dir, const fs::path& hiss_dir, const fs::path& out_dir,
                               const DustOptions& options, const io::ExportRoot& root) {
  if (auto inside = root.check(out_dir); !inside) return inside.error();
  auto pads = list_wav_files(pads_dir);
  if (!pads) return pads.error();
  auto hiss_files = list_wav_files(hiss_dir);
  if (!hiss_files) return hiss_files.error();
  *pads = without_own_outputs(std::move(*pads), pads_dir);
  *hiss_files = without_own_outputs(std::move(*hiss_files), hiss_dir);
  DustReport report;

  // The usable hisses, in name order: the picks are drawn over them.
  std::vector<LoadedHiss> hisses;
  for (const fs::path& h : *hiss_files) {
    auto audio = io::read_audio(h);
    if (!audio) {
      report.failures.push_back(fmt::format("hiss {}: {}", h.string(), audio.error().what()));
    } else if (is_silent(*audio)) {
      report.failures.push_back(fmt::format("hiss {}: the file is silent, left out of the pool", h.string()));
    } else {
      hisses.push_back({h, std::move(*audio)});
    }
  }
  if (hisses.empty()) {
    return Error(ErrorKind::kInvalidValue,
                 fmt::format("no usable hiss in {} ({} .wav file(s), none readable and non-silent)",
                             hiss_dir.string(), hiss_files->size()));
  }
  std::vector<fs::path> pool;
  for (const auto& h : hisses) pool.push_back(h.path);
  const std::vector<std::string> tags = hiss_tags(pool);
  const std::vector<std::size_t> picks = pick_hisses(pads->size(), hisses.size(), options.seed);

  std::set<std::string> used;
  for (std::size_t i = 0; i < pads->size(); ++i) {
    const fs::path& pad_path = (*pads)[i];
    const LoadedHiss& hiss = hisses[picks[i]];
    auto pad = io::read_audio(pad_path);
    if (!pad) {
      report.failures.push_back(fmt::format("pad {}: {}", pad_path.string(), pad.error().what()));
      continue;
    }
    if (is_silent(*pad)) {
      report.failures.push_back(
          fmt::format("pad {}: the file is silent, nothing to dust", pad_path.string()));
      continue;
    }
    auto mixed = dust(*pad, hiss.audio, options.mix_db);
    if (!mixed) {
      report.failures.push_back(fmt::format("pad {}: {}", pad_path.string(), mixed.error().what()));
      continue;
    }
    std::string name = fmt::format("{}_dust_{}", pad_path.stem().string(), tags[picks[i]]);
    for (int n = 2; used.count(lower(name + ".wav")); ++n) {
      name = fmt::format("{}_dust_{}_{}", pad_path.stem().string(), tags[picks[i]], n);
    }
    name += ".wav";
    used.insert(lower(name));  // case-insensitively: such names collide on macOS and Windows volumes

    DustedFile file{pad_path, hiss.path, out_dir / name, 0.0};
    double peak = 0.0;
    for (const auto& ch : mixed->channels) peak = std::max(peak, dsp::peak(ch));
    if (options.normalize || peak > 1.0) {
      const double gain_db = kDustHeadroomDbfs - dsp::lin_to_db(peak);
      const auto gain = static_cast<float>(dsp::db_to_lin(gain_db));
      for (auto& ch : mixed->channels) {
        for (float& v : ch) v *= gain;
      }
      file.gain_db = gain_db;
      if (!options.normalize) {
        report.warnings.push_back(
            fmt::format("{}: pad + hiss would clip (peak {:.2f} dBFS): scaled by {:.2f} dB", name,
                        dsp::lin_to_db(peak), gain_db));
      }
    }
    if (!options.dry_run) {
      io::WavWriteOptions wo;
      wo.bit_depth = 24;
      if (auto w = io::write_wav(file.output, *mixed, wo, root); !w) {
        report.failures.push_back(fmt::format("{}: {}", file.output.string(), w.error().what()));
        continue;
      }
    }
    report.written.push_back(std::move(file));
  }
  if (!options.dry_run && !report.written.empty()) {
    std::set<std::string> own = own_outputs(out_dir);
    for (const DustedFile& f : report.written) own.insert(f.output.filename().string());
    std::string text;
    for (const std::string& name : own) text += name + "\n";
    if (auto w = io::write_text_file(out_dir / kDustMarkerName, text, root); !w) {
      report.failures.push_back(fmt::format("{}: {}", (out_dir / kDustMarkerName).string(), w.error().what()));
    }
  }
  return report;
}

}  // namespace afterglow::render
