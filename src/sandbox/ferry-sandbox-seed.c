/* ferry-sandbox-seed.c: the data every sandbox starts with
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-world-private.h"

#define GIB FERRY_SANDBOX_GIB

/* 2026-01-05T08:00:00Z: seed images are one hour apart from here on,
 * generated ones one minute apart before it. Fixed, so that every start
 * lists the same records. */
#define SEED_EPOCH G_GINT64_CONSTANT (1767600000)

/* The account behind public images. */
#define PUBLIC_OWNER_SEED "huawei-public-images"

JsonObject *
ferry_sandbox_default_image_fields (const char *origin_seed,
                                    guint64     size)
{
  JsonObject *fields = json_object_new ();
  g_autofree char *size_text = g_strdup_printf ("%" G_GUINT64_FORMAT, size);
  g_autofree char *origin = ferry_sandbox_derive_uuid ("instance", origin_seed);
  g_autofree char *data_origin = g_strconcat ("instance,", origin, NULL);

  /* The members of a system-disk image from an ECS, with the string
   * typing of the real API: numbers and booleans in "__" members are
   * strings, min_disk and min_ram are numbers. */
  json_object_set_string_member (fields, "visibility", "private");
  json_object_set_string_member (fields, "__imagetype", "private");
  json_object_set_boolean_member (fields, "protected", FALSE);
  json_object_set_string_member (fields, "container_format", "bare");
  json_object_set_string_member (fields, "disk_format", "zvhd2");
  json_object_set_int_member (fields, "min_disk", MAX (40, (size + GIB - 1) / GIB));
  json_object_set_int_member (fields, "min_ram", 0);
  json_object_set_string_member (fields, "__image_size", size_text);
  json_object_set_string_member (fields, "__os_type", "Linux");
  json_object_set_string_member (fields, "__os_version", "CentOS 7.9 64bit");
  json_object_set_string_member (fields, "__platform", "CentOS");
  json_object_set_string_member (fields, "__os_bit", "64");
  json_object_set_string_member (fields, "__isregistered", "true");
  json_object_set_string_member (fields, "__is_config_init", "true");
  json_object_set_string_member (fields, "__image_source_type", "uds");
  json_object_set_string_member (fields, "virtual_env_type", "FusionCompute");
  json_object_set_string_member (fields, "__description", "");
  json_object_set_string_member (fields, "__data_origin", data_origin);
  json_object_set_string_member (fields, "__support_kvm", "true");
  json_object_set_string_member (fields, "__lazyloading", "true");
  json_object_set_string_member (fields, "hw_firmware_type", "bios");
  json_object_set_string_member (fields, "enterprise_project_id", "0");
  json_object_set_string_member (fields, "checksum", "d41d8cd98f00b204e9800998ecf8427e");
  json_object_set_string_member (fields, "schema", "/v2/schemas/image");
  /* "Not used yet" by the reference, and in its examples all the same. */
  json_object_set_int_member (fields, "size", 0);
  json_object_set_null_member (fields, "virtual_size");

  return fields;
}

/* Sets each member of @overrides on @fields; a null member removes it. */
static void
apply_overrides (JsonObject *fields,
                 JsonObject *overrides)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, overrides);
  while (json_object_iter_next (&iter, &name, &node))
    {
      if (JSON_NODE_HOLDS_NULL (node))
        json_object_remove_member (fields, name);
      else
        json_object_set_member (fields, name, json_node_copy (node));
    }
}

typedef struct
{
  const char *region;
  const char *name;
  const char *status;
  guint64     size;        /* bytes */
  const char *overrides;   /* JSON; {origin} {cmk} {partner} {public} are replaced */
} SeedImage;

/* Every case of the rules of docs/rules.md, in several regions. A whole
 * image with a non-empty __backup_id comes from a CBR backup (a copy needs
 * a replication vault in the destination); one without __backup_id and
 * with __data_origin "server_backup,…" comes from CSBS. ferry-image.h
 * reads image records by the same rule. */
