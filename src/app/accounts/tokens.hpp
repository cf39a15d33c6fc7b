// API tokens: random secrets handed out once; only their hash is stored.
#pragma once

#include <string>
#include <string_view>

namespace mend::app {

// "mend_" followed by 64 hex digits (32 random bytes).
std::string new_token();

// Hex of BLAKE2b-256 of the token; what the store keeps and looks up by.
std::string token_hash(std::string_view token);

// A uniformly random 64-bit number from the operating system's generator.
std::uint64_t random_u64();

} // namespace mend::app
