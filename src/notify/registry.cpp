#include "notify/registry.hpp"

#include "notify/bluesky/bluesky_channel.hpp"
#include "notify/email/email_channel.hpp"
#include "notify/file/file_channel.hpp"
#include "notify/govuk/notify_channel.hpp"
#include "notify/letter/letter_channel.hpp"
#include "notify/mastodon/mastodon_channel.hpp"
#include "notify/webhook/webhook_channel.hpp"

namespace mend::notify {

std::vector<const app::channel*> channel_set::all() const {
    std::vector<const app::channel*> out;
    for (const auto& ch : owned_) {
        out.push_back(ch.get());
    }
    return out;
}

std::vector<app::channel*> channel_set::mutable_all() const {
    std::vector<app::channel*> out;
    for (const auto& ch : owned_) {
        out.push_back(ch.get());
    }
    return out;
}

channel_set make_channels(const settings& s, const std::filesystem::path& data_dir, app::notice_reads& reads,
                          const app::clock& clock) {
    channel_set out;
    out.add(std::make_unique<file_channel>(s.file.dir.empty() ? data_dir / "outbox" : s.file.dir));
    out.add(std::make_unique<letter_channel>());
    out.add(std::make_unique<webhook_channel>(s.webhook, reads, clock));
    if (s.email.enabled) {
        out.add(std::make_unique<email_channel>(s.email, clock));
    }
    if (s.notify.enabled) {
        auto client = std::make_shared<notify_client>(s.notify, clock);
        out.add(std::make_unique<notify_channel>(client, "sms"));
        out.add(std::make_unique<notify_channel>(client, "email"));
    }
    add_mastodon_channel(out, s.mastodon, clock);
    add_bluesky_channel(out, s.bluesky, clock);
    return out;
}

} // namespace mend::notify
