#include "section_reader.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "scalar.h"
#include "suggest.h"

namespace afterglow::config::detail {

SectionReader::SectionReader(LoadContext& ctx, std::string path, const YAML::Node& node,
                             SourceLocation key_where)
    : ctx_(ctx), path_(std::move(path)), key_where_(key_where) {
  if (!node.IsDefined()) return;
  where_ = location_of(node);
  if (node.IsNull()) {
    present_ = true;
    return;
  }
  if (!node.IsMap()) {
    ctx_.error(path_, where_, fmt::format("must be a mapping of keys (got {})", describe(node)));
    return;
  }
  present_ = true;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node& k = it->first;
    if (!k.IsScalar()) {
      ctx_.warning(path_, location_of(k), "ignored an entry whose key is not plain text");
      continue;
    }
    std::string key = k.Scalar();
    bool replaced = false;
    for (auto& e : entries_) {
      if (e.key == key) {
        // PyYAML keeps the last value, so a config means the same thing in both programs.
        ctx_.warning(key_path(key), location_of(k),
                     fmt::format("duplicate key; this value replaces the one on line {}",
                                 location_of(e.key_node).line));
        e.key_node = k;
        e.value = it->second;
        replaced = true;
      }
    }
    if (!replaced) entries_.push_back({key, k, it->second});
  }
}

std::string SectionReader::key_path(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return fmt::format("{}.{}", path_, key);
}

