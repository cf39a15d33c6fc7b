// The server's open connections: how many there are, which wait idle for a request, and closing idle ones
// (the one idle longest when the server is at its cap, all of them when it stops).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>

namespace mend::http {

// Thread-safe. Each session registers from its strand, says when it waits for a request (idle) and when it
// has one to answer (busy), and leaves when it ends. A close runs the session's `close` on its strand; a
// session closed while idle learns it from busy() and ends instead of answering.
//
// Idle means waiting for a request or reading its header: nothing the client sent is lost by closing it.
class connection_registry {
public:
    class connection;

    // `close` cancels the session's pending read; it runs on `strand` only, and never after leave().
    std::shared_ptr<connection> join(boost::asio::any_io_executor strand, std::function<void()> close);
    // From the session's strand, as it ends. Then calls the function given to on_leave, if any.
    void leave(const std::shared_ptr<connection>& c);

    void idle(connection& c);
    // False when `c` was closed while idle (or the registry is draining and `c` idle): the session must end.
    bool busy(connection& c);

    std::size_t size() const;
    // Closes the connection idle the longest; false when none is idle.
    bool close_oldest_idle();
    // Closes every idle connection now and each busy one once it turns idle (after its response).
    void drain();
    bool draining() const;

    // Called after each leave(), from the leaving session's thread, e.g. to wake an accept loop waiting for
    // room. Set before the first join; an empty function turns it off (before whatever it calls ends).
    void on_leave(std::function<void()> notify);

private:
    using list = std::list<std::shared_ptr<connection>>;
    void close_locked(const std::shared_ptr<connection>& c);

    mutable std::mutex mutex_;
    list idle_; // longest idle first
    list busy_; // answering, or closed and not yet gone
    bool draining_ = false;
    std::function<void()> on_leave_;
};

} // namespace mend::http
