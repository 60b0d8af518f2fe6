#include "afterglow/engine/material_bank.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace afterglow::engine {

std::vector<std::uint32_t> bind_sources(const analysis::Corpus& corpus, std::span<const std::string> selectors) {
  std::vector<std::uint32_t> out;
  const auto sources = corpus.sources();
  for (std::uint32_t i = 0; i < sources.size(); ++i) {
    const analysis::CorpusSource& s = sources[i];
    bool match = selectors.empty();
    for (const std::string& sel : selectors) {
      if (sel == analysis::to_string(s.role) || sel == s.id ||
          std::find(s.tags.begin(), s.tags.end(), sel) != s.tags.end()) {
        match = true;
        break;
      }
    }
    if (match) out.push_back(i);
  }
  return out;
}

Result<std::unique_ptr<MaterialBank>> MaterialBank::build(std::shared_ptr<const analysis::Corpus> corpus,
                                                          std::span<const LayerBinding> layers, double sample_rate,
                                                          const MaterialBankOptions& options) {
  if (!corpus) return Error(ErrorKind::kInvalidValue, "no corpus to build material from");
  if (corpus->size() > 0 && std::fabs(corpus->sample_rate() - sample_rate) > 1e-6) {
    return Error(ErrorKind::kInvalidValue,
                 fmt::format("the corpus was analysed at {} Hz but the engine runs at {} Hz", corpus->sample_rate(),
                             sample_rate));
  }
  auto bank = std::unique_ptr<MaterialBank>(new MaterialBank());
  gen::OwnedMaterial::Options material_options;
  material_options.oversampled = options.oversampled;
  for (const analysis::CorpusSource& s : corpus->sources()) {
    const io::AudioBuffer& audio = s.audio();
    material_options.root_note = 69.0f;
    if (audio.empty()) {
      bank->sources_.emplace_back();
      continue;
    }
    const std::span<const float> left = audio.channels[0];
    const std::span<const float> right =
        audio.channel_count() > 1 ? std::span<const float>(audio.channels[1]) : std::span<const float>();
    bank->sources_.emplace_back(left, right, audio.sample_rate, material_options);
  }
  for (std::size_t i = 0; i < layers.size(); ++i) {
    std::vector<std::uint32_t> bound = bind_sources(*corpus, layers[i].selectors);
    std::erase_if(bound, [&](std::uint32_t s) { return bank->sources_[s].view().empty(); });
    std::unique_ptr<LayerMaterial> material;
    if (layers[i].type != nullptr && !bound.empty()) {
      const MaterialContext context{*corpus, bank->sources_, bound, options.seed + i};
      material = layers[i].type->build_material(context);
    }
    bank->bound_.push_back(std::move(bound));
    bank->layers_.push_back(std::move(material));
  }
  bank->corpus_ = std::move(corpus);
  return bank;
}

std::unique_ptr<MaterialBank> MaterialBank::empty(std::size_t layers) {
  auto bank = std::unique_ptr<MaterialBank>(new MaterialBank());
  bank->bound_.resize(layers);
  bank->layers_.resize(layers);
  return bank;
}

}  // namespace afterglow::engine
