/* test-sandbox-ims.c: the sandbox's IMS over real HTTP on loopback
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "test-sandbox.h"

/* Tests: IMS */

static void
test_ims_image_records (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Response) response = NULL;
  g_autofree char *project = NULL;
  JsonArray *images;
  JsonObject *image;
  g_autoptr(GRegex) iso_time = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", 0, 0,
                                            NULL);

  fixture_start (f, NULL);
  project = project_id (f, "cn-north-4");
  response = list_images (f, "cn-north-4", "");
  images = images_of (response);

  /* A plain private image, with the API's string typing. */
  image = find_by_name (images, "web-server");
  g_assert_nonnull (image);
  g_assert_true (is_uuid (json_object_get_string_member (image, "id")));
  g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (image, "__imagetype"), ==, "private");
  g_assert_cmpstr (json_object_get_string_member (image, "visibility"), ==, "private");
  g_assert_cmpstr (json_object_get_string_member (image, "owner"), ==, project);
  g_assert_cmpstr (json_object_get_string_member (image, "__image_size"), ==, "42949672960");
  g_assert_cmpstr (json_object_get_string_member (image, "__is_config_init"), ==, "true");
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (image, "min_disk")), ==,
                   G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (image, "min_disk"), ==, 40);
  g_assert_cmpstr (json_object_get_string_member (image, "__os_type"), ==, "Linux");
  g_assert_false (json_object_has_member (image, "__system__cmkid"));
  g_assert_false (json_object_has_member (image, "__backup_id"));
  g_assert_true (g_regex_match (iso_time, json_object_get_string_member (image, "created_at"), 0,
                                NULL));
  g_assert_true (g_regex_match (iso_time, json_object_get_string_member (image, "updated_at"), 0,
                                NULL));

  image = find_by_name (images, "db-server");
  g_assert_cmpstr (json_object_get_string_member (image, "virtual_env_type"), ==, "DataImage");
  image = find_by_name (images, "app-uninitialised");
  g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (image, "__is_config_init"), ==, "false");
  g_assert_cmpstr (json_object_get_string_member (find_by_name (images, "build-in-progress"),
                                                  "status"),
                   ==, "saving");
  g_assert_cmpstr (json_object_get_string_member (find_by_name (images, "failed-import"), "status"),
                   ==, "killed");
  image = find_by_name (images, "secure-encrypted");
  g_assert_true (is_uuid (json_object_get_string_member (image, "__system__cmkid")));
  image = find_by_name (images, "installer-iso");
  g_assert_cmpstr (json_object_get_string_member (image, "virtual_env_type"), ==, "IsoImage");
  g_assert_cmpstr (json_object_get_string_member (image, "disk_format"), ==, "iso");
  image = find_by_name (images, "bigdata-320g");
  g_assert_cmpuint (g_ascii_strtoull (json_object_get_string_member (image, "__image_size"), NULL,
                                      10),
                    >, G_GUINT64_CONSTANT (322122547200));  /* cn-north-4's 300 GiB */
  image = find_by_name (images, "exact-128g");
  g_assert_cmpstr (json_object_get_string_member (image, "__image_size"), ==, "137438953472");

  /* The CBR/CSBS rule: __backup_id set means CBR. */
  image = find_by_name (images, "whole-csbs");
  g_assert_cmpstr (json_object_get_string_member (image, "__whole_image"), ==, "true");
  g_assert_false (json_object_has_member (image, "__backup_id"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (image, "__data_origin"),
                                   "server_backup,"));
  image = find_by_name (images, "whole-cbr");
  {
    g_autofree char *origin = g_strconcat ("server_backup,",
                                           json_object_get_string_member (image,
                                                                          "__backup_id"), NULL);

    g_assert_cmpstr (json_object_get_string_member (image, "__whole_image"), ==, "true");
    g_assert_true (is_uuid (json_object_get_string_member (image, "__backup_id")));
    g_assert_cmpstr (json_object_get_string_member (image, "__data_origin"), ==, origin);
  }

  image = find_by_name (images, "partner-shared");
  g_assert_cmpstr (json_object_get_string_member (image, "__imagetype"), ==, "shared");
  g_assert_cmpstr (json_object_get_string_member (image, "visibility"), ==, "shared");
  g_assert_true (is_hex32 (json_object_get_string_member (image, "owner")));
  g_assert_cmpstr (json_object_get_string_member (image, "owner"), !=, project);

  /* Other regions, mainland or not. */
  {
    g_autoptr(Response) sg = list_images (f, "ap-southeast-3", "");
    g_autoptr(Response) sh1 = list_images (f, "cn-east-3", "__whole_image=true");

    g_assert_nonnull (find_by_name (images_of (sg), "sg-app"));
    g_assert_cmpstr (json_object_get_string_member (find_by_name (images_of (sg), "sg-whole-cbr"),
                                                    "__whole_image"), ==, "true");
    g_assert_null (find_by_name (images_of (sg), "web-server"));
    g_assert_cmpuint (json_array_get_length (images_of (sh1)), ==, 2);
  }
}

static void
test_ims_seed_is_stable (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  fixture_start (f, NULL);
  first = image_id (f, "cn-north-4", "web-server");
  fixture_stop (f);

  fixture_start (f, NULL);
  second = image_id (f, "cn-north-4", "web-server");
  g_assert_cmpstr (first, ==, second);
}

static guint
count_images (Fixture    *f,
              const char *region,
              const char *query)
{
  g_autoptr(Response) response = list_images (f, region, query);

  return json_array_get_length (images_of (response));
}

