#pragma once
// A layer type's parameter declarations, derived from its generator's own table: name, range and
// integer-ness from the generator's info, the default from its params struct, and from the layer only
// how the control moves (curve, unit, description, and a kind where the generator reads a number as a
// switch). The generator's own level is left out: the layer's mixer fader owns /<layer>/level.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "afterglow/engine/param_spec.h"

namespace afterglow::engine {

struct ParamPresentation {
  ParamCurve curve = ParamCurve::kLinear;
  std::string_view unit;
  std::string_view description;
  std::optional<ParamKind> kind =
      std::nullopt;  // unset: integer or continuous, as the generator's table says
};

template <typename Params, typename Param, typename InfoOf, typename PresentationOf>
std::vector<ParamDecl> derive_param_decls(std::size_t count, Param superseded, InfoOf info_of,
                                          PresentationOf presentation_of) {
  std::vector<ParamDecl> out;
  const Params defaults;
  for (std::size_t i = 0; i < count; ++i) {
    const auto p = static_cast<Param>(i);
    if (p == superseded) continue;
    const auto& info = info_of(p);
    const ParamPresentation look = presentation_of(p);
    ParamDecl d;
    d.generator_id = static_cast<std::uint16_t>(i);
    d.name = info.name;
    d.min = info.min;
    d.max = info.max;
    d.default_value = defaults[p];
    ParamKind table_kind = ParamKind::kContinuous;
    if constexpr (requires { info.integer; }) {
      if (info.integer) table_kind = ParamKind::kInteger;
    }
    d.kind = look.kind.value_or(table_kind);
    d.curve = look.curve;
    d.unit = look.unit;
    d.description = look.description;
    out.push_back(d);
  }
  return out;
}

}  // namespace afterglow::engine
