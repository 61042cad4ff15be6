/* ferry-account.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-account.h"

struct _FerryAccount
{
  GObject     parent_instance;

  char       *domain_id;
  char       *domain_name;
  GListModel *projects;
};

G_DEFINE_FINAL_TYPE (FerryAccount, ferry_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOMAIN_ID,
  PROP_DOMAIN_NAME,
  PROP_PROJECTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

FerryAccount *
ferry_account_new (const char *domain_id,
                   const char *domain_name,
                   GListModel *projects)
{
  g_return_val_if_fail (domain_id != NULL, NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (projects), NULL);

  return g_object_new (FERRY_TYPE_ACCOUNT,
                       "domain-id", domain_id,
                       "domain-name", domain_name,
                       "projects", projects,
                       NULL);
}

const char *
ferry_account_get_domain_id (FerryAccount *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), NULL);
  return self->domain_id;
}

const char *
ferry_account_get_domain_name (FerryAccount *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), NULL);
  return self->domain_name;
}

GListModel *
ferry_account_get_projects (FerryAccount *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), NULL);
  return self->projects;
}

FerryProject *
ferry_account_get_region_project (FerryAccount *self,
                                  const char   *region_id)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (region_id != NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (self->projects); i++)
    {
      g_autoptr(FerryProject) project = g_list_model_get_item (self->projects, i);

      /* Named after the region, which "MOS" and the like are not. */
      if (ferry_project_is_default (project) &&
          g_strcmp0 (ferry_project_get_region_id (project), region_id) == 0)
        return project;  /* the list keeps it alive */
    }

  return NULL;
}

FerryProject *
ferry_account_lookup_project (FerryAccount *self,
                              const char   *scope)
{
  FerryProject *project;

  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (scope != NULL, NULL);

  if ((project = ferry_account_get_region_project (self, scope)) != NULL)
    return project;

  for (guint i = 0; i < g_list_model_get_n_items (self->projects); i++)
    {
      g_autoptr(FerryProject) candidate = g_list_model_get_item (self->projects, i);

      if (g_strcmp0 (ferry_project_get_name (candidate), scope) == 0)
        return candidate;  /* the list keeps it alive */
    }

  return NULL;
}

GListModel *
ferry_account_list_region_projects (FerryAccount *self,
                                    const char   *region_id)
{
  GListStore *store;

  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (region_id != NULL, NULL);

  store = g_list_store_new (FERRY_TYPE_PROJECT);
  for (guint i = 0; i < g_list_model_get_n_items (self->projects); i++)
    {
      g_autoptr(FerryProject) project = g_list_model_get_item (self->projects, i);

      if (g_strcmp0 (ferry_project_get_region_id (project), region_id) != 0)
        continue;
      if (ferry_project_is_default (project))
        g_list_store_insert (store, 0, project);
      else
        g_list_store_append (store, project);
    }

  return G_LIST_MODEL (store);
}

static void
ferry_account_finalize (GObject *object)
{
  FerryAccount *self = FERRY_ACCOUNT (object);

  g_clear_pointer (&self->domain_id, g_free);
  g_clear_pointer (&self->domain_name, g_free);
  g_clear_object (&self->projects);

  G_OBJECT_CLASS (ferry_account_parent_class)->finalize (object);
}

static void
ferry_account_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FerryAccount *self = FERRY_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_DOMAIN_ID:
      g_value_set_string (value, self->domain_id);
      break;
    case PROP_DOMAIN_NAME:
      g_value_set_string (value, self->domain_name);
      break;
    case PROP_PROJECTS:
      g_value_set_object (value, self->projects);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_account_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FerryAccount *self = FERRY_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_DOMAIN_ID:
      self->domain_id = g_value_dup_string (value);
      break;
    case PROP_DOMAIN_NAME:
      self->domain_name = g_value_dup_string (value);
      break;
    case PROP_PROJECTS:
      self->projects = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_account_class_init (FerryAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_account_finalize;
  object_class->get_property = ferry_account_get_property;
  object_class->set_property = ferry_account_set_property;

  properties[PROP_DOMAIN_ID] =
    g_param_spec_string ("domain-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOMAIN_NAME] =
    g_param_spec_string ("domain-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECTS] =
    g_param_spec_object ("projects", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_account_init (FerryAccount *self)
{
}