static void
test_ims_filters (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *project = NULL;
  g_autofree char *web_server = NULL;
  g_autofree char *partner = NULL;
  g_autofree char *query = NULL;

  fixture_start (f, NULL);
  project = project_id (f, "cn-north-4");
  web_server = image_id (f, "cn-north-4", "web-server");

  {
    g_autoptr(Response) response = list_images (f, "cn-north-4", "__imagetype=private");
    JsonArray *images = images_of (response);

    g_assert_cmpuint (json_array_get_length (images), ==, 12);
    for (guint i = 0; i < json_array_get_length (images); i++)
      {
        JsonObject *image = json_array_get_object_element (images, i);

        g_assert_cmpstr (json_object_get_string_member (image, "__imagetype"), ==, "private");
        g_assert_cmpstr (json_object_get_string_member (image, "owner"), ==, project);
      }
  }

  {
    g_autoptr(Response) response = list_images (f, "cn-north-4", "__imagetype=shared");
    JsonArray *images = images_of (response);

    g_assert_cmpuint (json_array_get_length (images), ==, 1);
    partner = g_strdup (json_object_get_string_member (json_array_get_object_element (images, 0),
                                                       "owner"));
  }

  g_assert_cmpuint (count_images (f, "cn-north-4", "__imagetype=gold"), ==, 1);
  g_assert_cmpuint (count_images (f, "cn-north-4", "status=saving"), ==, 1);
  g_assert_cmpuint (count_images (f, "cn-north-4", "status=killed"), ==, 1);
  g_assert_cmpuint (count_images (f, "cn-north-4", "name=web-server"), ==, 1);
  g_assert_cmpuint (count_images (f, "cn-north-4", "name=CentOS%207.9%2064bit"), ==, 1);
  g_assert_cmpuint (count_images (f, "cn-north-4", "__whole_image=true"), ==, 2);
  g_assert_cmpuint (count_images (f, "cn-north-4", "__whole_image=false"), ==, 12);
  g_assert_cmpuint (count_images (f, "cn-north-4", "__imagetype=private&__whole_image=true"), ==,
                    2);
  g_assert_cmpuint (count_images (f, "cn-north-4", "virtual_env_type=IsoImage"), ==, 1);
  g_assert_cmpuint (count_images (f, "cn-north-4", "virtual_env_type=DataImage"), ==, 1);
  g_assert_cmpuint (count_images (f, "cn-north-4", "__imagetype=private&status=active&limit=3"), ==,
                    3);

  query = g_strdup_printf ("id=%s", web_server);
  g_assert_cmpuint (count_images (f, "cn-north-4", query), ==, 1);
  g_clear_pointer (&query, g_free);
  query = g_strdup_printf ("owner=%s", partner);
  g_assert_cmpuint (count_images (f, "cn-north-4", query), ==, 1);
  g_clear_pointer (&query, g_free);

  /* An image is in one region only. */
  query = g_strdup_printf ("id=%s", web_server);
  g_assert_cmpuint (count_images (f, "cn-east-2", query), ==, 0);

  /* A sub-project sees shared and public images, not the region project's own. */
  {
    g_autofree char *dev = project_id (f, "cn-north-4_dev");
    g_autoptr(Response) own = api_get (f, "ims", "cn-north-4",
                                       "/v2/cloudimages?__imagetype=private", dev);
    g_autoptr(Response) all = api_get (f, "ims", "cn-north-4", "/v2/cloudimages", dev);

    assert_ok (own, 200);
    assert_ok (all, 200);
    g_assert_cmpuint (json_array_get_length (images_of (own)), ==, 0);
    g_assert_cmpuint (json_array_get_length (images_of (all)), ==, 2);
  }

  /* Malformed queries. */
  {
    const char *bad[] = {
      "/v2/cloudimages?limit=0", "/v2/cloudimages?limit=ten", "/v2/cloudimages?limit=-1",
      "/v2/cloudimages?__whole_image=yes", "/v2/cloudimages?sort_dir=up",
      "/v2/cloudimages?marker=00000000-0000-0000-0000-000000000000",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(Response) response = api_get (f, "ims", "cn-north-4", bad[i], project);

        assert_nested_error (response, 400, "IMG.0017");
      }
  }

  /* A marker of another region is no marker here. */
  {
    g_autofree char *sg_app = image_id (f, "ap-southeast-3", "sg-app");
    g_autofree char *path = g_strdup_printf ("/v2/cloudimages?marker=%s", sg_app);
    g_autoptr(Response) response = api_get (f, "ims", "cn-north-4", path, project);

    assert_nested_error (response, 400, "IMG.0017");
  }
}

/* Pages through @region with @limit; returns the number of images and
 * checks that no id comes twice. */
static guint
page_through (Fixture    *f,
              const char *region,
              const char *filter,
              guint       limit,
              guint      *n_pages)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *marker = NULL;

  *n_pages = 0;
  for (;;)
    {
      g_autofree char *query = NULL;
      g_autoptr(Response) response = NULL;
      JsonArray *images;
      guint length;

      query = g_strdup_printf ("limit=%u%s%s%s%s", limit,
                               marker != NULL ? "&marker=" : "", marker != NULL ? marker : "",
                               filter[0] != '\0' ? "&" : "", filter);
      response = list_images (f, region, query);
      images = images_of (response);
      length = json_array_get_length (images);
      (*n_pages)++;
      g_assert_cmpuint (length, <=, limit);

      for (guint i = 0; i < length; i++)
        {
          const char *id = json_object_get_string_member (json_array_get_object_element (images, i),
                                                          "id");

          g_assert_true (g_hash_table_add (seen, g_strdup (id)));
        }

      if (length < limit)
        break;
      g_free (marker);
      marker = g_strdup (json_object_get_string_member (json_array_get_object_element (images,
                                                                                       length - 1),
                                                        "id"));
    }

  return g_hash_table_size (seen);
}

