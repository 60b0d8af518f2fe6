#include "afterglow/render/afterglow_layout.h"

#include "afterglow/io/wav_writer.h"

namespace afterglow::render {

std::vector<bool> curate(const PhaseOutput& output, const config::CurationConfig& curation) {
  std::vector<bool> saved(output.size(), true);
  if (!curation.auto_delete_grade_f) return saved;
  for (std::size_t i = 0; i < output.size(); ++i) saved[i] = output.items[i].grade != Grade::kF;
  return saved;
}

Result<std::size_t> write_afterglow_files(const PhaseOutput& output, const std::vector<bool>& saved,
                                          const std::filesystem::path& out,
                                          const AfterglowWriteOptions& options, const io::ExportRoot& root) {
  std::size_t written = 0;
  for (std::size_t i = 0; i < output.size(); ++i) {
    if (!saved[i]) continue;
    io::WavWriteOptions wo;
    wo.bit_depth = options.bit_depth;
    wo.dither = true;
    std::uint64_t h = options.dither_seed;  // FNV-1a of the relative path: a stable per-file seed
    for (const char c : output.paths[i].generic_string()) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001B3ull;
    }
    wo.dither_seed = h;
    auto r = io::write_wav(out / output.paths[i], output.items[i].audio, wo, root);
    if (!r) return r.error();
    ++written;
  }
  return written;
}

std::vector<ManifestRow> layout_manifest_rows(const PhaseOutput& output, const std::vector<bool>& saved,
                                              const Tr8sKitPlan* kit) {
  std::vector<ManifestRow> rows;
  rows.reserve(output.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < output.size(); ++i) {
    ManifestRow row = output.items[i].metadata;
    row["saved"] = static_cast<bool>(saved[i]);
    if (kit != nullptr) {
      if (saved[i] && k < kit->samples.size()) {
        const Tr8sSamplePlan& s = kit->samples[k++];
        row["short_name"] = s.kept ? ManifestValue{s.short_name} : ManifestValue{};
        row["tr8s_path"] = s.kept ? ManifestValue{s.tr8s_path} : ManifestValue{};
      } else {
        row["short_name"] = ManifestValue{};
        row["tr8s_path"] = ManifestValue{};
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace afterglow::render
