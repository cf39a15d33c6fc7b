#include "notify/bluesky/bluesky_channel.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace mend::notify {
namespace {

namespace json = boost::json;

// The bytes of `text` a facet covers.
std::string covered(std::string_view text, const json::value& facet) {
    const auto& index = facet.at("index").as_object();
    const auto start = index.at("byteStart").to_number<std::size_t>();
    const auto end = index.at("byteEnd").to_number<std::size_t>();
    return std::string(text.substr(start, end - start));
}

std::string type_of(const json::value& facet) {
    return std::string(facet.at("features").as_array().at(0).at("$type").as_string());
}

TEST(bluesky_channel, facets_count_bytes_of_utf8_not_characters) {
    // "café" and a raindrop before the link: 1 + 4 bytes more than characters.
    const std::string text = "@tom.bsky.social Caf\xc3\xa9 \xf0\x9f\x92\xa7 repair K7QD-9XPT: see "
                             "https://repairs.example/track/abc.";
    const auto facets = bluesky_facets(text, "@tom.bsky.social", "did:plc:tom");
    ASSERT_EQ(facets.size(), 2U);
    EXPECT_EQ(type_of(facets[0]), "app.bsky.richtext.facet#mention");
    EXPECT_EQ(covered(text, facets[0]), "@tom.bsky.social");
    EXPECT_EQ(facets[0].at("features").as_array().at(0).at("did").as_string(), "did:plc:tom");
    EXPECT_EQ(type_of(facets[1]), "app.bsky.richtext.facet#link");
    EXPECT_EQ(covered(text, facets[1]),
              "https://repairs.example/track/abc"); // the full stop is not the link's
    EXPECT_EQ(facets[1].at("features").as_array().at(0).at("uri").as_string(),
              "https://repairs.example/track/abc");
    EXPECT_EQ(facets[1].at("index").at("byteStart").to_number<std::size_t>(), text.find("https://"));
}

TEST(bluesky_channel, a_mention_needs_its_did_and_a_whole_word) {
    EXPECT_TRUE(bluesky_facets("@tom.bsky.social hi", "@tom.bsky.social", "").empty());
    EXPECT_TRUE(bluesky_facets("@tom.bsky.socialite hi", "@tom.bsky.social", "did:plc:tom").empty());
    const auto two = bluesky_facets("see http://a.example (and https://b.example)", "", "");
    ASSERT_EQ(two.size(), 2U);
    EXPECT_EQ(covered("see http://a.example (and https://b.example)", two[1]), "https://b.example");
}

TEST(bluesky_channel, a_record_key_is_a_tid_and_the_same_for_the_same_notice) {
    const auto key = bluesky_record_key("S-K7QD-9XPT.s12.bluesky");
    ASSERT_EQ(key.size(), 13U);
    EXPECT_NE(std::string_view("234567abcdefghij").find(key[0]), std::string_view::npos);
    EXPECT_EQ(key.find_first_not_of("234567abcdefghijklmnopqrstuvwxyz"), std::string::npos);
    EXPECT_EQ(key, bluesky_record_key("S-K7QD-9XPT.s12.bluesky"));
    EXPECT_NE(key, bluesky_record_key("S-K7QD-9XPT.s13.bluesky"));
}

TEST(bluesky_channel, takes_mentions_and_replies_with_their_thread) {
    const auto n = json::parse(R"({"uri": "at://did:plc:tom/app.bsky.feed.post/3kabc", "cid": "bafy",
        "reason": "reply", "indexedAt": "2026-12-01T08:00:00.000Z",
        "author": {"did": "did:plc:tom", "handle": "tom.bsky.social"},
        "record": {"text": "still leaking", "createdAt": "2026-12-01T07:59:58.000Z",
                   "reply": {"root": {"uri": "at://did:plc:us/app.bsky.feed.post/1", "cid": "a"},
                             "parent": {"uri": "at://did:plc:us/app.bsky.feed.post/2", "cid": "b"}}}})")
                       .as_object();
    const auto m = bluesky_mention_of(n);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->status_id, "at://did:plc:tom/app.bsky.feed.post/3kabc");
    EXPECT_EQ(m->author, "tom.bsky.social");
    EXPECT_EQ(m->status_url, "https://bsky.app/profile/tom.bsky.social/post/3kabc");
    EXPECT_EQ(m->in_reply_to, "at://did:plc:us/app.bsky.feed.post/2");
    EXPECT_EQ(m->text, "still leaking");
    EXPECT_EQ(bluesky_cursor_of(n), "2026-12-01T08:00:00.000Z at://did:plc:tom/app.bsky.feed.post/3kabc");
    auto like = n;
    like["reason"] = "like";
    EXPECT_FALSE(bluesky_mention_of(like));
}

} // namespace
} // namespace mend::notify