static const SeedImage seed_images[] = {
  { "cn-north-4", "web-server", "active", 40 * GIB, NULL },
  { "cn-north-4", "db-server", "active", 100 * GIB,
    "{\"virtual_env_type\": \"DataImage\", \"__os_version\": null, \"__platform\": null,"
    " \"__os_bit\": null, \"__data_origin\": \"volume,{origin}\"}" },
  { "cn-north-4", "windows-server", "active", 40 * GIB,
    "{\"__os_type\": \"Windows\", \"__platform\": \"Windows\","
    " \"__os_version\": \"Windows Server 2019 Datacenter 64bit English\", \"min_ram\": 2048}" },
  { "cn-north-4", "app-uninitialised", "active", 20 * GIB,
    "{\"__is_config_init\": \"false\", \"__data_origin\": \"file,obs://ferry-demo/app.qcow2\"}" },
  { "cn-north-4", "build-in-progress", "saving", 40 * GIB, NULL },
  { "cn-north-4", "failed-import", "killed", 40 * GIB,
    "{\"__data_origin\": \"file,obs://ferry-demo/broken.vhd\"}" },
  { "cn-north-4", "secure-encrypted", "active", 40 * GIB,
    "{\"__system__cmkid\": \"{cmk}\", \"__system__encrypted\": \"1\"}" },
  { "cn-north-4", "installer-iso", "active", 4 * GIB,
    "{\"virtual_env_type\": \"IsoImage\", \"disk_format\": \"iso\","
    " \"__data_origin\": \"file,obs://ferry-demo/installer.iso\"}" },
  { "cn-north-4", "bigdata-320g", "active", 320 * GIB, NULL },
  { "cn-north-4", "exact-128g", "active", 128 * GIB, NULL },
  { "cn-north-4", "whole-csbs", "active", 60 * GIB,
    "{\"__whole_image\": \"true\", \"__data_origin\": \"server_backup,{origin}\"}" },
  { "cn-north-4", "whole-cbr", "active", 60 * GIB,
    "{\"__whole_image\": \"true\", \"__backup_id\": \"{origin}\","
    " \"__data_origin\": \"server_backup,{origin}\"}" },
  { "cn-north-4", "partner-shared", "active", 40 * GIB,
    "{\"__imagetype\": \"shared\", \"visibility\": \"shared\", \"owner\": \"{partner}\"}" },
  { "cn-north-4", "CentOS 7.9 64bit", "active", 40 * GIB,
    "{\"__imagetype\": \"gold\", \"visibility\": \"public\", \"protected\": true,"
    " \"owner\": \"{public}\", \"__data_origin\": null}" },
  { "cn-north-1", "bj1-web", "active", 40 * GIB, NULL },
  { "cn-north-1", "bj1-whole-cbr", "active", 80 * GIB,
    "{\"__whole_image\": \"true\", \"__backup_id\": \"{origin}\","
    " \"__data_origin\": \"server_backup,{origin}\"}" },
  { "cn-east-2", "sh2-web", "active", 40 * GIB, NULL },
  { "cn-east-2", "sh2-whole-cbr", "active", 60 * GIB,
    "{\"__whole_image\": \"true\", \"__backup_id\": \"{origin}\","
    " \"__data_origin\": \"server_backup,{origin}\"}" },
  { "cn-east-3", "sh1-web", "active", 40 * GIB, NULL },
  { "cn-east-3", "sh1-whole-cbr", "active", 60 * GIB,
    "{\"__whole_image\": \"true\", \"__backup_id\": \"{origin}\","
    " \"__data_origin\": \"server_backup,{origin}\"}" },
  { "cn-east-3", "sh1-whole-csbs", "active", 60 * GIB,
    "{\"__whole_image\": \"true\", \"__data_origin\": \"server_backup,{origin}\"}" },
  { "cn-southwest-2", "gy-whole-cbr", "active", 60 * GIB,
    "{\"__whole_image\": \"true\", \"__backup_id\": \"{origin}\","
    " \"__data_origin\": \"server_backup,{origin}\"}" },
  { "cn-south-1", "gz-web", "active", 40 * GIB, NULL },
  { "ap-southeast-1", "hk-whole-cbr", "active", 60 * GIB,
    "{\"__whole_image\": \"true\", \"__backup_id\": \"{origin}\","
    " \"__data_origin\": \"server_backup,{origin}\"}" },
  { "ap-southeast-3", "sg-app", "active", 40 * GIB,
    "{\"__os_version\": \"Ubuntu 22.04 server 64bit\", \"__platform\": \"Ubuntu\"}" },
  { "ap-southeast-3", "sg-whole-cbr", "active", 60 * GIB,
    "{\"__whole_image\": \"true\", \"__backup_id\": \"{origin}\","
    " \"__data_origin\": \"server_backup,{origin}\"}" },
  { "af-south-1", "jnb-data", "active", 50 * GIB,
    "{\"virtual_env_type\": \"DataImage\", \"__os_version\": null, \"__platform\": null,"
    " \"__os_bit\": null, \"__data_origin\": \"volume,{origin}\"}" },
  { "eu-west-0", "paris-web", "active", 40 * GIB, NULL },
};

