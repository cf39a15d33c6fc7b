#include "app/accounts/form_stash.hpp"

#include "app/accounts/web.hpp"

#include <algorithm>

namespace mend::app {

std::optional<std::string> form_stash::keep(entry e, domain::instant now) {
    std::size_t bytes = e.path.size();
    for (const auto& [name, value] : e.fields) {
        bytes += name.size() + value.size();
    }
    std::size_t files = 0;
    for (const auto& f : e.files) {
        files += f.bytes.size();
    }
    if (bytes > max_entry_bytes || files > max_file_bytes || (files != 0 && !e.owner)) {
        return std::nullopt;
    }
    std::string id = new_tracking_token() + new_tracking_token();
    const std::lock_guard lock(mutex_);
    forget_old(now);
    while (!kept_.empty() && (kept_.size() >= capacity || file_bytes_ + files > max_file_bytes)) {
        forget_front();
    }
    kept_.push_back({id, now, std::move(e), files});
    file_bytes_ += files;
    return id;
}

bool form_stash::has(std::string_view id, domain::instant now) {
    const std::lock_guard lock(mutex_);
    return find(id, now) != kept_.end();
}

std::optional<form_stash::entry> form_stash::take(std::string_view id, std::string_view path, id_t user,
                                                  domain::instant now) {
    const std::lock_guard lock(mutex_);
    const auto it = find(id, now);
    if (it == kept_.end() || it->what.path != path || (it->what.owner && *it->what.owner != user)) {
        return std::nullopt;
    }
    entry out = std::move(it->what);
    file_bytes_ -= it->file_bytes;
    kept_.erase(it);
    return out;
}

std::size_t form_stash::size() {
    const std::lock_guard lock(mutex_);
    return kept_.size();
}

void form_stash::forget_front() {
    file_bytes_ -= kept_.front().file_bytes;
    kept_.pop_front();
}

void form_stash::forget_old(domain::instant now) {
    while (!kept_.empty() && now - kept_.front().at >= lifetime) {
        forget_front();
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
