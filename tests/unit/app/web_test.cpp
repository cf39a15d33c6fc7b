#include "app/accounts/import.hpp"
#include "app/accounts/web.hpp"
#include "support/memory_store.hpp"

#include <gtest/gtest.h>

namespace mend::app {
namespace {

const std::string png("\x89PNG\r\n\x1a\nrest", 12);
const std::string jpeg("\xFF\xD8\xFF\xE0rest", 8);

TEST(web, passwords_hash_with_argon2id_and_verify) {
    EXPECT_TRUE(check_new_password("short"));
    EXPECT_FALSE(check_new_password("long enough password"));
    EXPECT_TRUE(check_new_password(std::string(max_password + 1, 'x')));
    const auto hash = hash_password("correct horse battery");
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0U);
    EXPECT_TRUE(verify_password(hash, "correct horse battery"));
    EXPECT_FALSE(verify_password(hash, "correct horse battery!"));
    EXPECT_FALSE(verify_password("", "anything"));
}

TEST(web, failed_logins_are_throttled_for_a_window) {
    login_throttle t;
    const auto now = domain::from_unix(1'800'000'000);
    for (int i = 0; i < login_throttle::max_failures - 1; ++i) {
        t.failed("tom", now);
    }
    EXPECT_FALSE(t.blocked_until("tom", now));
    t.failed("tom", now);
    EXPECT_TRUE(t.blocked_until("tom", now + std::chrono::minutes(14)));
    EXPECT_FALSE(t.blocked_until("amira", now));
    EXPECT_FALSE(t.blocked_until("tom", now + login_throttle::window));
    t.failed("amira", now);
    t.succeeded("amira");
    EXPECT_FALSE(t.blocked_until("amira", now));
}

TEST(web, photos_are_checked_by_their_first_bytes_size_and_count) {
    auto ok = check_photos({{"a.png", png}, {"b.jpg", jpeg}, {"none", ""}, {"again.png", png}}, "photos");
    ASSERT_TRUE(ok);
    ASSERT_EQ(ok->size(), 2U) << "empty uploads are skipped and the same bytes kept once";
    EXPECT_EQ((*ok)[0].type, photo_type::png);
    EXPECT_EQ((*ok)[1].type, photo_type::jpeg);
    EXPECT_EQ((*ok)[0].sha256, sha256_hex(png));
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    auto gif = check_photos({{"c.png", "GIF89a..."}}, "photos");
    ASSERT_FALSE(gif);
    EXPECT_EQ(gif.error().field, "photos");
    EXPECT_NE(gif.error().message.find("JPG or PNG"), std::string::npos);

    auto big = check_photos({{"big.png", png + std::string(max_photo_bytes, 'x')}}, "photos");
    ASSERT_FALSE(big);
    EXPECT_NE(big.error().message.find("smaller than"), std::string::npos);

    std::vector<photo_upload> six;
    for (int i = 0; i < 6; ++i) {
        six.push_back({"p.png", png + std::to_string(i)});
    }
    EXPECT_FALSE(check_photos(six, "photos"));
}

TEST(web, officers_set_tenants_passwords_and_admins_anyones) {
    const domain::actor officer{1, domain::role::officer, "O", {}};
    const domain::actor admin{2, domain::role::admin, "A", {}};
    const domain::actor tenant{3, domain::role::tenant, "T", {}};
    const user_record a_tenant{4, domain::role::tenant, "T2", {}, {}, {}};
    const user_record an_officer{5, domain::role::officer, "O2", {}, {}, {}};
    EXPECT_FALSE(may_set_password(officer, a_tenant));
    EXPECT_TRUE(may_set_password(officer, an_officer));
    EXPECT_FALSE(may_set_password(admin, an_officer));
    EXPECT_TRUE(may_set_password(tenant, a_tenant));
}

TEST(web, secrets_compare_whole) {
    EXPECT_TRUE(same_secret("abc", "abc"));
    EXPECT_FALSE(same_secret("abc", "abd"));
    EXPECT_FALSE(same_secret("abc", "ab"));
    EXPECT_FALSE(same_secret("", ""));
}

TEST(import, csv_rows_with_quotes_and_a_report_of_the_refused) {
    const auto rows =
        parse_import("\xEF\xBB\xBFuprn,address,postcode,tenant_name,tenant_email,tenant_phone\r\n"
                     "200000000001,\"1 New St, \"\"Top\"\"\nLeeds\",LS1 1AA,Nia Obi,nia@example.org,\r\n"
                     "\n"
                     "bad,2 New St,LS1 1AB,,,\n"
                     "200000000003,3 New St,LS1 1AC,,x@example.org,\n"
                     "200000000001,again,LS1 1AA,,,\n"
                     "1,2,3\n");
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 5U);
    EXPECT_EQ((*rows)[0].cells[1], "1 New St, \"Top\"\nLeeds");
    EXPECT_EQ((*rows)[1].line, 5U);

    test::memory_store store;
    test::memory_unit uow(store.state);
    EXPECT_FALSE(import_home(uow, (*rows)[0]));
    EXPECT_EQ(store.state.homes.size(), 1U);
    EXPECT_EQ(store.state.users.size(), 1U);
    EXPECT_EQ(store.state.tenancies.size(), 1U);
    EXPECT_TRUE(import_home(uow, (*rows)[1])) << "a bad UPRN";
    EXPECT_TRUE(import_home(uow, (*rows)[2])) << "contact details without a name";
    EXPECT_TRUE(import_home(uow, (*rows)[3])) << "a duplicate UPRN";
    EXPECT_TRUE(import_home(uow, (*rows)[4])) << "too few cells";
    EXPECT_EQ(store.state.homes.size(), 1U) << "refused rows write nothing";
    EXPECT_EQ(store.state.users.size(), 1U);
}

TEST(import, the_header_must_match) {
    EXPECT_FALSE(parse_import("uprn,address\n1,2\n"));
    EXPECT_FALSE(parse_import(""));
    EXPECT_FALSE(parse_import(std::string(import_header) + "\n\"unterminated,2,3,4,5,6\n"));
}

} // namespace
} // namespace mend::app
