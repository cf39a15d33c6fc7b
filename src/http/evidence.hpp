// Where a job's evidence pack is read from in this server: its stores, as far as they are wired in.
#pragma once

#include "app/evidence.hpp"
#include "http/services.hpp"

namespace mend::http {

inline app::evidence_sources evidence_sources(services& svc) {
    app::evidence_sources from{svc.reads};
    if (svc.web != nullptr) {
        from.web = &svc.web->reads;
    }
    if (svc.time != nullptr) {
        from.clocks = &svc.time->reads;
    }
    if (svc.notices != nullptr) {
        from.notices = &svc.notices->reads;
    }
    if (svc.complaints != nullptr) {
        from.complaints = &svc.complaints->reads;
    }
    return from;
}

} // namespace mend::http
