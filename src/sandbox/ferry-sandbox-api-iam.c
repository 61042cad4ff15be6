/* ferry-sandbox-api-iam.c: the IAM routes of FerrySandbox
 *
 * The account (domains, projects, regions), roles, agencies and the
 * grants of roles to agencies on projects.
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-api-private.h"

/* {"self": <the sandbox's URI of @path>}, as IAM records link to themselves. */
static JsonObject *
self_link (FerrySandbox *self,
           Request      *req,
           const char   *path)
{
  JsonObject *links = json_object_new ();
  g_autofree char *base = ferry_sandbox_dup_base_uri (self);
  g_autofree char *uri = g_strdup_printf ("%s/iam/%s%s", base, req->region, path);

  json_object_set_string_member (links, "self", uri);
  return links;
}

static JsonObject *
links_object (Request *req)
{
  JsonObject *links = json_object_new ();
  g_autofree char *uri = g_uri_to_string (soup_server_message_get_uri (req->msg));

  json_object_set_string_member (links, "self", uri);
  json_object_set_null_member (links, "previous");
  json_object_set_null_member (links, "next");

  return links;
}

static void
handle_auth_domains (FerrySandbox *self,
                     Request      *req)
{
  JsonArray *domains = json_array_new ();
  JsonObject *domain = json_object_new ();
  JsonObject *answer;

  json_object_set_string_member (domain, "id", ferry_sandbox_world_get_domain_id (self->world));
  json_object_set_string_member (domain, "name", FERRY_SANDBOX_DOMAIN_NAME);
  json_object_set_boolean_member (domain, "enabled", TRUE);
  json_object_set_string_member (domain, "description", "");
  {
    g_autofree char *path = g_strconcat ("/v3/domains/",
                                         ferry_sandbox_world_get_domain_id (self->world), NULL);

    json_object_set_object_member (domain, "links", self_link (self, req, path));
  }
  json_array_add_object_element (domains, domain);

  answer = ferry_sandbox_object_with_array ("domains", domains);
  json_object_set_object_member (answer, "links", links_object (req));
  ferry_sandbox_respond (req, SOUP_STATUS_OK, answer);
}

/* The projects, or the one named @name; @paged: the links of each carry
 * previous and next too, as KeystoneListProjects shows them (and
 * KeystoneListAuthProjects does not). */
static void
respond_projects (FerrySandbox *self,
                  Request      *req,
                  const char   *name,
                  gboolean      paged)
{
  GPtrArray *projects = ferry_sandbox_world_get_projects (self->world);
  JsonArray *array = json_array_new ();
  JsonObject *answer;

  for (guint i = 0; i < projects->len; i++)
    {
      FerrySandboxProject *project = g_ptr_array_index (projects, i);

      if (name == NULL || strcmp (project->name, name) == 0)
        {
          JsonObject *object = ferry_sandbox_project_to_json (self->world, project);
          g_autofree char *path = g_strconcat ("/v3/projects/", project->id, NULL);
          JsonObject *links = self_link (self, req, path);

          if (paged)
            {
              json_object_set_null_member (links, "previous");
              json_object_set_null_member (links, "next");
            }
          json_object_set_object_member (object, "links", links);
          json_array_add_object_element (array, object);
        }
    }

  answer = ferry_sandbox_object_with_array ("projects", array);
  json_object_set_object_member (answer, "links", links_object (req));
  ferry_sandbox_respond (req, SOUP_STATUS_OK, answer);
}

static void
handle_auth_projects (FerrySandbox *self,
                      Request      *req)
{
  respond_projects (self, req, NULL, FALSE);
}

static void
handle_projects (FerrySandbox *self,
                 Request      *req)
{
  const char *domain_id = ferry_sandbox_request_query (req, "domain_id");

  /* Another account's projects are none of ours: an empty list. */
  if (domain_id != NULL && strcmp (domain_id, ferry_sandbox_world_get_domain_id (self->world)) != 0)
    {
      JsonObject *answer = ferry_sandbox_object_with_array ("projects", json_array_new ());

      json_object_set_object_member (answer, "links", links_object (req));
      ferry_sandbox_respond (req, SOUP_STATUS_OK, answer);
      return;
    }

  respond_projects (self, req, ferry_sandbox_request_query (req, "name"), TRUE);
}

