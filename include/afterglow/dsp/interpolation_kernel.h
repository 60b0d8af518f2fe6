#pragma once
// Kaiser-windowed sinc low-pass design, shared by the band-limited reader and the half-rate decimator.
// Design time only (allocates); the filters built from it run without allocation.

#include <cstddef>
#include <vector>

namespace afterglow::dsp {

// The zeroth-order modified Bessel function of the first kind (power series; converges for the
// arguments a Kaiser window uses).
double bessel_i0(double x);

// Kaiser's beta for a stop-band attenuation in dB (Kaiser 1974; the formula scipy's kaiser_beta uses).
double kaiser_beta(double attenuation_db);

// The Kaiser window at t in [-1, 1] (0 outside).
double kaiser(double t, double beta);

// The windowed-sinc impulse response at time t (in samples) of a low-pass with cutoff `cutoff` in
// cycles per sample (0.25 = half Nyquist), windowed by a Kaiser window reaching zero at |t| = half_width.
// Its taps sum to about 1 (unity gain at DC).
double windowed_sinc(double t, double cutoff, double half_width, double beta);

// A symmetric odd-length FIR of `taps` coefficients (taps odd), centred, normalised to unity DC gain.
std::vector<double> windowed_sinc_lowpass(std::size_t taps, double cutoff, double attenuation_db);

}  // namespace afterglow::dsp
