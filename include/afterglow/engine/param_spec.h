#pragma once
// One playable parameter as every surface sees it: OSC address, natural range and unit, default, the
// curve that maps a 0–1 control (a fader, a CC, an OSC float) onto the range, smoothing, and whether
// a scene morph interpolates it. The ranges always come from the generators' own tables (or, for the
// mixer, from the engine's); this type only adds how a control should move through them.

#include <cstdint>
#include <string>
#include <string_view>

namespace afterglow::engine {

// How a normalised control n in [0, 1] maps onto [min, max].
enum class ParamCurve : std::uint8_t {
  kLinear,  // min + (max − min)·n
  kLog,     // min·(max/min)^n: equal steps are equal ratios (frequencies, times); needs min > 0
  kExp,     // min + (max − min)·n³: fine control near min for ranges that start at 0 (rates, densities)
};
std::string_view to_string(ParamCurve curve);

enum class ParamKind : std::uint8_t {
  kContinuous,
  kInteger,  // rounded to whole values; a morph switches it at the midpoint
  kBool,     // 0 or 1
};
std::string_view to_string(ParamKind kind);

// What a layer type declares for each of its generator's parameters (derived from the generator's
// table) and what the mixer declares for its own.
struct ParamDecl {
  std::uint16_t generator_id = 0;  // the generator's own parameter enum (gen::Event id)
  std::string_view name;           // the last address component, snake_case
  float min = 0.0f;
  float max = 1.0f;
  float default_value = 0.0f;
  ParamKind kind = ParamKind::kContinuous;
  ParamCurve curve = ParamCurve::kLinear;
  std::string_view unit;  // "Hz", "ms", "st", "dB", "×", "" for a plain 0–1 amount
  double smoothing_ms =
      0.0;  // engine-side smoothing; 0 = applied at its frame (the generator smooths what needs it)
  std::string_view description;
};

// Which part of the engine a parameter drives.
enum class ParamTarget : std::uint8_t {
  kGenerator,   // a generator parameter of layer `layer`: gen::Event id `generator_id`
  kLayerLevel,  // the layer's mixer fader (linear gain)
  kLayerPan,    // −1 … 1, equal power
  kLayerMute,
  kMasterLevel,
  kLimiterCeiling,  // dBFS
};

struct ParamSpec {
  std::uint32_t index = 0;        // position in the registry: Command::target
  std::string id;                 // "cloud1.density" / "master.level"
  std::string address;            // "/afterglow/cloud1/density"
  std::string layer;              // layer name, or "master"
  std::uint32_t layer_index = 0;  // for layer targets
  ParamTarget target = ParamTarget::kGenerator;
  std::uint16_t generator_id = 0;
  float min = 0.0f;
  float max = 1.0f;
  float default_value = 0.0f;
  ParamKind kind = ParamKind::kContinuous;
  ParamCurve curve = ParamCurve::kLinear;
  std::string unit;
  double smoothing_ms = 0.0;
  bool morphs = true;  // continuous parameters interpolate in a morph; discrete ones switch at its midpoint
  std::string description;

  // Natural units → 0–1 (clamped). Inverse of from_normalised() up to float rounding (exact for integers).
  double to_normalised(double natural) const noexcept;
  // 0–1 (clamped) → natural units, rounded for integer and bool parameters.
  double from_normalised(double normalised) const noexcept;
  // Into [min, max], rounded for integer/bool; false (value untouched) for NaN/Inf.
  bool clamp(float& value) const noexcept;
};

}  // namespace afterglow::engine