static void
handle_regions (FerrySandbox *self,
                Request      *req)
{
  GListModel *regions = G_LIST_MODEL (self->catalogue);
  JsonArray *array = json_array_new ();
  g_autofree char *base = ferry_sandbox_dup_base_uri (self);
  JsonObject *answer;

  for (guint i = 0; i < g_list_model_get_n_items (regions); i++)
    {
      g_autoptr(FerryRegion) region = g_list_model_get_item (regions, i);
      JsonObject *object = json_object_new ();
      JsonObject *locales = json_object_new ();
      JsonObject *links = json_object_new ();
      g_autofree char *self_link = g_strdup_printf ("%s/iam/%s/v3/regions/%s", base, req->region,
                                                    ferry_region_get_id (region));

      json_object_set_string_member (locales, "zh-cn", ferry_region_get_name_zh (region));
      json_object_set_string_member (locales, "en-us", ferry_region_get_name_en (region));
      json_object_set_string_member (links, "self", self_link);
      json_object_set_string_member (object, "id", ferry_region_get_id (region));
      json_object_set_string_member (object, "type", "public");
      json_object_set_string_member (object, "description", "");
      json_object_set_null_member (object, "parent_region_id");
      json_object_set_object_member (object, "locales", locales);
      json_object_set_object_member (object, "links", links);
      json_array_add_object_element (array, object);
    }

  answer = ferry_sandbox_object_with_array ("regions", array);
  json_object_set_object_member (answer, "links", links_object (req));
  ferry_sandbox_respond (req, SOUP_STATUS_OK, answer);
}

static void
handle_roles (FerrySandbox *self,
              Request      *req)
{
  GPtrArray *roles = ferry_sandbox_world_get_roles (self->world);
  const char *display_name = ferry_sandbox_request_query (req, "display_name");
  const char *name = ferry_sandbox_request_query (req, "name");
  JsonArray *array = json_array_new ();
  JsonObject *answer;

  for (guint i = 0; i < roles->len; i++)
    {
      FerrySandboxRole *role = g_ptr_array_index (roles, i);

      if ((display_name == NULL || strcmp (role->display_name, display_name) == 0) &&
          (name == NULL || strcmp (role->name, name) == 0))
        {
          JsonObject *object = ferry_sandbox_role_to_json (role);
          g_autofree char *path = g_strconcat ("/v3/roles/", role->id, NULL);
          JsonObject *links = self_link (self, req, path);

          json_object_set_null_member (links, "previous");
          json_object_set_null_member (links, "next");
          json_object_set_object_member (object, "links", links);
          json_array_add_object_element (array, object);
        }
    }

  answer = ferry_sandbox_object_with_array ("roles", array);
  json_object_set_int_member (answer, "total_number", json_array_get_length (array));
  json_object_set_object_member (answer, "links", links_object (req));
  ferry_sandbox_respond (req, SOUP_STATUS_OK, answer);
}

static void
handle_agencies (FerrySandbox *self,
                 Request      *req)
{
  GPtrArray *agencies = ferry_sandbox_world_get_agencies (self->world);
  const char *domain_id = ferry_sandbox_request_query (req, "domain_id");
  const char *name = ferry_sandbox_request_query (req, "name");
  const char *trust_domain_id = ferry_sandbox_request_query (req, "trust_domain_id");
  JsonArray *array;

  if (domain_id == NULL)
    {
      ferry_sandbox_iam_error (req, SOUP_STATUS_BAD_REQUEST, "IAM.0007",
                               "Request parameter domain_id is invalid.");
      return;
    }
  if (strcmp (domain_id, ferry_sandbox_world_get_domain_id (self->world)) != 0)
    {
      ferry_sandbox_iam_error (req, SOUP_STATUS_FORBIDDEN, "IAM.0002",
                               "The domain_id is not your account's.");
      return;
    }

  array = json_array_new ();
  for (guint i = 0; i < agencies->len; i++)
    {
      FerrySandboxAgency *agency = g_ptr_array_index (agencies, i);

      if ((name == NULL || strcmp (agency->name, name) == 0) &&
          (trust_domain_id == NULL || strcmp (agency->trust_domain_id, trust_domain_id) == 0))
        json_array_add_object_element (array, ferry_sandbox_agency_to_json (self->world, agency));
    }

  ferry_sandbox_respond (req, SOUP_STATUS_OK, ferry_sandbox_object_with_array ("agencies", array));
}

/* ShowAgency (documented: IAM 查询委托详情): {"agency": {...}}, 404
 * IAM.0004 for an id the account does not have. */
static void
handle_show_agency (FerrySandbox *self,
                    Request      *req)
{
  const char *agency_id = ferry_sandbox_request_param (req, "agency_id");
  FerrySandboxAgency *agency = ferry_sandbox_world_lookup_agency (self->world, agency_id);
  JsonObject *answer;

  if (agency == NULL)
    {
      ferry_sandbox_iam_error (req, SOUP_STATUS_NOT_FOUND, "IAM.0004",
                               "Could not find agency: %s.", agency_id);
      return;
    }

  answer = json_object_new ();
  json_object_set_object_member (answer, "agency",
                                 ferry_sandbox_agency_to_json (self->world, agency));
  ferry_sandbox_respond (req, SOUP_STATUS_OK, answer);
}

