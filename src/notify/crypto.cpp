#include "notify/crypto.hpp"

#include "domain/text.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdexcept>

namespace mend::notify {

std::string hmac_sha256(std::string_view key, std::string_view message) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), out,
             &length) == nullptr) {
        throw std::runtime_error("HMAC-SHA256 failed");
    }
    return {reinterpret_cast<const char*>(out), length};
}

std::string base64url(std::string_view bytes) {
    std::string out = domain::base64(bytes);
    while (!out.empty() && out.back() == '=') {
        out.pop_back();
    }
    for (auto& ch : out) {
        if (ch == '+') {
            ch = '-';
        } else if (ch == '/') {
            ch = '_';
        }
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) {
        return std::nullopt;
    }
    std::string out(3 * text.size() / 4 + 1, '\0');
    const int n =
        EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0) {
        return std::nullopt;
    }
    std::size_t length = static_cast<std::size_t>(n);
    // EVP_DecodeBlock counts the padding as zero bytes.
    for (std::size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) {
        --length;
    }
    out.resize(length);
    return out;
}

} // namespace mend::notify
