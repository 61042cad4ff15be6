/* test-rules.c: every rule of the document, table by table
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-i18n.h"
#include "ferry-region-catalogue.h"
#include "ferry-rules.h"

#define OWN_PROJECT  "0605767b5b0028b2b9d4c019a4b2d9b0"
#define DEST_PROJECT "0605767b5b0028b2b9d4c019a4b2d9b1"
#define GIB          G_GUINT64_CONSTANT (1073741824)

static FerryRegionCatalogue *catalogue;
static gboolean chinese;

static FerryImage *
image_from (const char *extra_members)
{
  /* An ordinary own, active, 40 GiB system disk image, plus @extra_members
   * which override any of these. */
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  FerryImage *image;

  text = g_strdup_printf ("{\"id\": \"img-1\", \"name\": \"web\", \"status\": \"active\","
                          " \"__imagetype\": \"private\", \"visibility\": \"private\","
                          " \"owner\": \"" OWN_PROJECT "\", \"__image_size\": \"42949672960\","
                          " \"__os_type\": \"Linux\" %s%s}",
                          extra_members != NULL ? "," : "",
                          extra_members != NULL ? extra_members : "");
  /* Later duplicate members win in json-glib, which is what we want. */
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  image = ferry_image_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  return image;
}

static FerryRegion *
region (const char *id)
{
  FerryRegion *r = ferry_region_catalogue_lookup (catalogue, id);

  g_assert_nonnull (r);
  return r;
}

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

