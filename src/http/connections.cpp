#include "http/connections.hpp"

#include <boost/asio/post.hpp>

namespace mend::http {

class connection_registry::connection {
public:
    boost::asio::any_io_executor strand;
    std::function<void()> close; // the strand's only; emptied by leave()
    // Guarded by the registry's mutex:
    bool idle = true;
    bool closed = false;
    list::iterator position{};
};

std::shared_ptr<connection_registry::connection>
connection_registry::join(boost::asio::any_io_executor strand, std::function<void()> close) {
    auto c = std::make_shared<connection>();
    c->strand = std::move(strand);
    c->close = std::move(close);
    std::lock_guard lock(mutex_);
    c->position = idle_.insert(idle_.end(), c);
    if (draining_) {
        close_locked(c);
    }
    return c;
}

void connection_registry::leave(const std::shared_ptr<connection>& c) {
    c->close = nullptr;
    std::function<void()> notify;
    {
        std::lock_guard lock(mutex_);
        (c->idle ? idle_ : busy_).erase(c->position);
        notify = on_leave_;
    }
    if (notify) {
        notify();
    }
}

void connection_registry::idle(connection& c) {
    std::lock_guard lock(mutex_);
    if (c.closed || c.idle) {
        return;
    }
    idle_.splice(idle_.end(), busy_, c.position);
    c.idle = true;
    if (draining_) {
        close_locked(*c.position);
    }
}

bool connection_registry::busy(connection& c) {
    std::lock_guard lock(mutex_);
    if (c.closed) {
        return false;
    }
    if (c.idle) {
        busy_.splice(busy_.end(), idle_, c.position);
        c.idle = false;
    }
    return true;
}

std::size_t connection_registry::size() const {
    std::lock_guard lock(mutex_);
    return idle_.size() + busy_.size();
}

bool connection_registry::close_oldest_idle() {
    std::lock_guard lock(mutex_);
    if (idle_.empty()) {
        return false;
    }
    close_locked(idle_.front());
    return true;
}

void connection_registry::drain() {
    std::lock_guard lock(mutex_);
    draining_ = true;
    while (!idle_.empty()) {
        close_locked(idle_.front());
    }
}

bool connection_registry::draining() const {
    std::lock_guard lock(mutex_);
    return draining_;
}

void connection_registry::on_leave(std::function<void()> notify) {
    std::lock_guard lock(mutex_);
    on_leave_ = std::move(notify);
}

// Moves `c` out of the idle list (it still holds its file until it leaves) and posts its close.
void connection_registry::close_locked(const std::shared_ptr<connection>& c) {
    busy_.splice(busy_.end(), idle_, c->position);
    c->idle = false;
    c->closed = true;
    boost::asio::post(c->strand, [c] {
        if (c->close) {
            c->close();
        }
    });
}

} // namespace mend::http
