// HMAC-SHA256 and base64 decoding (OpenSSL), and base64url, for webhook signatures and Notify's JWTs. Plain
// base64 is domain::base64 (domain/text.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mend::notify {

std::string hmac_sha256(std::string_view key, std::string_view message); // raw 32 bytes
std::string base64url(std::string_view bytes);                           // no padding, as JWTs use
std::optional<std::string> base64_decode(std::string_view text);

} // namespace mend::notify