/* "code/SERVER,code/SERVER" of the violations, in order. */
static char *
describe (GPtrArray *violations)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < violations->len; i++)
    {
      FerryViolation *v = g_ptr_array_index (violations, i);
      const char *message = ferry_violation_get_message (v);

      g_test_message ("%s: %s", ferry_violation_get_code (v), message);
      g_assert_true (message != NULL && *message != '\0');
      /* Each message is in the language of the interface. */
      g_assert_true (has_han (message) == chinese ||
                     (!chinese && ferry_violation_get_rule (v) == FERRY_RULE_TOO_LARGE));
      if (s->len > 0)
        g_string_append_c (s, ',');
      g_string_append_printf (s, "%s/%s", ferry_violation_get_code (v),
                              ferry_violation_get_server_code (v));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

typedef struct
{
  const char *label;
  const char *image;        /* extra JSON members */
  const char *source;
  const char *destination;
  const char *expected;     /* of ferry_rules_check_destination */
} DestinationCase;

static const DestinationCase destination_cases[] = {
  { "plain", NULL, "cn-north-4", "cn-east-2", "" },
  { "plain abroad", NULL, "cn-north-4", "ap-southeast-3", "" },
  { "plain between abroad", NULL, "af-south-1", "eu-west-0", "" },
  { "plain to shanghai1", NULL, "cn-north-4", "cn-east-3", "" },
  { "uninitialized", "\"__is_config_init\": \"false\"", "cn-north-4", "cn-east-2", "" },
  { "shared", "\"__imagetype\": \"shared\", \"visibility\": \"shared\", \"owner\": \"someone\"",
    "cn-north-4", "cn-east-2", "not-own-private/IMG.0144" },
  { "public", "\"__imagetype\": \"gold\", \"visibility\": \"public\"", "cn-north-4", "cn-east-2",
    "not-own-private/IMG.0144" },
  { "market", "\"__imagetype\": \"market\"", "cn-north-4", "cn-east-2", "not-own-private/IMG.0144" },
  { "other project", "\"owner\": \"another-project\"", "cn-north-4", "cn-east-2",
    "not-own-private/IMG.0144" },
  { "queued", "\"status\": \"queued\"", "cn-north-4", "cn-east-2", "status/IMG.0046" },
  { "saving", "\"status\": \"saving\"", "cn-north-4", "cn-east-2", "status/IMG.0046" },
  { "killed", "\"status\": \"killed\"", "cn-north-4", "cn-east-2", "status/IMG.0046" },
  { "deleted", "\"status\": \"deleted\"", "cn-north-4", "cn-east-2", "status/IMG.0046" },
  { "odd status", "\"status\": \"pending_delete\"", "cn-north-4", "cn-east-2", "status/IMG.0046" },
  { "encrypted", "\"__system__cmkid\": \"kms-key-1\"", "cn-north-4", "cn-east-2",
    "encrypted/IMG.0143" },
  { "iso env", "\"virtual_env_type\": \"IsoImage\"", "cn-north-4", "cn-east-2", "iso/IMG.0167" },
  { "iso format", "\"disk_format\": \"iso\"", "cn-north-4", "cn-east-2", "iso/IMG.0167" },
  /* Size: 300 GiB from the four regions the CopyImageCrossRegion page
   * names, 128 GiB from every other (data/regions.json). */
  { "exactly 128 GiB", "\"__image_size\": \"137438953472\"", "cn-north-1", "cn-east-2", "" },
  { "one byte over 128 GiB", "\"__image_size\": \"137438953473\"", "cn-north-1", "cn-east-2",
    "too-large/IMG.0146" },
  { "over 128 GiB abroad", "\"__image_size\": \"137438953473\"", "ap-southeast-3", "cn-north-4",
    "too-large/IMG.0146" },
  { "over 128 GiB from beijing4", "\"__image_size\": \"137438953473\"", "cn-north-4", "cn-east-2", "" },
  { "exactly 300 GiB from beijing4", "\"__image_size\": \"322122547200\"", "cn-north-4", "cn-east-2", "" },
  { "one byte over 300 GiB from beijing4", "\"__image_size\": \"322122547201\"", "cn-north-4",
    "cn-east-2", "too-large/IMG.0146" },
  { "exactly 300 GiB from guangzhou", "\"__image_size\": \"322122547200\"", "cn-south-1", "cn-north-4", "" },
  { "exactly 300 GiB from shanghai1", "\"__image_size\": \"322122547200\"", "cn-east-3", "cn-north-4", "" },
  { "exactly 300 GiB from shanghai2", "\"__image_size\": \"322122547200\"", "cn-east-2", "cn-north-4", "" },
  { "one byte over 300 GiB from shanghai2", "\"__image_size\": \"322122547201\"", "cn-east-2",
    "cn-north-4", "too-large/IMG.0146" },
  { "200 GiB to beijing4 is the source's business", "\"__image_size\": \"214748364800\"",
    "cn-north-1", "cn-north-4", "too-large/IMG.0146" },
  { "same region", NULL, "cn-north-4", "cn-north-4", "same-region/IMG.0142" },
  /* Whole images: every class of region pair. */
  { "whole mainland", "\"__whole_image\": \"true\", \"__data_origin\": \"server_backup,b1\"",
    "cn-north-4", "cn-east-2", "" },
  { "whole to shanghai1", "\"__whole_image\": \"true\", \"__data_origin\": \"server_backup,b1\"",
    "cn-north-4", "cn-east-3", "whole-image-region/IMG.0147" },
  { "whole from guiyang1", "\"__whole_image\": \"true\", \"__data_origin\": \"server_backup,b1\"",
    "cn-southwest-2", "cn-north-4", "whole-image-region/IMG.0147" },
  { "whole between abroad", "\"__whole_image\": \"true\", \"__data_origin\": \"server_backup,b1\"",
    "ap-southeast-3", "ap-southeast-1", "whole-image-outside-mainland/IMG.0147" },
  { "whole out of mainland", "\"__whole_image\": \"true\", \"__data_origin\": \"server_backup,b1\"",
    "cn-north-1", "ap-southeast-3", "whole-image-cross-border/IMG.0147" },
  { "whole into mainland", "\"__whole_image\": \"true\", \"__data_origin\": \"server_backup,b1\"",
    "ap-southeast-3", "cn-north-4", "whole-image-cross-border/IMG.0147" },
  { "whole shanghai1 abroad", "\"__whole_image\": \"true\", \"__data_origin\": \"server_backup,b1\"",
    "cn-east-3", "ap-southeast-3", "whole-image-region/IMG.0147,whole-image-cross-border/IMG.0147" },
  /* Several rules at once: all are reported. */
  { "everything wrong", "\"__imagetype\": \"shared\", \"owner\": \"x\", \"status\": \"saving\","
    " \"__system__cmkid\": \"k\", \"disk_format\": \"iso\", \"__image_size\": \"400000000000\"",
    "cn-north-4", "cn-north-4",
    "not-own-private/IMG.0144,status/IMG.0046,encrypted/IMG.0143,iso/IMG.0167,too-large/IMG.0146,"
    "same-region/IMG.0142" },
};

static void
test_destinations (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (destination_cases); i++)
    {
      const DestinationCase *c = &destination_cases[i];
      g_autoptr(FerryImage) image = image_from (c->image);
      g_autoptr(GPtrArray) violations = NULL;
      g_autofree char *got = NULL;
      FerryCopyFacts facts = {
        .image = image,
        .source = region (c->source),
        .project_id = OWN_PROJECT,
        .destination = region (c->destination),
      };

      g_test_message ("case: %s", c->label);
      violations = ferry_rules_check_destination (&facts);
      got = describe (violations);
      g_assert_cmpstr (got, ==, c->expected);
    }
}

