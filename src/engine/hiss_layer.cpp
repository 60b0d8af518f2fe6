#include "afterglow/engine/hiss_layer.h"

#include <array>
#include <vector>

#include "afterglow/engine/derived_params.h"
#include "afterglow/gen/hiss.h"

namespace afterglow::engine {
namespace {

using gen::HissParam;

ParamPresentation presentation(HissParam p) {
  switch (p) {
    case HissParam::kSource:
      return {ParamCurve::kLinear, "", "0 white, 1 pink, 2 loops from the layer's drum sources"};
    case HissParam::kSlice:
      return {ParamCurve::kLinear, "", "which drum loop plays (wraps around)"};
    case HissParam::kFilterMode:
      return {ParamCurve::kLinear, "", "0 band-pass (low … high), 1 high-pass"};
    case HissParam::kLowHz:
      return {ParamCurve::kLog, "Hz", "band-pass lower edge"};
    case HissParam::kHighHz:
      return {ParamCurve::kLog, "Hz", "band-pass upper edge"};
    case HissParam::kHighpassHz:
      return {ParamCurve::kLog, "Hz", "high-pass cutoff"};
    case HissParam::kTremoloRateHz:
      return {ParamCurve::kExp, "Hz", "free-running tremolo rate"};
    case HissParam::kTremoloDepth:
      return {ParamCurve::kLinear, "", "gain swings between 1 − depth and 1"};
    case HissParam::kTremoloSync:
      return {ParamCurve::kLinear, "", "0 free rate, 1 synced to tempo × division", ParamKind::kBool};
    case HissParam::kTempoBpm:
      return {ParamCurve::kLinear, "BPM", "tempo for the synced tremolo"};
    case HissParam::kTremoloDivision:
      return {ParamCurve::kLog, "per beat", "synced tremolo cycles per beat (1 quarters, 4 sixteenths)"};
    case HissParam::kBedLevel:
      return {ParamCurve::kLinear, "gain", "the continuous bed (0 leaves only the flickers)"};
    case HissParam::kFlickerRate:
      return {ParamCurve::kExp, "/s", "random flicker bursts per second"};
    case HissParam::kFlickerMinMs:
      return {ParamCurve::kLog, "ms", "shortest burst"};
    case HissParam::kFlickerMaxMs:
      return {ParamCurve::kLog, "ms", "longest burst"};
    case HissParam::kFlickerGain:
      return {ParamCurve::kLinear, "gain", "burst gain"};
    case HissParam::kFlickerScatter:
      return {ParamCurve::kLinear, "", "0 bursts centred … 1 panned anywhere"};
    case HissParam::kLevel:
    case HissParam::kCount:
      break;
  }
  return {};
}

constexpr std::array<std::uint16_t, 1> kSuperseded = {static_cast<std::uint16_t>(HissParam::kLevel)};

const std::vector<ParamDecl>& hiss_decls() {
  static const std::vector<ParamDecl> decls = derive_param_decls<gen::HissParams>(
      gen::kHissParamCount, HissParam::kLevel, gen::hiss_param_info, presentation);
  return decls;
}

class HissLayerMaterial final : public LayerMaterial {
 public:
  explicit HissLayerMaterial(double rate, gen::HissSliceOptions options) : loops(rate, options) {}
  gen::HissMaterial loops;
};

class HissLayer final : public Layer {
 public:
  void prepare(double sample_rate, std::size_t max_block) override { hiss_.prepare(sample_rate, max_block); }
  void reset(std::uint64_t seed) noexcept override { hiss_.reset(seed); }
  void set_param(std::uint16_t id, float value) noexcept override {
    if (id < gen::kHissParamCount) hiss_.set_param(static_cast<HissParam>(id), value);
  }
  void set_material(const LayerMaterial* material) noexcept override {
    const auto* m = static_cast<const HissLayerMaterial*>(material);
    hiss_.set_material(m == nullptr ? nullptr : &m->loops.view());
  }
  void process(StereoBlock out, gen::EventSpan events) noexcept override { hiss_.process(out, events); }
  std::size_t active_voices() const noexcept override { return hiss_.stats().active_flickers; }

 private:
  gen::Hiss hiss_;
};

std::unique_ptr<LayerMaterial> build_hiss_material(const MaterialContext& context) {
  if (context.bound.empty()) return nullptr;
  gen::HissSliceOptions options;
  options.seed = context.seed;
  auto material =
      std::make_unique<HissLayerMaterial>(context.sources[context.bound.front()].view().sample_rate, options);
  for (std::uint32_t source : context.bound) {
    const gen::MaterialView& view = context.sources[source].view();
    const gen::MaterialView::Level& full = view.levels[0];
    std::vector<std::span<const float>> channels{std::span<const float>(full.left, full.frames)};
    if (full.right != full.left) channels.emplace_back(full.right, full.frames);
    material->loops.add_source(channels);  // silent or too short sources add nothing
  }
  // No loops (silent material): the layer plays synthesised noise, which needs no material.
  return material;
}

}  // namespace

const LayerType& hiss_layer_type() {
  static const LayerType type{
      config::LayerType::kHiss,
      "hiss",
      hiss_decls(),
      kSuperseded,
      []() -> std::unique_ptr<Layer> { return std::make_unique<HissLayer>(); },
      &build_hiss_material,
  };
  return type;
}

}  // namespace afterglow::engine
