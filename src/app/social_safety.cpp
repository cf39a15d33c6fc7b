#include "app/social_safety.hpp"

#include "domain/reference.hpp"
#include "domain/text.hpp"
#include "domain/workflow.hpp"

namespace mend::app {

namespace {

constexpr std::size_t max_item = 500;
constexpr std::size_t max_items = 50;
constexpr std::size_t max_reason = 500;
constexpr std::size_t approvals_shown = 200;

std::optional<problem> check_staff(const domain::actor& who) {
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only housing officers work the social inbox", "", {}};
    }
    return std::nullopt;
}

std::vector<std::string> cleaned(const std::vector<std::string>& items) {
    std::vector<std::string> out;
    for (const auto& item : items) {
        if (!domain::is_blank(item)) {
            out.emplace_back(domain::trim(item));
        }
    }
    return out;
}

problem no_approval() {
    return {errc::not_found, "no such approval", "", {}};
}

// The approval with `id`, still waiting, that `who` (cleared, not its author) may decide.
outcome<approval_record> decidable(unit_of_work& uow, const domain::actor& who, id_t id) {
    if (auto p = check_cleared(uow, who)) {
        return *p;
    }
    auto a = uow.social().approval_by_id(id);
    if (!a) {
        return no_approval();
    }
    if (a->state != approval_state::waiting) {
        return problem{
            errc::invalid_transition, "these words were already " + std::string(to_string(a->state)), "", {}};
    }
    if (who.user_id == a->author_id) {
        return problem{errc::forbidden,
                       "a second officer must approve these words: their author cannot",
                       "approval",
                       {}};
    }
    return *a;
}

} // namespace

void keep_checklist(unit_of_work& uow, const std::vector<std::string>& items, domain::instant now) {
    const auto wanted = cleaned(items);
    if (wanted.empty()) {
        return;
    }
    const auto current = uow.social().current_checklist();
    if (current && current->items == wanted) {
        return;
    }
    uow.social().add_checklist({0, wanted, std::nullopt, now});
}

outcome<checklist> set_checklist(unit_of_work& uow, const domain::actor& who,
                                 const std::vector<std::string>& items, domain::instant now) {
    if (who.role != domain::role::admin) {
        return problem{errc::forbidden, "only admins set the social-media risk checklist", "", {}};
    }
    const auto wanted = cleaned(items);
    if (wanted.empty()) {
        return invalid("items", "items are required: at least one thing staff must check");
    }
    if (wanted.size() > max_items) {
        return invalid("items", "the checklist may have at most 50 items");
    }
    for (const auto& item : wanted) {
        if (item.size() > max_item) {
            return invalid("items", "each item must be at most 500 characters");
        }
    }
    auto current = uow.social().current_checklist();
    if (current && current->items == wanted) {
        return *current;
    }
    return uow.social().add_checklist({0, wanted, who.user_id, now});
}

outcome<checklist> complete_checklist(unit_of_work& uow, const domain::actor& who, int version,
                                      domain::instant now) {
    if (auto p = check_staff(who)) {
        return *p;
    }
    auto current = uow.social().current_checklist();
    if (!current) {
        return problem{errc::not_found, "no social-media risk checklist is set", "", {}};
    }
    if (version != current->version) {
        return problem{errc::conflict,
                       "the checklist has changed: read version " + std::to_string(current->version) +
                           " and complete that",
                       "version",
                       {}};
    }
    if (!uow.social().completed_checklist(who.user_id, version)) {
        uow.social().complete_checklist(who.user_id, version, now);
    }
    return *current;
}

std::optional<problem> check_cleared(unit_of_work& uow, const domain::actor& who) {
    if (auto p = check_staff(who)) {
        return p;
    }
    const auto current = uow.social().current_checklist();
    if (!current || uow.social().completed_checklist(who.user_id, current->version)) {
        return std::nullopt;
    }
    return problem{errc::forbidden,
                   "complete the social-media risk checklist (version " + std::to_string(current->version) +
                       ", at /social/checklist) before posting, converting or dismissing",
                   "checklist",
                   {}};
}

outcome<checklist_status> read_checklist(social_reads& reads, const domain::actor& who) {
    if (auto p = check_staff(who)) {
        return *p;
    }
    checklist_status s;
    s.current = reads.current_checklist();
    if (s.current) {
        s.completed_at = reads.checklist_completed_at(who.user_id, s.current->version);
    }
    return s;
}

outcome<approval_record> ask_approval(unit_of_work& uow, const domain::actor& who,
                                      std::optional<id_t> mention_id, std::string_view job_reference,
                                      const own_words& words, const social_policy& policy,
                                      domain::instant now) {
    const own_words check{words.text, true};
    auto checked = mention_id ? reply_to_mention(uow, who, *mention_id, check, policy, now)
                              : reply_about_job(uow, who, job_reference, check, policy, now);
    if (!checked) {
        return checked.error();
    }
    approval_record a;
    a.mention_id = mention_id;
    if (!mention_id) {
        const auto job = uow.jobs().job_by_reference(domain::normalise_reference(job_reference));
        a.job_id = job->id; // reply_about_job found it
        a.job_reference = job->reference;
    }
    a.text = std::string(domain::trim(words.text));
    a.author_id = who.user_id;
    a.author_name = who.name;
    a.created_at = now;
    return uow.social().insert_approval(std::move(a));
}

outcome<std::vector<reply_record>> approve_words(unit_of_work& uow, const domain::actor& who,
                                                 id_t approval_id, const social_policy& policy,
                                                 domain::instant now) {
    auto a = decidable(uow, who, approval_id);
    if (!a) {
        return a.error();
    }
    const own_words words{a->text, false};
    auto posted = a->mention_id ? reply_to_mention(uow, who, *a->mention_id, words, policy, now)
                                : reply_about_job(uow, who, a->job_reference, words, policy, now);
    if (!posted) {
        return posted.error();
    }
    a->state = approval_state::approved;
    a->decided_by = who.user_id;
    a->decided_at = now;
    uow.social().update_approval(*a);
    return posted;
}

outcome<approval_record> reject_words(unit_of_work& uow, const domain::actor& who, id_t approval_id,
                                      const std::string& reason, domain::instant now) {
    if (domain::is_blank(reason)) {
        return invalid("reason", "reason is required: say why these words should not be posted");
    }
    if (reason.size() > max_reason) {
        return invalid("reason", "reason must be at most 500 characters");
    }
    auto a = decidable(uow, who, approval_id);
    if (!a) {
        return a;
    }
    a->state = approval_state::rejected;
    a->decided_by = who.user_id;
    a->decided_at = now;
    a->reason = reason;
    uow.social().update_approval(*a);
    return a;
}

outcome<std::vector<approval_record>> list_approvals(social_reads& reads, const domain::actor& who,
                                                     std::string_view state) {
    if (auto p = check_staff(who)) {
        return *p;
    }
    const auto s =
        state.empty() ? std::optional(approval_state::waiting) : domain::parse<approval_state>(state);
    if (!s) {
        return invalid("state", "state must be one of waiting, approved or rejected");
    }
    return reads.approvals(*s, approvals_shown);
}

} // namespace mend::app
