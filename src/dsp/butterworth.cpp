#include "afterglow/dsp/butterworth.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace afterglow::dsp {
namespace {

using Complex = std::complex<double>;

// scipy's design convention: digital edges in half-cycles per sample, fs = 2.
constexpr double kDesignRate = 2.0;

// The original's clamps (reference §2.6).
constexpr double kLowClamp = 0.01;
constexpr double kHighClamp = 0.99;

Error design_error(std::string message, double value) {
  return Error(ErrorKind::kInvalidValue, std::move(message), {{"value", std::to_string(value)}});
}

// A small ordered list on fixed storage: np.delete keeps order and argmin takes the first minimum, so
// the section pairing depends on order and this list preserves it.
class RootList {
 public:
  void push(Complex v, bool real) {
    values_[size_] = v;
    real_[size_] = real;
    ++size_;
  }
  std::size_t size() const { return size_; }
  Complex at(std::size_t i) const { return values_[i]; }
  bool is_real(std::size_t i) const { return real_[i]; }
  std::size_t real_count() const {
    return static_cast<std::size_t>(std::count(real_.begin(), real_.begin() + size_, true));
  }
  Complex take(std::size_t i) {
    const Complex v = values_[i];
    for (std::size_t j = i + 1; j < size_; ++j) {
      values_[j - 1] = values_[j];
      real_[j - 1] = real_[j];
    }
    --size_;
    return v;
  }

 private:
  std::array<Complex, kMaxPoles + 2> values_{};
  std::array<bool, kMaxPoles + 2> real_{};
  std::size_t size_ = 0;
};

// scipy's _cplxreal: conjugate pairs reduced to their positive-imaginary member (averaged with the
// conjugate of its partner), sorted by real part, followed by the real roots, sorted.
RootList cplxreal(const std::array<Complex, kMaxPoles + 2>& in, std::size_t count) {
  constexpr double kTol = 100.0 * 2.220446049250313e-16;
  std::array<Complex, kMaxPoles + 2> z{};
  std::copy_n(in.begin(), count, z.begin());
  // A stable insertion sort: at most 34 roots, and std::stable_sort may allocate a temporary buffer,
  // which the audio thread must not.
  const auto before = [](Complex a, Complex b) {
    if (a.real() != b.real()) return a.real() < b.real();
    return std::fabs(a.imag()) < std::fabs(b.imag());
  };
  for (std::size_t i = 1; i < count; ++i) {
    const Complex v = z[i];
    std::size_t j = i;
    for (; j > 0 && before(v, z[j - 1]); --j) z[j] = z[j - 1];
    z[j] = v;
  }
  std::array<Complex, kMaxPoles + 2> pos{}, neg{};
  std::size_t n_pos = 0, n_neg = 0;
  RootList reals;
  for (std::size_t i = 0; i < count; ++i) {
    if (std::fabs(z[i].imag()) <= kTol * std::abs(z[i])) {
      reals.push(Complex(z[i].real(), 0.0), true);
    } else if (z[i].imag() > 0) {
      pos[n_pos++] = z[i];
    } else {
      neg[n_neg++] = z[i];
    }
  }
  RootList out;
  const std::size_t pairs = std::min(n_pos, n_neg);
  for (std::size_t i = 0; i < pairs; ++i) out.push((pos[i] + std::conj(neg[i])) / 2.0, false);
  for (std::size_t i = 0; i < reals.size(); ++i) out.push(reals.at(i), true);
  return out;
}

std::size_t nearest_index(const RootList& from, Complex to, bool want_real_only) {
  std::size_t best = from.size();
  double best_distance = 0.0;
  for (std::size_t i = 0; i < from.size(); ++i) {
    if (want_real_only && !from.is_real(i)) continue;
    const double d = std::abs(from.at(i) - to);
    if (best == from.size() || d < best_distance) {
      best = i;
      best_distance = d;
    }
  }
  return best;
}

// The pole closest to the unit circle (scipy's idx_worst), restricted to real poles when asked.
std::size_t worst_index(const RootList& poles, bool real_only) {
  std::size_t best = poles.size();
  double best_distance = 0.0;
  for (std::size_t i = 0; i < poles.size(); ++i) {
    if (real_only && !poles.is_real(i)) continue;
    const double d = std::fabs(1.0 - std::abs(poles.at(i)));
    if (best == poles.size() || d < best_distance) {
      best = i;
      best_distance = d;
    }
  }
  return best;
}

// The quadratic with roots r1, r2 (numpy's poly, real part).
void quadratic(Complex r1, Complex r2, double& c1, double& c2) {
  c1 = (-(r1 + r2)).real();
  c2 = (r1 * r2).real();
}

}  // namespace

