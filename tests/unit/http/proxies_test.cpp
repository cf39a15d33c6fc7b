#include "http/proxies.hpp"

#include <gtest/gtest.h>

namespace mend::http {
namespace {

boost::asio::ip::address at(const char* text) {
    return boost::asio::ip::make_address(text);
}

TEST(trusted_proxies, addresses_and_networks_of_both_families_are_read) {
    const auto proxies = trusted_proxies::parse({"127.0.0.1", "10.0.0.0/8", "fd00::/8", "::1"});
    ASSERT_TRUE(proxies);
    EXPECT_TRUE(proxies->contains(at("127.0.0.1")));
    EXPECT_FALSE(proxies->contains(at("127.0.0.2")));
    EXPECT_TRUE(proxies->contains(at("10.200.3.4")));
    EXPECT_FALSE(proxies->contains(at("11.0.0.1")));
    EXPECT_TRUE(proxies->contains(at("fd12::5")));
    EXPECT_TRUE(proxies->contains(at("::1")));
    EXPECT_FALSE(proxies->contains(at("2001:db8::1")));
}

TEST(trusted_proxies, anything_else_is_refused) {
    for (const char* bad : {"localhost", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/8x", "::/129", ""}) {
        EXPECT_FALSE(trusted_proxies::parse({bad})) << bad;
    }
}

TEST(trusted_proxies, forwarded_for_is_believed_only_from_a_trusted_peer) {
    const auto proxies = *trusted_proxies::parse({"127.0.0.1", "10.0.0.0/8"});
    // Direct, with a forged header: the peer.
    EXPECT_EQ(proxies.client_of(at("203.0.113.9"), "198.51.100.1"), at("203.0.113.9"));
    // Through the proxy: the address the proxy heard from.
    EXPECT_EQ(proxies.client_of(at("127.0.0.1"), "198.51.100.1"), at("198.51.100.1"));
    // A client's own entry sits to the left of the one the proxy added: never taken.
    EXPECT_EQ(proxies.client_of(at("127.0.0.1"), "192.0.2.66, 198.51.100.1"), at("198.51.100.1"));
    // Through two trusted proxies.
    EXPECT_EQ(proxies.client_of(at("127.0.0.1"), "198.51.100.1 , 10.1.2.3"), at("198.51.100.1"));
    // Garbage stops the walk at the last address believed; no header leaves the peer.
    EXPECT_EQ(proxies.client_of(at("127.0.0.1"), "nonsense, 10.1.2.3"), at("10.1.2.3"));
    EXPECT_EQ(proxies.client_of(at("127.0.0.1"), ""), at("127.0.0.1"));
    // None configured: never believed.
    EXPECT_EQ(trusted_proxies{}.client_of(at("127.0.0.1"), "198.51.100.1"), at("127.0.0.1"));
}

} // namespace
} // namespace mend::http
