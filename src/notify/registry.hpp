// The one place that knows every channel: builds the configured ones. Adding a channel is a folder under
// src/notify/ and one line in registry.cpp.
#pragma once

#include "app/notices/channel.hpp"
#include "app/notices/notices.hpp"
#include "notify/settings.hpp"

#include <filesystem>
#include <memory>
#include <vector>

namespace mend::notify {

class channel_set {
public:
    std::vector<const app::channel*> all() const;
    std::vector<app::channel*> mutable_all() const;
    void add(std::unique_ptr<app::channel> ch) { owned_.push_back(std::move(ch)); }

private:
    std::vector<std::unique_ptr<app::channel>> owned_;
};

// file and letter always; webhook always (endpoints are added per firm or integration); email when
// [notify.email] names a host; sms and notify_email when [notify.notify] has an api_key.
// `reads` and `clock` are owned by main and outlive the channels. Throws std::runtime_error on unusable
// settings.
channel_set make_channels(const settings& s, const std::filesystem::path& data_dir, app::notice_reads& reads,
                          const app::clock& clock);

} // namespace mend::notify
