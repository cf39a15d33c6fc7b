// The proxies whose X-Forwarded-For is believed ([server] trusted_proxies), and the client address it gives.
#pragma once

#include <array>
#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mend::http {

class trusted_proxies {
public:
    trusted_proxies() = default; // none: X-Forwarded-For is never believed

    // Addresses ("127.0.0.1", "::1") or networks ("10.0.0.0/8", "fd00::/8"); nothing when one is neither.
    static std::optional<trusted_proxies> parse(const std::vector<std::string>& entries);

    bool contains(const boost::asio::ip::address& address) const;

    // The client behind a request that came from `peer`: the peer itself unless it is a trusted proxy; else
    // the rightmost address of X-Forwarded-For (each proxy appends the address it heard from) that is not a
    // trusted proxy. Entries a client wrote itself sit to the left of that, so a forged one is never taken;
    // an entry that is not an address stops the walk at the last address believed.
    boost::asio::ip::address client_of(const boost::asio::ip::address& peer,
                                       std::string_view forwarded_for) const;

private:
    struct network {
        std::array<unsigned char, 16> bytes; // IPv4 as IPv4-mapped IPv6
        unsigned prefix;                     // of the 128 bits
    };
    std::vector<network> networks_;
};

} // namespace mend::http
