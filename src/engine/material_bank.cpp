#include "afterglow/engine/material_bank.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "afterglow/core/log.h"

namespace afterglow::engine {

std::vector<std::uint32_t> bind_sources(const analysis::Corpus& corpus,
                                        std::span<const std::string> selectors) {
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

void MaterialBank::add_source(const io::AudioBuffer& audio, const MaterialBankOptions& options) {
  if (audio.empty()) {
    sources_.emplace_back();
    return;
  }
  gen::OwnedMaterial::Options material_options;
  material_options.oversampled = options.oversampled;
  const std::span<const float> left = audio.channels[0];
  const std::span<const float> right =
      audio.channel_count() > 1 ? std::span<const float>(audio.channels[1]) : std::span<const float>();
  sources_.emplace_back(left, right, audio.sample_rate, material_options);
}

void MaterialBank::build_layers(std::span<const LayerBinding> layers,
                                const std::vector<std::vector<std::uint32_t>>& bound,
                                const MaterialBankOptions& options) {
  for (std::size_t i = 0; i < layers.size(); ++i) {
    std::vector<std::uint32_t> usable = bound[i];
    std::erase_if(usable, [&](std::uint32_t s) { return sources_[s].view().empty(); });
    std::unique_ptr<LayerMaterial> material;
    if (layers[i].type != nullptr && !usable.empty()) {
      const MaterialContext context{corpus_.get(), sources_, usable, options.seed + i, options.complete};
      const auto t0 = std::chrono::steady_clock::now();
      material = layers[i].type->build_material(context);
      log::debug("material bank: layer {} ({}) built in {:.2f} s", i, layers[i].type->name,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    bound_.push_back(std::move(usable));
    layers_.push_back(std::move(material));
  }
}

Result<std::unique_ptr<MaterialBank>> MaterialBank::build(std::shared_ptr<const analysis::Corpus> corpus,
                                                          std::span<const LayerBinding> layers,
                                                          double sample_rate,
                                                          const MaterialBankOptions& options) {
  if (!corpus) return Error(ErrorKind::kInvalidValue, "no corpus to build material from");
  if (corpus->size() > 0 && std::fabs(corpus->sample_rate() - sample_rate) > 1e-6) {
    return Error(ErrorKind::kInvalidValue,
                 fmt::format("the corpus was analysed at {} Hz but the engine runs at {} Hz",
                             corpus->sample_rate(), sample_rate));
  }
  auto bank = std::unique_ptr<MaterialBank>(new MaterialBank());
  const auto t0 = std::chrono::steady_clock::now();
  for (const analysis::CorpusSource& s : corpus->sources()) bank->add_source(s.audio(), options);
  log::debug("material bank: {} sources prepared in {:.2f} s", corpus->size(),
             std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  std::vector<std::vector<std::uint32_t>> bound;
  for (const LayerBinding& layer : layers) bound.push_back(bind_sources(*corpus, layer.selectors));
  bank->corpus_ = std::move(corpus);
  bank->build_layers(layers, bound, options);
  bank->stage = options.complete                         ? MaterialStage::kComplete
                : options.stage == MaterialStage::kFirst ? MaterialStage::kFirst
                                                         : MaterialStage::kQuick;
  return bank;
}

Result<std::unique_ptr<MaterialBank>> MaterialBank::from_audio(std::vector<io::AudioBuffer> sources,
                                                               std::span<const LayerBinding> layers,
                                                               double sample_rate,
                                                               const MaterialBankOptions& options) {
  auto bank = std::unique_ptr<MaterialBank>(new MaterialBank());
  std::vector<std::uint32_t> all;
  for (const io::AudioBuffer& audio : sources) {
    if (!audio.empty() && std::fabs(audio.sample_rate - sample_rate) > 1e-6) {
      return Error(ErrorKind::kInvalidValue, "material must be at the engine rate");
    }
    if (audio.channel_count() > 2)
      return Error(ErrorKind::kInvalidValue, "material has more than 2 channels");
    all.push_back(static_cast<std::uint32_t>(bank->sources_.size()));
    bank->add_source(audio, options);
  }
  const std::vector<std::vector<std::uint32_t>> bound(layers.size(), all);
  bank->build_layers(layers, bound, options);
  bank->stage = options.complete                         ? MaterialStage::kComplete
                : options.stage == MaterialStage::kFirst ? MaterialStage::kFirst
                                                         : MaterialStage::kQuick;
  return bank;
}

std::string_view to_string(MaterialStage stage) {
  switch (stage) {
    case MaterialStage::kFirst:
      return "first";
    case MaterialStage::kQuick:
      return "quick";
    case MaterialStage::kComplete:
      return "complete";
  }
  return "complete";
}

std::unique_ptr<MaterialBank> MaterialBank::empty(std::size_t layers) {
  auto bank = std::unique_ptr<MaterialBank>(new MaterialBank());
  bank->bound_.resize(layers);
  bank->layers_.resize(layers);
  return bank;
}

}  // namespace afterglow::engine