/* Tags of seed images (ListImageTags). windows-server carries a system
 * tag, which tenants cannot set (a key that starts with _sys_: see
 * docs/huawei-api.md, "Image tags"), so that copying its tags meets a
 * refusal. */
static const struct {
  const char *region;
  const char *name;
  const char *key;
  const char *value;
} seed_tags[] = {
  { "cn-north-4", "web-server", "owner", "web-team" },
  { "cn-north-4", "web-server", "cost-center", "cc-1024" },
  { "cn-north-4", "web-server", "env", "production" },
  { "cn-north-4", "windows-server", "owner", "win-team" },
  { "cn-north-4", "windows-server", "_sys_enterprise_project_id", "0" },
  { "cn-east-2", "sh2-web", "env", "staging" },
};

static void
seed_one_image (FerrySandboxWorld *self,
                const SeedImage   *seed,
                gint64             created)
{
  FerrySandboxRegionData *region = ferry_sandbox_world_lookup_region (self, seed->region);
  g_autofree char *key = NULL;
  g_autofree char *id = NULL;
  g_autofree char *owner = NULL;
  g_autoptr(JsonObject) fields = NULL;

  /* The catalogue may lack a region the seed names: skip it rather than
   * failing, the seed is a demo. */
  if (region == NULL)
    return;

  key = g_strconcat (seed->region, "/", seed->name, NULL);
  id = ferry_sandbox_derive_uuid ("image", key);
  fields = ferry_sandbox_default_image_fields (key, seed->size);
  owner = g_strdup (region->project_id);

  if (seed->overrides != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GString) text = g_string_new (seed->overrides);
      g_autofree char *origin = ferry_sandbox_derive_uuid ("backup", key);
      g_autofree char *cmk = ferry_sandbox_derive_uuid ("cmk", key);
      g_autofree char *partner = ferry_sandbox_derive_hex ("project", "partner-account");
      g_autofree char *public_owner = ferry_sandbox_derive_hex ("project", PUBLIC_OWNER_SEED);
      g_autoptr(GError) error = NULL;
      JsonObject *overrides;
      JsonNode *owner_node;

      g_string_replace (text, "{origin}", origin, 0);
      g_string_replace (text, "{cmk}", cmk, 0);
      g_string_replace (text, "{partner}", partner, 0);
      g_string_replace (text, "{public}", public_owner, 0);

      /* The table is ours: a parse failure is a programming error. */
      if (!json_parser_load_from_data (parser, text->str, text->len, &error))
        g_error ("Bad seed image %s: %s", key, error->message);

      overrides = json_node_get_object (json_parser_get_root (parser));
      owner_node = json_object_get_member (overrides, "owner");
      if (owner_node != NULL)
        {
          g_free (owner);
          owner = g_strdup (json_node_get_string (owner_node));
          json_object_remove_member (overrides, "owner");
        }
      apply_overrides (fields, overrides);
    }

  json_object_seal (fields);
  ferry_sandbox_world_insert_image (self, region, id, seed->name, owner, seed->status,
                                    created, created, fields, FALSE);
}

static void
seed_images_of_region (FerrySandboxWorld      *self,
                       FerrySandboxRegionData *region)
{
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *key = NULL;
  char name[32];

  if (self->images_per_region == 0)
    return;

  /* One set of members serves every generated image of the region: at
   * 10000 images per region, memory stays at a few hundred bytes each. */
  key = g_strconcat (region->id, "/generated", NULL);
  fields = ferry_sandbox_default_image_fields (key, 20 * GIB);
  json_object_seal (fields);

  for (guint i = 0; i < self->images_per_region; i++)
    {
      g_autofree char *image_key = NULL;
      g_autofree char *id = NULL;
      gint64 created = SEED_EPOCH - (gint64) (self->images_per_region - i) * 60;

      g_snprintf (name, sizeof name, "generated-%05u", i + 1);
      image_key = g_strconcat (region->id, "/", name, NULL);
      id = ferry_sandbox_derive_uuid ("image", image_key);
      ferry_sandbox_world_insert_image (self, region, id, name, region->project_id, "active",
                                        created, created, fields, FALSE);
    }
}

