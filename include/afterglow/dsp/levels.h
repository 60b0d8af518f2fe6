#pragma once
// Level measurements in the conventions of the original tool (reference §2.1), so that thresholds and
// grades carried over from afterglow configs mean the same thing here.

#include <span>

namespace afterglow::dsp {

// The dB value reported for exact digital silence. Only v <= 0 maps here: 1e-6 is still -120 dB, so a
// very quiet signal is never confused with true zero.
inline constexpr double kSilenceDb = -80.0;

// sqrt(mean(x^2)); 0 for an empty span. Accumulates in double so long files do not lose precision.
double rms(std::span<const float> x);
// max |x|; 0 for an empty span.
double peak(std::span<const float> x);
// 20*log10(v), or kSilenceDb when v <= 0.
double lin_to_db(double v);
// 10^(db/20).
double db_to_lin(double db);
// lin_to_db(rms(x)).
double rms_db(std::span<const float> x);

}  // namespace afterglow::dsp
