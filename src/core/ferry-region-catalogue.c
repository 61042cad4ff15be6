/* ferry-region-catalogue.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-core-resources.h"
#include "ferry-error.h"
#include "ferry-json.h"
#include "ferry-region-catalogue.h"

#define CATALOGUE_FORMAT 1

struct _FerryRegionCatalogue
{
  GObject     parent_instance;

  GPtrArray  *regions;  /* FerryRegion, in catalogue order */
  GHashTable *by_id;    /* id → FerryRegion, borrowed */
  char       *default_domain;
  guint64     default_size_limit;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryRegionCatalogue, ferry_region_catalogue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
ferry_region_catalogue_get_item_type (GListModel *model)
{
  return FERRY_TYPE_REGION;
}

static guint
ferry_region_catalogue_get_n_items (GListModel *model)
{
  return FERRY_REGION_CATALOGUE (model)->regions->len;
}

static gpointer
ferry_region_catalogue_get_item (GListModel *model,
                                 guint       position)
{
  FerryRegionCatalogue *self = FERRY_REGION_CATALOGUE (model);

  if (position >= self->regions->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->regions, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ferry_region_catalogue_get_item_type;
  iface->get_n_items = ferry_region_catalogue_get_n_items;
  iface->get_item = ferry_region_catalogue_get_item;
}

/* What is wrong, in a few words: a parse error's technical detail rather
 * than its sentence about the service. */
static const char *
detail_of (const GError *error)
{
  const char *detail = ferry_api_error_get_server_message (error);

  return detail != NULL ? detail : error->message;
}

static gboolean
catalogue_error (GError     **error,
                 const char  *detail)
{
  /* The catalogue ships with Ferry, so this is a packaging fault: say what
   * is wrong plainly rather than guessing. */
  g_set_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
               _("The region catalogue is damaged: %s"), detail);
  return FALSE;
}

static gboolean
is_region_id (const char *id)
{
  /* Region ids are lower-case words joined by dashes: cn-north-4. */
  if (id == NULL || *id == '\0' || *id == '-')
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static gboolean
ferry_region_catalogue_load (FerryRegionCatalogue  *self,
                             GBytes                *json,
                             GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *regions;
  gint64 format, size_limit;
  char *domain = NULL;

  root = ferry_json_parse_object (json, &local_error);
  if (root == NULL)
    return catalogue_error (error, detail_of (local_error));
  object = json_node_get_object (root);

  if (!ferry_json_get_int64 (object, "format", 0, &format, &local_error))
    return catalogue_error (error, detail_of (local_error));
  if (format != CATALOGUE_FORMAT)
    return catalogue_error (error, _("unknown format version"));

  if (!ferry_json_require_string (object, "default_domain", &domain, &local_error))
    return catalogue_error (error, detail_of (local_error));
  self->default_domain = domain;
  if (!ferry_json_get_int64 (object, "default_copy_size_limit", 0, &size_limit, &local_error))
    return catalogue_error (error, detail_of (local_error));
  if (size_limit <= 0)
    return catalogue_error (error, _("the default size limit must be positive"));
  self->default_size_limit = size_limit;

  if (!ferry_json_require_array (object, "regions", &regions, &local_error))
    return catalogue_error (error, detail_of (local_error));
  if (json_array_get_length (regions) == 0)
    return catalogue_error (error, _("it lists no region"));

  for (guint i = 0; i < json_array_get_length (regions); i++)
    {
      JsonNode *node = json_array_get_element (regions, i);
      g_autofree char *id = NULL;
      g_autofree char *name_zh = NULL;
      g_autofree char *name_en = NULL;
      g_autofree char *region_domain = NULL;
      g_autofree char *where = NULL;
      gboolean mainland, whole_image_copy;
      gint64 limit;
      FerryRegion *region;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          where = g_strdup_printf (_("region %u is not an object"), i + 1);
          return catalogue_error (error, where);
        }
      object = json_node_get_object (node);
      if (!ferry_json_require_string (object, "id", &id, &local_error) ||
          !ferry_json_require_string (object, "name_zh", &name_zh, &local_error) ||
          !ferry_json_require_string (object, "name_en", &name_en, &local_error) ||
          !ferry_json_get_boolean (object, "mainland", FALSE, &mainland, &local_error) ||
          !ferry_json_get_boolean (object, "whole_image_copy", FALSE, &whole_image_copy, &local_error) ||
          !ferry_json_get_int64 (object, "copy_size_limit", self->default_size_limit, &limit, &local_error) ||
          !ferry_json_get_string (object, "domain", &region_domain, &local_error))
        {
          where = g_strdup_printf (_("region %u: %s"), i + 1, detail_of (local_error));
          return catalogue_error (error, where);
        }
      if (!json_object_has_member (object, "mainland") ||
          !json_object_has_member (object, "whole_image_copy"))
        {
          where = g_strdup_printf (_("region %s does not say whether it is in the mainland and allows whole-image copies"), id);
          return catalogue_error (error, where);
        }
      if (!is_region_id (id))
        {
          where = g_strdup_printf (_("“%s” is not a region id"), id);
          return catalogue_error (error, where);
        }
      if (limit <= 0)
        {
          where = g_strdup_printf (_("region %s has no positive size limit"), id);
          return catalogue_error (error, where);
        }
      if (g_hash_table_contains (self->by_id, id))
        {
          where = g_strdup_printf (_("region %s is listed twice"), id);
          return catalogue_error (error, where);
        }

      region = ferry_region_new (id, name_zh, name_en, mainland, whole_image_copy, limit,
                                 region_domain != NULL ? region_domain : self->default_domain);
      g_ptr_array_add (self->regions, region);
      g_hash_table_insert (self->by_id, (char *) ferry_region_get_id (region), region);
    }

  return TRUE;
}

