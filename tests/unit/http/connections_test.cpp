#include "http/connections.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <vector>

namespace mend::http {
namespace {

class connections_test : public ::testing::Test {
protected:
    std::shared_ptr<connection_registry::connection> join(int name) {
        return registry.join(ioc.get_executor(), [this, name] { closed.push_back(name); });
    }
    std::vector<int> closes() {
        ioc.run();
        ioc.restart();
        return closed;
    }

    boost::asio::io_context ioc;
    connection_registry registry;
    std::vector<int> closed;
};

TEST_F(connections_test, the_connection_idle_longest_is_closed_first) {
    auto a = join(1);
    auto b = join(2);
    auto c = join(3);
    EXPECT_EQ(registry.size(), 3U);
    ASSERT_TRUE(registry.busy(*a));
    registry.idle(*a); // idle again: now the newest
    ASSERT_TRUE(registry.busy(*c));
    EXPECT_TRUE(registry.close_oldest_idle());
    EXPECT_EQ(closes(), std::vector<int>{2});
    EXPECT_FALSE(registry.busy(*b)) << "a closed connection must not start a request";
    EXPECT_EQ(registry.size(), 3U) << "closed but not yet gone: it still holds its file";
    EXPECT_TRUE(registry.close_oldest_idle());
    EXPECT_EQ(closes(), (std::vector<int>{2, 1}));
    EXPECT_FALSE(registry.close_oldest_idle()) << "only busy connections left";
    registry.leave(a);
    registry.leave(b);
    EXPECT_EQ(registry.size(), 1U);
    registry.leave(c);
}

TEST_F(connections_test, draining_closes_idle_ones_now_and_busy_ones_when_they_finish) {
    auto a = join(1);
    auto b = join(2);
    ASSERT_TRUE(registry.busy(*b));
    registry.drain();
    EXPECT_TRUE(registry.draining());
    EXPECT_EQ(closes(), std::vector<int>{1});
    registry.idle(*b);
    EXPECT_EQ(closes(), (std::vector<int>{1, 2}));
    auto late = join(3);
    EXPECT_EQ(closes(), (std::vector<int>{1, 2, 3}));
    registry.leave(a);
    registry.leave(b);
    registry.leave(late);
}

TEST_F(connections_test, leaving_tells_the_accept_loop_and_a_close_after_leaving_does_nothing) {
    int left = 0;
    registry.on_leave([&left] { ++left; });
    auto a = join(1);
    EXPECT_TRUE(registry.close_oldest_idle());
    registry.leave(a); // before the posted close ran
    EXPECT_EQ(closes(), std::vector<int>{});
    EXPECT_EQ(left, 1);
    EXPECT_EQ(registry.size(), 0U);
}

} // namespace
} // namespace mend::http
