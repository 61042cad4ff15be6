/* ferry-sandbox-world-iam.c: the IAM records of FerrySandboxWorld: roles, agencies, grants
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-world-private.h"

/* Roles */

static void
add_role (FerrySandboxWorld *self,
          const char        *name,
          const char        *display_name,
          const char        *type,
          const char        *catalog,
          const char        *description)
{
  FerrySandboxRole *role = g_new0 (FerrySandboxRole, 1);

  role->id = ferry_sandbox_derive_hex ("role", name);
  role->name = g_strdup (name);
  role->display_name = g_strdup (display_name);
  role->type = g_strdup (type);
  role->catalog = g_strdup (catalog);
  role->description = g_strdup (description);
  g_ptr_array_add (self->roles, role);
}

/* The roles the account's agencies can be granted: the IAM role pages'
 * names, fixed for the life of the world. */
void
ferry_sandbox_world_build_roles (FerrySandboxWorld *self)
{
  add_role (self, "ims_adm", "IMS Administrator", "XA", "IMS",
            "Image Management Service Administrator");
  add_role (self, "te_admin", "Tenant Administrator", "AA", "BASE",
            "Tenant Administrator (Exclude IAM)");
  add_role (self, "system_all_1002", "IMS ReadOnlyAccess", "XA", "IMS",
            "Read-only permissions for Image Management Service.");
  add_role (self, "system_all_1003", "ECS FullAccess", "XA", "ECS",
            "All permissions for Elastic Cloud Server.");
}

GPtrArray *
ferry_sandbox_world_get_roles (FerrySandboxWorld *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);
  return self->roles;
}

FerrySandboxRole *
ferry_sandbox_world_lookup_role (FerrySandboxWorld *self,
                                 const char        *id)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  for (guint i = 0; id != NULL && i < self->roles->len; i++)
    {
      FerrySandboxRole *role = g_ptr_array_index (self->roles, i);

      if (strcmp (role->id, id) == 0)
        return role;
    }

  return NULL;
}

FerrySandboxRole *
ferry_sandbox_world_lookup_role_by_name (FerrySandboxWorld *self,
                                         const char        *name)
{
  for (guint i = 0; i < self->roles->len; i++)
    {
      FerrySandboxRole *role = g_ptr_array_index (self->roles, i);

      if (strcmp (role->name, name) == 0)
        return role;
    }

  return NULL;
}

/* Agencies and grants */

GPtrArray *
ferry_sandbox_world_get_agencies (FerrySandboxWorld *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);
  return self->agencies;
}

FerrySandboxAgency *
ferry_sandbox_world_lookup_agency (FerrySandboxWorld *self,
                                   const char        *id)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  for (guint i = 0; id != NULL && i < self->agencies->len; i++)
    {
      FerrySandboxAgency *agency = g_ptr_array_index (self->agencies, i);

      if (strcmp (agency->id, id) == 0)
        return agency;
    }

  return NULL;
}

FerrySandboxAgency *
ferry_sandbox_world_lookup_agency_by_name (FerrySandboxWorld *self,
                                           const char        *name)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  for (guint i = 0; name != NULL && i < self->agencies->len; i++)
    {
      FerrySandboxAgency *agency = g_ptr_array_index (self->agencies, i);

      if (strcmp (agency->name, name) == 0)
        return agency;
    }

  return NULL;
}

FerrySandboxAgency *
ferry_sandbox_world_insert_agency (FerrySandboxWorld *self,
                                   const char        *id,
                                   const char        *name,
                                   const char        *trust_domain_name,
                                   const char        *duration,
                                   const char        *description,
                                   gint64             create_time)
{
  FerrySandboxAgency *agency = g_new0 (FerrySandboxAgency, 1);

  agency->id = g_strdup (id);
  agency->name = g_strdup (name);
  agency->trust_domain_name = g_strdup (trust_domain_name);
  agency->trust_domain_id = ferry_sandbox_derive_hex ("domain", trust_domain_name);
  agency->duration = g_strdup (duration != NULL ? duration : "FOREVER");
  agency->description = g_strdup (description != NULL ? description : "");
  agency->create_time = create_time;
  g_ptr_array_add (self->agencies, agency);

  return agency;
}

FerrySandboxAgency *
ferry_sandbox_world_add_agency (FerrySandboxWorld *self,
                                const char        *name,
                                const char        *trust_domain_name,
                                const char        *duration,
                                const char        *description)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (trust_domain_name != NULL, NULL);

  id = ferry_sandbox_random_hex_id ();
  self->dirty = TRUE;
  return ferry_sandbox_world_insert_agency (self, id, name, trust_domain_name, duration,
                                            description,
                                            ferry_sandbox_world_now (self) / G_USEC_PER_SEC);
}

gboolean
ferry_sandbox_world_has_grant (FerrySandboxWorld *self,
                               const char        *project_id,
                               const char        *agency_id,
                               const char        *role_id)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), FALSE);

  for (guint i = 0; i < self->grants->len; i++)
    {
      FerrySandboxGrant *grant = g_ptr_array_index (self->grants, i);

      if (g_strcmp0 (grant->project_id, project_id) == 0 &&
          g_strcmp0 (grant->agency_id, agency_id) == 0 &&
          g_strcmp0 (grant->role_id, role_id) == 0)
        return TRUE;
    }

  return FALSE;
}