Status validate(const ButterworthSpec& spec) {
  if (spec.order < 1 || spec.order > kMaxButterworthOrder) {
    return Error(ErrorKind::kInvalidValue,
                 "Filter order must be between 1 and " + std::to_string(kMaxButterworthOrder),
                 {{"order", std::to_string(spec.order)}});
  }
  const auto edge_ok = [](double wn) { return wn > 0.0 && wn < 1.0; };
  if (!edge_ok(spec.low))
    return design_error("Filter cutoff must lie strictly between 0 Hz and Nyquist", spec.low);
  if (spec.type == FilterType::kBandPass) {
    if (!edge_ok(spec.high)) {
      return design_error("Filter cutoff must lie strictly between 0 Hz and Nyquist", spec.high);
    }
    if (spec.low >= spec.high)
      return design_error("Band-pass low edge must be below its high edge", spec.low);
  }
  return Ok{};
}

Result<ButterworthSpec> lowpass_spec(int order, double cutoff_hz, double sample_rate) {
  if (!(sample_rate > 0.0)) return design_error("Sample rate must be positive", sample_rate);
  double wn = cutoff_hz / (sample_rate / 2.0);
  if (wn >= 1.0) wn = kHighClamp;
  const ButterworthSpec spec{FilterType::kLowPass, order, wn, wn};
  if (auto status = validate(spec); !status) return status.error();
  return spec;
}

Result<ButterworthSpec> highpass_spec(int order, double cutoff_hz, double sample_rate) {
  if (!(sample_rate > 0.0)) return design_error("Sample rate must be positive", sample_rate);
  if (!std::isfinite(cutoff_hz)) return design_error("Filter cutoff must be a number", cutoff_hz);
  const double wn = std::clamp(cutoff_hz / (sample_rate / 2.0), kLowClamp, kHighClamp);
  const ButterworthSpec spec{FilterType::kHighPass, order, wn, wn};
  if (auto status = validate(spec); !status) return status.error();
  return spec;
}

Result<ButterworthSpec> bandpass_spec(int order, double low_hz, double high_hz, double sample_rate) {
  if (!(sample_rate > 0.0)) return design_error("Sample rate must be positive", sample_rate);
  if (!(low_hz >= 0.0)) return design_error("Band-pass low edge must not be negative", low_hz);
  if (!(high_hz >= 0.0)) return design_error("Band-pass high edge must not be negative", high_hz);
  if (low_hz >= high_hz) return design_error("Band-pass low edge must be below its high edge", low_hz);
  const double nyquist = sample_rate / 2.0;
  if (high_hz >= nyquist) {
    return Error(ErrorKind::kInvalidValue, "Band-pass high edge must be below Nyquist (half the sample rate)",
                 {{"high_hz", std::to_string(high_hz)}, {"nyquist_hz", std::to_string(nyquist)}});
  }
  const ButterworthSpec spec{FilterType::kBandPass, order,
                             std::clamp(low_hz / nyquist, kLowClamp, kHighClamp),
                             std::clamp(high_hz / nyquist, kLowClamp, kHighClamp)};
  if (auto status = validate(spec); !status) return status.error();
  return spec;
}

