#include "app/clocks.hpp"
#include "app/followers.hpp"
#include "app/jobs.hpp"
#include "app/notices/notices.hpp"
#include "domain/time.hpp"
#include "notify/notice_listener.hpp"
#include "notify/templates.hpp"
#include "support/memory_store.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

using domain::role;
using namespace std::chrono_literals;

// The outbox's times in these tests: Unix milliseconds.
domain::instant ms(std::int64_t unix_millis) {
    return domain::from_unix_millis(unix_millis);
}

struct fake_channel final : channel {
    fake_channel(std::string n, address_kind k, channel_limits l = {})
        : name_(std::move(n))
        , kind_(k)
        , limits_(l) {}
    std::string_view name() const override { return name_; }
    channel_limits limits() const override { return limits_; }
    address_kind addressed_by() const override { return kind_; }
    attempt_result send(const outgoing_notice&) override { return {}; }
    std::string name_;
    address_kind kind_;
    channel_limits limits_;
};

struct fake_renderer final : notice_renderer {
    std::optional<rendered_text> render(std::string_view event, std::string_view channel,
                                        const template_vars& vars) const override {
        std::string ref;
        for (const auto& [k, v] : vars) {
            if (k == "reference") {
                ref = v;
            }
        }
        return rendered_text{std::string(event), std::string(channel) + ":" + std::string(event) + " " + ref};
    }
};

TEST(fit_text, leaves_short_text_alone_and_keeps_the_reference_when_cutting) {
    const channel_limits sms{40, length_unit::characters, 0, true};
    EXPECT_EQ(fit_text("short", "K7QD-9XPT", sms), "short");
    const std::string long_text =
        "Your repair is booked for a long time and the reference comes at the end K7QD-9XPT";
    const auto fitted = fit_text(long_text, "K7QD-9XPT", sms);
    EXPECT_LE(measured_length(fitted, length_unit::characters), 40U);
    EXPECT_NE(fitted.find("K7QD-9XPT"), std::string::npos);
}

TEST(fit_text, counts_code_points_or_bytes_as_the_channel_says) {
    const std::string pounds =
        "£££££££££££££££££££££££££££££££££££££££££££££££££"; // 49 code points, 98 bytes
    EXPECT_EQ(measured_length(pounds, length_unit::characters), 49U);
    EXPECT_EQ(measured_length(pounds, length_unit::bytes), 98U);
    const auto by_chars = fit_text(pounds, "REF1-REF2", {30, length_unit::characters, 0, false});
    EXPECT_EQ(measured_length(by_chars, length_unit::characters), 30U);
    const auto by_bytes = fit_text(pounds, "REF1-REF2", {30, length_unit::bytes, 0, false});
    EXPECT_LE(by_bytes.size(), 30U);
    EXPECT_EQ(by_bytes.find("REF1-REF2") + 9, by_bytes.size());
    EXPECT_EQ(by_bytes.substr(0, 2), "£"); // no code point cut in half
}

TEST(backoff_delay, is_full_jitter_over_a_doubling_window_up_to_the_cap) {
    const retry_policy p{8, 1000ms, 10'000ms, 60'000ms};
    EXPECT_EQ(backoff_delay(1, p, 0.0), 0ms);
    EXPECT_EQ(backoff_delay(1, p, 0.5), 500ms);
    EXPECT_EQ(backoff_delay(3, p, 0.5), 2000ms);
    EXPECT_EQ(backoff_delay(30, p, 0.999), 9990ms);
}

TEST(notice_key, is_stable_and_names_the_notice) {
    EXPECT_EQ(notice_key("K7QD-9XPT", 42, "sms"), "K7QD-9XPT.n42.sms");
    EXPECT_EQ(notice_id_of_key("K7QD-9XPT.n42.sms"), 42);
    EXPECT_FALSE(notice_id_of_key("K7QD-9XPT.nx.sms"));
}

