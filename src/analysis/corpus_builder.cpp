#include "afterglow/analysis/corpus_builder.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "afterglow/core/log.h"

namespace afterglow::analysis {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

fs::path identity(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return ec ? fs::absolute(p, ec) : c;
}

struct Slot {
  std::optional<CorpusSource> source;
  std::optional<SourceFailure> failure;
  bool cache_hit = false;
  bool cache_write = false;
  bool cache_write_failed = false;
};

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

std::string_view to_string(SourceRole role) {
  switch (role) {
    case SourceRole::kSource:
      return "source";
    case SourceRole::kPads:
      return "pads";
    case SourceRole::kDrums:
      return "drums";
    case SourceRole::kAny:
      return "any";
  }
  return "any";
}

const CorpusSource* Corpus::find(std::string_view id) const {
  for (const CorpusSource& s : sources_) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

bool is_audio_file_name(const fs::path& path) {
  static const std::set<std::string> kExtensions = {".wav", ".aif", ".aiff", ".flac", ".ogg", ".mp3"};
  return kExtensions.count(lower(path.extension().string())) > 0;
}

ExpandedSources expand_sources(std::span<const SourceEntry> entries, std::span<const fs::path> excluded) {
  ExpandedSources out;
  std::vector<fs::path> skip;
  for (const fs::path& x : excluded) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(fs::absolute(x, ec), ec);
    if (!ec) skip.push_back(canonical);
  }
  const auto inside_excluded = [&](const fs::path& file) {
    std::error_code ec;
    const fs::path f = fs::weakly_canonical(file, ec);
    if (ec) return false;
    for (const fs::path& x : skip) {
      const auto [a, b] = std::mismatch(x.begin(), x.end(), f.begin(), f.end());
      if (a == x.end()) return true;
    }
    return false;
  };
  std::set<fs::path> seen;
  std::map<std::string, int> ids;
  auto add = [&](SourceJob job) {
    // Clashing ids (two entries naming folders of the same name, say) get a numbered suffix.
    const int n = ++ids[job.id];
    if (n > 1) job.id += "#" + std::to_string(n);
    out.jobs.push_back(std::move(job));
  };
  for (const SourceEntry& e : entries) {
    if (e.demo) {
      const std::string name(io::demo_facts(*e.demo).name);
      add(SourceJob{"demo:" + name, name, {}, e.demo, e.role, e.tags});
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(e.path, ec);
    if (ec || !fs::exists(st)) {
      Error err(ErrorKind::kNotFound, "Source not found", {{"file", e.path.string()}});
      log::warn("{}", err.what());
      out.failures.push_back(SourceFailure{e.path.filename().string(), e.path, std::move(err)});
      continue;
    }
    if (!fs::is_directory(st)) {
      if (!seen.insert(identity(e.path)).second) continue;  // the same file listed twice
      add(SourceJob{e.path.filename().string(), e.path.stem().string(), e.path, std::nullopt, e.role,
                    e.tags});
      continue;
    }
    std::vector<fs::path> files;
    auto collect = [&](auto&& iterator) {
      for (auto it = iterator; it != std::decay_t<decltype(iterator)>(); it.increment(ec)) {
        if (ec) break;
        std::error_code file_ec;
        if (it->is_regular_file(file_ec) && is_audio_file_name(it->path())) files.push_back(it->path());
      }
    };
    if (e.recursive) {
      collect(fs::recursive_directory_iterator(e.path, fs::directory_options::skip_permission_denied, ec));
    } else {
      collect(fs::directory_iterator(e.path, fs::directory_options::skip_permission_denied, ec));
    }
    if (ec) {
      Error err(ErrorKind::kFilesystem, "Could not list the source folder: " + ec.message(),
                {{"folder", e.path.string()}});
      log::warn("{}", err.what());
      out.failures.push_back(SourceFailure{e.path.filename().string(), e.path, std::move(err)});
    }
    std::sort(files.begin(), files.end());
    const fs::path folder = e.path.filename().empty() ? e.path.parent_path().filename() : e.path.filename();
    for (const fs::path& f : files) {
      if (!skip.empty() && inside_excluded(f)) continue;
      if (!seen.insert(identity(f)).second) continue;
      const std::string id = (folder / f.lexically_relative(e.path)).generic_string();
      add(SourceJob{id, f.stem().string(), f, std::nullopt, e.role, e.tags});
    }
  }
  return out;
}

CorpusBuilder::CorpusBuilder(CorpusParams params, std::size_t threads)
    : params_(std::move(params)), threads_(std::max<std::size_t>(1, threads)) {}

Result<std::shared_ptr<const Corpus>> CorpusBuilder::build(std::span<const SourceEntry> entries) const {
  ExpandedSources expanded = expand_sources(entries, excluded_);
  return build_jobs(expanded.jobs, std::move(expanded.failures));
}

Result<std::shared_ptr<const Corpus>> CorpusBuilder::build_jobs(std::span<const SourceJob> jobs,
                                                                std::vector<SourceFailure> failures) const {
  if (auto s = validate(params_.features); !s) return s.error();
  const auto t0 = std::chrono::steady_clock::now();
  const std::uint64_t params_hash = hash_feature_params(params_.features);
  const double rate = params_.features.sample_rate;

  std::vector<Slot> slots(jobs.size());
  std::atomic<std::size_t> next{0};
  std::mutex progress_mutex;

  auto process = [&](const SourceJob& job, Slot& slot) {
    const auto started = std::chrono::steady_clock::now();
    auto fail = [&](Error error) {
      log::warn("skipping {}: {}", job.id, error.what());
      slot.failure = SourceFailure{job.id, job.path, std::move(error)};
    };
    std::optional<SourceFeatures> features;
    std::optional<std::uint64_t> content_hash;
    if (job.demo) {
      auto f = analyse_audio(io::render_demo(*job.demo, rate), params_.features);
      if (!f) return fail(f.error());
      features = std::move(*f);
    } else {
      if (cache_) {
        if (auto h = hash_file_content(job.path)) {
          content_hash = *h;
          features = cache_->load(*h, params_hash, rate);
          slot.cache_hit = features.has_value();
        }
      }
      if (!features) {
        auto f = analyse_file(job.path, params_.features);
        if (!f) return fail(f.error());
        features = std::move(*f);
        if (cache_ && content_hash) {
          if (auto stored = cache_->store(*content_hash, params_hash, *features)) {
            slot.cache_write = true;
          } else {
            slot.cache_write_failed = true;
            log::warn("could not cache the analysis of {}: {}", job.id, stored.error().what());
          }
        }
      }
    }
    auto summary = summarise(*features, params_.summary);
    if (!summary) return fail(summary.error());
    CorpusSource s;
    s.id = job.id;
    s.name = job.name;
    s.path = job.path;
    s.demo = job.demo;
    s.role = job.role;
    s.tags = job.tags;
    s.features = std::move(*features);
    s.summary = std::move(*summary);
    s.from_cache = slot.cache_hit;
    s.seconds = since(started);
    slot.source = std::move(s);
  };

  auto worker = [&] {
    for (std::size_t i = next.fetch_add(1); i < jobs.size(); i = next.fetch_add(1)) {
      try {
        process(jobs[i], slots[i]);
      } catch (const std::exception& e) {
        // Out of memory on a huge file, say: that source fails, the others carry on.
        Error error(ErrorKind::kProcessing, std::string("Analysis failed: ") + e.what(),
                    {{"file", jobs[i].path.string()}});
        log::warn("skipping {}: {}", jobs[i].id, error.what());
        slots[i].source.reset();
        slots[i].failure = SourceFailure{jobs[i].id, jobs[i].path, std::move(error)};
      }
      if (progress_) {
        std::lock_guard lock(progress_mutex);
        progress_(jobs[i].id);
      }
    }
  };
  const std::size_t thread_count = std::min(threads_, std::max<std::size_t>(1, jobs.size()));
  if (thread_count == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < thread_count; ++t) pool.emplace_back(worker);
    for (std::thread& t : pool) t.join();
  }

  auto corpus = std::make_shared<Corpus>();
  corpus->sample_rate_ = rate;
  corpus->report_.failures = std::move(failures);
  for (Slot& slot : slots) {
    if (slot.failure) corpus->report_.failures.push_back(std::move(*slot.failure));
    if (slot.source) corpus->sources_.push_back(std::move(*slot.source));
    corpus->report_.cache_hits += slot.cache_hit ? 1 : 0;
    corpus->report_.cache_writes += slot.cache_write ? 1 : 0;
    corpus->report_.cache_write_failures += slot.cache_write_failed ? 1 : 0;
  }
  std::vector<IndexSource> index_sources;
  for (std::size_t i = 0; i < corpus->sources_.size(); ++i) {
    const CorpusSource& s = corpus->sources_[i];
    index_sources.push_back(IndexSource{static_cast<std::uint32_t>(i), s.features.analysis.windows.grid(),
                                        s.summary.descriptors});
  }
  corpus->index_ = DescriptorIndex::build(index_sources, params_.index);
  corpus->report_.seconds = since(t0);
  return std::shared_ptr<const Corpus>(std::move(corpus));
}

}  // namespace afterglow::analysis
