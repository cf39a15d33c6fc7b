// Human-friendly job references: eight characters from an alphabet without look-alikes, e.g. "K7QD-9XPT".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mend::domain {

// Spends 40 of the bits; the caller supplies fresh randomness and retries on a clash.
std::string make_reference(std::uint64_t random_bits);

// Upper-cases and checks the shape; empty when it cannot be a reference.
std::string normalise_reference(std::string_view text);

} // namespace mend::domain