static void
test_image_only (void)
{
  g_autoptr(FerryImage) encrypted = image_from ("\"__system__cmkid\": \"k\"");
  g_autoptr(FerryImage) whole = image_from ("\"__whole_image\": true");
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autofree char *got_a = NULL;
  g_autofree char *got_b = NULL;
  FerryCopyFacts facts = { .image = encrypted, .source = region ("cn-north-4"), .project_id = OWN_PROJECT };

  a = ferry_rules_check_image (&facts);
  got_a = describe (a);
  g_assert_cmpstr (got_a, ==, "encrypted/IMG.0143");

  /* A whole image is copyable as such; only destinations limit it. */
  facts.image = whole;
  b = ferry_rules_check_image (&facts);
  got_b = describe (b);
  g_assert_cmpstr (got_b, ==, "");
}

/* The image-level verdict, with the catalogue: rules of the source region
 * alone, and images that no region can take. */
typedef struct
{
  const char *label;
  const char *image;
  const char *source;
  const char *expected;
} AnywhereCase;

#define WHOLE "\"__whole_image\": \"true\", \"__data_origin\": \"server_backup,b1\""

static const AnywhereCase anywhere_cases[] = {
  { "plain", NULL, "cn-north-4", "" },
  { "plain abroad", NULL, "ap-southeast-3", "" },
  { "plain from shanghai1", NULL, "cn-east-3", "" },
  { "whole in the mainland", WHOLE, "cn-north-4", "" },
  { "whole from shanghai1", WHOLE, "cn-east-3", "whole-image-region/IMG.0147" },
  { "whole from guiyang1", WHOLE, "cn-southwest-2", "whole-image-region/IMG.0147" },
  /* Not to another region outside the mainland, nor into it. */
  { "whole from singapore", WHOLE, "ap-southeast-3", "no-destination/IMG.0147" },
  { "whole from johannesburg", WHOLE, "af-south-1", "no-destination/IMG.0147" },
  { "whole from hong kong", WHOLE, "ap-southeast-1", "no-destination/IMG.0147" },
  /* What rules the image out already is said, not "nowhere" on top. */
  { "encrypted whole abroad", WHOLE ", \"__system__cmkid\": \"k\"", "ap-southeast-3",
    "encrypted/IMG.0143" },
};

static void
test_image_anywhere (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (anywhere_cases); i++)
    {
      const AnywhereCase *c = &anywhere_cases[i];
      g_autoptr(FerryImage) image = image_from (c->image);
      g_autoptr(GPtrArray) violations = NULL;
      g_autoptr(GPtrArray) without = NULL;
      g_autofree char *got = NULL;
      g_autofree char *got_without = NULL;
      FerryCopyFacts facts = {
        .image = image,
        .source = region (c->source),
        .project_id = OWN_PROJECT,
        .regions = G_LIST_MODEL (catalogue),
      };

      g_test_message ("case: %s", c->label);
      violations = ferry_rules_check_image (&facts);
      got = describe (violations);
      g_assert_cmpstr (got, ==, c->expected);

      /* The source region's own rule holds without the catalogue; "no
       * region at all" needs it. */
      facts.regions = NULL;
      without = ferry_rules_check_image (&facts);
      got_without = describe (without);
      if (g_str_has_prefix (c->expected, "no-destination"))
        g_assert_cmpstr (got_without, ==, "");
      else
        g_assert_cmpstr (got_without, ==, c->expected);
    }
}

