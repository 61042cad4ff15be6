/* ferry-test-client.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-iam.h"
#include "ferry-ims.h"
#include "ferry-test-client.h"
#include "ferry-test-wait.h"

FerryRegionCatalogue *
ferry_test_catalogue_new (void)
{
  g_autoptr(GError) error = NULL;
  FerryRegionCatalogue *catalogue = ferry_region_catalogue_new_default (&error);

  g_assert_no_error (error);
  return catalogue;
}

FerryClient *
ferry_test_client_new_for (const char           *endpoint,
                           FerryRegionCatalogue *catalogue,
                           const char           *access_key,
                           const char           *secret_key,
                           const char           *security_token)
{
  g_autoptr(FerryCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  FerryClient *client;

  credentials = ferry_credentials_new (access_key, secret_key, security_token);
  client = ferry_client_new (credentials, endpoint, catalogue, &error);
  g_assert_no_error (error);
  return client;
}

FerryClient *
ferry_test_client_new (FerrySandbox         *sandbox,
                       FerryRegionCatalogue *catalogue)
{
  g_autofree char *endpoint = ferry_sandbox_dup_endpoint_template (sandbox);

  return ferry_test_client_new_for (endpoint, catalogue,
                                    FERRY_SANDBOX_ACCESS_KEY, FERRY_SANDBOX_SECRET_KEY, NULL);
}

FerryAccount *
ferry_test_discover_account (FerryClient *client,
                             const char  *region)
{
  FerryTestWait wait = { NULL };
  g_autoptr(GError) error = NULL;
  FerryAccount *account;

  ferry_iam_discover_account_async (client, region, NULL, ferry_test_store_cb, &wait);
  account = ferry_iam_discover_account_finish (client, ferry_test_wait (&wait), &error);
  ferry_test_wait_clear (&wait);
  g_assert_no_error (error);
  return account;
}

const char *
ferry_test_project_id (FerryAccount *account,
                       const char   *region)
{
  FerryProject *project = ferry_account_get_region_project (account, region);

  g_assert_nonnull (project);
  return ferry_project_get_id (project);
}

FerryImage *
ferry_test_find_image (FerryClient  *client,
                       FerryAccount *account,
                       const char   *region,
                       const char   *name)
{
  FerryImageQuery query = { .image_type = "private", .name = name };
  const char *project = ferry_test_project_id (account, region);
  FerryTestWait wait = { NULL };
  g_autoptr(GListModel) images = NULL;
  g_autoptr(GError) error = NULL;

  ferry_ims_list_images_async (client, region, project, &query, NULL, ferry_test_store_cb, &wait);
  images = ferry_ims_list_images_finish (client, ferry_test_wait (&wait), &error);
  ferry_test_wait_clear (&wait);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (images), ==, 1);
  return g_list_model_get_item (images, 0);
}
