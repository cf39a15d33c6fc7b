#include "app/accounts/form_stash.hpp"

#include "app/accounts/web.hpp"

#include <algorithm>

namespace mend::app {

std::optional<std::string> form_stash::keep(entry e, domain::instant now) {
    std::size_t bytes = e.path.size();
    for (const auto& [name, value] : e.fields) {
        bytes += name.size() + value.size();
    }
    if (bytes > max_entry_bytes) {
        return std::nullopt;
    }
    std::string id = new_tracking_token() + new_tracking_token();
    const std::lock_guard lock(mutex_);
    forget_old(now);
    if (kept_.size() >= capacity) {
        kept_.pop_front();
    }
    kept_.push_back({id, now, std::move(e)});
    return id;
}

bool form_stash::has(std::string_view id, domain::instant now) {
    const std::lock_guard lock(mutex_);
    return find(id, now) != kept_.end();
}

std::optional<form_stash::entry> form_stash::take(std::string_view id, std::string_view path,
                                                  domain::instant now) {
    const std::lock_guard lock(mutex_);
    const auto it = find(id, now);
    if (it == kept_.end() || it->what.path != path) {
        return std::nullopt;
    }
    entry out = std::move(it->what);
    kept_.erase(it);
    return out;
}

std::size_t form_stash::size() {
    const std::lock_guard lock(mutex_);
    return kept_.size();
}

void form_stash::forget_old(domain::instant now) {
    while (!kept_.empty() && now - kept_.front().at >= lifetime) {
        kept_.pop_front();
    }
}

std::list<form_stash::kept>::iterator form_stash::find(std::string_view id, domain::instant now) {
    forget_old(now);
    if (id.empty()) {
        return kept_.end();
    }
    return std::find_if(kept_.begin(), kept_.end(), [id](const kept& k) { return same_secret(k.id, id); });
}

} // namespace mend::app
