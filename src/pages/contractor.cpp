#include "pages/contractor.hpp"

#include "domain/workflow.hpp"

#include <algorithm>
#include <array>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace mend::pages {

using domain::action;

work_order_group group_of(const domain::job& job, domain::date today) {
    if (!job.appointment) {
        return work_order_group::other;
    }
    const auto day = domain::uk_local_date(job.appointment->start);
    if (day == today) {
        return work_order_group::today;
    }
    return day > today ? work_order_group::upcoming : work_order_group::other;
}

void order_work_orders(std::vector<domain::job>& jobs, domain::date today) {
    std::stable_sort(jobs.begin(), jobs.end(), [today](const domain::job& a, const domain::job& b) {
        const auto ga = group_of(a, today);
        const auto gb = group_of(b, today);
        if (ga != gb) {
            return ga < gb;
        }
        return ga != work_order_group::other && a.appointment->start < b.appointment->start;
    });
}

std::string directions_url(const std::string& address, const std::string& postcode) {
    return "https://www.openstreetmap.org/search?query=" +
           boost::urls::encode(address + ", " + postcode, boost::urls::unreserved_chars);
}

std::optional<action> next_site_action(const domain::job& job, const std::vector<action>& allowed) {
    const auto may = [&allowed](action a) {
        return std::find(allowed.begin(), allowed.end(), a) != allowed.end();
    };
    // In order of preference: a booked job is started rather than booked again.
    const bool booked = job.state == domain::status::scheduled;
    const std::array preferred{action::accept, action::complete, booked ? action::start : action::schedule,
                               booked ? action::schedule : action::start};
    for (const action a : preferred) {
        if (may(a)) {
            return a;
        }
    }
    const auto first = std::find_if(allowed.begin(), allowed.end(), [](action a) { return !side_action(a); });
    return first == allowed.end() ? std::nullopt : std::optional(*first);
}

mdata site_forms(const context& ctx, const domain::job& job, const std::vector<action>& allowed,
                 const std::vector<domain::job_clock>& clocks, const form_errors& errors,
                 const action_input* in) {
    const auto next = next_site_action(job, allowed);
    mlist first, others;
    bool others_open = false;
    for (const action a : allowed) {
        const auto one = action_form(ctx, a, job, clocks, errors, in);
        // Decline is the other answer to an offer, so it stands beside Accept.
        if (next == a || (next == action::accept && a == action::decline)) {
            first.push_back(one);
            continue;
        }
        others_open = others_open || (in != nullptr && in->action == domain::to_string(a));
        others.push_back(one);
    }
    mdata out;
    out.set("next", first);
    out.set("others", others);
    out.set("has_others", !others.empty());
    out.set("others_open", others_open);
    return out;
}

} // namespace mend::pages