static void
test_ims_paging (Fixture       *f,
                 gconstpointer  data)
{
  guint n_pages;

  fixture_start (f, "images-per-region", 1100, NULL);

  /* limit: 500 by default, never above 1000. */
  g_assert_cmpuint (count_images (f, "cn-north-4", ""), ==, 500);
  g_assert_cmpuint (count_images (f, "cn-north-4", "limit=5000"), ==, 1000);

  /* 1100 generated images and 14 seed images visible to the project. */
  g_assert_cmpuint (page_through (f, "cn-north-4", "", 300, &n_pages), ==, 1114);
  g_assert_cmpuint (n_pages, ==, 4);
  g_assert_cmpuint (page_through (f, "cn-north-4", "__imagetype=private&status=active", 1000,
                                  &n_pages),
                    ==, 1100 + 10);
  g_assert_cmpuint (page_through (f, "eu-west-0", "sort_dir=asc", 275, &n_pages), ==, 1101);
  g_assert_cmpuint (n_pages, ==, 5);

  /* Newest first: the seed images come before the generated ones. */
  {
    g_autoptr(Response) response = list_images (f, "cn-north-4", "limit=1&sort_dir=asc");
    g_autoptr(Response) newest = list_images (f, "cn-north-4", "limit=14");
    JsonObject *oldest = json_array_get_object_element (images_of (response), 0);

    g_assert_cmpstr (json_object_get_string_member (oldest, "name"), ==, "generated-00001");
    g_assert_null (find_by_name (images_of (newest), "generated-01100"));
    g_assert_nonnull (find_by_name (images_of (newest), "web-server"));
  }
}

static void
test_ims_cross_region_copy (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *source = NULL;
  g_autofree char *job_id = NULL;
  g_autofree char *new_image = NULL;
  g_autofree char *sh2 = NULL;
  g_autofree char *origin = NULL;
  g_autoptr(JsonObject) source_image = NULL;
  JsonObject *job, *entities;
  double percent;

  fixture_start (f, "copy-seconds", 30, NULL);
  source = image_id (f, "cn-north-4", "web-server");
  sh2 = project_id (f, "cn-east-2");
  source_image = get_image (f, "cn-north-4", source);
  job_id = submit_cross_region_copy (f, "cn-north-4", source, "copy_华北-北京四_web-server",
                                     "cn-east-2");

  /* INIT: the job exists, the image does not yet. */
  {
    g_autoptr(Response) response = get_job (f, "cn-north-4", job_id);

    assert_ok (response, 200);
    job = response_object (response);
    g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "INIT");
    g_assert_cmpstr (json_object_get_string_member (job, "job_id"), ==, job_id);
    g_assert_cmpstr (json_object_get_string_member (job, "job_type"), ==,
                     "imsCrossRegionCopyImageJob");
    g_assert_nonnull (json_object_get_string_member (job, "begin_time"));
    g_assert_cmpstr (json_object_get_string_member (job, "end_time"), ==, "");
    g_assert_true (json_object_get_null_member (job, "error_code"));
    g_assert_true (json_object_get_null_member (job, "fail_reason"));
    entities = json_object_get_object_member (job, "entities");
    g_assert_cmpfloat (json_object_get_double_member (entities, "process_percent"), ==, 0.0);
    g_assert_cmpstr (json_object_get_string_member (entities, "image_name"), ==,
                     "copy_华北-北京四_web-server");
    new_image = g_strdup (json_object_get_string_member (entities, "image_id"));
    g_assert_true (is_uuid (new_image));
    g_assert_null (get_image (f, "cn-east-2", new_image));
  }

  /* RUNNING: the image is there, saving. */
  advance_clock (f, 2);
  {
    g_autoptr(Response) response = get_job (f, "cn-north-4", job_id);
    g_autoptr(JsonObject) image = NULL;

    assert_ok (response, 200);
    job = response_object (response);
    g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "RUNNING");
    entities = json_object_get_object_member (job, "entities");
    percent = json_object_get_double_member (entities, "process_percent");
    g_assert_cmpfloat (percent, >, 0.0);
    g_assert_cmpfloat (percent, <, 1.0);
    g_assert_nonnull (json_object_get_string_member (entities, "current_task"));

    image = get_image (f, "cn-east-2", new_image);
    g_assert_nonnull (image);
    origin = g_strdup_printf ("image,cn-north-4,%s", source);
    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "saving");
    g_assert_cmpstr (json_object_get_string_member (image, "name"), ==, "copy_华北-北京四_web-server");
    g_assert_cmpstr (json_object_get_string_member (image, "owner"), ==, sh2);
    g_assert_cmpstr (json_object_get_string_member (image, "__imagetype"), ==, "private");
    g_assert_cmpstr (json_object_get_string_member (image, "__data_origin"), ==, origin);
    g_assert_cmpstr (json_object_get_string_member (image, "__description"), ==, "a copy");
    g_assert_cmpstr (json_object_get_string_member (image, "__image_size"), ==,
                     json_object_get_string_member (source_image, "__image_size"));
    g_assert_cmpstr (json_object_get_string_member (image, "__os_version"), ==,
                     json_object_get_string_member (source_image, "__os_version"));
  }

  /* The newer job route says the same, rising. */
  advance_clock (f, 10);
  {
    g_autofree char *project = project_id (f, "cn-north-4");
    g_autofree char *path = g_strdup_printf ("/v1/cloudimages/job/%s", job_id);
    g_autoptr(Response) response = api_get (f, "ims", "cn-north-4", path, project);
    double later;

    assert_ok (response, 200);
    job = response_object (response);
    g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "RUNNING");
    later = json_object_get_double_member (json_object_get_object_member (job, "entities"),
                                           "process_percent");
    g_assert_cmpfloat (later, >, percent);
    g_assert_cmpfloat (later, <, 1.0);
  }

  /* SUCCESS at copy-seconds; the image turns active 3 s later. */
  advance_clock (f, 19);
  {
    g_autoptr(Response) response = get_job (f, "cn-north-4", job_id);
    g_autoptr(JsonObject) image = get_image (f, "cn-east-2", new_image);

    job = response_object (response);
    g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "SUCCESS");
    g_assert_cmpstr (json_object_get_string_member (job, "end_time"), !=, "");
    g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (job,
                                                                                     "entities"),
                                                      "process_percent"), ==, 1.0);
    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "saving");
  }
  advance_clock (f, 3);
  {
    g_autoptr(JsonObject) image = get_image (f, "cn-east-2", new_image);

    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "active");
  }

  /* Jobs are asked in the source region. */
  {
    g_autoptr(Response) elsewhere = get_job (f, "cn-east-2", job_id);
    g_autoptr(Response) unknown = get_job (f, "cn-north-4", "0123456789abcdef0123456789abcdef");

    assert_nested_error (elsewhere, 404, "IMG.0023");
    assert_nested_error (unknown, 404, "IMG.0023");
  }
}

