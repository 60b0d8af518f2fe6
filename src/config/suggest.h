#pragma once
// "Did you mean …?" for misspelt keys and enum values. Internal to the config layer.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace afterglow::config::detail {

// Optimal-string-alignment distance (a swap of two neighbours counts as one edit), case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate when it is close enough to be a plausible typo (about a third of the word),
// nullopt otherwise.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace afterglow::config::detail