static void
handle_create_agency (FerrySandbox *self,
                      Request      *req)
{
  g_autoptr(JsonObject) body = ferry_sandbox_parse_body (req);
  JsonNode *node;
  JsonObject *agency_object;
  FerrySandboxAgency *agency;
  const char *name, *domain_id, *trust_domain_name, *trust_domain_id, *duration, *description;
  const char *wrong;
  JsonObject *answer;

  node = body != NULL ? json_object_get_member (body, "agency") : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      ferry_sandbox_iam_error (req, SOUP_STATUS_BAD_REQUEST, "IAM.0011",
                               "Request body is invalid.");
      return;
    }
  agency_object = json_node_get_object (node);

  wrong = ferry_sandbox_get_strings (agency_object,
                                     "name", &name,
                                     "domain_id", &domain_id,
                                     "trust_domain_name", &trust_domain_name,
                                     "trust_domain_id", &trust_domain_id,
                                     "duration", &duration,
                                     "description", &description,
                                     NULL);
  if (wrong != NULL)
    {
      ferry_sandbox_iam_error (req, SOUP_STATUS_BAD_REQUEST, "IAM.0073",
                               "Invalid input for field '%s'. The value is not a string.", wrong);
      return;
    }

  if (name == NULL || !g_utf8_validate (name, -1, NULL) ||
      g_utf8_strlen (name, -1) < 1 || g_utf8_strlen (name, -1) > 64)
    {
      if (name == NULL)
        ferry_sandbox_iam_error (req, SOUP_STATUS_BAD_REQUEST, "IAM.0072",
                                 "'name' is a required property.");
      else
        ferry_sandbox_iam_error (req, SOUP_STATUS_BAD_REQUEST, "IAM.0073",
                                 "Invalid input for field 'name'. It must be 1 to 64 characters "
                                 "long.");
      return;
    }
  if (domain_id == NULL)
    {
      ferry_sandbox_iam_error (req, SOUP_STATUS_BAD_REQUEST, "IAM.0072",
                               "'domain_id' is a required property.");
      return;
    }
  if (strcmp (domain_id, ferry_sandbox_world_get_domain_id (self->world)) != 0)
    {
      ferry_sandbox_iam_error (req, SOUP_STATUS_FORBIDDEN, "IAM.0002",
                               "The domain_id is not your account's.");
      return;
    }
  if (trust_domain_name == NULL && trust_domain_id == NULL)
    {
      ferry_sandbox_iam_error (req, SOUP_STATUS_BAD_REQUEST, "IAM.0072",
                               "'trust_domain_name' is a required property.");
      return;
    }
  if (trust_domain_name == NULL)
    {
      /* The ids of the cloud service accounts are those the agencies show. */
      GPtrArray *agencies = ferry_sandbox_world_get_agencies (self->world);

      for (guint i = 0; i < agencies->len && trust_domain_name == NULL; i++)
        {
          FerrySandboxAgency *other = g_ptr_array_index (agencies, i);

          if (strcmp (other->trust_domain_id, trust_domain_id) == 0)
            trust_domain_name = other->trust_domain_name;
        }
      if (trust_domain_name == NULL)
        {
          ferry_sandbox_iam_error (req, SOUP_STATUS_NOT_FOUND, "IAM.0004",
                                   "Could not find domain: %s.", trust_domain_id);
          return;
        }
    }
  if (duration != NULL && strcmp (duration, "FOREVER") != 0 && strcmp (duration, "ONEDAY") != 0)
    {
      ferry_sandbox_iam_error (req, SOUP_STATUS_BAD_REQUEST, "IAM.0073",
                               "Invalid input for field 'duration'. The value is '%s'.",
                               duration);
      return;
    }
  if (description != NULL && !ferry_sandbox_is_valid_text (description, 255, ""))
    {
      ferry_sandbox_iam_error (req, SOUP_STATUS_BAD_REQUEST, "IAM.0073",
                               "Invalid input for field 'description'. It must be at most 255 "
                               "characters long.");
      return;
    }
  if (ferry_sandbox_world_lookup_agency_by_name (self->world, name) != NULL)
    {
      ferry_sandbox_iam_error (req, SOUP_STATUS_CONFLICT, "IAM.0005",
                               "Conflict occurred when attempting to store agency - an agency "
                               "named %s already exists.", name);
      return;
    }

  agency = ferry_sandbox_world_add_agency (self->world, name, trust_domain_name,
                                           duration, description);
  answer = json_object_new ();
  json_object_set_object_member (answer, "agency",
                                 ferry_sandbox_agency_to_json (self->world, agency));
  ferry_sandbox_respond (req, SOUP_STATUS_CREATED, answer);
}

