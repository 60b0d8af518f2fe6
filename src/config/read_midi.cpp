// midi: the inputs and the mappings. Every key a mapping may carry is read and checked here, with the
// value's line and column, so that a typo in a live set is caught by `afterglow check` before the gig
// rather than by a knob that does nothing on stage. Whether a target names a real parameter or layer
// is the MIDI layer's check (it needs the parameter registry, which the config layer does not have).

#include <fmt/format.h>

#include <array>

#include "scalar.h"
#include "sections.h"

namespace afterglow::config::detail {
namespace {

// The keys that say what a mapping listens to, in MidiSource order.
constexpr std::array<std::string_view, 6> kSourceKeys = {"cc", "note", "notes", "bend", "program", "clock"};

// Keeps every key as written (for tools that show a mapping back to the performer).
void keep_fields(LoadContext& ctx, const YAML::Node& item, const std::string& path, MidiMapping& m) {
  for (auto it = item.begin(); it != item.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    const std::string key = it->first.Scalar();
    Scalar s = resolve_scalar(it->second);
    ParamValue v;
    if (s.kind == ScalarKind::kBool) {
      v = s.boolean;
    } else if (s.is_number()) {
      v = s.number;
    } else if (s.kind == ScalarKind::kString) {
      v = s.text;
    } else if ((key == "notes" || key == "range") && it->second.IsSequence()) {
      continue;  // lists read below; not a single value
    } else if (key == "range" && it->second.IsMap()) {
      continue;
    } else {
      ctx.error(path + "." + key, location_of(it->second),
                fmt::format("must be a number, text or true/false (got {})", describe(it->second)));
      continue;
    }
    m.fields.push_back({key, v, location_of(it->second)});
  }
}

// `bend: true`, `program: true`, `clock: true`: anything else is a mistake worth naming.
void read_flag_source(SectionReader& r, std::string_view key) {
  bool on = false;
  if (r.boolean(key, on) && !on)
    r.error(key, fmt::format("must be true (remove the mapping to turn it off)"));
}

// `notes: all`, `notes: [36, 96]` or `notes: 60`.
void read_key_range(SectionReader& r, MidiMapping& m) {
  YAML::Node node = r.take("notes");
  Scalar s = resolve_scalar(node);
  if (s.kind == ScalarKind::kString && s.text == "all") return;
  if (s.kind == ScalarKind::kInt && s.integer >= 0 && s.integer <= 127) {
    m.key_low = m.key_high = static_cast<int>(s.integer);
    return;
  }
  if (node.IsSequence() && node.size() == 2) {
    Scalar lo = resolve_scalar(node[0]);
    Scalar hi = resolve_scalar(node[1]);
    const bool keys = lo.kind == ScalarKind::kInt && hi.kind == ScalarKind::kInt && lo.integer >= 0 &&
                      lo.integer <= 127 && hi.integer >= 0 && hi.integer <= 127;
    if (keys && lo.integer <= hi.integer) {
      m.key_low = static_cast<int>(lo.integer);
      m.key_high = static_cast<int>(hi.integer);
      return;
    }
    if (keys) {
      r.error("notes", fmt::format("the lowest key comes first: [{}, {}]", hi.integer, lo.integer));
      return;
    }
  }
  r.error("notes", fmt::format("must be `all`, a key 0-127 or a range of keys such as [36, 96] (got {})",
                               describe(node)));
}

// `range: [200, 2000]` or `range: {min: 200, max: 2000}`, in the parameter's natural units.
void read_range(SectionReader& r, MidiMapping& m) {
  YAML::Node node = r.take("range");
  if (!node.IsDefined() || node.IsNull()) return;
  double lo = 0.0;
  double hi = 0.0;
  bool ok = false;
  if (node.IsSequence() && node.size() == 2) {
    Scalar a = resolve_scalar(node[0]);
    Scalar b = resolve_scalar(node[1]);
    ok = a.is_number() && b.is_number();
    lo = a.number;
    hi = b.number;
  } else if (node.IsMap()) {
    SectionReader range(r.context(), r.key_path("range"), node);
    const bool has_min = range.number("min", lo, any_number());
    const bool has_max = range.number("max", hi, any_number());
    for (std::string_view key : {"min", "max"}) {
      if (!range.has(key)) {
        r.context().error(range.key_path(key), r.where("range"),
                          "missing; a range needs both `min` and `max`");
      }
    }
    ok = has_min && has_max;
    range.finish();
    if (!ok) {
      r.mark_failed("range");
      return;
    }
  }
  if (!ok) {
    r.error("range", fmt::format("must be [min, max] in the parameter's units, e.g. [200, 2000] (got {})",
                                 describe(node)));
    return;
  }
  if (!(lo < hi)) {
    r.error("range",
            fmt::format("min ({}) must be below max ({}); to turn the control around, add `invert: true`",
                        format_number(lo), format_number(hi)));
    return;
  }
  m.range_min = lo;
  m.range_max = hi;
}

void read_channel(SectionReader& r, MidiMapping& m) {
  YAML::Node channel = r.take("channel");
  Scalar c = resolve_scalar(channel);
  if (c.kind == ScalarKind::kString && c.text == "any") {
    m.channel = 0;
  } else if (c.kind == ScalarKind::kInt && c.integer >= 1 && c.integer <= 16) {
    m.channel = static_cast<int>(c.integer);
  } else if (channel.IsDefined()) {
    r.error("channel", fmt::format("must be between 1 and 16 or \"any\" (got {})", describe(channel)));
  }
}

void read_fourteen_bit(SectionReader& r, MidiMapping& m) {
  bool a = false;
  bool b = false;
  const bool has_a = r.boolean("fourteen_bit", a);
  const bool has_b = r.boolean("14bit", b);
  if (has_a && has_b && a != b) {
    r.error("14bit", "contradicts `fourteen_bit`; give one of them");
    return;
  }
  m.fourteen_bit = a || b;
  if (!m.fourteen_bit) return;
  const std::string_view key = has_b ? "14bit" : "fourteen_bit";
  if (m.source != MidiSource::kCc) {
    r.error(key, "applies to `cc:` mappings only");
  } else if (m.cc && *m.cc > 31) {
    r.error(key, fmt::format("needs the MSB controller 0-31 (its LSB is cc+32); cc {} cannot pair", *m.cc));
  }
}

void read_mapping(LoadContext& ctx, const YAML::Node& item, std::size_t index, MidiMapping& m) {
  const std::string path = fmt::format("midi.mappings[{}]", index);
  m.where = location_of(item);
  SectionReader r(ctx, path, item);
  keep_fields(ctx, item, path, m);

  // What it listens to: exactly one source key.
  std::optional<std::size_t> source;
  for (std::size_t i = 0; i < kSourceKeys.size(); ++i) {
    if (!r.has(kSourceKeys[i])) continue;
    if (source) {
      r.error(kSourceKeys[i], fmt::format("a mapping listens to one thing: `{}` or `{}`, not both",
                                          kSourceKeys[*source], kSourceKeys[i]));
      continue;
    }
    source = i;
  }
  r.integer("cc", m.cc, between(0, 127));
  r.integer("note", m.note, between(0, 127));
  if (r.has("notes")) read_key_range(r, m);
  for (std::string_view key : {"bend", "program", "clock"}) {
    if (r.has(key)) read_flag_source(r, key);
  }
  if (!source) {
    ctx.error(path, m.where,
              "needs `cc:` (0-127), `note:` (0-127), `notes:` (a key range), `bend: true`, `program: true` "
              "or `clock: true`");
  } else {
    m.source = static_cast<MidiSource>(*source);
  }
  if (m.note) m.key_low = m.key_high = *m.note;

  read_channel(r, m);

  // A program mapping recalls scenes and a clock mapping may only keep time: no target needed.
  const bool target_optional = m.source == MidiSource::kProgram || m.source == MidiSource::kClock;
  if (!r.has("target")) {
    if (!target_optional && source) {
      ctx.error(path + ".target", m.where,
                "missing; name the parameter or layer to control, e.g. cloud1.density or drone1");
    }
  } else if (r.text("target", m.target) && m.target.empty()) {
    r.error("target", "must name a parameter, not be empty");
  }

  if (auto t = r.choice("takeover", {"jump", "pickup", "scale"})) m.takeover = static_cast<Takeover>(*t);
  read_range(r, m);
  if (auto c = r.choice("curve", {"param", "linear", "log", "exp"})) m.curve = static_cast<MidiCurve>(*c);
  if (m.curve == MidiCurve::kLog && m.range_min && *m.range_min <= 0.0) {
    r.error("curve",
            fmt::format("log needs a range above 0 (this one starts at {})", format_number(*m.range_min)));
  }
  r.boolean("invert", m.invert);
  read_fourteen_bit(r, m);
  if (auto v = r.choice("velocity_curve", {"linear", "soft", "hard", "fixed"})) {
    m.velocity_curve = static_cast<VelocityCurve>(*v);
  }
  r.boolean("sustain", m.sustain);
  Bounds bend = between(0.0, 48.0, "semitones");
  bend.min_open = true;  // a bend of 0 semitones would be a dead wheel
  r.number("bend_range", m.bend_range, bend);
  if (auto a = r.choice("mode", {"auto", "momentary", "toggle", "learn"})) m.action = static_cast<NoteAction>(*a);
  r.finish();
}

}  // namespace

void read_midi(SectionReader& r, MidiConfig& out) {
  r.texts("inputs", out.inputs);
  YAML::Node mappings = r.take("mappings");
  if (!mappings.IsDefined() || mappings.IsNull()) return;
  if (!mappings.IsSequence()) {
    r.error("mappings", fmt::format("must be a list of mappings (got {})", describe(mappings)));
    return;
  }
  for (std::size_t i = 0; i < mappings.size(); ++i) {
    const YAML::Node item = mappings[i];
    if (!item.IsMap()) {
      r.context().error(fmt::format("midi.mappings[{}]", i), location_of(item),
                        fmt::format("must be a mapping such as {{cc: 21, target: cloud1.density}} (got {})",
                                    describe(item)));
      continue;
    }
    MidiMapping m;
    read_mapping(r.context(), item, i, m);
    out.mappings.push_back(std::move(m));
  }
}

}  // namespace afterglow::config::detail
