#pragma once
// Butterworth designs that reproduce scipy.signal.butter (digital, fs = 2 convention): the analog
// prototype's zeros/poles/gain, the band transform, the bilinear transform with pre-warping, then either
// second-order sections (zpk2sos with 'nearest' pairing) or the transfer function (b, a). The original
// tool filters with these exact designs, so offline parity starts here (reference §2.6).
//
// The design itself runs on fixed-size arrays and never allocates, so the audio thread may redesign a
// cascade when a tone parameter moves; only the (b, a) form, an offline representation, uses vectors.
// The Result-returning spec helpers carry the original's cutoff clamps and refusals. Their success path
// does not allocate, but a refusal builds an Error (a message string), so on the audio thread validate
// the range on the control side first or build a ButterworthSpec directly.

#include <array>
#include <complex>
#include <cstddef>
#include <span>
#include <vector>

#include "afterglow/core/result.h"

namespace afterglow::dsp {

enum class FilterType { kLowPass, kHighPass, kBandPass };

// The highest order accepted. A band-pass doubles it (order 16 band-pass = 32 poles); nothing in the
// product uses more than 5, and higher orders are useless in (b, a) form anyway.
inline constexpr int kMaxButterworthOrder = 16;
inline constexpr std::size_t kMaxPoles = 2 * kMaxButterworthOrder;
inline constexpr std::size_t kMaxSosSections = kMaxPoles / 2;

// A design request in scipy's units: edges normalised to Nyquist (0 < wn < 1). `high` is used by the
// band-pass only.
struct ButterworthSpec {
  FilterType type = FilterType::kLowPass;
  int order = 4;
  double low = 0.5;
  double high = 0.5;
};

// The original's clamps (reference §2.6), from Hz to a validated spec.
// Low-pass: wn = fc / (sr/2); wn >= 1 becomes 0.99; there is no lower clamp, but wn <= 0 is refused
// (scipy would raise).
Result<ButterworthSpec> lowpass_spec(int order, double cutoff_hz, double sample_rate);
// High-pass: wn clamped to [0.01, 0.99].
Result<ButterworthSpec> highpass_spec(int order, double cutoff_hz, double sample_rate);
// Band-pass: refused when sample_rate <= 0, an edge is negative, low >= high, or high >= Nyquist; then
// each edge is clamped to [0.01, 0.99] (refused if the clamps make the band empty).
Result<ButterworthSpec> bandpass_spec(int order, double low_hz, double high_hz, double sample_rate);
// Checks a spec built by hand: order 1..kMaxButterworthOrder, 0 < edges < 1, low < high for band-pass.
Status validate(const ButterworthSpec& spec);

// Zeros, poles and gain in the z-plane, in scipy's order.
struct ZpkDesign {
  std::array<std::complex<double>, kMaxPoles> zeros{};
  std::array<std::complex<double>, kMaxPoles> poles{};
  std::size_t zero_count = 0;
  std::size_t pole_count = 0;
  double gain = 1.0;
};

// One biquad section, normalised so that a0 = 1 (the layout of a scipy sos row minus a0).
struct SosSection {
  double b0 = 1.0, b1 = 0.0, b2 = 0.0;
  double a1 = 0.0, a2 = 0.0;
};

struct SosCoefficients {
  std::array<SosSection, kMaxSosSections> sections{};
  std::size_t count = 0;

  std::span<const SosSection> view() const { return {sections.data(), count}; }
};

// The (b, a) form, as numpy arrays would hold it (a[0] = 1). Offline: it allocates.
struct TransferFunction {
  std::vector<double> b;
  std::vector<double> a;
};

// The design for a valid spec (see validate()); an invalid spec yields an identity design rather than
// garbage so that a realtime caller cannot produce NaN. Never allocates.
ZpkDesign butterworth_zpk(const ButterworthSpec& spec) noexcept;
// scipy's zpk2sos(pairing='nearest'): sections ordered so the poles closest to the unit circle come
// last, the overall gain folded into the first section. Never allocates.
SosCoefficients zpk_to_sos(const ZpkDesign& design) noexcept;
// scipy's zpk2tf: b = k·poly(zeros), a = poly(poles), real parts.
TransferFunction zpk_to_tf(const ZpkDesign& design);

inline SosCoefficients butterworth_sos(const ButterworthSpec& spec) noexcept {
  return zpk_to_sos(butterworth_zpk(spec));
}
inline TransferFunction butterworth_tf(const ButterworthSpec& spec) {
  return zpk_to_tf(butterworth_zpk(spec));
}

// |H(e^{jw})| at `freq_hz` for a cascade (analysis and tests).
double magnitude_at(std::span<const SosSection> sections, double freq_hz, double sample_rate);
double magnitude_at(const TransferFunction& tf, double freq_hz, double sample_rate);

}  // namespace afterglow::dsp
