#pragma once
// Zero-phase forward–backward filtering for offline rendering, matching scipy.signal.filtfilt (on b, a)
// and scipy.signal.sosfiltfilt (on second-order sections): odd extension of the input at both ends,
// steady-state initial conditions scaled by the first sample, a forward pass, a backward pass, and the
// padding cut away again. The effective response is |H|² with no phase shift, which is what the
// original tool applied to every pad, cloud and hiss (reference §2.6).
//
// Which one the renderer uses: `filtfilt` on the (b, a) form, because that is what the original ran,
// rounding included, so renders match its output within the golden tolerance. `sosfiltfilt` computes
// the same ideal response with far better conditioning (a high-order or very low-cutoff design in (b, a)
// form loses its poles to rounding); use it for designs the original never made, and for anything the
// product adds beyond parity.
//
// Short inputs: scipy refuses inputs not longer than the padding; the original then returned the input
// unfiltered for shorter ones and crashed at equality. Here both come back as an unfiltered copy.
//
// Offline only: these allocate.

#include <cstddef>
#include <span>
#include <vector>

#include "afterglow/dsp/butterworth.h"

namespace afterglow::dsp {

// The padding length scipy uses: 3·max(len(a), len(b)).
std::size_t filtfilt_padlen(const TransferFunction& tf);
// sosfiltfilt's: 3·(2·sections + 1 − min(#sections with b2 = 0, #sections with a2 = 0)).
std::size_t sosfiltfilt_padlen(std::span<const SosSection> sections);

// scipy's lfilter_zi: the direct-form-II-transposed state that a unit step has in steady state.
std::vector<double> lfilter_zi(const TransferFunction& tf);

std::vector<double> filtfilt(const TransferFunction& tf, std::span<const double> x);
std::vector<float> filtfilt(const TransferFunction& tf, std::span<const float> x);

std::vector<double> sosfiltfilt(std::span<const SosSection> sections, std::span<const double> x);
std::vector<float> sosfiltfilt(std::span<const SosSection> sections, std::span<const float> x);

}  // namespace afterglow::dsp