static void
test_image_anywhere_named (void)
{
  g_autoptr(FerryImage) whole = image_from (WHOLE);
  g_autoptr(FerryImage) plain = image_from (NULL);
  g_autoptr(GListStore) only_source = g_list_store_new (FERRY_TYPE_REGION);
  g_autoptr(GPtrArray) from_shanghai1 = NULL;
  g_autoptr(GPtrArray) from_singapore = NULL;
  g_autoptr(GPtrArray) nowhere = NULL;
  g_autofree char *got = NULL;
  FerryCopyFacts facts = { .image = whole, .source = region ("cn-east-3"), .project_id = OWN_PROJECT,
                           .regions = G_LIST_MODEL (catalogue) };
  const char *message;

  /* Each says the region at hand, in the interface's language. */
  from_shanghai1 = ferry_rules_check_image (&facts);
  g_assert_cmpuint (from_shanghai1->len, ==, 1);
  message = ferry_violation_get_message (g_ptr_array_index (from_shanghai1, 0));
  g_assert_nonnull (strstr (message, chinese ? "华东-上海一" : "CN East-Shanghai1"));

  facts.source = region ("ap-southeast-3");
  from_singapore = ferry_rules_check_image (&facts);
  g_assert_cmpuint (from_singapore->len, ==, 1);
  message = ferry_violation_get_message (g_ptr_array_index (from_singapore, 0));
  g_assert_nonnull (strstr (message, chinese ? "亚太-新加坡" : "AP-Singapore"));

  /* Whatever the reason, a catalogue with no other region leaves none. */
  g_list_store_append (only_source, region ("cn-north-4"));
  facts.image = plain;
  facts.source = region ("cn-north-4");
  facts.regions = G_LIST_MODEL (only_source);
  nowhere = ferry_rules_check_image (&facts);
  got = describe (nowhere);
  g_assert_cmpstr (got, ==, "no-destination/IMG.0147");
}

static FerryVault *
vault_from (const char *project,
            const char *protect,
            const char *object,
            const char *status,
            int         size_gb,
            int         used_mb)
{
  g_autofree char *text = g_strdup_printf ("{\"id\": \"v1\", \"name\": \"vault-1\", \"project_id\": \"%s\","
                                           " \"billing\": {\"protect_type\": \"%s\", \"object_type\": \"%s\","
                                           " \"status\": \"%s\", \"size\": %d, \"used\": %d}}",
                                           project, protect, object, status, size_gb, used_mb);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  FerryVault *vault;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  vault = ferry_vault_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  return vault;
}

static FerryAgency *
agency_from (const char *trust)
{
  g_autofree char *text = g_strdup_printf ("{\"id\": \"a1\", \"name\": \"ims_agency\", \"trust_domain_name\": \"%s\","
                                           " \"duration\": \"FOREVER\"}", trust);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  FerryAgency *agency;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  agency = ferry_agency_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  return agency;
}

typedef struct
{
  const char *label;
  const char *image;
  int         vault;       /* index into the vaults below, -1 for none, -2 an id not found,
                            * -3 none and no destination project */
  int         agency;      /* 0 none, 1 IMS, 2 not IMS */
  FerryGrant  source_grant;
  FerryGrant  destination_grant;
  guint       in_flight;
  const char *expected;
} RequestCase;

#define CBR_WHOLE "\"__whole_image\": \"true\", \"__backup_id\": \"cbr-1\", \"__data_origin\": \"server_backup,cbr-1\""
#define CSBS_WHOLE "\"__whole_image\": \"true\", \"__data_origin\": \"server_backup,csbs-1\""

