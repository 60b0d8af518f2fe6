#pragma once
// Everything the layers play, built in one piece on a worker from an analysed Corpus (design §4,
// SuperCollider's staged commands): per source, its audio with band-limited octave levels and the 2×
// copy (gen::OwnedMaterial); per layer, what its layer type builds from the sources bound to it (views,
// a grain picker over the corpus's descriptor index, loop sets …). The bank holds the corpus too, so
// the descriptor index outlives every picker.
//
// A bank is immutable once built. It reaches the audio thread by pointer (MaterialHandoff) and goes
// back the same way to be freed, so neither its construction nor its destruction ever runs there.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "afterglow/analysis/corpus.h"
#include "afterglow/core/result.h"
#include "afterglow/engine/layer.h"
#include "afterglow/gen/owned_material.h"

namespace afterglow::engine {

// Which of the worker's banks this is. A session recording logs the frame each was adopted at, so a replay adopts the
// same banks at the same frames.
enum class MaterialStage : std::uint8_t {
  kFirst,     // one source per role, quick: a large archive sounds at once
  kQuick,     // every source, without the drone's stretched renderings
  kComplete,  // everything
};
std::string_view to_string(MaterialStage stage);

// What the bank must provide for one layer.
struct LayerBinding {
  const LayerType* type = nullptr;
  std::vector<std::string> selectors;  // roles, tags or source ids; empty = every source
};

struct MaterialBankOptions {
  // The 2× copy doubles the full-rate memory; it flattens pitched-down reads (gen/material.h).
  bool oversampled = true;
  std::uint64_t seed = 0;
  // false: leave out what is slow to build (the drone's stretched renderings, seconds of Paulstretch),
  // so a first bank can play within a fraction of a second; publish a complete bank after it.
  bool complete = true;
  MaterialStage stage = MaterialStage::kComplete;  // recorded with the bank (complete == false: kQuick or kFirst)
};

class MaterialBank {
 public:
  // Worker thread. kInvalidValue when the corpus rate is not the engine's (resampling belongs to the
  // corpus build). A layer whose selectors match nothing gets no material (it stays silent).
  static Result<std::unique_ptr<MaterialBank>> build(std::shared_ptr<const analysis::Corpus> corpus,
                                                     std::span<const LayerBinding> layers, double sample_rate,
                                                     const MaterialBankOptions& options = {});

  // Plain audio (engine rate, 1–2 channels each) bound to every layer: tests and generated material.
  // No descriptor index, so no grain picker.
  static Result<std::unique_ptr<MaterialBank>> from_audio(std::vector<io::AudioBuffer> sources,
                                                          std::span<const LayerBinding> layers,
                                                          double sample_rate,
                                                          const MaterialBankOptions& options = {});

  // An empty bank for tests: no sources, no layer material.
  static std::unique_ptr<MaterialBank> empty(std::size_t layers);

  // nullptr when the layer has nothing to play.
  const LayerMaterial* layer(std::size_t index) const {
    return index < layers_.size() ? layers_[index].get() : nullptr;
  }
  std::size_t layer_count() const { return layers_.size(); }
  // Corpus sources bound to layer `index`.
  std::span<const std::uint32_t> bound(std::size_t index) const { return bound_[index]; }
  const analysis::Corpus* corpus() const { return corpus_.get(); }
  // Sequence number stamped by the engine when it publishes the bank (telemetry).
  std::uint64_t generation = 0;
  MaterialStage stage = MaterialStage::kComplete;
  // The engine adopts the bank at the first block boundary at or after this frame, splitting a block
  // there if needed (0: as soon as it arrives). A replay sets it to the frame the recording logged.
  std::uint64_t adopt_frame = 0;

 private:
  void add_source(const io::AudioBuffer& audio, const MaterialBankOptions& options);
  void build_layers(std::span<const LayerBinding> layers,
                    const std::vector<std::vector<std::uint32_t>>& bound, const MaterialBankOptions& options);

  std::shared_ptr<const analysis::Corpus> corpus_;
  std::vector<gen::OwnedMaterial> sources_;
  std::vector<std::vector<std::uint32_t>> bound_;
  std::vector<std::unique_ptr<LayerMaterial>> layers_;
};

// Corpus sources matching any selector: a role name ("pads", "drums", "source"), a tag, or a source id.
// Empty selectors match every source.
std::vector<std::uint32_t> bind_sources(const analysis::Corpus& corpus,
                                        std::span<const std::string> selectors);

}  // namespace afterglow::engine
