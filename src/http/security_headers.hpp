// The headers every response carries, whatever answered it: the router, the session's early errors, a page.
#pragma once

#include "http/router.hpp"

namespace mend::http {

// Content-Security-Policy, nosniff, no framing and no referrer.
void set_security_headers(response_t& res);

} // namespace mend::http
