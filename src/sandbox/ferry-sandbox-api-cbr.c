/* ferry-sandbox-api-cbr.c: the CBR routes of FerrySandbox: vaults
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "ferry-sandbox-api-private.h"

#define VAULTS_LIMIT 1000

static void
handle_list_vaults (FerrySandbox *self,
                    Request      *req)
{
  GPtrArray *vaults = ferry_sandbox_world_get_vaults (self->world);
  const char *protect_type = ferry_sandbox_request_query (req, "protect_type");
  const char *object_type = ferry_sandbox_request_query (req, "object_type");
  const char *name = ferry_sandbox_request_query (req, "name");
  JsonArray *array;
  JsonObject *answer;
  guint64 limit, offset;
  guint count = 0;

  if (!ferry_sandbox_get_query_uint (req, "limit", 1, VAULTS_LIMIT, &limit) ||
      !ferry_sandbox_get_query_uint (req, "offset", 0, 0, &offset) || limit > VAULTS_LIMIT)
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "CBR.0001",
                                "limit must be 1 to 1000 and offset a whole number.");
      return;
    }

  array = json_array_new ();
  for (guint i = 0; i < vaults->len; i++)
    {
      FerrySandboxVault *vault = g_ptr_array_index (vaults, i);

      if (vault->region != req->region || strcmp (vault->project_id, req->project_id) != 0 ||
          (protect_type != NULL && strcmp (vault->protect_type, protect_type) != 0) ||
          (object_type != NULL && strcmp (vault->object_type, object_type) != 0) ||
          (name != NULL && strcmp (vault->name, name) != 0))
        continue;

      /* count is every match; the page is limit of them from offset. */
      if (count >= offset && count < offset + limit)
        json_array_add_object_element (array, ferry_sandbox_vault_to_json (vault));
      count++;
    }

  answer = ferry_sandbox_object_with_array ("vaults", array);
  json_object_set_int_member (answer, "count", count);
  ferry_sandbox_respond (req, SOUP_STATUS_OK, answer);
}

/* ShowVault (documented: support.huaweicloud.com/api-cbr/ShowVault.html):
 * {"vault": {...}}. A vault of another project or region is not found:
 * BackupService.6105 "Vault Not Found" (documented code; 404 assumed). */
static void
handle_show_vault (FerrySandbox *self,
                   Request      *req)
{
  GPtrArray *vaults = ferry_sandbox_world_get_vaults (self->world);
  const char *vault_id = ferry_sandbox_request_param (req, "vault_id");

  for (guint i = 0; i < vaults->len; i++)
    {
      FerrySandboxVault *vault = g_ptr_array_index (vaults, i);
      JsonObject *answer;

      if (vault->region != req->region || strcmp (vault->project_id, req->project_id) != 0 ||
          strcmp (vault->id, vault_id) != 0)
        continue;

      answer = json_object_new ();
      json_object_set_object_member (answer, "vault", ferry_sandbox_vault_to_json (vault));
      ferry_sandbox_respond (req, SOUP_STATUS_OK, answer);
      return;
    }

  ferry_sandbox_flat_error (req, SOUP_STATUS_NOT_FOUND, "BackupService.6105", "Vault Not Found");
}

static gboolean
is_valid_vault_name (const char *name)
{
  glong length;

  if (!g_utf8_validate (name, -1, NULL))
    return FALSE;
  length = g_utf8_strlen (name, -1);
  if (length < 1 || length > 64)
    return FALSE;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 ? !(g_ascii_isalnum (c) || c == '-' || c == '_')
                   : !ferry_sandbox_is_chinese (c))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_one_of (const char *value,
           const char *first,
           ...)
{
  gboolean found = FALSE;
  const char *choice;
  va_list args;

  va_start (args, first);
  for (choice = first; choice != NULL && !found; choice = va_arg (args, const char *))
    found = strcmp (value, choice) == 0;
  va_end (args);

  return found;
}

static void
handle_create_vault (FerrySandbox *self,
                     Request      *req)
{
  g_autoptr(JsonObject) body = ferry_sandbox_parse_body (req);
  const char *name, *description, *protect_type, *object_type, *consistent_level, *charging_mode;
  const char *wrong;
  JsonObject *vault_object, *billing, *answer;
  FerrySandboxVault *vault;
  JsonNode *node;
  gint64 size;

  node = body != NULL ? json_object_get_member (body, "vault") : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "CBR.0001",
                                "The request body must be a JSON object with a vault object.");
      return;
    }
  vault_object = json_node_get_object (node);

  node = json_object_get_member (vault_object, "billing");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "CBR.0001",
                                "vault.billing is required.");
      return;
    }
  billing = json_node_get_object (node);

  if ((wrong = ferry_sandbox_get_strings (vault_object,
                                          "name", &name,
                                          "description", &description,
                                          NULL)) != NULL ||
      (wrong = ferry_sandbox_get_strings (billing,
                                          "protect_type", &protect_type,
                                          "object_type", &object_type,
                                          "consistent_level", &consistent_level,
                                          "charging_mode", &charging_mode,
                                          NULL)) != NULL)
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "CBR.0001",
                                "%s must be a string.", wrong);
      return;
    }

  if (name == NULL || !is_valid_vault_name (name))
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "CBR.0001",
                                "vault.name must be 1 to 64 letters, digits, Chinese characters, "
                                "hyphens or underscores.");
      return;
    }
  if (description != NULL && !ferry_sandbox_is_valid_text (description, 255, "<>"))
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "CBR.0001",
                                "vault.description must be at most 255 characters, "
                                "without < or >.");
      return;
    }
  if (protect_type == NULL || !is_one_of (protect_type, "backup", "replication", NULL))
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "CBR.0001",
                                "billing.protect_type must be backup or replication.");
      return;
    }
  if (object_type == NULL || !is_one_of (object_type, "server", "disk", "turbo", NULL))
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "CBR.0001",
                                "billing.object_type must be server, disk or turbo.");
      return;
    }
  if (consistent_level != NULL &&
      !is_one_of (consistent_level, "crash_consistent", "app_consistent", NULL))
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "CBR.0001",
                                "billing.consistent_level must be crash_consistent or "
                                "app_consistent.");
      return;
    }
  if (charging_mode != NULL && !is_one_of (charging_mode, "post_paid", "pre_paid", NULL))
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "CBR.0001",
                                "billing.charging_mode must be post_paid or pre_paid.");
      return;
    }

  node = json_object_get_member (billing, "size");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      (size = json_node_get_int (node)) < 1 || size > 10485760)
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "CBR.0001",
                                "billing.size must be a whole number of GB from 1 to 10485760.");
      return;
    }

  vault = ferry_sandbox_world_add_vault (self->world, req->region, req->project_id, name,
                                         description, protect_type, object_type,
                                         consistent_level, charging_mode, size);
  answer = json_object_new ();
  json_object_set_object_member (answer, "vault", ferry_sandbox_vault_to_json (vault));
  ferry_sandbox_respond (req, SOUP_STATUS_OK, answer);
}

/* The CBR routes: first match wins. */

const Route ferry_sandbox_cbr_routes[] = {
  { SERVICE_CBR, "GET", "/v3/{project_id}/vaults", handle_list_vaults },
  { SERVICE_CBR, "POST", "/v3/{project_id}/vaults", handle_create_vault },
  { SERVICE_CBR, "GET", "/v3/{project_id}/vaults/{vault_id}", handle_show_vault },
};

const guint ferry_sandbox_n_cbr_routes = G_N_ELEMENTS (ferry_sandbox_cbr_routes);