ZpkDesign butterworth_zpk(const ButterworthSpec& spec) noexcept {
  ZpkDesign d;
  const bool valid = spec.order >= 1 && spec.order <= kMaxButterworthOrder && spec.low > 0.0 &&
                     spec.low < 1.0 &&
                     (spec.type != FilterType::kBandPass || (spec.high > spec.low && spec.high < 1.0));
  if (!valid) {
    d.gain = 1.0;  // identity: no zeros, no poles
    return d;
  }
  const auto n = static_cast<std::size_t>(spec.order);

  // buttap: p = -exp(j·pi·m/(2N)), m = -N+1, -N+3, ..., N-1; no zeros; k = 1.
  std::array<Complex, kMaxPoles> proto{};
  for (std::size_t i = 0; i < n; ++i) {
    const double m = -static_cast<double>(spec.order) + 1.0 + 2.0 * static_cast<double>(i);
    proto[i] = -std::exp(Complex(0.0, std::numbers::pi * m / (2.0 * spec.order)));
  }

  const auto warp = [](double wn) {
    return 2.0 * kDesignRate * std::tan(std::numbers::pi * wn / kDesignRate);
  };
  std::array<Complex, kMaxPoles> z{}, p{};
  std::size_t nz = 0, np = 0;
  double k = 1.0;
  switch (spec.type) {
    case FilterType::kLowPass: {  // lp2lp_zpk
      const double wo = warp(spec.low);
      for (std::size_t i = 0; i < n; ++i) p[np++] = wo * proto[i];
      k = std::pow(wo, static_cast<double>(n));
      break;
    }
    case FilterType::kHighPass: {  // lp2hp_zpk: k·real(prod(-z)/prod(-p)), zeros at the origin
      const double wo = warp(spec.low);
      Complex prod_p(1.0, 0.0);
      for (std::size_t i = 0; i < n; ++i) {
        p[np++] = wo / proto[i];
        prod_p *= -proto[i];
      }
      for (std::size_t i = 0; i < n; ++i) z[nz++] = Complex(0.0, 0.0);
      k = (Complex(1.0, 0.0) / prod_p).real();
      break;
    }
    case FilterType::kBandPass: {  // lp2bp_zpk
      const double w1 = warp(spec.low);
      const double w2 = warp(spec.high);
      const double bw = w2 - w1;
      const double wo = std::sqrt(w1 * w2);
      std::array<Complex, kMaxPoles> lp{};
      for (std::size_t i = 0; i < n; ++i) lp[i] = proto[i] * bw / 2.0;
      for (std::size_t i = 0; i < n; ++i) p[np++] = lp[i] + std::sqrt(lp[i] * lp[i] - wo * wo);
      for (std::size_t i = 0; i < n; ++i) p[np++] = lp[i] - std::sqrt(lp[i] * lp[i] - wo * wo);
      for (std::size_t i = 0; i < n; ++i) z[nz++] = Complex(0.0, 0.0);
      k = std::pow(bw, static_cast<double>(n));
      break;
    }
  }

  // bilinear_zpk with fs = 2 (fs2 = 4); the degree surplus of poles becomes zeros at Nyquist.
  const double fs2 = 2.0 * kDesignRate;
  Complex num(1.0, 0.0), den(1.0, 0.0);
  for (std::size_t i = 0; i < nz; ++i) num *= (fs2 - z[i]);
  for (std::size_t i = 0; i < np; ++i) den *= (fs2 - p[i]);
  for (std::size_t i = 0; i < nz; ++i) d.zeros[i] = (fs2 + z[i]) / (fs2 - z[i]);
  for (std::size_t i = nz; i < np; ++i) d.zeros[i] = Complex(-1.0, 0.0);
  for (std::size_t i = 0; i < np; ++i) d.poles[i] = (fs2 + p[i]) / (fs2 - p[i]);
  d.zero_count = np;
  d.pole_count = np;
  d.gain = k * (num / den).real();
  return d;
}

