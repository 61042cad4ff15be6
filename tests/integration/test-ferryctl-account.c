/* test-ferryctl-account.c: ferryctl uses Ferry's active account
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-account-store.h"
#include "ferry-sandbox.h"
#include "ferry-test-files.h"
#include "ferry-test-sandbox.h"
#include "ferry-test-wait.h"

/* The one call this test waits for at a time. */
static FerryTestWait call;

/* Runs ferryctl with no key in its environment, serving the in-process
 * sandbox meanwhile; returns its exit status and output. */
static int
run_ferryctl (const char  *argument,
              char       **out,
              char       **err)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_unsetenv (launcher, "HUAWEICLOUD_SDK_AK");
  g_subprocess_launcher_unsetenv (launcher, "HUAWEICLOUD_SDK_SK");
  g_subprocess_launcher_unsetenv (launcher, "FERRY_ENDPOINT");
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("FERRYCTL"), "--json",
                                         argument, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, ferry_test_store_cb, &call);
  g_assert_true (g_subprocess_communicate_utf8_finish (process, ferry_test_wait (&call), out, err,
                                                       &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static void
test_active_account (void)
{
  g_autoptr(FerrySandbox) sandbox = ferry_test_sandbox_new_started (NULL, NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  g_autoptr(FerryAccountStore) store = ferry_account_store_new (settings);
  g_autoptr(FerryCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  endpoint = ferry_sandbox_dup_endpoint_template (sandbox);
  credentials = ferry_credentials_new (FERRY_SANDBOX_ACCESS_KEY, FERRY_SANDBOX_SECRET_KEY, NULL);

  ferry_account_store_add_async (store, "Demo", "cn-north-4", endpoint, credentials, NULL,
                                 ferry_test_store_cb, &call);
  id = ferry_account_store_add_finish (store, ferry_test_wait (&call), &error);
  g_assert_no_error (error);
  ferry_account_store_set_active_id (store, id);
  g_settings_sync ();

  /* The keys come from the keyring, the endpoint from the account. */
  g_assert_cmpint (run_ferryctl ("projects", &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"cn-north-4_dev\""));

  ferry_account_store_remove_async (store, id, NULL, ferry_test_store_cb, &call);
  g_assert_true (ferry_account_store_remove_finish (store, ferry_test_wait (&call), &error));
  g_settings_sync ();

  /* No account and no keys: say how to give them. */
  g_assert_cmpint (run_ferryctl ("projects", &out2, &err2), ==, 2);
  g_assert_nonnull (strstr (err2, "HUAWEICLOUD_SDK_AK"));
  ferry_sandbox_stop (sandbox);
  ferry_test_wait_clear (&call);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = ferry_test_make_tmp_dir ("ferry-ctl-account-XXXXXX");
  int ret;

  /* Settings two processes share: a key file in a private directory. */
  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ferryctl/active-account", test_active_account);
  ret = g_test_run ();
  return ret;
}