static void
test_ims_copy_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *project = NULL;
  g_autofree char *web_server = NULL;
  g_autofree char *sg_app = NULL;
  g_autofree char *path = NULL;
  g_autofree char *long_name = g_strnfill (129, 'n');
  g_autofree char *long_description = g_strnfill (1025, 'd');
  struct {
    const char *body;
    const char *code;
  } cases[] = {
    /* The codes of the IMS error table (docs/huawei-api.md). */
    { "not json", "IMG.0001" },
    { "[]", "IMG.0001" },
    { "{" TO_SH2 ", " AGENCY "}", "IMG.0013" },
    { "{\"name\": 42, " TO_SH2 ", " AGENCY "}", "IMG.0001" },
    { "{\"name\": \" lead\", " TO_SH2 ", " AGENCY "}", "IMG.0003" },
    { "{\"name\": \"trail \", " TO_SH2 ", " AGENCY "}", "IMG.0003" },
    { "{\"name\": \"a<b\", " TO_SH2 ", " AGENCY "}", "IMG.0003" },
    { "{\"name\": \"a/b\", " TO_SH2 ", " AGENCY "}", "IMG.0003" },
    { "{\"name\": \"\", " TO_SH2 ", " AGENCY "}", "IMG.0013" },
    { "{\"name\": \"x\", \"description\": \"<b>\", " TO_SH2 ", " AGENCY "}", "IMG.0054" },
    { "{\"name\": \"x\", " AGENCY "}", "IMG.0001" },
    { "{\"name\": \"x\", " TO_SH2 "}", "IMG.0001" },
    { "{\"name\": \"x\", \"region\": \"xx-east-9\", " AGENCY "}", "IMG.0147" },
    { "{\"name\": \"x\", " TO_SH2 ", \"project_name\": \"cn-east-3\", " AGENCY "}", "IMG.0145" },
    { "{\"name\": \"x\", " TO_SH2 ", \"project_name\": \"MOS\", " AGENCY "}", "IMG.0145" },
    { "{\"name\": \"x\", \"region\": \"cn-north-4\", " AGENCY "}", "IMG.0104" },
    { "{\"name\": \"x\", " TO_SH2 ", \"agency_name\": \"no_such_agency\"}", "IMG.0179" },
  };

  fixture_start (f, NULL);
  project = project_id (f, "cn-north-4");
  web_server = image_id (f, "cn-north-4", "web-server");
  sg_app = image_id (f, "ap-southeast-3", "sg-app");
  path = g_strdup_printf ("/v1/cloudimages/%s/cross_region_copy", web_server);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", path, cases[i].body,
                                               project);

      g_test_message ("case %u: %s", i, cases[i].body);
      assert_nested_error (response, 400, cases[i].code);
    }

  {
    g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", " TO_SH2 ", " AGENCY "}",
                                             long_name);
    g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", path, body, project);

    assert_nested_error (response, 400, "IMG.0002");
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"name\": \"x\", \"description\": \"%s\", "
                                             TO_SH2 ", " AGENCY "}", long_description);
    g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", path, body, project);

    assert_nested_error (response, 400, "IMG.0004");
  }

  /* Unknown images, or images of another region. */
  {
    const char *body = "{\"name\": \"x\", " TO_SH2 ", " AGENCY "}";
    g_autofree char *elsewhere = g_strdup_printf ("/v1/cloudimages/%s/cross_region_copy", sg_app);
    g_autoptr(Response) unknown = api_post (f, "ims", "cn-north-4",
                                            "/v1/cloudimages/" NO_IMAGE "/cross_region_copy",
                                            body, project);
    g_autoptr(Response) other_region = api_post (f, "ims", "cn-north-4", elsewhere, body, project);

    assert_nested_error (unknown, 400, "IMG.0144");
    assert_nested_error (other_region, 400, "IMG.0144");
  }

  /* None of those made a job; well-formed ones do, Chinese names too,
   * and a region with one project needs no project name. */
  {
    g_autoptr(Response) stats = get_stats (f);

    g_assert_cmpint (json_object_get_int_member (response_object (stats), "copies_submitted"), ==,
                     0);
  }
  {
    const char *body = "{\"name\": \"复制 web-server_1.0\", \"region\": \"cn-east-2\", "
                       "\"agency_name\": \"ims_administrator_agency\", \"vault_id\": \"v\"}";
    g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", path, body, project);

    assert_ok (response, 200);
  }
}

