/* ferry-sandbox-world-cbr.c: the CBR vaults of FerrySandboxWorld
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-world-private.h"

/* Vaults */

GPtrArray *
ferry_sandbox_world_get_vaults (FerrySandboxWorld *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);
  return self->vaults;
}

FerrySandboxVault *
ferry_sandbox_world_insert_vault (FerrySandboxWorld *self,
                                  const char        *id,
                                  const char        *region,
                                  const char        *project_id,
                                  const char        *name,
                                  const char        *description,
                                  const char        *protect_type,
                                  const char        *object_type,
                                  const char        *status,
                                  const char        *consistent_level,
                                  const char        *charging_mode,
                                  gint64             size,
                                  gint64             used,
                                  gint64             created)
{
  FerrySandboxVault *vault = g_new0 (FerrySandboxVault, 1);

  vault->id = g_strdup (id);
  vault->region = g_intern_string (region);
  vault->project_id = g_strdup (project_id);
  vault->name = g_strdup (name);
  vault->description = g_strdup (description != NULL ? description : "");
  vault->protect_type = g_strdup (protect_type);
  vault->object_type = g_strdup (object_type);
  vault->status = g_strdup (status);
  vault->consistent_level = g_strdup (consistent_level != NULL ? consistent_level
                                                                : "crash_consistent");
  vault->charging_mode = g_strdup (charging_mode != NULL ? charging_mode : "post_paid");
  vault->size = size;
  vault->used = used;
  vault->created = created;
  g_ptr_array_add (self->vaults, vault);

  return vault;
}

FerrySandboxVault *
ferry_sandbox_world_add_vault (FerrySandboxWorld *self,
                               const char        *region,
                               const char        *project_id,
                               const char        *name,
                               const char        *description,
                               const char        *protect_type,
                               const char        *object_type,
                               const char        *consistent_level,
                               const char        *charging_mode,
                               gint64             size)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  id = g_uuid_string_random ();
  self->dirty = TRUE;
  return ferry_sandbox_world_insert_vault (self, id, region, project_id, name, description,
                                           protect_type, object_type, "available",
                                           consistent_level, charging_mode, size, 0,
                                           ferry_sandbox_world_now (self) / G_USEC_PER_SEC);
}

JsonObject *
ferry_sandbox_vault_to_json (FerrySandboxVault *vault)
{
  JsonObject *object = json_object_new ();
  JsonObject *billing = json_object_new ();
  g_autofree char *created = ferry_sandbox_format_time_us (vault->created);
  g_autofree char *spec_code = g_strdup_printf ("vault.%s.%s.normal",
                                                vault->protect_type, vault->object_type);
  gboolean disk = strcmp (vault->object_type, "disk") == 0;

  json_object_set_int_member (billing, "allocated", 0);
  json_object_set_string_member (billing, "charging_mode", vault->charging_mode);
  json_object_set_string_member (billing, "cloud_type", "public");
  json_object_set_string_member (billing, "consistent_level", vault->consistent_level);
  json_object_set_string_member (billing, "object_type", vault->object_type);
  json_object_set_null_member (billing, "order_id");
  json_object_set_null_member (billing, "product_id");
  json_object_set_string_member (billing, "protect_type", vault->protect_type);
  json_object_set_int_member (billing, "size", vault->size);
  json_object_set_string_member (billing, "spec_code", spec_code);
  json_object_set_string_member (billing, "status", vault->status);
  json_object_set_string_member (billing, "storage_unit", "");
  json_object_set_int_member (billing, "used", vault->used);
  json_object_set_null_member (billing, "frozen_scene");

  json_object_set_string_member (object, "id", vault->id);
  json_object_set_string_member (object, "name", vault->name);
  json_object_set_string_member (object, "description", vault->description);
  json_object_set_string_member (object, "project_id", vault->project_id);
  json_object_set_string_member (object, "provider_id",
                                 disk ? "d1603440-187d-4516-af25-121250c7cc97" :
                                        "0daac4c5-6707-4851-97ba-169e36266b66");
  json_object_set_object_member (object, "billing", billing);
  json_object_set_array_member (object, "resources", json_array_new ());
  json_object_set_array_member (object, "tags", json_array_new ());
  json_object_set_string_member (object, "enterprise_project_id", "0");
  json_object_set_boolean_member (object, "auto_bind", FALSE);
  json_object_set_boolean_member (object, "auto_expand", FALSE);
  json_object_set_string_member (object, "user_id", "");
  json_object_set_string_member (object, "created_at", created);

  return object;
}
