#include "notify/file/file_channel.hpp"

#include <cerrno>
#include <fstream>
#include <system_error>

namespace mend::notify {

file_channel::file_channel(std::filesystem::path dir)
    : dir_(std::move(dir)) {}

app::channel_limits file_channel::limits() const {
    return {0, app::length_unit::bytes, 0, true};
}

app::attempt_result file_channel::send(const app::outgoing_notice& n) {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) {
        return {app::attempt_outcome::configuration_failure, std::nullopt, "",
                "cannot create " + dir_.string() + ": " + ec.message(), false};
    }
    const auto final_path = dir_ / (n.idempotency_key + ".txt");
    const auto temp_path = dir_ / ("." + n.idempotency_key + ".tmp");
    {
        std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
        out << "To: " << n.recipient_name << " <" << n.address << ">\n"
            << "Channel: " << n.channel << "\n"
            << "Event: " << n.event << "\n"
            << "Reference: " << n.reference << "\n"
            << "Idempotency-Key: " << n.idempotency_key << "\n";
        if (!n.subject.empty()) {
            out << "Subject: " << n.subject << "\n";
        }
        out << "\n" << n.body << "\n";
        out.flush();
        if (!out) {
            const int err = errno;
            std::filesystem::remove(temp_path, ec);
            const bool ours = err == EACCES || err == EROFS || err == EPERM;
            return {ours ? app::attempt_outcome::configuration_failure : app::attempt_outcome::retry_later,
                    std::nullopt, "",
                    "cannot write " + temp_path.string() + ": " +
                        std::error_code(err, std::generic_category()).message(),
                    false};
        }
    }
    std::filesystem::rename(temp_path, final_path, ec);
    if (ec) {
        return {app::attempt_outcome::retry_later, std::nullopt, "",
                "cannot rename into " + final_path.string() + ": " + ec.message(), false};
    }
    return {app::attempt_outcome::delivered, std::nullopt, final_path.filename().string(), "", false};
}

} // namespace mend::notify
