#include "notify/email/email_channel.hpp"
#include "notify/email/mime.hpp"

#include <gtest/gtest.h>

namespace mend::notify {
namespace {

// Decoders written from RFC 2045 6.7 independently of the encoder.
std::string from_quoted_printable(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '=' && i + 1 < text.size() && text[i + 1] == '\n') {
            ++i; // a soft line break
        } else if (text[i] == '=' && i + 2 < text.size()) {
            out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::vector<std::string> lines(const std::string& text, const std::string& end = "\n") {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (true) {
        const auto next = text.find(end, at);
        out.push_back(text.substr(at, next - at));
        if (next == std::string::npos) {
            return out;
        }
        at = next + end.size();
    }
}

TEST(display_name, quotes_rfc_5322_specials_so_a_comma_does_not_make_two_recipients) {
    EXPECT_EQ(display_name("Tess Tenant"), "Tess Tenant");
    EXPECT_EQ(display_name("Smith, Jo"), "\"Smith, Jo\"");
    EXPECT_EQ(display_name("Jo A. Smith"), "\"Jo A. Smith\"");
    EXPECT_EQ(display_name(R"(Jo "JJ" O\Neil)"), R"("Jo \"JJ\" O\\Neil")");
    EXPECT_EQ(mailbox("Smith, Jo", "jo@example.org"), "\"Smith, Jo\" <jo@example.org>");
    EXPECT_EQ(mailbox("", "jo@example.org"), "jo@example.org");
}

TEST(display_name, encodes_other_scripts_and_never_lets_a_line_end_through) {
    EXPECT_EQ(display_name("Zoë"), "=?UTF-8?B?Wm/Dqw==?=");
    EXPECT_EQ(display_name("Tess\r\nBcc: evil@example.org"), "\"Tess  Bcc: evil@example.org\"");
}

TEST(unstructured, folds_long_ascii_at_spaces_and_encodes_the_rest_in_short_words) {
    const std::string subject(30, 'a');
    EXPECT_EQ(unstructured(subject, 9), subject);
    std::string words;
    for (int i = 0; i < 40; ++i) {
        words += i == 0 ? "" : " ";
        words += "word";
        words += std::to_string(i);
    }
    const auto folded = unstructured(words, 9);
    std::string unfolded;
    for (const auto& line : lines(folded)) {
        EXPECT_LE(line.size() + (unfolded.empty() ? 9 : 0), 78U) << line;
        unfolded += line;
    }
    EXPECT_EQ(unfolded, words);
    const auto encoded = unstructured("Réparation de la fenêtre de la cuisine, au deuxième étage", 9);
    for (const auto& line : lines(encoded)) {
        EXPECT_LE(line.size(), 76U) << line;
        EXPECT_NE(line.find("=?UTF-8?B?"), std::string::npos) << line;
    }
}

TEST(encode_body, keeps_short_ascii_as_it_is) {
    const auto body = encode_body("Your repair K7QD-9XPT\nis booked.");
    EXPECT_EQ(body.transfer_encoding, "7bit");
    EXPECT_EQ(body.text, "Your repair K7QD-9XPT\nis booked.");
}

TEST(encode_body, wraps_a_5000_character_line_in_quoted_printable_that_decodes_to_the_same_text) {
    std::string note;
    while (note.size() < 5000) {
        note += "The tenant says the = sign on the meter flickers £ ";
    }
    const std::string text = "Dear tenant,\n" + note + "\nThanks ";
    const auto body = encode_body(text);
    EXPECT_EQ(body.transfer_encoding, "quoted-printable");
    for (const auto& line : lines(body.text)) {
        EXPECT_LE(line.size(), 76U);
        EXPECT_TRUE(line.empty() ||
                    line.back() != ' '); // trailing blanks are encoded: servers may strip them
    }
    EXPECT_EQ(from_quoted_printable(body.text), text);
}

TEST(encode_body, uses_base64_for_text_that_is_mostly_not_ascii) {
    const auto body = encode_body("修理の予約は月曜日です。\r\n宜しくお願いします。");
    EXPECT_EQ(body.transfer_encoding, "base64");
    for (const auto& line : lines(body.text)) {
        EXPECT_LE(line.size(), 76U);
    }
}

TEST(email_message, has_no_line_over_998_octets_and_one_recipient_in_to) {
    email_settings s;
    s.from = "\"Repairs, Leeds\" <repairs@landlord.example>";
    app::outgoing_notice n;
    n.reference = "K7QD-9XPT";
    n.idempotency_key = "K7QD-9XPT.n1.email";
    n.address = "jo@example.org";
    n.recipient_name = "Smith, Jo";
    n.subject = "Your repair K7QD-9XPT";
    n.body = std::string(5000, 'x');
    const auto message = email_message(s, n, domain::from_unix(1'800'000'000));
    for (const auto& line : lines(message, "\r\n")) {
        EXPECT_LE(line.size(), 998U);
        EXPECT_EQ(line.find('\n'), std::string::npos); // no bare line feeds
    }
    EXPECT_NE(message.find("\r\nTo: \"Smith, Jo\" <jo@example.org>\r\n"), std::string::npos) << message;
    EXPECT_EQ(message.find("From: \"Repairs, Leeds\" <repairs@landlord.example>\r\n"), 0U) << message;
    EXPECT_NE(message.find("Content-Transfer-Encoding: quoted-printable\r\n"), std::string::npos);
}

} // namespace
} // namespace mend::notify