static const RequestCase request_cases[] = {
  { "all good", NULL, -1, 1, FERRY_GRANT_GRANTED, FERRY_GRANT_GRANTED, 0, "" },
  { "grants not checked yet", NULL, -1, 1, FERRY_GRANT_UNKNOWN, FERRY_GRANT_UNKNOWN, 0, "" },
  { "no agency", NULL, -1, 0, 0, 0, 0, "agency-missing/IMG.0151" },
  { "not an IMS agency", NULL, -1, 2, FERRY_GRANT_GRANTED, FERRY_GRANT_GRANTED, 0,
    "agency-not-ims/IMG.0151" },
  { "no source grant", NULL, -1, 1, FERRY_GRANT_MISSING, FERRY_GRANT_GRANTED, 0,
    "agency-permission/IMG.0151" },
  { "no destination grant", NULL, -1, 1, FERRY_GRANT_GRANTED, FERRY_GRANT_MISSING, 0,
    "agency-permission/IMG.0151" },
  { "no grant at all", NULL, -1, 1, FERRY_GRANT_MISSING, FERRY_GRANT_MISSING, 0,
    "agency-permission/IMG.0151,agency-permission/IMG.0151" },
  { "four in flight", NULL, -1, 1, FERRY_GRANT_GRANTED, FERRY_GRANT_GRANTED, 4, "" },
  { "five in flight", NULL, -1, 1, FERRY_GRANT_GRANTED, FERRY_GRANT_GRANTED, 5,
    "concurrency/IMG.0149" },
  { "csbs whole needs no vault", CSBS_WHOLE, -1, 1, FERRY_GRANT_GRANTED, FERRY_GRANT_GRANTED, 0, "" },
  { "cbr whole without vault", CBR_WHOLE, -1, 1, FERRY_GRANT_GRANTED, FERRY_GRANT_GRANTED, 0,
    "vault-required/IMG.0184" },
  { "cbr whole, good vault", CBR_WHOLE, 0, 1, FERRY_GRANT_GRANTED, FERRY_GRANT_GRANTED, 0, "" },
  { "cbr whole, backup vault", CBR_WHOLE, 1, 1, FERRY_GRANT_GRANTED, FERRY_GRANT_GRANTED, 0,
    "vault-unsuitable/IMG.0189" },
  { "cbr whole, disk vault", CBR_WHOLE, 2, 1, FERRY_GRANT_GRANTED, FERRY_GRANT_GRANTED, 0,
    "vault-unsuitable/IMG.0193" },
  { "cbr whole, vault elsewhere", CBR_WHOLE, 3, 1, FERRY_GRANT_GRANTED, FERRY_GRANT_GRANTED, 0,
    "vault-unsuitable/IMG.0184" },
  { "cbr whole, frozen vault", CBR_WHOLE, 4, 1, FERRY_GRANT_GRANTED, FERRY_GRANT_GRANTED, 0,
    "vault-unavailable/IMG.0188" },
  { "cbr whole, full vault", CBR_WHOLE, 5, 1, FERRY_GRANT_GRANTED, FERRY_GRANT_GRANTED, 0,
    "vault-full/IMG.0182" },
  { "plain image ignores vault", NULL, 1, 1, FERRY_GRANT_GRANTED, FERRY_GRANT_GRANTED, 0, "" },
  /* An id looked up in the destination and not found there: a vault
   * chosen elsewhere, not none at all. */
  { "cbr whole, vault id not there", CBR_WHOLE, -2, 1, FERRY_GRANT_GRANTED, FERRY_GRANT_GRANTED, 0,
    "vault-unsuitable/IMG.0184" },
  { "cbr whole, everything missing", CBR_WHOLE, -1, 0, 0, 0, 5,
    "vault-required/IMG.0184,agency-missing/IMG.0151,concurrency/IMG.0149" },
  /* The account has no project in the destination region (-1 below). */
  { "no destination project", NULL, -3, 1, FERRY_GRANT_GRANTED, FERRY_GRANT_GRANTED, 0,
    "no-project/IMG.0145" },
};

static void
test_requests (void)
{
  g_autoptr(FerryVault) good = vault_from (DEST_PROJECT, "replication", "server", "available", 200, 0);
  g_autoptr(FerryVault) backup = vault_from (DEST_PROJECT, "backup", "server", "available", 200, 0);
  g_autoptr(FerryVault) disk = vault_from (DEST_PROJECT, "replication", "disk", "available", 200, 0);
  g_autoptr(FerryVault) elsewhere = vault_from (OWN_PROJECT, "replication", "server", "available", 200, 0);
  g_autoptr(FerryVault) frozen = vault_from (DEST_PROJECT, "replication", "server", "frozen", 200, 0);
  /* 100 GB with 80 GB used: 20 GB free, less than the 40 GiB image. */
  g_autoptr(FerryVault) full = vault_from (DEST_PROJECT, "replication", "server", "available", 100, 80 * 1024);
  FerryVault *vaults[] = { good, backup, disk, elsewhere, frozen, full };
  g_autoptr(FerryAgency) ims = agency_from ("op_svc_ims");
  g_autoptr(FerryAgency) ecs = agency_from ("op_svc_ecs");

  for (guint i = 0; i < G_N_ELEMENTS (request_cases); i++)
    {
      const RequestCase *c = &request_cases[i];
      g_autoptr(FerryImage) image = image_from (c->image);
      g_autoptr(GPtrArray) violations = NULL;
      g_autofree char *got = NULL;
      FerryCopyFacts facts = {
        .image = image,
        .source = region ("cn-north-4"),
        .project_id = OWN_PROJECT,
        .destination = region ("cn-east-2"),
        .destination_project_id = c->vault == -3 ? NULL : DEST_PROJECT,
        .agency = c->agency == 1 ? ims : c->agency == 2 ? ecs : NULL,
        .source_grant = c->source_grant,
        .destination_grant = c->destination_grant,
        .vault = c->vault >= 0 ? vaults[c->vault] : NULL,
        .copies_in_flight = c->in_flight,
        .vault_id = c->vault == -2 ? "v-elsewhere" : NULL,
      };

      g_test_message ("case: %s", c->label);
      violations = ferry_rules_check_request (&facts);
      got = describe (violations);
      g_assert_cmpstr (got, ==, c->expected);
    }
}