class notices_test : public ::testing::Test {
protected:
    void SetUp() override {
        auto uow = unit();
        firm = uow.accounts().insert_contractor({0, "Fixwell", {"plumbing"}}).id;
        officer = {
            uow.accounts().insert_user({0, role::officer, "Olivia", "olivia@example.org", {}, {}}, "h1").id,
            role::officer,
            "Olivia",
            {}};
        tenant = {uow.accounts()
                      .insert_user({0, role::tenant, "Tom", "tom@example.org", "07700900123", {}}, "h2")
                      .id,
                  role::tenant,
                  "Tom",
                  {}};
        home = uow.accounts().insert_property({0, "100023336956", "Flat 3", "E8 1AB"}).id;
        uow.accounts().add_tenancy(home, tenant.user_id, domain::home_tenure::tenant);
        clock.t = ms(1000);
        policy.channels = {&file, &email, &sms, &letter, &webhook};
        policy.renderer = &renderer;
    }

    test::memory_unit unit(listeners hear = {}) { return test::memory_unit(store.state, std::move(hear)); }

    domain::job report(report_command cmd = {
                           "100023336956", "plumbing", "Tap drips", "", {}, {}, {}, {}, {}}) {
        notify::notice_listener hook(policy, clock);
        auto uow = unit({&hook});
        auto job = report_job(uow, tenant, cmd, now);
        EXPECT_TRUE(job);
        return job->job;
    }

    std::vector<notice_record> of_event(const std::string& event) {
        std::vector<notice_record> out;
        for (const auto& n : outbox.notices) {
            if (n.event == event) {
                out.push_back(n);
            }
        }
        return out;
    }

    // An escalation to the officers of a clock due at 13:30 UTC (14:30 in BST) on 1 July 2026.
    static escalation escalation_of(const domain::job& job, domain::clock_kind kind, int level) {
        escalation e;
        e.clock_id = 1;
        e.job_id = job.id;
        e.reference = job.reference;
        e.kind = kind;
        e.level = level;
        e.due = *domain::parse_iso("2026-07-01T13:30:00Z");
        e.recipient = "officers";
        return e;
    }

    test::memory_store store;
    test::memory_outbox& outbox = store.state.outbox;
    fake_channel file{"file", address_kind::none};
    fake_channel email{"email", address_kind::email};
    fake_channel sms{"sms", address_kind::phone, {20, length_unit::characters, 0, true}};
    fake_channel letter{"letter", address_kind::postal};
    fake_channel webhook{"webhook", address_kind::url};
    fake_renderer renderer;
    notice_policy policy;
    retry_policy retry{3, 1000ms, 60'000ms, 60'000ms};
    domain::instant now = domain::from_unix(1'800'000'000);
    test::manual_clock clock; // what the outbox's listener reads: the notices' times
    domain::id_t firm = 0, home = 0;
    domain::actor officer, tenant;
};

TEST_F(notices_test, a_report_queues_the_tenants_chain_in_order_with_a_letter_last) {
    unit().notices().set_contact(tenant.user_id, std::nullopt, {"sms", "email"});
    const auto job = report();
    const auto chain = of_event("reported");
    ASSERT_EQ(chain.size(), 3U);
    EXPECT_EQ(chain[0].channel, "sms");
    EXPECT_EQ(chain[0].state, notice_state::pending);
    EXPECT_EQ(chain[0].address, "07700900123");
    EXPECT_EQ(chain[1].channel, "email");
    EXPECT_EQ(chain[1].state, notice_state::standby);
    EXPECT_EQ(chain[2].channel, "letter");
    EXPECT_EQ(chain[2].address, "Flat 3\nE8 1AB");
    for (const auto& n : chain) {
        EXPECT_EQ(n.chain, chain[0].id);
        EXPECT_NE(n.body.find(job.reference), std::string::npos);
    }
    EXPECT_LE(measured_length(chain[0].body, length_unit::characters), 20U); // fitted to the sms limit
}

TEST_F(notices_test, the_notices_of_a_change_are_stamped_and_due_by_the_clock_the_listener_reads) {
    clock.t = ms(1'800'000'000'250);
    report();
    const auto chain = of_event("reported");
    ASSERT_FALSE(chain.empty());
    EXPECT_EQ(chain[0].next_attempt_at, clock.t);
    for (const auto& n : chain) {
        EXPECT_EQ(n.created_at, clock.t);
        EXPECT_EQ(n.updated_at, clock.t);
    }
}

TEST_F(notices_test, a_report_may_override_the_channels_and_unknown_or_unreachable_ones_are_skipped) {
    auto uow = unit();
    const auto no_phone = uow.accounts().insert_user({0, role::tenant, "Ann", {}, {}, {}}, "h9").id;
    uow.accounts().add_tenancy(home, no_phone, domain::home_tenure::tenant);
    report_command cmd{
        "100023336956", "plumbing", "Tap drips", "", {}, {}, {}, {}, {"pigeon", "email", "file"}};
    report(cmd);
    const auto chain = of_event("reported");
    ASSERT_EQ(chain.size(), 3U);
    EXPECT_EQ(chain[0].channel, "email");
    EXPECT_EQ(chain[1].channel, "file");
    EXPECT_EQ(chain[2].channel, "letter");

    cmd.notify_via = {"email", "email"};
    auto bad = report_job(uow, tenant, cmd, now);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "notify_via");
}

