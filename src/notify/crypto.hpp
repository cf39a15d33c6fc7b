// HMAC-SHA256 and base64 (OpenSSL), for webhook signatures and Notify's JWTs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mend::notify {

std::string hmac_sha256(std::string_view key, std::string_view message); // raw 32 bytes
std::string base64(std::string_view bytes);
std::string base64url(std::string_view bytes); // no padding, as JWTs use
std::optional<std::string> base64_decode(std::string_view text);

} // namespace mend::notify