/* Every too-large message names the limit of the region at hand. */
static void
test_size_limit_named (void)
{
  const struct { const char *source; guint64 limit; } cases[] = {
    { "cn-north-4", 300 * GIB }, { "cn-south-1", 300 * GIB }, { "cn-east-3", 300 * GIB },
    { "cn-east-2", 300 * GIB }, { "cn-north-1", 128 * GIB }, { "ap-southeast-3", 128 * GIB },
  };
  g_autoptr(FerryImage) image = image_from ("\"__image_size\": \"400000000000\"");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FerryCopyFacts facts = { .image = image, .source = region (cases[i].source),
                               .project_id = OWN_PROJECT };
      g_autoptr(GPtrArray) violations = ferry_rules_check_image (&facts);
      g_autofree char *limit = g_format_size_full (cases[i].limit, G_FORMAT_SIZE_IEC_UNITS);
      FerryViolation *v;

      g_assert_cmpuint (ferry_region_get_copy_size_limit (facts.source), ==, cases[i].limit);
      g_assert_cmpuint (violations->len, ==, 1);
      v = g_ptr_array_index (violations, 0);
      g_assert_cmpint (ferry_violation_get_rule (v), ==, FERRY_RULE_TOO_LARGE);
      g_test_message ("%s: %s", cases[i].source, ferry_violation_get_message (v));
      g_assert_nonnull (strstr (ferry_violation_get_message (v), limit));
      g_assert_nonnull (strstr (ferry_violation_get_message (v),
                                ferry_region_get_name (region (cases[i].source))));
    }
}

typedef struct
{
  const char *label;
  const char *image;        /* extra JSON members */
  const char *expected;     /* of ferry_rules_check_in_region */
} InRegionCase;

/* CopyImageInRegion (ims_03_0627): no whole images, no ISO images, at most
 * 128 GiB; encryption is allowed; ownership and status as for any copy. */
static const InRegionCase in_region_cases[] = {
  { "plain", NULL, "" },
  { "encrypted", "\"__system__cmkid\": \"kms-key-1\"", "" },
  { "uninitialized", "\"__is_config_init\": \"false\"", "" },
  { "exactly 128 GiB", "\"__image_size\": \"137438953472\"", "" },
  { "one byte over 128 GiB", "\"__image_size\": \"137438953473\"", "too-large/IMG.0146" },
  { "whole csbs", CSBS_WHOLE, "whole-image-in-region/IMG.0130" },
  { "whole cbr", CBR_WHOLE, "whole-image-in-region/IMG.0130" },
  { "whole boolean", "\"__whole_image\": true", "whole-image-in-region/IMG.0130" },
  { "iso env", "\"virtual_env_type\": \"IsoImage\"", "iso/IMG.0167" },
  { "iso format", "\"disk_format\": \"iso\"", "iso/IMG.0167" },
  { "shared", "\"__imagetype\": \"shared\", \"visibility\": \"shared\", \"owner\": \"someone\"",
    "not-own-private/IMG.0144" },
  { "public", "\"__imagetype\": \"gold\", \"visibility\": \"public\"", "not-own-private/IMG.0144" },
  { "saving", "\"status\": \"saving\"", "status/IMG.0046" },
  { "everything wrong", "\"owner\": \"x\", \"status\": \"killed\", \"disk_format\": \"iso\","
    " \"__image_size\": \"400000000000\"",
    "not-own-private/IMG.0144,status/IMG.0046,iso/IMG.0167,too-large/IMG.0146" },
};