FerryRegionCatalogue *
ferry_region_catalogue_new_from_bytes (GBytes  *json,
                                       GError **error)
{
  g_autoptr(FerryRegionCatalogue) self = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  self = g_object_new (FERRY_TYPE_REGION_CATALOGUE, NULL);
  if (!ferry_region_catalogue_load (self, json, error))
    return NULL;

  return g_steal_pointer (&self);
}

FerryRegionCatalogue *
ferry_region_catalogue_new_default (GError **error)
{
  static gsize registered;
  g_autoptr(GBytes) bytes = NULL;

  /* The core library is static: register its resource explicitly, since a
   * constructor in an unreferenced object file would be dropped. */
  if (g_once_init_enter (&registered))
    {
      ferry_core_register_resource ();
      g_once_init_leave (&registered, 1);
    }

  bytes = g_resources_lookup_data (RESOURCE_PREFIX "/regions.json",
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  return ferry_region_catalogue_new_from_bytes (bytes, error);
}

FerryRegion *
ferry_region_catalogue_lookup (FerryRegionCatalogue *self,
                               const char           *id)
{
  g_return_val_if_fail (FERRY_IS_REGION_CATALOGUE (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, id);
}

const char *
ferry_region_catalogue_get_default_domain (FerryRegionCatalogue *self)
{
  g_return_val_if_fail (FERRY_IS_REGION_CATALOGUE (self), NULL);

  return self->default_domain;
}

void
ferry_region_catalogue_merge (FerryRegionCatalogue *self,
                              GListModel           *regions)
{
  guint n_before;

  g_return_if_fail (FERRY_IS_REGION_CATALOGUE (self));
  g_return_if_fail (G_IS_LIST_MODEL (regions));

  n_before = self->regions->len;

  for (guint i = 0; i < g_list_model_get_n_items (regions); i++)
    {
      g_autoptr(FerryRegion) server = g_list_model_get_item (regions, i);
      FerryRegion *known = ferry_region_catalogue_lookup (self, ferry_region_get_id (server));

      if (known != NULL)
        {
          ferry_region_set_names (known,
                                  ferry_region_get_name_zh (server),
                                  ferry_region_get_name_en (server));
        }
      else if (is_region_id (ferry_region_get_id (server)))
        {
          /* A region newer than this catalogue: usable for plain images,
           * while the rules stay on the safe side for whole images. */
          FerryRegion *region = ferry_region_new (ferry_region_get_id (server),
                                                  ferry_region_get_name_zh (server),
                                                  ferry_region_get_name_en (server),
                                                  FALSE, FALSE,
                                                  self->default_size_limit,
                                                  self->default_domain);

          g_ptr_array_add (self->regions, region);
          g_hash_table_insert (self->by_id, (char *) ferry_region_get_id (region), region);
        }
    }

  if (self->regions->len > n_before)
    g_list_model_items_changed (G_LIST_MODEL (self), n_before, 0, self->regions->len - n_before);
}

static void
ferry_region_catalogue_finalize (GObject *object)
{
  FerryRegionCatalogue *self = FERRY_REGION_CATALOGUE (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->regions, g_ptr_array_unref);
  g_clear_pointer (&self->default_domain, g_free);

  G_OBJECT_CLASS (ferry_region_catalogue_parent_class)->finalize (object);
}

static void
ferry_region_catalogue_class_init (FerryRegionCatalogueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_region_catalogue_finalize;
}

static void
ferry_region_catalogue_init (FerryRegionCatalogue *self)
{
  self->regions = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}
