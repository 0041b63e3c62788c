/* Unit tests of the installer library: account files in Redox's formats. */
#include <argon2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "config/config.h"
#include "installer/accounts.h"
#include "testing/testing.h"

static int load(const char *text, mh_config *c) {
    char *path = mh_path_join(mh_test_tmpdir(), "accounts.toml");
    mh_error err;
    CHECK_INT_EQ(mh_write_file_atomic(path, text, strlen(text), 0644, &err), 0);
    int rc = mh_config_load(path, c, &err);
    free(path);
    return rc;
}

static const uint8_t SEED[16] = "accounts-seed-01";

static void accounts_follow_redox_formats(void) {
    mh_config c;
    if (!CHECK_INT_EQ(load("[users.root]\npassword = \"password\"\nuid = 0\ngid = 0\nname = \"root\"\n"
                           "home = \"/root\"\nshell = \"/usr/bin/sh\"\n"
                           "[users.user]\npassword = \"\"\n"
                           "[users.alice]\npassword = \"x\"\nuid = 1000\n"
                           "[groups.sudo]\ngid = 1\nmembers = [\"user\", \"alice\"]\n"
                           "[groups.audio]\nmembers = []\n", &c), 0))
        return;
    mh_accounts a;
    mh_error err;
    if (!CHECK_INT_EQ(mh_accounts_build(&c, SEED, &a, &err), 0)) {
        mh_config_free(&c);
        return;
    }
    /* alice keeps 1000, so user gets 1001; personal groups share the uid. */
    CHECK_STR_EQ(mh_strbuf_str(&a.passwd),
                 "alice;1000;1000;alice;/home/alice;/usr/bin/sh\n"
                 "root;0;0;root;/root;/usr/bin/sh\n"
                 "user;1001;1001;user;/home/user;/usr/bin/sh\n");
    CHECK_STR_EQ(mh_strbuf_str(&a.group),
                 "alice;x;1000;alice\nroot;x;0;root\nuser;x;1001;user\n"
                 "audio;x;1002;\nsudo;x;1;user,alice\n");
    /* shadow: argon2id hashes that verify, empty for no password */
    const char *shadow = mh_strbuf_str(&a.shadow);
    char line[512];
    const char *root = strstr(shadow, "root;");
    if (CHECK(root != NULL)) {
        sscanf(root + 5, "%511[^\n]", line);
        CHECK(strncmp(line, "$argon2id$v=19$m=4096,t=3,p=1$", 30) == 0);
        CHECK_INT_EQ(argon2id_verify(line, "password", 8), ARGON2_OK);
        CHECK(argon2id_verify(line, "wrong", 5) != ARGON2_OK);
    }
    CHECK(strstr(shadow, "\nuser;\n") != NULL);
    CHECK_INT_EQ(a.user_count, 3);
    CHECK_STR_EQ(a.users[2].home, "/home/user");
    /* reproducible */
    mh_accounts again;
    CHECK_INT_EQ(mh_accounts_build(&c, SEED, &again, &err), 0);
    CHECK_STR_EQ(mh_strbuf_str(&again.shadow), shadow);
    mh_accounts_free(&again);
    mh_accounts_free(&a);
    mh_config_free(&c);
}

static void account_errors_are_located(void) {
    mh_config c;
    mh_accounts a;
    mh_error err;
    if (CHECK_INT_EQ(load("[users.nopass]\nuid = 5\n", &c), 0)) {
        CHECK_INT_EQ(mh_accounts_build(&c, SEED, &a, &err), -1);
        CHECK(strstr(err.message, "user 'nopass' has no password key") != NULL);
        CHECK_INT_EQ(err.line, 1);
        mh_config_free(&c);
    }
    if (CHECK_INT_EQ(load("[users.u]\npassword = \"\"\nshell = \"/bin/a;b\"\n", &c), 0)) {
        CHECK_INT_EQ(mh_accounts_build(&c, SEED, &a, &err), -1);
        CHECK(strstr(err.message, "shell \"/bin/a;b\" must not contain ';'") != NULL);
        mh_config_free(&c);
    }
}

static const mh_test TESTS[] = {
    MH_TEST(accounts_follow_redox_formats),
    MH_TEST(account_errors_are_located),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