void
ferry_sandbox_world_insert_grant (FerrySandboxWorld *self,
                                  const char        *project_id,
                                  const char        *agency_id,
                                  const char        *role_id)
{
  FerrySandboxGrant *grant = g_new0 (FerrySandboxGrant, 1);

  grant->project_id = g_strdup (project_id);
  grant->agency_id = g_strdup (agency_id);
  grant->role_id = g_strdup (role_id);
  g_ptr_array_add (self->grants, grant);
}

void
ferry_sandbox_world_add_grant (FerrySandboxWorld *self,
                               const char        *project_id,
                               const char        *agency_id,
                               const char        *role_id)
{
  g_return_if_fail (FERRY_IS_SANDBOX_WORLD (self));

  /* Granting twice is no error in IAM, and changes nothing. */
  if (ferry_sandbox_world_has_grant (self, project_id, agency_id, role_id))
    return;

  ferry_sandbox_world_insert_grant (self, project_id, agency_id, role_id);
  self->dirty = TRUE;
}

GPtrArray *
ferry_sandbox_world_list_grants (FerrySandboxWorld *self,
                                 const char        *project_id,
                                 const char        *agency_id)
{
  GPtrArray *roles;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  roles = g_ptr_array_new ();
  for (guint i = 0; i < self->grants->len; i++)
    {
      FerrySandboxGrant *grant = g_ptr_array_index (self->grants, i);
      FerrySandboxRole *role;

      if (g_strcmp0 (grant->project_id, project_id) != 0 ||
          g_strcmp0 (grant->agency_id, agency_id) != 0)
        continue;

      role = ferry_sandbox_world_lookup_role (self, grant->role_id);
      if (role != NULL)
        g_ptr_array_add (roles, role);
    }

  return roles;
}

/* JSON */

JsonObject *
ferry_sandbox_project_to_json (FerrySandboxWorld   *self,
                               FerrySandboxProject *project)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", project->id);
  json_object_set_string_member (object, "name", project->name);
  json_object_set_string_member (object, "domain_id", self->domain_id);
  json_object_set_string_member (object, "parent_id", project->parent_id);
  json_object_set_boolean_member (object, "enabled", TRUE);
  json_object_set_boolean_member (object, "is_domain", FALSE);
  json_object_set_string_member (object, "description", "");

  return object;
}

JsonObject *
ferry_sandbox_role_to_json (FerrySandboxRole *role)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", role->id);
  json_object_set_string_member (object, "name", role->name);
  json_object_set_string_member (object, "display_name", role->display_name);
  json_object_set_string_member (object, "type", role->type);
  json_object_set_string_member (object, "catalog", role->catalog);
  json_object_set_string_member (object, "description", role->description);
  json_object_set_null_member (object, "domain_id");
  if (g_str_has_prefix (role->name, "system_all_"))
    json_object_set_string_member (object, "flag", "fine_grained");
  /* Every role of the IAM role pages has its policy and a Chinese
   * description; these are stand-ins of the documented shape. */
  json_object_set_string_member (object, "description_cn", role->description);
  {
    JsonObject *policy = json_object_new ();
    JsonArray *statements = json_array_new ();
    JsonObject *statement = json_object_new ();
    JsonArray *actions = json_array_new ();
    g_autofree char *service = g_ascii_strdown (role->catalog != NULL ? role->catalog : "base", -1);
    g_autofree char *action = g_strconcat (service, ":*:*", NULL);

    json_array_add_string_element (actions, action);
    json_object_set_array_member (statement, "Action", actions);
    json_object_set_string_member (statement, "Effect", "Allow");
    json_array_add_object_element (statements, statement);
    json_object_set_string_member (policy, "Version", "1.1");
    json_object_set_array_member (policy, "Statement", statements);
    json_object_set_object_member (object, "policy", policy);
  }

  return object;
}

JsonObject *
ferry_sandbox_agency_to_json (FerrySandboxWorld  *self,
                              FerrySandboxAgency *agency)
{
  JsonObject *object = json_object_new ();
  g_autofree char *create_time = ferry_sandbox_format_time_us (agency->create_time);

  json_object_set_string_member (object, "id", agency->id);
  json_object_set_string_member (object, "name", agency->name);
  json_object_set_string_member (object, "domain_id", self->domain_id);
  json_object_set_string_member (object, "trust_domain_id", agency->trust_domain_id);
  json_object_set_string_member (object, "trust_domain_name", agency->trust_domain_name);
  json_object_set_string_member (object, "duration", agency->duration);
  json_object_set_string_member (object, "description", agency->description);
  json_object_set_string_member (object, "create_time", create_time);
  if (strcmp (agency->duration, "ONEDAY") == 0)
    {
      g_autofree char *expire_time = ferry_sandbox_format_time_us (agency->create_time + 86400);

      json_object_set_string_member (object, "expire_time", expire_time);
    }
  else
    {
      json_object_set_null_member (object, "expire_time");
    }

  return object;
}