/* The project, agency and role of a grant path; FALSE after answering 404. */
static gboolean
lookup_grant_path (FerrySandbox        *self,
                   Request             *req,
                   FerrySandboxProject **project,
                   FerrySandboxAgency  **agency,
                   FerrySandboxRole    **role)
{
  const char *project_id = ferry_sandbox_request_param (req, "project_id");
  const char *agency_id = ferry_sandbox_request_param (req, "agency_id");
  const char *role_id = ferry_sandbox_request_param (req, "role_id");

  *project = ferry_sandbox_world_lookup_project (self->world, project_id);
  *agency = ferry_sandbox_world_lookup_agency (self->world, agency_id);
  if (role != NULL)
    *role = ferry_sandbox_world_lookup_role (self->world, role_id);

  if (*project == NULL)
    ferry_sandbox_iam_error (req, SOUP_STATUS_NOT_FOUND, "IAM.0004",
                             "Could not find project: %s.", project_id);
  else if (*agency == NULL)
    ferry_sandbox_iam_error (req, SOUP_STATUS_NOT_FOUND, "IAM.0004",
                             "Could not find agency: %s.", agency_id);
  else if (role != NULL && *role == NULL)
    ferry_sandbox_iam_error (req, SOUP_STATUS_NOT_FOUND, "IAM.0004",
                             "Could not find role: %s.", role_id);
  else
    return TRUE;

  return FALSE;
}

static void
handle_grant (FerrySandbox *self,
              Request      *req)
{
  FerrySandboxProject *project;
  FerrySandboxAgency *agency;
  FerrySandboxRole *role;

  if (!lookup_grant_path (self, req, &project, &agency, &role))
    return;

  if (ferry_sandbox_take_refused_grant (self, project->id))
    {
      ferry_sandbox_iam_error (req, SOUP_STATUS_FORBIDDEN, "IAM.0002",
                               "You do not have permission to grant roles on project %s.",
                               project->id);
      return;
    }

  ferry_sandbox_world_add_grant (self->world, project->id, agency->id, role->id);
  ferry_sandbox_respond (req, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
handle_check_grant (FerrySandbox *self,
                    Request      *req)
{
  FerrySandboxProject *project;
  FerrySandboxAgency *agency;
  FerrySandboxRole *role;

  if (!lookup_grant_path (self, req, &project, &agency, &role))
    return;

  if (ferry_sandbox_world_has_grant (self->world, project->id, agency->id, role->id))
    ferry_sandbox_respond (req, SOUP_STATUS_NO_CONTENT, NULL);
  else
    ferry_sandbox_iam_error (req, SOUP_STATUS_NOT_FOUND, "IAM.0004",
                             "Could not find role assignment: %s.", role->id);
}

static void
handle_list_grants (FerrySandbox *self,
                    Request      *req)
{
  g_autoptr(GPtrArray) roles = NULL;
  FerrySandboxProject *project;
  FerrySandboxAgency *agency;
  JsonArray *array;

  if (!lookup_grant_path (self, req, &project, &agency, NULL))
    return;

  roles = ferry_sandbox_world_list_grants (self->world, project->id, agency->id);
  array = json_array_new ();
  for (guint i = 0; i < roles->len; i++)
    json_array_add_object_element (array,
                                   ferry_sandbox_role_to_json (g_ptr_array_index (roles, i)));

  ferry_sandbox_respond (req, SOUP_STATUS_OK, ferry_sandbox_object_with_array ("roles", array));
}

/* The IAM routes: first match wins. */

#define GRANT_PATH "/v3.0/OS-AGENCY/projects/{project_id}/agencies/{agency_id}/roles"

const Route ferry_sandbox_iam_routes[] = {
  { SERVICE_IAM, "GET", "/v3/auth/domains", handle_auth_domains },
  { SERVICE_IAM, "GET", "/v3/auth/projects", handle_auth_projects },
  { SERVICE_IAM, "GET", "/v3/projects", handle_projects },
  { SERVICE_IAM, "GET", "/v3/regions", handle_regions },
  { SERVICE_IAM, "GET", "/v3/roles", handle_roles },
  { SERVICE_IAM, "GET", "/v3.0/OS-AGENCY/agencies", handle_agencies },
  { SERVICE_IAM, "POST", "/v3.0/OS-AGENCY/agencies", handle_create_agency },
  { SERVICE_IAM, "GET", "/v3.0/OS-AGENCY/agencies/{agency_id}", handle_show_agency },
  { SERVICE_IAM, "PUT", GRANT_PATH "/{role_id}", handle_grant },
  { SERVICE_IAM, "HEAD", GRANT_PATH "/{role_id}", handle_check_grant },
  { SERVICE_IAM, "GET", GRANT_PATH, handle_list_grants },
};

const guint ferry_sandbox_n_iam_routes = G_N_ELEMENTS (ferry_sandbox_iam_routes);
