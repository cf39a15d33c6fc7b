// The social channel's safeguards for staff: the landlord's risk checklist (versioned; staff complete the
// current version before they post, convert or dismiss) and the approval queue of officers' own words.
#pragma once

#include "app/social.hpp"

namespace mend::app {

// At start-up: the config file's items become the current version unless they already are. No items leave
// whatever an admin set on the page.
void keep_checklist(unit_of_work& uow, const std::vector<std::string>& items, domain::instant now);

// An admin sets the items (one non-blank line each); the same items as now change nothing.
outcome<checklist> set_checklist(unit_of_work& uow, const domain::actor& who,
                                 const std::vector<std::string>& items, domain::instant now);

// A member of staff records that they completed `version`, which must be the current one.
outcome<checklist> complete_checklist(unit_of_work& uow, const domain::actor& who, int version,
                                      domain::instant now);

// Refused (forbidden, field "checklist") unless `who` completed the current version; nothing to complete when
// no checklist is set.
std::optional<problem> check_cleared(unit_of_work& uow, const domain::actor& who);

struct checklist_status {
    std::optional<checklist> current;
    std::optional<domain::instant> completed_at; // of the current version, by the caller
};

outcome<checklist_status> read_checklist(social_reads& reads, const domain::actor& who);

// With require_approval, an officer's own words wait here instead of going out: for one mention's thread
// (mention_id) or every thread of a job (job reference). Checked as if posted (dry run) first.
outcome<approval_record> ask_approval(unit_of_work& uow, const domain::actor& who,
                                      std::optional<id_t> mention_id, std::string_view job_reference,
                                      const own_words& words, const social_policy& policy,
                                      domain::instant now);

// A second cleared officer (not the author) approves: the words are queued in their thread(s) once.
outcome<std::vector<reply_record>> approve_words(unit_of_work& uow, const domain::actor& who,
                                                 id_t approval_id, const social_policy& policy,
                                                 domain::instant now);

// ... or rejects them with a reason; nothing is posted.
outcome<approval_record> reject_words(unit_of_work& uow, const domain::actor& who, id_t approval_id,
                                      const std::string& reason, domain::instant now);

outcome<std::vector<approval_record>> list_approvals(social_reads& reads, const domain::actor& who,
                                                     std::string_view state);

} // namespace mend::app