SosCoefficients zpk_to_sos(const ZpkDesign& design) noexcept {
  SosCoefficients sos;
  if (design.pole_count == 0 && design.zero_count == 0) {
    sos.count = 1;
    sos.sections[0] = SosSection{design.gain, 0.0, 0.0, 0.0, 0.0};
    return sos;
  }
  // Pad to equal, even counts with roots at the origin (scipy does the same for 'nearest').
  std::array<Complex, kMaxPoles + 2> z{}, p{};
  std::size_t nz = design.zero_count, np = design.pole_count;
  std::copy_n(design.zeros.begin(), nz, z.begin());
  std::copy_n(design.poles.begin(), np, p.begin());
  while (np < nz) p[np++] = Complex(0.0, 0.0);
  while (nz < np) z[nz++] = Complex(0.0, 0.0);
  const std::size_t n_sections = (np + 1) / 2;
  if (np % 2 == 1) {
    p[np++] = Complex(0.0, 0.0);
    z[nz++] = Complex(0.0, 0.0);
  }
  RootList zeros = cplxreal(z, nz);
  RootList poles = cplxreal(p, np);

  sos.count = n_sections;
  for (std::size_t si = n_sections; si-- > 0;) {
    const std::size_t p1_index = worst_index(poles, false);
    const bool p1_real = poles.is_real(p1_index);
    const Complex p1 = poles.take(p1_index);
    SosSection& s = sos.sections[si];
    Complex p2;
    if (p1_real && poles.real_count() == 0) {
      // A lone real pole: first-order section with the nearest real zero.
      const Complex z1 = zeros.take(nearest_index(zeros, p1, true));
      s.b0 = 1.0;
      s.b1 = -z1.real();
      s.b2 = 0.0;
      s.a1 = -p1.real();
      s.a2 = 0.0;
      continue;
    }
    if (p1_real) {
      p2 = poles.take(worst_index(poles, true));
    } else {
      p2 = std::conj(p1);
    }
    quadratic(p1, p2, s.a1, s.a2);
    s.b0 = 1.0;
    if (zeros.size() == 0) {
      s.b1 = 0.0;
      s.b2 = 0.0;
      continue;
    }
    const std::size_t z1_index = nearest_index(zeros, p1, false);
    const bool z1_real = zeros.is_real(z1_index);
    const Complex z1 = zeros.take(z1_index);
    if (!z1_real) {
      quadratic(z1, std::conj(z1), s.b1, s.b2);
    } else if (zeros.size() > 0) {
      const Complex z2 = zeros.take(nearest_index(zeros, p1, true));
      quadratic(z1, z2, s.b1, s.b2);
    } else {
      // One zero over two poles: b right-aligned as scipy does, i.e. z^-1·(1 - z1·z^-1).
      s.b0 = 0.0;
      s.b1 = 1.0;
      s.b2 = -z1.real();
    }
  }
  sos.sections[0].b0 *= design.gain;
  sos.sections[0].b1 *= design.gain;
  sos.sections[0].b2 *= design.gain;
  return sos;
}

TransferFunction zpk_to_tf(const ZpkDesign& design) {
  // numpy's poly: multiply in the (1 - r·x) factors in the order given.
  const auto poly = [](const std::array<Complex, kMaxPoles>& roots, std::size_t count) {
    std::vector<Complex> c(count + 1, Complex(0.0, 0.0));
    c[0] = 1.0;
    for (std::size_t i = 0; i < count; ++i) {
      for (std::size_t j = i + 1; j > 0; --j) c[j] = c[j] - roots[i] * c[j - 1];
    }
    return c;
  };
  const auto zc = poly(design.zeros, design.zero_count);
  const auto pc = poly(design.poles, design.pole_count);
  TransferFunction tf;
  tf.b.reserve(zc.size());
  tf.a.reserve(pc.size());
  for (const auto& c : zc) tf.b.push_back(design.gain * c.real());
  for (const auto& c : pc) tf.a.push_back(c.real());
  return tf;
}

double magnitude_at(std::span<const SosSection> sections, double freq_hz, double sample_rate) {
  const double w = 2.0 * std::numbers::pi * freq_hz / sample_rate;
  const Complex z1 = std::exp(Complex(0.0, -w));
  const Complex z2 = z1 * z1;
  Complex h(1.0, 0.0);
  for (const auto& s : sections) h *= (s.b0 + s.b1 * z1 + s.b2 * z2) / (1.0 + s.a1 * z1 + s.a2 * z2);
  return std::abs(h);
}

double magnitude_at(const TransferFunction& tf, double freq_hz, double sample_rate) {
  const double w = 2.0 * std::numbers::pi * freq_hz / sample_rate;
  const auto eval = [w](const std::vector<double>& c) {
    Complex acc(0.0, 0.0);
    for (std::size_t i = 0; i < c.size(); ++i)
      acc += c[i] * std::exp(Complex(0.0, -w * static_cast<double>(i)));
    return acc;
  };
  return std::abs(eval(tf.b) / eval(tf.a));
}

}  // namespace afterglow::dsp