void
ferry_sandbox_world_seed (FerrySandboxWorld *self)
{
  static const struct {
    const char *region;
    const char *name;
    const char *protect_type;
    const char *object_type;
    const char *status;
    gint64      size;
  } seed_vaults[] = {
    { "cn-north-4", "vault-bj4-replication", "replication", "server", "available", 200 },
    { "cn-north-4", "vault-bj4-backup", "backup", "server", "available", 100 },
    { "cn-north-4", "vault-bj4-frozen", "replication", "server", "frozen", 200 },
    { "cn-east-2", "vault-sh2-replication", "replication", "server", "available", 500 },
    { "cn-east-2", "vault-sh2-backup", "backup", "server", "available", 100 },
    { "cn-east-2", "vault-sh2-disk", "replication", "disk", "available", 100 },
    { "cn-east-2", "vault-sh2-frozen", "replication", "server", "frozen", 200 },
    { "ap-southeast-3", "vault-sg-replication", "replication", "server", "available", 200 },
  };
  FerrySandboxAgency *agency;
  FerrySandboxRole *ims_adm = ferry_sandbox_world_lookup_role_by_name (self, "ims_adm");
  FerrySandboxRole *ecs = ferry_sandbox_world_lookup_role_by_name (self, "system_all_1003");
  const char *bj4 = ferry_sandbox_world_get_region_project_id (self, "cn-north-4");
  g_autofree char *agency_id = NULL;

  for (guint i = 0; i < self->regions->len; i++)
    seed_images_of_region (self, g_ptr_array_index (self->regions, i));

  for (guint i = 0; i < G_N_ELEMENTS (seed_images); i++)
    seed_one_image (self, &seed_images[i], SEED_EPOCH + (gint64) i * 3600);

  for (guint i = 0; i < G_N_ELEMENTS (seed_tags); i++)
    {
      g_autofree char *key = g_strconcat (seed_tags[i].region, "/", seed_tags[i].name, NULL);
      g_autofree char *id = ferry_sandbox_derive_uuid ("image", key);

      if (ferry_sandbox_world_lookup_image (self, id) != NULL)
        ferry_sandbox_world_set_image_tag (self, id, seed_tags[i].key, seed_tags[i].value);
    }

  agency_id = ferry_sandbox_derive_hex ("agency", "ims_administrator_agency");
  agency = ferry_sandbox_world_insert_agency (self, agency_id, "ims_administrator_agency",
                                              "op_svc_ims", "FOREVER",
                                              "Agency with IMS Administrator permissions",
                                              SEED_EPOCH - 3 * 86400);
  for (guint i = 0; i < self->regions->len; i++)
    {
      FerrySandboxRegionData *region = g_ptr_array_index (self->regions, i);

      ferry_sandbox_world_insert_grant (self, region->project_id, agency->id, ims_adm->id);
    }

  /* Misses the permission in every destination but cn-north-4. */
  g_free (agency_id);
  agency_id = ferry_sandbox_derive_hex ("agency", "ims_partial_agency");
  agency = ferry_sandbox_world_insert_agency (self, agency_id, "ims_partial_agency",
                                              "op_svc_ims", "FOREVER",
                                              "IMS agency granted in cn-north-4 only",
                                              SEED_EPOCH - 2 * 86400);
  if (bj4 != NULL)
    ferry_sandbox_world_insert_grant (self, bj4, agency->id, ims_adm->id);

  /* Trusts ECS, not IMS: no use for copying. */
  g_free (agency_id);
  agency_id = ferry_sandbox_derive_hex ("agency", "ecs_agency");
  agency = ferry_sandbox_world_insert_agency (self, agency_id, "ecs_agency", "op_svc_ecs",
                                              "FOREVER",
                                              "", SEED_EPOCH - 86400);
  if (bj4 != NULL)
    ferry_sandbox_world_insert_grant (self, bj4, agency->id, ecs->id);

  for (guint i = 0; i < G_N_ELEMENTS (seed_vaults); i++)
    {
      g_autofree char *id = NULL;
      const char *project_id = ferry_sandbox_world_get_region_project_id (self,
                                                                          seed_vaults[i].region);

      if (project_id == NULL)
        continue;
      id = ferry_sandbox_derive_uuid ("vault", seed_vaults[i].name);
      ferry_sandbox_world_insert_vault (self, id, seed_vaults[i].region, project_id,
                                        seed_vaults[i].name, "",
                                        seed_vaults[i].protect_type, seed_vaults[i].object_type,
                                        seed_vaults[i].status, "crash_consistent", "post_paid",
                                        seed_vaults[i].size, seed_vaults[i].size * 100,
                                        SEED_EPOCH - 86400);
    }
}
