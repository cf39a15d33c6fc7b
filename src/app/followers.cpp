#include "app/followers.hpp"

#include "app/accounts/account_store.hpp"
#include "app/communal.hpp"
#include "app/jobs.hpp"
#include "app/notices/notices.hpp"
#include "app/places.hpp"
#include "app/social.hpp"
#include "domain/phone.hpp"
#include "domain/reference.hpp"
#include "domain/text.hpp"
#include "domain/visibility.hpp"
#include "domain/workflow.hpp"

#include <algorithm>

namespace mend::app {

namespace {

using domain::role;

constexpr std::size_t max_follower_name = 200;    // bytes
constexpr std::size_t max_follower_address = 500; // bytes: an email address, a phone or a postal address

problem no_job() {
    return {errc::not_found, "no such repair request", "", {}};
}

problem already_following() {
    return {errc::conflict, "already follows this repair", "", {}};
}

// The job when `who` may read it (app::may_view_job's rule, inside the writer): a tenant of a home in a
// communal job's block or estate may follow it.
outcome<domain::job> visible_job(unit_of_work& uow, const domain::actor& who, std::string_view reference) {
    auto job = uow.jobs().job_by_reference(domain::normalise_reference(reference));
    const bool tenant = job && who.role == role::tenant;
    const bool holds = tenant && uow.accounts().holds_home(who.user_id, job->property_id);
    const bool lives = tenant && job->place && uow.places().lives_in(who.user_id, job->place->id);
    if (!job || !domain::may_view(who, *job, holds, lives)) {
        return no_job();
    }
    return *job;
}

outcome<follower_record> inserted(std::optional<follower_record> f) {
    if (!f) {
        return already_following();
    }
    return *f;
}

follower_record follower_of(const domain::job& job, follower_kind kind, const domain::actor& who,
                            domain::instant now) {
    follower_record f;
    f.job_id = job.id;
    f.kind = kind;
    f.added_by = who.user_id;
    f.added_at = now;
    return f;
}

// A tenant follows as themselves, a job they may see but did not report.
outcome<follower_record> tenant_follows(unit_of_work& uow, const domain::actor& who, const domain::job& job,
                                        const new_follower& input, domain::instant now) {
    if (!input.kind.empty() && input.kind != "tenant") {
        return problem{errc::forbidden, "a tenant may add only themselves as a follower", "kind", {}};
    }
    if (input.user_id && *input.user_id != who.user_id) {
        return problem{errc::forbidden, "a tenant may add only themselves as a follower", "user_id", {}};
    }
    if (job.tenant_id == who.user_id) {
        return problem{errc::conflict, "you reported this repair: you hear of each step already", "", {}};
    }
    auto f = follower_of(job, follower_kind::tenant, who, now);
    f.user_id = who.user_id;
    return inserted(uow.followers().insert_follower(std::move(f)));
}

outcome<follower_record> staff_adds_tenant(unit_of_work& uow, const domain::actor& who,
                                           const domain::job& job, const new_follower& input,
                                           domain::instant now) {
    if (!input.user_id) {
        return invalid("user_id", "user_id is required: the tenant who follows");
    }
    const auto person = uow.notices().contact_of(*input.user_id);
    if (!person || person->role != role::tenant) {
        return invalid("user_id", "no tenant has id " + std::to_string(*input.user_id));
    }
    if (job.tenant_id == input.user_id) {
        return problem{
            errc::conflict, "the tenant reported this repair and hears of each step already", "", {}};
    }
    auto f = follower_of(job, follower_kind::tenant, who, now);
    f.user_id = input.user_id;
    return inserted(uow.followers().insert_follower(std::move(f)));
}

// The address a contact is reached at on `channel`, as it is kept; a problem naming the field otherwise.
outcome<std::string> contact_address(const new_follower& input) {
    const std::string address(domain::trim(input.address));
    if (address.empty()) {
        return invalid("address", "address is required: where the contact is told");
    }
    if (address.size() > max_follower_address) {
        return invalid("address", "address must be at most 500 bytes");
    }
    if (input.channel == "email") {
        if (!domain::is_email_address(address)) {
            return invalid("address", "address must be an email address for the email channel");
        }
        return address;
    }
    if (input.channel == "sms") {
        if (auto phone = domain::phone_e164(address)) {
            return *phone;
        }
        return invalid("address", "address must be a phone number for the sms channel");
    }
    return address; // a letter: the lines of the postal address
}

outcome<follower_record> staff_adds_contact(unit_of_work& uow, const domain::actor& who,
                                            const domain::job& job, const new_follower& input,
                                            domain::instant now) {
    if (input.channel != "email" && input.channel != "sms" && input.channel != "letter") {
        return invalid("channel", "channel must be email, sms or letter");
    }
    auto address = contact_address(input);
    if (!address) {
        return address.error();
    }
    const std::string name(domain::trim(input.name));
    if (name.size() > max_follower_name) {
        return invalid("name", "name must be at most 200 bytes");
    }
    auto f = follower_of(job, follower_kind::contact, who, now);
    f.channel = input.channel;
    f.address = std::move(*address);
    f.name = name;
    return inserted(uow.followers().insert_follower(std::move(f)));
}

// A thread of the social inbox: one nobody handled yet is linked to the job as the inbox's link does (and
// answered with the job's status), any other just follows it too.
outcome<follower_record> staff_adds_thread(unit_of_work& uow, const domain::actor& who,
                                           const domain::job& job, const new_follower& input,
                                           const social_policy* social, domain::instant now) {
    if (!input.mention_id) {
        return invalid("mention_id", "mention_id is required: the mention whose thread follows");
    }
    const auto m = uow.social().mention_by_id(*input.mention_id);
    if (!m) {
        return invalid("mention_id", "no mention has id " + std::to_string(*input.mention_id));
    }
    if (social == nullptr || social->network_of(m->network) == nullptr) {
        return invalid("mention_id", "mention " + m->reference + " has no thread mend can answer in");
    }
    if (m->state == mention_state::dismissed) {
        return invalid("mention_id", "mention " + m->reference + " was dismissed");
    }
    if (m->state == mention_state::fresh) {
        auto linked = link_mention(uow, who, m->id, job.reference, *social, now);
        if (!linked) {
            return linked.error();
        }
        for (auto& f : uow.followers().followers_of(job.id)) {
            if (f.mention_id == m->id) {
                return f;
            }
        }
    }
    return inserted(add_thread_follower(uow.followers(), job.id, m->id, who.user_id, now));
}

} // namespace

std::optional<follower_record> add_thread_follower(follower_store& store, id_t job_id, id_t mention_id,
                                                   std::optional<id_t> added_by, domain::instant now) {
    follower_record f;
    f.job_id = job_id;
    f.kind = follower_kind::thread;
    f.mention_id = mention_id;
    f.added_by = added_by;
    f.added_at = now;
    return store.insert_follower(std::move(f));
}

outcome<follower_record> add_follower(unit_of_work& uow, const domain::actor& who, std::string_view reference,
                                      const new_follower& input, const social_policy* social,
                                      domain::instant now) {
    auto job = visible_job(uow, who, reference);
    if (!job) {
        return job.error();
    }
    if (who.role == role::tenant) {
        return tenant_follows(uow, who, *job, input, now);
    }
    if (!domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only tenants and housing officers add followers", "", {}};
    }
    if (input.kind == "tenant") {
        return staff_adds_tenant(uow, who, *job, input, now);
    }
    if (input.kind == "contact") {
        return staff_adds_contact(uow, who, *job, input, now);
    }
    if (input.kind == "thread") {
        return staff_adds_thread(uow, who, *job, input, social, now);
    }
    return invalid("kind", "kind must be tenant, contact or thread");
}

outcome<follower_record> remove_follower(unit_of_work& uow, const domain::actor& who,
                                         std::string_view reference, id_t follower_id) {
    auto job = visible_job(uow, who, reference);
    if (!job) {
        return job.error();
    }
    auto f = uow.followers().follower_by_id(follower_id);
    if (!f || f->job_id != job->id) {
        return problem{errc::not_found, "no such follower of this repair", "", {}};
    }
    const bool own = f->kind == follower_kind::tenant && f->user_id == who.user_id;
    if (!domain::is_staff(who.role) && !(who.role == role::tenant && own)) {
        return problem{errc::forbidden, "a tenant may remove only themselves as a follower", "", {}};
    }
    uow.followers().delete_follower(f->id);
    return *f;
}

outcome<std::vector<follower_record>> list_followers(read_store& jobs, follower_reads& reads,
                                                     const domain::actor& who, std::string_view reference) {
    auto job = view_job(jobs, who, reference); // a neighbour who follows a communal job reads themselves
    if (!job) {
        return job.error();
    }
    if (who.role != role::tenant && !domain::is_staff(who.role)) {
        return problem{errc::forbidden, "only tenants and housing officers see followers", "", {}};
    }
    auto all = reads.followers_of(job->id);
    if (who.role == role::tenant) {
        std::erase_if(all, [&who](const follower_record& f) {
            return f.kind != follower_kind::tenant || f.user_id != who.user_id;
        });
    }
    return all;
}

void follow_original(unit_of_work& uow, const domain::job& duplicate, domain::instant now) {
    if (!duplicate.duplicate_of) {
        return;
    }
    const auto original = uow.jobs().job_by_reference(*duplicate.duplicate_of);
    if (!original) {
        return;
    }
    if (duplicate.tenant_id && duplicate.tenant_id != original->tenant_id) {
        follower_record f;
        f.job_id = original->id;
        f.kind = follower_kind::tenant;
        f.user_id = duplicate.tenant_id;
        f.added_at = now;
        uow.followers().insert_follower(std::move(f)); // following already: nothing to add
    }
    for (const auto& m : uow.social().mentions_of_job(duplicate.id)) {
        add_thread_follower(uow.followers(), original->id, m.id, std::nullopt, now);
    }
}

void duplicate_followers::on_change(unit_of_work& uow, const change& c) {
    if (c.recorded.action == domain::action::mark_duplicate) {
        follow_original(uow, c.after, c.recorded.at);
    }
}

std::vector<follower_target> followers_to_tell(const std::vector<follower_target>& followers,
                                               std::optional<id_t> reporter, std::vector<std::string> taken) {
    std::vector<follower_target> out;
    std::vector<id_t> people;
    for (const auto& f : followers) {
        if (f.channel.empty() || f.address.empty() || (f.user_id && f.user_id == reporter)) {
            continue;
        }
        if (f.user_id && std::find(people.begin(), people.end(), *f.user_id) != people.end()) {
            continue;
        }
        if (std::find(taken.begin(), taken.end(), f.address) != taken.end()) {
            continue;
        }
        taken.push_back(f.address);
        if (f.user_id) {
            people.push_back(*f.user_id);
        }
        out.push_back(f);
    }
    return out;
}

} // namespace mend::app
