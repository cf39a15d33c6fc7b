#include "formats/atom.hpp"

#include "formats/open311.hpp"

namespace mend::formats {

namespace {

void element(std::string& out, std::string_view indent, std::string_view name, std::string_view text) {
    out.append(indent).append("<").append(name).append(">");
    out += xml_escape(text);
    out.append("</").append(name).append(">\n");
}

void link(std::string& out, std::string_view indent, std::string_view rel, std::string_view type,
          std::string_view href) {
    out.append(indent).append("<link rel=\"").append(rel).append("\" type=\"").append(type);
    out.append("\" href=\"").append(xml_escape(href)).append("\"/>\n");
}

} // namespace

std::string write_atom(const atom_feed& feed) {
    std::string out =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
    element(out, "  ", "id", feed.id);
    element(out, "  ", "title", feed.title);
    element(out, "  ", "updated", domain::format_iso(feed.updated));
    link(out, "  ", "self", "application/atom+xml", feed.self);
    if (!feed.alternate.empty()) {
        link(out, "  ", "alternate", "text/html", feed.alternate);
    }
    out.append("  <author>\n");
    element(out, "    ", "name", feed.author);
    out.append("  </author>\n");
    for (const auto& e : feed.entries) {
        out.append("  <entry>\n");
        element(out, "    ", "id", e.id);
        element(out, "    ", "title", e.title);
        element(out, "    ", "updated", domain::format_iso(e.updated));
        if (!e.link.empty()) {
            link(out, "    ", "alternate", "text/html", e.link);
        }
        out.append("    <content type=\"text\">").append(xml_escape(e.content)).append("</content>\n");
        out.append("  </entry>\n");
    }
    out.append("</feed>\n");
    return out;
}

} // namespace mend::formats
