#include "afterglow/engine/drone_layer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "afterglow/core/log.h"
#include "afterglow/engine/derived_params.h"
#include "afterglow/gen/drone.h"
#include "afterglow/gen/loop_set.h"

namespace afterglow::engine {
namespace {

using gen::DroneParam;

// Without a mined pad the drone loops this much of the first bound source.
constexpr double kFallbackPadSeconds = 6.0;

ParamPresentation presentation(DroneParam p) {
  switch (p) {
    case DroneParam::kTone:
      return {ParamCurve::kLinear, "", "0 dark … 1/3 warm … 2/3 neutral … 1 airy"};
    case DroneParam::kAttack:
      return {ParamCurve::kLog, "s", "swell attack"};
    case DroneParam::kRelease:
      return {ParamCurve::kLog, "s", "swell release"};
    case DroneParam::kStretch:
      return {ParamCurve::kLog, "×", "loop stretch 1, 2, 4, 8; 16 = frozen", ParamKind::kInteger};
    case DroneParam::kReverse:
      return {ParamCurve::kLinear, "", "1 plays the loops backwards", ParamKind::kBool};
    case DroneParam::kWidth:
      return {ParamCurve::kLinear, "", "0 mono … 1 the loop's full stereo image"};
    case DroneParam::kFineTune:
      return {ParamCurve::kLinear, "cents", "added to every voice's pitch"};
    case DroneParam::kBend:
      return {ParamCurve::kLinear, "cents", "the pitch wheel's bend, added to fine_tune"};
    case DroneParam::kLevel:
    case DroneParam::kCount:
      break;
  }
  return {};
}

constexpr std::array<std::uint16_t, 1> kSuperseded = {static_cast<std::uint16_t>(DroneParam::kLevel)};

const std::vector<ParamDecl>& drone_decls() {
  static const std::vector<ParamDecl> decls = derive_param_decls<gen::DroneParams>(
      gen::kDroneParamCount, DroneParam::kLevel, gen::drone_param_info, presentation);
  return decls;
}

class DroneMaterial final : public LayerMaterial {
 public:
  gen::DroneLoopSet loops;
  gen::DroneLoopSetView view;
};

class DroneLayer final : public Layer {
 public:
  void prepare(double sample_rate, std::size_t max_block) override { drone_.prepare(sample_rate, max_block); }
  void reset(std::uint64_t seed) noexcept override {
    seed_ = seed;
    drone_.reset(seed);
  }
  void set_param(std::uint16_t id, float value) noexcept override {
    if (id < gen::kDroneParamCount) drone_.set_param(static_cast<DroneParam>(id), value);
  }
  void set_material(const LayerMaterial* material) noexcept override {
    const auto* m = static_cast<const DroneMaterial*>(material);
    if (m == nullptr) {
      // Withdrawn (after the engine's fade-out): silence every voice so none keeps reading the old
      // loops once their bank is freed.
      drone_.reset(seed_);
      drone_.set_loops(gen::DroneLoopSetView{});
      return;
    }
    drone_.set_loops(m->view);
  }
  void process(StereoBlock out, gen::EventSpan events) noexcept override { drone_.process(out, events); }
  std::size_t active_voices() const noexcept override { return drone_.stats().sounding; }

 private:
  gen::Drone drone_;
  std::uint64_t seed_ = 0;
};

std::unique_ptr<LayerMaterial> build_drone_material(const MaterialContext& context) {
  if (context.bound.empty()) return nullptr;
  // The best-scoring mined pad among the bound sources; else the start of the first one.
  std::uint32_t source = context.bound.front();
  std::size_t start = 0;
  std::size_t length = 0;
  float root = 69.0f;
  double best = -1e300;
  if (context.corpus != nullptr) {
    for (std::uint32_t s : context.bound) {
      for (const analysis::MinedPad& pad : context.corpus->sources()[s].summary.pads) {
        if (pad.segment.score > best) {
          best = pad.segment.score;
          source = s;
          start = pad.segment.start;
          length = pad.segment.length;
          root = pad.pitch_hz && *pad.pitch_hz > 0.0
                     ? static_cast<float>(69.0 + 12.0 * std::log2(*pad.pitch_hz / 440.0))
                     : 69.0f;
        }
      }
    }
  }
  const gen::MaterialView& view = context.sources[source].view();
  const gen::MaterialView::Level& full = view.levels[0];
  if (length == 0)
    length = std::min(full.frames, static_cast<std::size_t>(kFallbackPadSeconds * view.sample_rate));
  length = std::min(length, full.frames - std::min(start, full.frames));
  const std::span<const float> left(full.left + start, length);
  const std::span<const float> right =
      full.right != full.left ? std::span<const float>(full.right + start, length) : std::span<const float>();
  gen::DroneLoopSetOptions options;
  options.seed = context.seed;
  auto loops = gen::DroneLoopSet::from_pad(left, right, view.sample_rate, root, options);
  if (!loops) {
    log::warn("drone: no loop from the bound material: {}", loops.error().what());
    return nullptr;
  }
  auto material = std::make_unique<DroneMaterial>();
  material->loops = std::move(*loops);
  if (!context.complete) {
    // The pad loop alone: voices play it unstretched until the complete bank brings the stretches.
  } else if (auto rendered = material->loops.render_all(); !rendered) {
    log::warn("drone: stretched loops unavailable: {}", rendered.error().what());
  }
  material->view = material->loops.view();
  return material;
}

}  // namespace

const LayerType& drone_layer_type() {
  static const LayerType type{
      config::LayerType::kDrone,
      "drone",
      drone_decls(),
      kSuperseded,
      []() -> std::unique_ptr<Layer> { return std::make_unique<DroneLayer>(); },
      &build_drone_material,
  };
  return type;
}

}  // namespace afterglow::engine
