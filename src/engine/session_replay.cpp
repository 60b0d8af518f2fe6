#include "afterglow/engine/session_replay.h"

#include <fmt/format.h>
#include <sndfile.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "afterglow/config/scene_loader.h"
#include "afterglow/engine/engine.h"
#include "afterglow/engine/events_file.h"
#include "afterglow/engine/offline_driver.h"
#include "afterglow/analysis/corpus_builder.h"
#include "afterglow/engine/scene_material.h"
#include "afterglow/engine/scene_sources.h"

namespace afterglow::engine {
namespace {

Result<std::string> read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorKind::kNotFound, "cannot read " + path.filename().string(), {{"path", path.string()}});
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Result<SessionDescription> read_session(const std::filesystem::path& dir) {
  const std::filesystem::path file = dir / "session.json";
  auto text = read_text(file);
  if (!text) {
    return Error(ErrorKind::kNotFound,
                 fmt::format("{} is not a recorded session (no session.json)", dir.string()),
                 {{"path", file.string()}});
  }
  const nlohmann::json j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  const auto bad = [&](std::string_view what) {
    return Error(ErrorKind::kInvalidConfig, fmt::format("{}: {}", file.string(), what), {{"path", file.string()}});
  };
  if (j.is_discarded() || !j.is_object()) return bad("not valid JSON");
  SessionDescription s;
  s.dir = dir;
  try {
    if (j.value("format", 0) != 1) return bad("unknown format (expected \"format\": 1)");
    s.scene_base_dir = j.at("scene_base_dir").get<std::string>();
    s.engine.seed = j.at("seed").get<std::uint64_t>();
    s.sample_rate = j.at("sample_rate").get<double>();
    s.block = j.at("block").get<std::size_t>();
    s.max_block = j.at("max_block").get<std::size_t>();
    const auto& e = j.at("engine");
    s.engine.material_fade_ms = e.at("material_fade_ms").get<double>();
    s.engine.retire_hold_seconds = e.at("retire_hold_seconds").get<double>();
    s.engine.limiter_lookahead_ms = e.at("limiter_lookahead_ms").get<double>();
    s.engine.max_events_per_block = e.at("max_events_per_block").get<std::size_t>();
    s.engine.pending_capacity = e.at("pending_capacity").get<std::size_t>();
    s.start_frame = j.at("start_frame").get<std::uint64_t>();
    s.complete = j.value("complete", false);
    s.stopped_by = j.value("stopped_by", "");
    if (j.contains("end_frame")) {
      s.end_frame = j.at("end_frame").get<std::uint64_t>();
    } else {
      // The process was killed mid-take: the take ends where the file's last header update put it.
      SF_INFO info{};
      SNDFILE* wav = sf_open((dir / "session.wav").c_str(), SFM_READ, &info);
      if (wav == nullptr) return bad("the take has no end and no readable session.wav");
      sf_close(wav);
      s.end_frame = s.start_frame + static_cast<std::uint64_t>(info.frames);
      s.complete = false;
      s.stopped_by = "killed (the take ends where session.wav's header does)";
    }
  } catch (const nlohmann::json::exception& ex) {
    return bad(fmt::format("missing or wrong field ({})", ex.what()));
  }
  if (!(s.sample_rate >= 1000.0) || s.block == 0 || s.max_block == 0 || s.end_frame < s.start_frame)
    return bad("impossible rate, block or frame range");
  return s;
}

Status replay_session(const SessionDescription& session, const ReplayOptions& options, const ReplaySink& sink) {
  auto scene_text = read_text(session.dir / "scene.yaml");
  if (!scene_text) return scene_text.error();
  config::SceneLoad load =
      config::load_scene_string(*scene_text, (session.dir / "scene.yaml").string(), session.scene_base_dir);
  if (!load.ok()) return load.to_error();

  config::Scene scene = *load.scene;
  scene.engine.seed = static_cast<long long>(session.engine.seed);  // the seed the session ran with
  auto created = Engine::create(scene, session.engine);
  if (!created) return created.error();
  Engine& engine = **created;
  engine.prepare(session.sample_rate, session.max_block);

  auto events = load_events_file(session.dir / "events.jsonl", engine.registry(), session.sample_rate);
  if (!events) return events.error();

  // Only the banks adopted before the take ended matter (a long analysis may finish after it).
  std::vector<MaterialArrival> arrivals;
  for (const MaterialArrival& a : events->material) {
    if (a.frame < session.end_frame) arrivals.push_back(a);
  }
  const bool needs_full = std::any_of(arrivals.begin(), arrivals.end(),
                                      [](const MaterialArrival& a) { return a.stage != MaterialStage::kFirst; });
  if (!arrivals.empty()) {
    // The session's own export folder holds recordings, never sources (as when it was recorded).
    std::vector<std::filesystem::path> excluded;
    if (session.dir.parent_path().filename() == "sessions") excluded.push_back(session.dir.parent_path().parent_path());
    std::shared_ptr<const analysis::Corpus> full;
    if (needs_full) {
      auto corpus = build_scene_corpus(scene, engine, options.threads, options.cache, excluded);
      if (!corpus) return corpus.error();
      full = *corpus;
    }
    std::shared_ptr<const analysis::Corpus> first;  // the first bank's small corpus, when it had one
    for (const MaterialArrival& arrival : arrivals) {
      std::shared_ptr<const analysis::Corpus> from = full;
      if (arrival.stage == MaterialStage::kFirst) {
        if (!first) {
          auto small = build_scene_corpus(scene, engine, options.threads, options.cache, excluded,
                                          first_source_per_role(scene, excluded));
          if (!small) return small.error();
          first = *small;
        }
        from = first;
      }
      auto bank = build_bank(from, scene, engine, arrival.stage);
      if (!bank) return bank.error();
      (*bank)->adopt_frame = arrival.frame;
      if (!engine.publish_material(std::move(*bank))) {
        return Error(ErrorKind::kProcessing, "too many material changes in the session to replay");
      }
    }
  }

  OfflineOptions o;
  o.block = session.block;
  OfflineDriver driver(engine, o);
  driver.set_script(events->plain());
  // Pieces of about a second, whole blocks each.
  const std::size_t piece_frames =
      session.block * std::max<std::size_t>(1, static_cast<std::size_t>(session.sample_rate) / session.block);
  io::AudioBuffer piece;
  std::uint64_t done = 0;
  while (done < session.end_frame) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(piece_frames, session.end_frame - done));
    for (auto& c : piece.channels) c.clear();
    driver.run(n, piece);
    const std::uint64_t first = done;
    done += n;
    if (done <= session.start_frame) continue;
    if (first < session.start_frame) {
      const auto skip = static_cast<std::ptrdiff_t>(session.start_frame - first);
      for (auto& c : piece.channels) c.erase(c.begin(), c.begin() + skip);
    }
    if (Status s = sink(piece); !s) return s;
  }
  return Ok{};
}

Result<io::AudioBuffer> replay_session(const SessionDescription& session, const ReplayOptions& options) {
  io::AudioBuffer take(session.sample_rate, 2, 0);
  Status s = replay_session(session, options, [&](const io::AudioBuffer& piece) -> Status {
    for (std::size_t c = 0; c < 2 && c < piece.channel_count(); ++c)
      take.channels[c].insert(take.channels[c].end(), piece.channels[c].begin(), piece.channels[c].end());
    return Ok{};
  });
  if (!s) return s.error();
  return take;
}

}  // namespace afterglow::engine