TEST_F(notices_test, a_permanent_failure_moves_to_the_next_channel_and_the_last_failure_alerts_officers) {
    unit().notices().set_contact(tenant.user_id, std::nullopt, {"sms", "email"});
    report();
    auto chain = of_event("reported");
    auto uow = unit();
    const attempt_result perm{attempt_outcome::permanent_failure, std::nullopt, "", "no such number", false};
    EXPECT_EQ(record_attempt(uow, chain[0].id, perm, retry, 0.5, ms(2000)), notice_state::failed);
    EXPECT_EQ(outbox.notices[1].state, notice_state::pending);
    EXPECT_EQ(outbox.notices[1].next_attempt_at, ms(2000));
    EXPECT_TRUE(outbox.alerts.empty());
    EXPECT_EQ(record_attempt(uow, chain[1].id, perm, retry, 0.5, ms(3000)), notice_state::failed);
    EXPECT_EQ(outbox.notices[2].state, notice_state::pending); // the letter
    ASSERT_EQ(outbox.alerts.size(), 1U);
    EXPECT_EQ(outbox.alerts[0].kind, "cannot_reach_tenant");
    EXPECT_EQ(outbox.attempts.size(), 2U);
}

TEST_F(notices_test, retries_back_off_honour_retry_after_and_go_dead_after_max_attempts) {
    report();
    const auto id = of_event("reported")[0].id; // file, the default
    auto uow = unit();
    attempt_result later{attempt_outcome::retry_later, std::chrono::milliseconds(2000), "", "429", false};
    EXPECT_EQ(record_attempt(uow, id, later, retry, 0.1, ms(10'000)), notice_state::pending);
    EXPECT_EQ(outbox.notices[0].next_attempt_at, ms(12'000)); // Retry-After beats a 100 ms jitter
    later.retry_after.reset();
    EXPECT_EQ(record_attempt(uow, id, later, retry, 0.5, ms(20'000)), notice_state::pending);
    EXPECT_EQ(outbox.notices[0].next_attempt_at, ms(21'000)); // window 2000 ms * 0.5
    EXPECT_EQ(record_attempt(uow, id, later, retry, 0.5, ms(30'000)), notice_state::dead);
    EXPECT_EQ(outbox.notices[1].state, notice_state::pending); // the letter takes over
}

TEST_F(notices_test, a_configuration_failure_does_not_count_and_delivery_skips_the_rest) {
    report();
    const auto id = of_event("reported")[0].id;
    auto uow = unit();
    const attempt_result config{attempt_outcome::configuration_failure, std::nullopt, "", "bad key", false};
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(record_attempt(uow, id, config, retry, 0.5, ms(1000)), notice_state::pending);
    }
    EXPECT_EQ(outbox.notices[0].attempts, 0);
    EXPECT_EQ(outbox.notices[0].next_attempt_at, ms(61'000));
    const attempt_result ok{attempt_outcome::delivered, std::nullopt, "p-1", "", false};
    EXPECT_EQ(record_attempt(uow, id, ok, retry, 0.5, ms(2000)), notice_state::delivered);
    EXPECT_EQ(outbox.notices[1].state, notice_state::skipped);
}

TEST_F(notices_test, an_outage_never_counts_and_a_notice_gives_up_only_at_its_horizon) {
    clock.t = now;
    report(); // the file notice is trying from now
    const auto id = of_event("reported")[0].id;
    auto uow = unit();
    const attempt_result refused{attempt_outcome::unavailable, std::nullopt, "", "connection refused", false};
    domain::instant at = now;
    for (int i = 0; i < 50; ++i) { // far more than max_attempts (3)
        at += std::chrono::hours(1);
        EXPECT_EQ(record_attempt(uow, id, refused, retry, 0.5, at), notice_state::pending);
    }
    EXPECT_EQ(outbox.notices[0].attempts, 0);
    EXPECT_EQ(outbox.notices[0].next_attempt_at, at + 60'000ms); // the first probe's wait, not a backoff
    EXPECT_EQ(outbox.notices[0].last_error, "connection refused");
    // Near the horizon the next try is at the horizon itself, and a failure there is the end.
    EXPECT_EQ(record_attempt(uow, id, refused, retry, 0.5, now + 72h - 10ms), notice_state::pending);
    EXPECT_EQ(outbox.notices[0].next_attempt_at, now + 72h);
    EXPECT_EQ(record_attempt(uow, id, refused, retry, 0.5, now + 72h), notice_state::dead);
    EXPECT_EQ(outbox.notices[1].state, notice_state::pending); // the letter takes over
    EXPECT_EQ(outbox.notices[1].trying_since, now + 72h);
    EXPECT_EQ(outbox.alerts.size(), 1U);
}

TEST_F(notices_test, notices_never_tried_because_their_channel_was_down_give_up_at_the_horizon) {
    clock.t = now;
    unit().notices().set_contact(tenant.user_id, std::nullopt, {"email", "file"});
    report();
    auto uow = unit();
    retry.horizons["email"] = 24h;
    const std::vector<std::string> channels{"email", "file", "letter"};
    EXPECT_EQ(give_up_past_horizon(uow, channels, retry, now + 24h - 1ms), 0U);
    EXPECT_EQ(give_up_past_horizon(uow, channels, retry, now + 24h), 1U);
    const auto gone = outbox.notices[0];
    EXPECT_EQ(gone.state, notice_state::dead);
    EXPECT_EQ(gone.last_error, "not delivered within 24 hours (the retry horizon)");
    EXPECT_EQ(outbox.attempts.back().outcome, "gave_up");
    // The file channel has the default 72 hours, counted from when the chain moved on to it.
    EXPECT_EQ(outbox.notices[1].state, notice_state::pending);
    EXPECT_EQ(give_up_past_horizon(uow, channels, retry, now + 72h), 0U);
    EXPECT_EQ(give_up_past_horizon(uow, channels, retry, now + 96h), 1U);
    // An officer's retry starts a fresh horizon.
    ASSERT_TRUE(retry_notice(uow, officer, gone.id, now + 100h));
    EXPECT_EQ(outbox.notices[0].trying_since, now + 100h);
    EXPECT_EQ(give_up_past_horizon(uow, channels, retry, now + 110h), 0U);
}

TEST_F(notices_test, receipts_find_the_notice_by_provider_id_or_key_and_a_permanent_failure_falls_back) {
    unit().notices().set_contact(tenant.user_id, std::nullopt, {"sms", "email"});
    report();
    auto first = of_event("reported")[0];
    auto uow = unit();
    const attempt_result accepted{attempt_outcome::accepted, std::nullopt, "notify-123", "", false};
    EXPECT_EQ(record_attempt(uow, first.id, accepted, retry, 0.5, ms(2000)), notice_state::sent);
    EXPECT_FALSE(apply_receipt(uow, "nobody", "", receipt_status::delivered, "", retry, 0.5, ms(3000)));
    auto r = apply_receipt(uow, "notify-123", "", receipt_status::permanent_failure,
                           "Notify: permanent-failure", retry, 0.5, ms(3000));
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, notice_state::failed);
    EXPECT_EQ(outbox.notices[1].state, notice_state::pending);
    const auto key = notice_key(first.reference, outbox.notices[1].id, "email");
    EXPECT_FALSE(apply_receipt(uow, "", key + "x", receipt_status::delivered, "", retry, 0.5, ms(4000)));
    // A receipt may overtake the record of its own attempt (whose answer was lost): it still counts.
    EXPECT_EQ(*apply_receipt(uow, "", key, receipt_status::delivered, "", retry, 0.5, ms(4000)),
              notice_state::delivered);
    EXPECT_EQ(outbox.notices[2].state, notice_state::skipped);
    EXPECT_EQ(record_attempt(uow, outbox.notices[1].id, accepted, retry, 0.5, ms(5000)),
              notice_state::delivered);
}

TEST_F(notices_test, the_firm_hears_on_assignment_through_its_webhook_and_officers_on_a_tenants_reopen) {
    auto uow = unit();
    ASSERT_TRUE(
        add_webhook_endpoint(uow, firm, "Fixwell", "https://fixwell.example/hook", std::nullopt, ms(1)));
    EXPECT_EQ(outbox.endpoints[0].secret.rfind("whsec_", 0), 0U);
    const auto job = report();
    notify::notice_listener hook(policy, clock);
    const auto act = [&](const domain::actor& who, action_command cmd) {
        auto t = unit({&hook});
        auto r = apply_action(t, who, job.reference, cmd, now);
        ASSERT_TRUE(r) << r.error().message;
    };
    action_command triage{"triage"};
    triage.priority = "urgent";
    act(officer, triage);
    action_command assign{"assign"};
    assign.contractor_id = firm;
    act(officer, assign);
    const auto firm_notices = of_event("firm_assigned");
    ASSERT_EQ(firm_notices.size(), 1U);
    EXPECT_EQ(firm_notices[0].channel, "webhook");
    EXPECT_EQ(firm_notices[0].to, audience::firm);
    EXPECT_NE(firm_notices[0].params.find("\"endpoint_id\":1"), std::string::npos);

    auto t = unit();
    const attempt_result gone{attempt_outcome::permanent_failure, std::nullopt, "", "HTTP 410", true};
    record_attempt(t, firm_notices[0].id, gone, retry, 0.5, ms(2000));
    EXPECT_TRUE(outbox.endpoints[0].disabled);
    EXPECT_TRUE(outbox.alerts.empty()); // a firm is not a tenant
}

TEST_F(notices_test, a_tenants_update_tells_the_officers_and_not_the_tenant) {
    const auto job = report();
    notify::notice_listener hook(policy, clock);
    auto uow = unit({&hook});
    action_command update{"add_update"};
    update.note = "It has got worse: water on the floor";
    ASSERT_TRUE(apply_action(uow, tenant, job.reference, update, now));
    const auto told = of_event("tenant_update");
    ASSERT_FALSE(told.empty());
    for (const auto& n : told) {
        EXPECT_EQ(n.to, audience::officer);
        EXPECT_EQ(n.user_id, officer.user_id);
    }
}

TEST_F(notices_test, an_escalation_tells_every_officer_and_the_firms_users_but_not_the_tenant) {
    auto uow = unit();
    const auto second =
        uow.accounts().insert_user({0, role::officer, "Omar", "omar@example.org", {}, {}}, "h3").id;
    const auto fitter =
        uow.accounts().insert_user({0, role::contractor, "Fred", "fred@example.org", {}, firm}, "h4").id;
    const auto job = report();
    const auto before = outbox.notices.size();

    auto e = escalation_of(job, domain::clock_kind::make_safe, 1);
    enqueue_escalation(uow, e, policy, ms(5000));
    e.level = 2;
    e.recipient = "contractor";
    e.contractor_id = firm;
    enqueue_escalation(uow, e, policy, ms(6000));

    const auto at_risk = of_event("clock_at_risk");
    ASSERT_EQ(at_risk.size(), 2U); // Olivia and Omar, on the default channel
    EXPECT_EQ(at_risk[0].user_id, officer.user_id);
    EXPECT_EQ(at_risk[1].user_id, second);
    const auto breached = of_event("clock_breached");
    ASSERT_EQ(breached.size(), 1U);
    EXPECT_EQ(breached[0].user_id, fitter);
    EXPECT_EQ(breached[0].to, audience::firm);
    EXPECT_EQ(outbox.notices.size(), before + 3); // nothing for the tenant
    for (const auto& n : outbox.notices) {
        if (n.event.rfind("clock_", 0) == 0) {
            EXPECT_EQ(n.job_id, job.id);
            EXPECT_EQ(n.event_id, store.state.events.back().id); // filed under the job's latest event
            EXPECT_EQ(n.state, notice_state::pending);
            EXPECT_NE(n.body.find(job.reference), std::string::npos);
        }
    }
}

TEST_F(notices_test, the_default_escalation_text_names_the_clock_and_the_due_time_in_uk_time) {
    const notify::template_renderer templates(std::nullopt);
    policy.renderer = &templates;
    unit().notices().set_contact(officer.user_id, std::nullopt, {"email"});
    const auto job = report();
    auto uow = unit();
    enqueue_escalation(uow, escalation_of(job, domain::clock_kind::written_summary, 2), policy, ms(5000));
    const auto n = of_event("clock_breached");
    ASSERT_EQ(n.size(), 1U);
    EXPECT_EQ(n[0].channel, "email");
    EXPECT_NE(n[0].subject.find(job.reference), std::string::npos);
    EXPECT_NE(n[0].body.find("written summary"), std::string::npos) << n[0].body;
    EXPECT_NE(n[0].body.find("14:30 on Wednesday 1 July 2026"), std::string::npos) << n[0].body; // BST
    EXPECT_NE(n[0].body.find("overdue"), std::string::npos) << n[0].body;
    EXPECT_EQ(n[0].body.find("Tom"), std::string::npos) << n[0].body; // nothing of the tenant's
}

TEST_F(notices_test, followers_hear_a_public_step_once_each_and_the_reporter_only_as_the_reporter) {
    const auto job = report(); // Tom reports: his own chain tells him of each step
    auto uow = unit();
    const auto neighbour =
        uow.accounts().insert_user({0, role::tenant, "Nell", "nell@example.org", {}, {}}, "h3").id;
    uow.notices().set_contact(neighbour, std::nullopt, {"email"});
    const auto follow = [&](follower_kind kind, std::optional<id_t> user, std::string channel,
                            std::string address) {
        follower_record f;
        f.job_id = job.id;
        f.kind = kind;
        f.user_id = user;
        f.channel = std::move(channel);
        f.address = std::move(address);
        return uow.followers().insert_follower(f)->id;
    };
    follow(follower_kind::tenant, tenant.user_id, "", "");                     // the reporter: told once
    const auto nell = follow(follower_kind::tenant, neighbour, "", "");        // by her own email
    follow(follower_kind::contact, std::nullopt, "email", "nell@example.org"); // the same address again
    follow(follower_kind::contact, std::nullopt, "email", "tom@example.org");  // the reporter's address
    const auto by_sms = follow(follower_kind::contact, std::nullopt, "sms", "+447700900456");
    notify::notice_listener hook(policy, clock);
    auto acting = unit({&hook});
    action_command triage;
    triage.action = "triage";
    triage.priority = "routine";
    ASSERT_TRUE(apply_action(acting, officer, job.reference, triage, now));

    std::vector<std::string> firsts; // the first notice of each chain: where each one is told
    std::vector<std::string> follower_ids;
    for (const auto& n : of_event("triaged")) {
        if (n.chain_pos == 0) {
            firsts.push_back(n.channel + " " + n.address);
            follower_ids.push_back(n.params);
        }
    }
    EXPECT_EQ(firsts, (std::vector<std::string>{"file user " + std::to_string(tenant.user_id),
                                                "email nell@example.org", "sms +447700900456"}));
    EXPECT_EQ(follower_ids, (std::vector<std::string>{"{}", "{\"follower_id\":" + std::to_string(nell) + "}",
                                                      "{\"follower_id\":" + std::to_string(by_sms) + "}"}));
    for (const auto& n : of_event("triaged")) {
        if (n.params != "{}") {
            EXPECT_EQ(n.subject, "follower"); // their own template, with public words only
        }
    }
    // A step told to no one in public (the firm's assignment) reaches no follower.
    const auto before = outbox.notices.size();
    action_command assign;
    assign.action = "assign";
    assign.contractor_id = firm;
    ASSERT_TRUE(apply_action(acting, officer, job.reference, assign, now));
    for (auto n = outbox.notices.begin() + static_cast<std::ptrdiff_t>(before); n != outbox.notices.end();
         ++n) {
        EXPECT_EQ(n->params.find("follower_id"), std::string::npos) << n->event;
    }
}

} // namespace
} // namespace mend::app