static void
test_ims_in_region_copy (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *project = NULL;
  g_autofree char *source = NULL;
  g_autofree char *path = NULL;
  g_autofree char *new_image = NULL;
  const char *body = "{\"name\": \"web-encrypted\", \"description\": \"encrypted copy\", "
                     "\"cmk_id\": \"bd66288c-9081-460a-8227-4cbd0c814cb4\"}";

  fixture_start (f, "copy-seconds", 10, NULL);
  project = project_id (f, "ap-southeast-3");
  source = image_id (f, "ap-southeast-3", "sg-app");
  path = g_strdup_printf ("/v1/cloudimages/%s/copy", source);

  {
    g_autoptr(Response) response = api_post (f, "ims", "ap-southeast-3", path, body, project);
    g_autoptr(Response) job = NULL;
    JsonObject *object;

    assert_ok (response, 200);
    job = get_job (f, "ap-southeast-3",
                   json_object_get_string_member (response_object (response), "job_id"));
    assert_ok (job, 200);
    object = response_object (job);
    g_assert_cmpstr (json_object_get_string_member (object, "job_type"), ==,
                     "imsCopyImageInRegionJob");
    new_image = g_strdup (json_object_get_string_member (json_object_get_object_member (object,
                                                                                        "entities"),
                                                         "image_id"));
  }

  advance_clock (f, 12);
  {
    g_autoptr(JsonObject) image = get_image (f, "ap-southeast-3", new_image);
    g_autoptr(Response) stats = get_stats (f);

    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "active");
    g_assert_cmpstr (json_object_get_string_member (image, "owner"), ==, project);
    g_assert_cmpstr (json_object_get_string_member (image, "__system__cmkid"), ==,
                     "bd66288c-9081-460a-8227-4cbd0c814cb4");
    /* The limit of five concerns cross-region copies only. */
    g_assert_cmpint (json_object_get_int_member (response_object (stats), "copies_submitted"), ==,
                     0);
  }

  {
    g_autoptr(Response) unknown = api_post (f, "ims", "ap-southeast-3",
                                            "/v1/cloudimages/" NO_IMAGE "/copy", body, project);
    g_autoptr(Response) nameless = api_post (f, "ims", "ap-southeast-3", path, "{}", project);

    assert_nested_error (unknown, 400, "IMG.0027");
    assert_nested_error (nameless, 400, "IMG.0013");
  }
}

/* Every member the IMS reference's SDK model marks as always present in a
 * ListImages record (ImageInfo of huaweicloud-sdk-go-v3), with its JSON
 * type; docs/huawei-api.md. */
static const struct {
  const char *member;
  GType       type;       /* G_TYPE_STRING, G_TYPE_INT64, G_TYPE_BOOLEAN, or JSON_TYPE_ARRAY */
} always_present[] = {
  { "id", G_TYPE_STRING }, { "name", G_TYPE_STRING }, { "status", G_TYPE_STRING },
  { "owner", G_TYPE_STRING }, { "visibility", G_TYPE_STRING }, { "__imagetype", G_TYPE_STRING },
  { "__isregistered", G_TYPE_STRING }, { "__image_size", G_TYPE_STRING },
  { "__image_source_type", G_TYPE_STRING }, { "__os_type", G_TYPE_STRING },
  { "container_format", G_TYPE_STRING }, { "min_disk", G_TYPE_INT64 },
  { "min_ram", G_TYPE_INT64 }, { "protected", G_TYPE_BOOLEAN }, { "tags", G_TYPE_NONE },
  { "self", G_TYPE_STRING }, { "created_at", G_TYPE_STRING }, { "updated_at", G_TYPE_STRING },
  { "active_at", G_TYPE_STRING }, { "virtual_env_type", G_TYPE_STRING },
};

static void
assert_complete_record (JsonObject *image)
{
  g_autofree char *self_path = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (always_present); i++)
    {
      JsonNode *node = json_object_get_member (image, always_present[i].member);

      if (node == NULL)
        g_error ("“%s” has no %s", json_object_get_string_member (image, "name"),
                 always_present[i].member);
      if (always_present[i].type == G_TYPE_NONE)
        g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
      else
        g_assert_cmpint (json_node_get_value_type (node), ==, always_present[i].type);
    }

  /* Only served links: self is GlanceShowImage, file is left out. */
  self_path = g_strconcat ("/v2/images/", json_object_get_string_member (image, "id"), NULL);
  g_assert_cmpstr (json_object_get_string_member (image, "self"), ==, self_path);
  g_assert_false (json_object_has_member (image, "file"));
  /* Active images say since when; others have no such time. */
  if (g_str_equal (json_object_get_string_member (image, "status"), "active"))
    {
      g_autoptr(GDateTime) active = g_date_time_new_from_iso8601 (json_object_get_string_member (image, "active_at"),
                                                                  NULL);

      g_assert_nonnull (active);
    }
  else
    g_assert_cmpstr (json_object_get_string_member (image, "active_at"), ==, "");
}

