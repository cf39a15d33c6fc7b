#include "domain/clocks.hpp"
#include "domain/workflow.hpp"

#include <gtest/gtest.h>

namespace mend::domain {
namespace {

TEST(clock_actions, are_the_six_steps_of_awaabs_law_settling_and_awareness_and_none_changes_the_state) {
    EXPECT_EQ(clock_actions.size(), 8U);
    for (const auto a : clock_actions) {
        const auto* t = find_transition(a);
        ASSERT_NE(t, nullptr) << to_string(a);
        EXPECT_FALSE(t->to) << to_string(a);
        EXPECT_TRUE(is_clock_action(a)) << to_string(a);
    }
    for (const auto a :
         {action::report, action::reprioritise, action::rate, action::accept, action::complete}) {
        EXPECT_FALSE(is_clock_action(a)) << to_string(a);
    }
}

} // namespace
} // namespace mend::domain
