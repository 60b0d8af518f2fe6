#include "engine_test_util.h"

#include <cmath>
#include <cstdlib>
#include <new>
#include <numbers>

#include "afterglow/core/random.h"

namespace afterglow::engine::test {
namespace {

thread_local bool t_counting = false;
thread_local std::size_t t_allocations = 0;

class ToneMaterial final : public LayerMaterial {
 public:
  const float* samples = nullptr;
  std::size_t frames = 0;
};

class ToneLayer final : public Layer {
 public:
  void prepare(double, std::size_t) override {}
  void reset(std::uint64_t) noexcept override { position_ = 0; }
  void set_param(std::uint16_t, float value) noexcept override { gain_ = value; }
  void set_material(const LayerMaterial* material) noexcept override {
    material_ = static_cast<const ToneMaterial*>(material);
  }
  void process(StereoBlock out, gen::EventSpan events) noexcept override {
    gen::for_each_segment(
        out.frames(), events,
        [&](std::size_t offset, std::size_t count) {
          for (std::size_t i = offset; i < offset + count; ++i) {
            float v = 0.0f;
            if (material_ != nullptr && material_->frames > 0) {
              v = material_->samples[position_ % material_->frames] * gain_;
            }
            ++position_;
            out.left[i] = v;
            out.right[i] = v;
          }
        },
        [&](const gen::Event& e) {
          if (e.type == gen::EventType::kParam) gain_ = e.value;
        });
  }
  std::size_t active_voices() const noexcept override { return material_ != nullptr ? 1 : 0; }

 private:
  const ToneMaterial* material_ = nullptr;
  std::uint64_t position_ = 0;
  float gain_ = 1.0f;
};

const ParamDecl kToneParams[] = {
    {0, "gain", 0.0f, 1.0f, 1.0f, ParamKind::kContinuous, ParamCurve::kLinear, "", 0.0, "tone gain"}};

std::unique_ptr<LayerMaterial> build_tone(const MaterialContext& context) {
  auto m = std::make_unique<ToneMaterial>();
  const gen::MaterialView& view = context.sources[context.bound.front()].view();
  m->samples = view.levels[0].left;
  m->frames = view.frames();
  return m;
}

}  // namespace

const LayerType& tone_layer_type() {
  static const LayerType type{config::LayerType::kDrone,
                              "tone",
                              kToneParams,
                              {},
                              []() -> std::unique_ptr<Layer> { return std::make_unique<ToneLayer>(); },
                              &build_tone};
  return type;
}

std::vector<io::AudioBuffer> test_sources(double rate) {
  const auto frames = static_cast<std::size_t>(3.0 * rate);
  io::AudioBuffer tones(rate, 2, frames);
  // A chord with a slow swell: grains from anywhere in it sound different, none is silent. The 440 Hz
  // cycle fits the 3 s loop exactly, so the tone layer's wrap is seamless.
  for (std::size_t i = 0; i < frames; ++i) {
    const double t = static_cast<double>(i) / rate;
    const double swell = 0.7 + 0.3 * std::sin(2.0 * std::numbers::pi * t / 3.0);
    const double v = swell * (0.3 * std::sin(2.0 * std::numbers::pi * 440.0 * t) +
                              0.15 * std::sin(2.0 * std::numbers::pi * 660.0 * t));
    tones.channels[0][i] = static_cast<float>(v);
    tones.channels[1][i] = static_cast<float>(v * 0.9);
  }
  io::AudioBuffer noise(rate, 1, frames);
  Random rng(7);
  for (float& s : noise.channels[0]) s = static_cast<float>(0.2 * rng.triangular());
  return {std::move(tones), std::move(noise)};
}

std::unique_ptr<Engine> make_engine(std::vector<EngineLayer> layers, std::size_t max_block,
                                    std::span<const InitialValue> initial, EngineSettings settings) {
  auto engine = std::move(Engine::create(std::move(layers), initial, settings)).value_or_throw();
  engine->prepare(kRate, max_block);
  return engine;
}

std::unique_ptr<MaterialBank> test_bank(const Engine& engine) {
  return std::move(MaterialBank::from_audio(test_sources(engine.sample_rate()), engine.layer_bindings(),
                                            engine.sample_rate()))
      .value_or_throw();
}

io::AudioBuffer render(Engine& engine, std::size_t frames, std::size_t block, std::vector<Command> script) {
  OfflineOptions options;
  options.block = block;
  OfflineDriver driver(engine, options);
  driver.set_script(std::move(script));
  return driver.render(frames);
}

void start_counting_allocations() {
  t_allocations = 0;
  t_counting = true;
}

std::size_t stop_counting_allocations() {
  t_counting = false;
  return t_allocations;
}

}  // namespace afterglow::engine::test

// Counts allocations made by a thread that asked for it; otherwise the ordinary allocator.
void* operator new(std::size_t size) {
  if (afterglow::engine::test::t_counting) ++afterglow::engine::test::t_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