static void
test_ims_records_complete (Fixture       *f,
                           gconstpointer  data)
{
  const char *regions[] = { "cn-north-4", "cn-east-2", "ap-southeast-3" };
  g_autofree char *source = NULL;
  g_autofree char *job_id = NULL;
  g_autofree char *new_image = NULL;

  fixture_start (f, "copy-seconds", 10, NULL);

  /* The listing, every record of it. */
  for (guint r = 0; r < G_N_ELEMENTS (regions); r++)
    {
      g_autoptr(Response) response = list_images (f, regions[r], "");
      JsonArray *images = images_of (response);

      g_assert_cmpuint (json_array_get_length (images), >, 0);
      for (guint i = 0; i < json_array_get_length (images); i++)
        assert_complete_record (json_array_get_object_element (images, i));
    }

  /* ?id= lookups. */
  source = image_id (f, "cn-north-4", "web-server");
  {
    g_autoptr(JsonObject) image = get_image (f, "cn-north-4", source);

    assert_complete_record (image);
  }

  /* A new copy, saving then active, carries them too, with its parent. */
  job_id = submit_cross_region_copy (f, "cn-north-4", source, "complete-copy", "cn-east-2");
  advance_clock (f, 2);
  {
    g_autoptr(Response) job = get_job (f, "cn-north-4", job_id);
    g_autoptr(JsonObject) image = NULL;

    new_image = g_strdup (json_object_get_string_member (json_object_get_object_member (response_object (job),
                                                                                        "entities"),
                                                         "image_id"));
    image = get_image (f, "cn-east-2", new_image);
    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "saving");
    assert_complete_record (image);
    g_assert_cmpstr (json_object_get_string_member (image, "__originalimagename"), ==, source);
  }
  advance_clock (f, 20);
  {
    g_autoptr(JsonObject) image = get_image (f, "cn-east-2", new_image);

    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "active");
    assert_complete_record (image);
  }
}

static void
test_ims_show_image (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *project = NULL;
  g_autofree char *web_server = NULL;
  g_autofree char *partner = NULL;
  g_autoptr(JsonObject) listed = NULL;

  fixture_start (f, NULL);
  project = project_id (f, "cn-north-4");
  web_server = image_id (f, "cn-north-4", "web-server");
  listed = get_image (f, "cn-north-4", web_server);

  /* The self link answers with the same record. */
  {
    g_autoptr(Response) response = api_get (f, "ims", "cn-north-4",
                                            json_object_get_string_member (listed, "self"),
                                            project);
    JsonObject *image;

    assert_ok (response, 200);
    image = response_object (response);
    g_assert_cmpstr (json_object_get_string_member (image, "id"), ==, web_server);
    g_assert_cmpstr (json_object_get_string_member (image, "name"), ==, "web-server");
    assert_complete_record (image);
  }

  /* Unknown, in another region, or another project's private image. */
  {
    g_autofree char *sh2_project = project_id (f, "cn-east-2");
    g_autofree char *path = g_strconcat ("/v2/images/", web_server, NULL);
    g_autoptr(Response) unknown = api_get (f, "ims", "cn-north-4", "/v2/images/" NO_IMAGE, project);
    g_autoptr(Response) elsewhere = api_get (f, "ims", "cn-east-2", path, sh2_project);

    assert_nested_error (unknown, 404, "IMG.0086");
    assert_nested_error (elsewhere, 404, "IMG.0086");
  }

  /* A shared image is visible to the project it is shared with. */
  partner = image_id (f, "cn-north-4", "partner-shared");
  {
    g_autofree char *path = g_strconcat ("/v2/images/", partner, NULL);
    g_autoptr(Response) response = api_get (f, "ims", "cn-north-4", path, project);

    assert_ok (response, 200);
  }
}

static void
test_ims_in_region_refused (Fixture       *f,
                            gconstpointer  data)
{
  /* CopyImageInRegion's restrictions (ims_03_0627), asked of ferry-rules. */
  const struct {
    const char *image;
    const char *code;
  } cases[] = {
    { "whole-csbs", "IMG.0130" },
    { "whole-cbr", "IMG.0130" },
    { "installer-iso", "IMG.0167" },
    { "bigdata-320g", "IMG.0146" },
    { "build-in-progress", "IMG.0046" },
  };
  g_autofree char *project = NULL;

  fixture_start (f, NULL);
  project = project_id (f, "cn-north-4");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = image_id (f, "cn-north-4", cases[i].image);
      g_autofree char *path = g_strdup_printf ("/v1/cloudimages/%s/copy", id);
      g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", path, "{\"name\": \"here\"}",
                                               project);

      g_test_message ("in-region copy of %s", cases[i].image);
      assert_nested_error (response, 400, cases[i].code);
    }

  /* Encryption is no obstacle within a region. */
  {
    g_autofree char *id = image_id (f, "cn-north-4", "secure-encrypted");
    g_autofree char *path = g_strdup_printf ("/v1/cloudimages/%s/copy", id);
    g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", path, "{\"name\": \"here\"}",
                                             project);

    assert_ok (response, 200);
  }
}

/* Image tags: the three calls as the IMS reference defines them
 * (docs/huawei-api.md, "Quota and tags"). */