static void
test_in_region (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (in_region_cases); i++)
    {
      const InRegionCase *c = &in_region_cases[i];
      g_autoptr(FerryImage) image = image_from (c->image);
      g_autoptr(GPtrArray) violations = NULL;
      g_autofree char *got = NULL;
      /* The limit is the same in every region, 300 GiB ones included. */
      FerryCopyFacts facts = {
        .image = image,
        .source = region (i % 2 == 0 ? "cn-north-4" : "cn-north-1"),
        .project_id = OWN_PROJECT,
      };

      g_test_message ("case: %s", c->label);
      violations = ferry_rules_check_in_region (&facts);
      got = describe (violations);
      g_assert_cmpstr (got, ==, c->expected);
    }
}

static void
test_default_name (void)
{
  g_autofree char *name = ferry_rules_default_copy_name (region ("cn-north-4"), "web");
  g_autofree char *long_name = NULL;
  g_autofree char *long_image = NULL;
  g_autofree char *spaced = NULL;
  g_autofree char *spaced_image = NULL;

  g_assert_cmpstr (name, ==, chinese ? "copy_华北-北京四_web" : "copy_CN North-Beijing4_web");
  g_assert_null (ferry_rules_check_name (name));

  /* Cut to 128 characters, not bytes, and never inside a character. */
  long_image = g_strnfill (200, 'x');
  long_name = ferry_rules_default_copy_name (region ("cn-north-4"), long_image);
  g_assert_cmpint (g_utf8_strlen (long_name, -1), ==, 128);
  g_assert_true (g_utf8_validate (long_name, -1, NULL));
  g_assert_null (ferry_rules_check_name (long_name));

  /* A cut that lands on a space leaves no trailing space. */
  spaced_image = g_strdup_printf ("%.*s %s", chinese ? 113 : 101, long_image, "tail");
  spaced = ferry_rules_default_copy_name (region ("cn-north-4"), spaced_image);
  g_assert_false (g_str_has_suffix (spaced, " "));
  g_assert_null (ferry_rules_check_name (spaced));
}

static void
test_name_rules (void)
{
  const char *good[] = { "web", "copy_华北-北京四_web", "a.b-c_d e", "镜像", "x" };
  const char *bad[] = { "", " web", "web ", "web/1", "web<", "web\t", "a\nb", "名字!" };
  g_autofree char *too_long = g_strnfill (129, 'a');
  g_autofree char *longest = g_strnfill (128, 'a');
  g_autofree char *reason = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_null (ferry_rules_check_name (good[i]));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *why = ferry_rules_check_name (bad[i]);

      g_test_message ("“%s”: %s", bad[i], why);
      g_assert_nonnull (why);
      g_assert_true (has_han (why) == chinese || g_strcmp0 (bad[i], "名字!") == 0);
    }
  g_assert_null (ferry_rules_check_name (longest));
  reason = ferry_rules_check_name (too_long);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "129"));
}

static void
test_description_rules (void)
{
  g_autofree char *longest = g_strnfill (1024, 'd');
  g_autofree char *too_long = g_strnfill (1025, 'd');
  const char *bad[] = { "a <b>", "x > y", "line\r\nbreak" };

  g_assert_null (ferry_rules_check_description (NULL));
  g_assert_null (ferry_rules_check_description (""));
  g_assert_null (ferry_rules_check_description ("Agency with IMS Administrator permissions\nsecond line"));
  g_assert_null (ferry_rules_check_description (longest));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *why = ferry_rules_check_description (bad[i]);

      g_assert_nonnull (why);
    }
  {
    g_autofree char *why = ferry_rules_check_description (too_long);

    g_assert_nonnull (why);
    g_assert_nonnull (strstr (why, "1025"));
  }
}

static void
test_rule_codes_stable (void)
{
  /* Scripts rely on these: they never change. */
  g_assert_cmpstr (ferry_rule_to_code (FERRY_RULE_NOT_OWN_PRIVATE), ==, "not-own-private");
  g_assert_cmpstr (ferry_rule_to_code (FERRY_RULE_WHOLE_IMAGE_CROSS_BORDER), ==, "whole-image-cross-border");
  g_assert_cmpstr (ferry_rule_to_code (FERRY_RULE_AGENCY_PERMISSION), ==, "agency-permission");
  g_assert_cmpstr (ferry_rule_to_code (FERRY_RULE_CONCURRENCY), ==, "concurrency");
  g_assert_cmpstr (ferry_rule_to_code (FERRY_RULE_WHOLE_IMAGE_IN_REGION), ==, "whole-image-in-region");
  g_assert_cmpstr (ferry_rule_to_code (FERRY_RULE_NO_DESTINATION), ==, "no-destination");
  g_assert_cmpstr (ferry_rule_to_code (FERRY_RULE_NO_PROJECT), ==, "no-project");
}

