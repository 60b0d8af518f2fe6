#pragma once
// Engines, material and renders for the engine tests: a cloud engine on generated material (sines and
// noise, no files), a continuous test-tone layer type (what a drone or hiss bed is to the mixer:
// sound that never pauses, so a missing fade would be heard as a step), and a counter of heap
// allocations made on the current thread.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "afterglow/engine/cloud_layer.h"
#include "afterglow/engine/engine.h"
#include "afterglow/engine/offline_driver.h"
#include "afterglow/io/audio_buffer.h"

namespace afterglow::engine::test {

inline constexpr double kRate = 48000.0;

// A layer type that loops its first source's left channel continuously (a stand-in for any layer
// whose output never pauses).
const LayerType& tone_layer_type();

// Generated material: a sine-rich stereo source and a noise source, 3 s each.
std::vector<io::AudioBuffer> test_sources(double rate = kRate);

// An engine with the given layers (all bound to the test sources), prepared at kRate.
std::unique_ptr<Engine> make_engine(std::vector<EngineLayer> layers, std::size_t max_block,
                                    std::span<const InitialValue> initial = {}, EngineSettings settings = {});
std::unique_ptr<MaterialBank> test_bank(const Engine& engine);

// Renders `frames` with the script at the given block size.
io::AudioBuffer render(Engine& engine, std::size_t frames, std::size_t block,
                       std::vector<Command> script = {});

// Heap allocations (operator new) made by this thread while counting is on.
void start_counting_allocations();
std::size_t stop_counting_allocations();

}  // namespace afterglow::engine::test