static char *
tags_text (Fixture    *f,
           const char *path,
           const char *project)
{
  g_autoptr(Response) response = api_get (f, "ims", "cn-north-4", path, project);
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *tags;

  assert_ok (response, 200);
  tags = json_object_get_array_member (response_object (response), "tags");
  g_assert_nonnull (tags);
  for (guint i = 0; i < json_array_get_length (tags); i++)
    {
      JsonObject *tag = json_array_get_object_element (tags, i);

      g_string_append_printf (text, "%s%s=%s", i > 0 ? "," : "",
                              json_object_get_string_member (tag, "key"),
                              json_object_get_string_member (tag, "value"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_ims_tags (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ferry-sandbox-XXXXXX", &error);
  g_autofree char *state = g_build_filename (dir, "state.json", NULL);
  g_autofree char *project = NULL;
  g_autofree char *web = NULL;
  g_autofree char *db = NULL;
  g_autofree char *tags_path = NULL;
  g_autofree char *action_path = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *long_key = g_strnfill (37, 'k');
  g_autofree char *long_value = g_strnfill (44, 'v');
  g_autofree char *key_36 = g_strnfill (36, 'k');
  struct {
    const char *path_suffix;
    char       *body;
    const char *code;
  } refused[] = {
    /* Documented limits, the table's codes. */
    { "/action", g_strdup ("{\"action\": \"create\", \"tags\": [{\"key\": \"\", \"value\": \"x\"}]}"), "IMG.0115" },
    { "/action", g_strdup ("{\"action\": \"create\", \"tags\": [{\"key\": \"  \", \"value\": \"x\"}]}"), "IMG.0115" },
    { "/action", g_strdup_printf ("{\"action\": \"create\", \"tags\": [{\"key\": \"%s\", \"value\": \"x\"}]}", long_key), "IMG.0115" },
    { "/action", g_strdup_printf ("{\"action\": \"create\", \"tags\": [{\"key\": \"k\", \"value\": \"%s\"}]}", long_value), "IMG.0115" },
    { "/action", g_strdup ("{\"action\": \"create\", \"tags\": [{\"key\": \"a\", \"value\": \"1\"}, {\"key\": \"a\", \"value\": \"2\"}]}"), "IMG.0115" },
    { "/action", g_strdup ("{\"action\": \"create\", \"tags\": [{\"key\": \"_sys_x\", \"value\": \"1\"}]}"), "IMG.0115" },
    { "/action", g_strdup ("{\"action\": \"create\", \"tags\": [{\"key\": \"a=b\", \"value\": \"1\"}]}"), "IMG.0115" },
    { "/action", g_strdup ("{\"action\": \"create\", \"tags\": [{\"key\": \"a\"}]}"), "IMG.0001" },
    { "/action", g_strdup ("{\"action\": \"Create\", \"tags\": []}"), "IMG.0001" },
    { "/action", g_strdup ("{\"tags\": []}"), "IMG.0001" },
    { "", g_strdup ("{\"tag\": {\"key\": \"_sys_x\", \"value\": \"1\"}}"), "IMG.0115" },
    { "", g_strdup ("{\"tag\": {\"key\": 1, \"value\": \"1\"}}"), "IMG.0001" },
    { "", g_strdup ("{}"), "IMG.0001" },
  };

  g_assert_no_error (error);
  fixture_start (f, "state-file", state, NULL);
  project = project_id (f, "cn-north-4");
  web = image_id (f, "cn-north-4", "web-server");
  db = image_id (f, "cn-north-4", "db-server");
  tags_path = g_strdup_printf ("/v2/%s/images/%s/tags", project, web);
  action_path = g_strdup_printf ("%s/action", tags_path);
  db_path = g_strdup_printf ("/v2/%s/images/%s/tags", project, db);

  /* The seed's tags, in the order they were added. */
  text = tags_text (f, tags_path, project);
  g_assert_cmpstr (text, ==, "owner=web-team,cost-center=cc-1024,env=production");
  g_clear_pointer (&text, g_free);
  text = tags_text (f, db_path, project);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *path = g_strconcat (tags_path, refused[i].path_suffix, NULL);
      g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", path, refused[i].body,
                                               project);

      g_test_message ("refused %u: %s", i, refused[i].body);
      assert_nested_error (response, 400, refused[i].code);
      g_free (refused[i].body);
    }
  /* A refused request changed nothing. */
  text = tags_text (f, tags_path, project);
  g_assert_cmpstr (text, ==, "owner=web-team,cost-center=cc-1024,env=production");
  g_clear_pointer (&text, g_free);

  /* Create is idempotent: the same tag again, a new value, an empty one,
   * a 36-character key. */
  {
    g_autofree char *body = g_strdup_printf ("{\"action\": \"create\", \"tags\": ["
                                             "{\"key\": \"owner\", \"value\": \"web-team\"}, "
                                             "{\"key\": \"env\", \"value\": \"prod.1\"}, "
                                             "{\"key\": \"标签\", \"value\": \"\"}, "
                                             "{\"key\": \"%s\", \"value\": \"x\"}]}", key_36);
    g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", action_path, body, project);

    g_assert_no_error (response->error);
    g_assert_cmpuint (response->status, ==, 204);
  }
  {
    g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", tags_path,
                                             "{\"tag\": {\"key\": \"team\", \"value\": \"a\"}}",
                                             project);

    g_assert_no_error (response->error);
    g_assert_cmpuint (response->status, ==, 204);
  }
  text = tags_text (f, tags_path, project);
  {
    g_autofree char *expected = g_strdup_printf ("owner=web-team,cost-center=cc-1024,env=prod.1,"
                                                 "标签=,%s=x,team=a", key_36);

    g_assert_cmpstr (text, ==, expected);
  }
  g_clear_pointer (&text, g_free);

  /* Ten tags per image: six now, five more is one too many. */
  {
    g_autoptr(Response) response =
      api_post (f, "ims", "cn-north-4", action_path,
                "{\"action\": \"create\", \"tags\": [{\"key\": \"t1\", \"value\": \"\"}, "
                "{\"key\": \"t2\", \"value\": \"\"}, {\"key\": \"t3\", \"value\": \"\"}, "
                "{\"key\": \"t4\", \"value\": \"\"}, {\"key\": \"t5\", \"value\": \"\"}]}",
                project);

    assert_nested_error (response, 400, "IMG.0116");
  }

  /* Delete: a missing tag is no error; no character check. */
  {
    g_autoptr(Response) response =
      api_post (f, "ims", "cn-north-4", action_path,
                "{\"action\": \"delete\", \"tags\": [{\"key\": \"team\"}, "
                "{\"key\": \"no=such\", \"value\": \"x\"}, {\"key\": \"标签\", \"value\": \"\"}]}",
                project);

    g_assert_no_error (response->error);
    g_assert_cmpuint (response->status, ==, 204);
  }

  /* Another project's view, and an unknown image. */
  {
    g_autofree char *other = project_id (f, "cn-east-2");
    g_autofree char *path = g_strdup_printf ("/v2/%s/images/%s/tags", other, web);
    g_autoptr(Response) response = api_get (f, "ims", "cn-east-2", path, other);
    g_autofree char *unknown = g_strdup_printf ("/v2/%s/images/%s/tags", project,
                                                "00000000-0000-0000-0000-000000000000");
    g_autoptr(Response) missing = api_get (f, "ims", "cn-north-4", unknown, project);

    assert_nested_error (response, 404, "IMG.0027");
    assert_nested_error (missing, 404, "IMG.0027");
  }

  /* Kept across a restart, deletions included. */
  fixture_stop (f);
  fixture_start (f, "state-file", state, NULL);
  text = tags_text (f, tags_path, project);
  {
    g_autofree char *expected = g_strdup_printf ("owner=web-team,cost-center=cc-1024,env=prod.1,"
                                                 "%s=x", key_36);

    g_assert_cmpstr (text, ==, expected);
  }
  fixture_stop (f);
  g_remove (state);
  g_rmdir (dir);
}

/* ListImages' "tags" member follows the tag calls. Documented: it is an
 * array of strings that every record carries (ims_03_0602; SDK
 * GlanceShowImageListResponseBody and ImageInfo: "镜像标签列表 … 用户可以通过
 * 镜像标签接口为每个镜像增加不同的标签"), GlanceShowImage answering the same.
 * Assumed: each string is "key=value" (the page's "tag" filter says tags
 * are now queried as "Key=Value"), "key=" for an empty value, in the order
 * ListImageTags gives. */

static char *
record_tags_text (JsonObject *image)
{
  JsonArray *tags = json_object_get_array_member (image, "tags");
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_nonnull (tags);
  for (guint i = 0; i < json_array_get_length (tags); i++)
    {
      JsonNode *node = json_array_get_element (tags, i);

      g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
      g_string_append_printf (text, "%s%s", i > 0 ? "," : "", json_node_get_string (node));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The tags of @id as ListImages and GlanceShowImage give them, which must agree. */
static char *
listed_tags_text (Fixture    *f,
                  const char *project,
                  const char *id)
{
  g_autoptr(JsonObject) listed = get_image (f, "cn-north-4", id);
  g_autofree char *path = g_strconcat ("/v2/images/", id, NULL);
  g_autoptr(Response) shown = api_get (f, "ims", "cn-north-4", path, project);
  g_autofree char *text = NULL;
  g_autofree char *shown_text = NULL;

  g_assert_nonnull (listed);
  assert_ok (shown, 200);
  text = record_tags_text (listed);
  shown_text = record_tags_text (response_object (shown));
  g_assert_cmpstr (shown_text, ==, text);
  return g_steal_pointer (&text);
}

static void
test_ims_list_images_tags (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *project = NULL;
  g_autofree char *web = NULL;
  g_autofree char *db = NULL;
  g_autofree char *action_path = NULL;
  g_autofree char *text = NULL;

  fixture_start (f, NULL);
  project = project_id (f, "cn-north-4");
  web = image_id (f, "cn-north-4", "web-server");
  db = image_id (f, "cn-north-4", "db-server");
  action_path = g_strdup_printf ("/v2/%s/images/%s/tags/action", project, web);

  /* The seed's tags, and none. */
  text = listed_tags_text (f, project, web);
  g_assert_cmpstr (text, ==, "owner=web-team,cost-center=cc-1024,env=production");
  g_clear_pointer (&text, g_free);
  text = listed_tags_text (f, project, db);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  /* Created, changed and deleted tags show at once. */
  {
    g_autoptr(Response) created =
      api_post (f, "ims", "cn-north-4", action_path,
                "{\"action\": \"create\", \"tags\": [{\"key\": \"env\", \"value\": \"staging\"}, "
                "{\"key\": \"标签\", \"value\": \"\"}]}", project);
    g_autoptr(Response) deleted =
      api_post (f, "ims", "cn-north-4", action_path,
                "{\"action\": \"delete\", \"tags\": [{\"key\": \"owner\"}]}", project);

    g_assert_no_error (created->error);
    g_assert_cmpuint (created->status, ==, 204);
    g_assert_no_error (deleted->error);
    g_assert_cmpuint (deleted->status, ==, 204);
  }
  text = listed_tags_text (f, project, web);
  g_assert_cmpstr (text, ==, "cost-center=cc-1024,env=staging,标签=");
  g_clear_pointer (&text, g_free);
  text = listed_tags_text (f, project, db);
  g_assert_cmpstr (text, ==, "");

  fixture_stop (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sandbox/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("ims/image-records", test_ims_image_records);
  ADD ("ims/seed-is-stable", test_ims_seed_is_stable);
  ADD ("ims/filters", test_ims_filters);
  ADD ("ims/paging", test_ims_paging);
  ADD ("ims/cross-region-copy", test_ims_cross_region_copy);
  ADD ("ims/copy-refused", test_ims_copy_refused);
  ADD ("ims/records-complete", test_ims_records_complete);
  ADD ("ims/show-image", test_ims_show_image);
  ADD ("ims/in-region-refused", test_ims_in_region_refused);
  ADD ("ims/in-region-copy", test_ims_in_region_copy);
  ADD ("ims/tags", test_ims_tags);
  ADD ("ims/list-images-tags", test_ims_list_images_tags);

#undef ADD

  return g_test_run ();
}