const SectionReader::Entry* SectionReader::find(std::string_view key) const {
  for (const auto& e : entries_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

bool SectionReader::has(std::string_view key) const {
  return find(key) != nullptr;
}

SourceLocation SectionReader::where(std::string_view key) const {
  const Entry* e = find(key);
  if (!e) return where_;
  SourceLocation at = location_of(e->value);
  return at.line > 0 ? at : location_of(e->key_node);
}

void SectionReader::error(std::string_view key, std::string message) {
  failed_.insert(std::string(key));
  ctx_.error(key_path(key), where(key), std::move(message));
}

void SectionReader::warning(std::string_view key, std::string message) {
  ctx_.warning(key_path(key), where(key), std::move(message));
}

const SectionReader::Entry* SectionReader::lookup(std::string_view key, Need need,
                                                  const std::string& default_text) {
  if (!known_.count(key)) {
    known_.emplace(key);
    known_order_.emplace_back(key);
  }
  const Entry* e = find(key);
  if (!e && need == Need::kRequired && present_ && ctx_.compat) {
    ctx_.warning(key_path(key), key_where_.line > 0 ? key_where_ : where_,
                 fmt::format("missing; afterglow-engine stops with an error without it, "
                             "here the default {} is used",
                             default_text));
  }
  return e;
}

bool SectionReader::read_number(std::string_view key, const Entry& e, const Bounds& b, double& v,
                                bool want_int) {
  Scalar s = resolve_scalar(e.value);
  const char* what = want_int ? "a whole number" : "a number";
  if (s.kind == ScalarKind::kNull) {
    error(key, fmt::format("has no value; expected {}", what));
    return false;
  }
  if (!s.is_number()) {
    error(key, fmt::format("must be {} (got {})", what, describe(e.value)));
    return false;
  }
  if (!std::isfinite(s.number)) {
    error(key, fmt::format("must be a finite number (got {})", s.text));
    return false;
  }
  if (want_int) {
    bool integral = s.kind == ScalarKind::kInt || (!b.strict_int && std::floor(s.number) == s.number);
    if (!integral) {
      error(key, fmt::format("must be a whole number (got {})", s.text));
      return false;
    }
  }
  v = s.number;
  if (!b.contains(v)) {
    error(key, fmt::format("must be {} (got {})", b.describe(), s.text));
    return false;
  }
  return true;
}

bool SectionReader::number(std::string_view key, double& out, const Bounds& b, Need need) {
  const Entry* e = lookup(key, need, format_number(out));
  double v = 0.0;
  if (!e || !read_number(key, *e, b, v, false)) return false;
  out = v;
  return true;
}

bool SectionReader::number(std::string_view key, std::optional<double>& out, const Bounds& b) {
  const Entry* e = lookup(key, Need::kOptional, {});
  if (!e) return false;
  if (e->value.IsNull()) {
    out.reset();
    return true;
  }
  double v = 0.0;
  if (!read_number(key, *e, b, v, false)) return false;
  out = v;
  return true;
}

bool SectionReader::integer(std::string_view key, int& out, const Bounds& b, Need need) {
  const Entry* e = lookup(key, need, std::to_string(out));
  double v = 0.0;
  if (!e || !read_number(key, *e, b, v, true)) return false;
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
    error(key, fmt::format("is far too large (got {})", format_number(v)));
    return false;
  }
  out = static_cast<int>(v);
  return true;
}

bool SectionReader::integer(std::string_view key, std::optional<int>& out, const Bounds& b) {
  if (const Entry* e = find(key); e && e->value.IsNull()) {
    lookup(key, Need::kOptional, {});
    out.reset();
    return true;
  }
  int v = 0;
  if (!integer(key, v, b, Need::kOptional)) return false;
  out = v;
  return true;
}

bool SectionReader::seed(std::string_view key, std::optional<long long>& out) {
  const Entry* e = lookup(key, Need::kOptional, {});
  if (!e) return false;
  Scalar s = resolve_scalar(e->value);
  if (s.kind == ScalarKind::kNull) {
    out.reset();
    return true;
  }
  if (s.kind != ScalarKind::kInt) {
    error(key, fmt::format("must be a whole number or null (got {})", describe(e->value)));
    return false;
  }
  out = s.integer;
  return true;
}

bool SectionReader::boolean(std::string_view key, bool& out, Need need) {
  const Entry* e = lookup(key, need, out ? "true" : "false");
  if (!e) return false;
  Scalar s = resolve_scalar(e->value);
  if (s.kind != ScalarKind::kBool) {
    error(key, fmt::format("must be true or false (got {})", describe(e->value)));
    return false;
  }
  out = s.boolean;
  return true;
}

bool SectionReader::boolean(std::string_view key, std::optional<bool>& out) {
  bool v = false;
  if (!boolean(key, v, Need::kOptional)) return false;
  out = v;
  return true;
}

bool SectionReader::text(std::string_view key, std::string& out, Need need) {
  const Entry* e = lookup(key, need, "\"" + out + "\"");
  if (!e) return false;
  Scalar s = resolve_scalar(e->value);
  if (s.kind != ScalarKind::kString) {
    error(key, fmt::format("must be text (got {})", describe(e->value)));
    return false;
  }
  out = s.text;
  return true;
}

bool SectionReader::text(std::string_view key, std::optional<std::string>& out) {
  if (const Entry* e = find(key); e && e->value.IsNull()) {
    lookup(key, Need::kOptional, {});
    out.reset();
    return true;
  }
  std::string v;
  if (!text(key, v, Need::kOptional)) return false;
  out = v;
  return true;
}

bool SectionReader::numbers(std::string_view key, std::vector<double>& out, const Bounds& each, Need need,
                            bool scalar_ok) {
  std::string default_text = "[";
  for (std::size_t i = 0; i < out.size(); ++i) default_text += (i ? ", " : "") + format_number(out[i]);
  default_text += "]";
  const Entry* e = lookup(key, need, default_text);
  if (!e) return false;
  Scalar s = resolve_scalar(e->value);
  if (scalar_ok && s.is_number()) {
    double v = 0.0;
    if (!read_number(key, *e, each, v, false)) return false;
    out = {v};
    return true;
  }
  if (s.kind != ScalarKind::kList) {
    error(key, fmt::format("must be a list of numbers (got {})", describe(e->value)));
    return false;
  }
  std::vector<double> values;
  bool ok = true;
  for (std::size_t i = 0; i < e->value.size(); ++i) {
    const YAML::Node item = e->value[i];
    Scalar si = resolve_scalar(item);
    std::string item_path = fmt::format("{}[{}]", key_path(key), i);
    if (!si.is_number() || !std::isfinite(si.number)) {
      ctx_.error(item_path, location_of(item), fmt::format("must be a number (got {})", describe(item)));
      ok = false;
    } else if (!each.contains(si.number)) {
      ctx_.error(item_path, location_of(item), fmt::format("must be {} (got {})", each.describe(), si.text));
      ok = false;
    } else {
      values.push_back(si.number);
    }
  }
  if (!ok) {
    failed_.insert(std::string(key));
    return false;
  }
  out = std::move(values);
  return true;
}

bool SectionReader::texts(std::string_view key, std::vector<std::string>& out, Need need) {
  std::string default_text = "[";
  for (std::size_t i = 0; i < out.size(); ++i) default_text += (i ? ", " : "") + out[i];
  default_text += "]";
  const Entry* e = lookup(key, need, default_text);
  if (!e) return false;
  if (e->value.IsNull()) {
    out.clear();
    return true;
  }
  if (!e->value.IsSequence()) {
    error(key, fmt::format("must be a list of text values (got {})", describe(e->value)));
    return false;
  }
  std::vector<std::string> values;
  bool ok = true;
  for (std::size_t i = 0; i < e->value.size(); ++i) {
    const YAML::Node item = e->value[i];
    Scalar si = resolve_scalar(item);
    if (si.kind != ScalarKind::kString) {
      ctx_.error(fmt::format("{}[{}]", key_path(key), i), location_of(item),
                 fmt::format("must be text (got {})", describe(item)));
      ok = false;
    } else {
      values.push_back(si.text);
    }
  }
  if (!ok) {
    failed_.insert(std::string(key));
    return false;
  }
  out = std::move(values);
  return true;
}

std::optional<std::size_t> SectionReader::choice(std::string_view key,
                                                 std::initializer_list<std::string_view> allowed) {
  const Entry* e = lookup(key, Need::kOptional, {});
  if (!e) return std::nullopt;
  Scalar s = resolve_scalar(e->value);
  std::vector<std::string> names(allowed.begin(), allowed.end());
  std::size_t i = 0;
  for (std::string_view a : allowed) {
    if (s.text == a && s.kind != ScalarKind::kNull) return i;
    ++i;
  }
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  std::string hint;
  if (auto near = closest(s.text, names)) hint = fmt::format("; did you mean `{}`?", *near);
  error(key, fmt::format("must be one of {} (got {}){}", list, describe(e->value), hint));
  return std::nullopt;
}

YAML::Node SectionReader::take(std::string_view key) {
  const Entry* e = lookup(key, Need::kOptional, {});
  return e ? e->value : YAML::Node(YAML::NodeType::Undefined);
}

SectionReader SectionReader::child(std::string_view key) {
  const Entry* e = lookup(key, Need::kOptional, {});
  if (!e) return SectionReader(ctx_, key_path(key), YAML::Node(YAML::NodeType::Undefined));
  return SectionReader(ctx_, key_path(key), e->value, location_of(e->key_node));
}

void SectionReader::legacy(std::string_view key, std::string_view new_key, bool superseded) {
  const Entry* e = lookup(key, Need::kOptional, {});
  if (!e) return;
  if (superseded) {
    warning(key,
            fmt::format("deprecated and ignored because `{}` is also given; remove it", key_path(new_key)));
  } else {
    warning(key,
            fmt::format("deprecated; use `{}` instead (the value is still honoured)", key_path(new_key)));
  }
}

void SectionReader::no_effect(std::string_view key, std::string_view why) {
  if (!known_.count(key)) {
    known_.emplace(key);
    known_order_.emplace_back(key);
  }
  if (!has(key)) return;
  warning(key, why.empty() ? std::string("has no effect (accepted for compatibility with afterglow-engine)")
                           : fmt::format("has no effect ({})", why));
}

void SectionReader::finish() {
  for (const auto& e : entries_) {
    if (known_.count(e.key)) continue;
    std::string hint;
    if (auto near = closest(e.key, known_order_)) hint = fmt::format("; did you mean `{}`?", *near);
    ctx_.warning(key_path(e.key), location_of(e.key_node), fmt::format("unknown key, ignored{}", hint));
  }
}

}  // namespace afterglow::config::detail
