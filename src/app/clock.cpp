#include "app/ports.hpp"

namespace mend::app {

domain::instant system_clock::now() const {
    return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

} // namespace mend::app