static char *
quota_verdict (const FerryCopyFacts *facts,
               gboolean              in_region)
{
  g_autoptr(GPtrArray) violations = in_region ? ferry_rules_check_in_region (facts)
                                              : ferry_rules_check_request (facts);

  for (guint i = 0; i < violations->len; i++)
    {
      FerryViolation *v = g_ptr_array_index (violations, i);

      if (ferry_violation_get_rule (v) == FERRY_RULE_QUOTA)
        {
          g_assert_cmpstr (ferry_violation_get_code (v), ==, "quota");
          g_assert_cmpstr (ferry_violation_get_server_code (v), ==, "IMG.0015");
          return g_strdup (ferry_violation_get_message (v));
        }
    }
  return NULL;
}

/* The images the batch makes must fit in the quota less what the project
 * holds and the copies on their way there; a quota not known says
 * nothing. */
static void
test_quota (void)
{
  g_autoptr(FerryImage) image = image_from (NULL);
  FerryCopyFacts facts = {
    .image = image,
    .source = region ("cn-north-4"),
    .project_id = OWN_PROJECT,
    .destination = region ("cn-east-2"),
    .destination_project_id = DEST_PROJECT,
    .source_grant = FERRY_GRANT_GRANTED,
    .destination_grant = FERRY_GRANT_GRANTED,
    .quota_known = TRUE,
    .image_quota = 10,
    .images_used = 7,
    .images_underway = 1,
    .images_needed = 3,
  };
  g_autofree char *got = quota_verdict (&facts, FALSE);
  g_autofree char *expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%s can hold %u more image; this copy needs %u.",
                                                            "%s can hold %u more images; this copy needs %u.", 2),
                                               ferry_region_get_name (region ("cn-east-2")), 2, 3);

  g_assert_cmpstr (got, ==, expected);

  /* Exactly full fits. */
  facts.images_needed = 2;
  g_assert_null (quota_verdict (&facts, FALSE));

  /* More used than the quota (it was lowered): no room, not a wrap. */
  facts.images_used = 12;
  g_free (got);
  got = quota_verdict (&facts, FALSE);
  g_assert_nonnull (got);
  g_assert_nonnull (strstr (got, ferry_region_get_name (region ("cn-east-2"))));

  /* Unknown: nothing held against the copy. */
  facts.quota_known = FALSE;
  g_assert_null (quota_verdict (&facts, FALSE));

  /* In the region, the copy lands in the source project. */
  facts.quota_known = TRUE;
  facts.image_quota = 5;
  facts.images_used = 4;
  facts.images_underway = 0;
  facts.images_needed = 2;
  g_free (got);
  g_free (expected);
  got = quota_verdict (&facts, TRUE);
  expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s can hold %u more image; this copy needs %u.",
                                           "%s can hold %u more images; this copy needs %u.", 1),
                              ferry_region_get_name (region ("cn-north-4")), 1, 2);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpstr (ferry_rule_to_code (FERRY_RULE_QUOTA), ==, "quota");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  ferry_i18n_init (g_getenv (FERRY_ENV_LOCALEDIR));
  g_test_init (&argc, &argv, NULL);

  chinese = ferry_region_names_prefer_chinese ();
  g_test_message ("language: %s", chinese ? "Chinese" : "English");
  catalogue = ferry_region_catalogue_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/rules/destinations", test_destinations);
  g_test_add_func ("/rules/image-only", test_image_only);
  g_test_add_func ("/rules/image-anywhere", test_image_anywhere);
  g_test_add_func ("/rules/image-anywhere-named", test_image_anywhere_named);
  g_test_add_func ("/rules/requests", test_requests);
  g_test_add_func ("/rules/quota", test_quota);
  g_test_add_func ("/rules/size-limit-named", test_size_limit_named);
  g_test_add_func ("/rules/in-region", test_in_region);
  g_test_add_func ("/rules/default-name", test_default_name);
  g_test_add_func ("/rules/name", test_name_rules);
  g_test_add_func ("/rules/description", test_description_rules);
  g_test_add_func ("/rules/codes-stable", test_rule_codes_stable);

  ret = g_test_run ();
  g_clear_object (&catalogue);
  return ret;
}
