// What the HTML pages need besides the API's services: their store, photo files, settings and a worker.
#pragma once

#include "app/web.hpp"
#include "app/web_ports.hpp"

#include <boost/asio/thread_pool.hpp>
#include <filesystem>
#include <string>

namespace mend::http_api {

struct web_config {
    std::string landlord_name = "Mend Housing";
    std::string brand_colour = "#1d4f91"; // "#rrggbb"; white text sits on it, so it must be dark enough
    std::filesystem::path assets_dir;     // govuk-frontend's dist/govuk (its .min.css and .min.js)
    bool secure_cookies = false;          // true behind TLS; X-Forwarded-Proto: https turns it on per request
};

// Owned by main, like services; outlives every session.
struct web_services {
    app::web_read_store& reads;
    app::photo_files& photos;
    boost::asio::thread_pool& workers; // argon2id and photo file I/O run here, never on the HTTP thread
    web_config config;
    app::login_throttle throttle{};
};

} // namespace mend::http_api
