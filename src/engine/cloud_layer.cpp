#include "afterglow/engine/cloud_layer.h"

#include <array>
#include <vector>

#include "afterglow/engine/derived_params.h"
#include "afterglow/gen/cloud.h"

namespace afterglow::engine {
namespace {

using gen::CloudParam;

// How a control moves through each range; the ranges themselves are the Cloud's (cloud_param_info).
ParamPresentation presentation(CloudParam p) {
  switch (p) {
    case CloudParam::kDensity:
      return {ParamCurve::kExp, "grains/s", "grains started per second"};
    case CloudParam::kRegularity:
      return {ParamCurve::kLinear, "", "0 random (Poisson) spawning … 1 periodic"};
    case CloudParam::kSizeMs:
      return {ParamCurve::kLog, "ms", "mean grain length"};
    case CloudParam::kSizeSpread:
      return {ParamCurve::kLinear, "", "each grain's length × 2^(±2·spread)"};
    case CloudParam::kPosition:
      return {ParamCurve::kLinear, "", "read position across the selected source"};
    case CloudParam::kSpray:
      return {ParamCurve::kLinear, "", "random start offset, fraction of the source"};
    case CloudParam::kScan:
      return {ParamCurve::kLinear, "×", "playhead speed (1 real time, 0 still, < 0 backwards)"};
    case CloudParam::kSource:
      return {ParamCurve::kLinear, "", "which of the layer's sources position/spray read from"};
    case CloudParam::kTargetAmount:
      return {ParamCurve::kLinear, "", "share of grains whose start is chosen by descriptors"};
    case CloudParam::kTargetBrightness:
      return {ParamCurve::kLinear, "", "descriptor target: 0 dark … 1 bright"};
    case CloudParam::kTargetStability:
      return {ParamCurve::kLinear, "", "descriptor target: 0 anything … 1 steadiest"};
    case CloudParam::kTargetLoudness:
      return {ParamCurve::kLinear, "", "descriptor target: 0 quiet … 1 loud"};
    case CloudParam::kMinQuality:
      return {ParamCurve::kLinear, "", "skip windows below this grain-quality score"};
    case CloudParam::kPitch:
      return {ParamCurve::kLinear, "st", "grain pitch"};
    case CloudParam::kPitchScatter:
      return {ParamCurve::kLinear, "st", "random pitch ± per grain"};
    case CloudParam::kScaleMode:
      return {ParamCurve::kLinear, "", "0 off, 1 major, 2 minor: pitches snap to the scale"};
    case CloudParam::kScaleRoot:
      return {ParamCurve::kLinear, "", "scale root pitch class, 0 C … 11 B"};
    case CloudParam::kReverse:
      return {ParamCurve::kLinear, "", "probability that a grain plays backwards"};
    case CloudParam::kStereoSpread:
      return {ParamCurve::kLinear, "", "0 centred … 1 each grain panned anywhere"};
    case CloudParam::kWindowShape:
      return {ParamCurve::kLinear, "", "grain window: 0 square, 0.5 triangle, 1 Hann"};
    case CloudParam::kFreeze:
      return {ParamCurve::kLinear, "", "> 0.5 stops the playhead", ParamKind::kBool};
    case CloudParam::kLevel:
    case CloudParam::kCount:
      break;
  }
  return {};
}

constexpr std::array<std::uint16_t, 1> kSuperseded = {static_cast<std::uint16_t>(CloudParam::kLevel)};

const std::vector<ParamDecl>& cloud_decls() {
  static const std::vector<ParamDecl> decls = derive_param_decls<gen::CloudParams>(
      gen::kCloudParamCount, CloudParam::kLevel, gen::cloud_param_info, presentation);
  return decls;
}

// Grain starts chosen by descriptors, from the sources bound to this layer only: the corpus index
// spans every source, so a pick from a foreign source is redrawn a few times, then left to the
// Cloud's position/spray rule.
class LayerPicker final : public gen::GrainPicker {
 public:
  static constexpr int kAttempts = 4;

  LayerPicker(const analysis::DescriptorIndex& index, std::vector<std::int32_t> local)
      : index_(index), local_(std::move(local)) {}

  bool pick(const gen::GrainTarget& target, Random& rng, gen::GrainPick& out) const noexcept override {
    const analysis::DescriptorTarget t{target.brightness, target.stability, target.loudness};
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      const auto position = index_.query(t, rng);
      if (!position) return false;
      if (position->source < local_.size() && local_[position->source] >= 0) {
        out.source = static_cast<std::uint32_t>(local_[position->source]);
        out.frame = position->frame;
        return true;
      }
    }
    return false;
  }

 private:
  const analysis::DescriptorIndex& index_;
  std::vector<std::int32_t> local_;  // corpus source → index into the layer's views, −1 when not bound
};

class CloudMaterial final : public LayerMaterial {
 public:
  std::vector<gen::MaterialView> views;
  std::unique_ptr<LayerPicker> picker;
};

class CloudLayer final : public Layer {
 public:
  void prepare(double sample_rate, std::size_t max_block) override { cloud_.prepare(sample_rate, max_block); }
  void reset(std::uint64_t seed) noexcept override { cloud_.reset(seed); }
  void set_param(std::uint16_t id, float value) noexcept override {
    if (id < gen::kCloudParamCount) cloud_.set_param(static_cast<CloudParam>(id), value);
  }
  void set_material(const LayerMaterial* material) noexcept override {
    const auto* m = static_cast<const CloudMaterial*>(material);
    if (m == nullptr) {
      cloud_.set_material({});
      cloud_.set_picker(nullptr);
      return;
    }
    cloud_.set_material(m->views);
    cloud_.set_picker(m->picker.get());
  }
  void process(StereoBlock out, gen::EventSpan events) noexcept override { cloud_.process(out, events); }
  std::size_t active_voices() const noexcept override { return cloud_.active_grains(); }

 private:
  gen::Cloud cloud_;
};

std::unique_ptr<LayerMaterial> build_cloud_material(const MaterialContext& context) {
  if (context.bound.empty()) return nullptr;
  auto material = std::make_unique<CloudMaterial>();
  std::vector<std::int32_t> local(context.sources.size(), -1);
  for (std::uint32_t source : context.bound) {
    local[source] = static_cast<std::int32_t>(material->views.size());
    material->views.push_back(context.sources[source].view());
  }
  if (context.corpus != nullptr && !context.corpus->index().empty()) {
    material->picker = std::make_unique<LayerPicker>(context.corpus->index(), std::move(local));
  }
  return material;
}

}  // namespace

const LayerType& cloud_layer_type() {
  static const LayerType type{
      config::LayerType::kCloud,
      "cloud",
      cloud_decls(),
      kSuperseded,
      []() -> std::unique_ptr<Layer> { return std::make_unique<CloudLayer>(); },
      &build_cloud_material,
  };
  return type;
}

}  // namespace afterglow::engine
