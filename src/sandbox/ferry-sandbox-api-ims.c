/* ferry-sandbox-api-ims.c: the IMS routes of FerrySandbox
 *
 * Images (ListImages, GlanceShowImage), the quota, the two copies and
 * their jobs, and image tags.
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-rules.h"
#include "ferry-sandbox-api-private.h"

#define IMAGES_LIMIT     500
#define IMAGES_LIMIT_MAX 1000

/* 1-128 letters, digits, Chinese characters, -_. and spaces, no space
 * at either end: the rule of the copy APIs. */
static gboolean
is_valid_image_name (const char *name)
{
  glong length;
  gsize bytes = strlen (name);

  if (!g_utf8_validate (name, -1, NULL))
    return FALSE;
  length = g_utf8_strlen (name, -1);
  if (length < 1 || length > 128 || name[0] == ' ' || name[bytes - 1] == ' ')
    return FALSE;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 ? !(g_ascii_isalnum (c) || strchr ("-_. ", c) != NULL)
                   : !ferry_sandbox_is_chinese (c))
        return FALSE;
    }

  return TRUE;
}

static void
handle_list_images (FerrySandbox *self,
                    Request      *req)
{
  FerrySandboxImageFilter filter = { 0, };
  g_autoptr(GPtrArray) images = g_ptr_array_new ();
  const char *marker = ferry_sandbox_request_query (req, "marker");
  const char *sort_dir = ferry_sandbox_request_query (req, "sort_dir");
  JsonArray *array;
  guint64 limit;

  if (!ferry_sandbox_get_query_uint (req, "limit", 1, IMAGES_LIMIT, &limit))
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0017",
                               "The URL format is incorrect: limit must be a positive integer.");
      return;
    }
  limit = MIN (limit, IMAGES_LIMIT_MAX);

  if (sort_dir != NULL && strcmp (sort_dir, "asc") != 0 && strcmp (sort_dir, "desc") != 0)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0017",
                               "The URL format is incorrect: sort_dir must be asc or desc.");
      return;
    }

  filter.project_id = req->project_id;
  filter.image_type = ferry_sandbox_request_query (req, "__imagetype");
  filter.status = ferry_sandbox_request_query (req, "status");
  filter.name = ferry_sandbox_request_query (req, "name");
  filter.id = ferry_sandbox_request_query (req, "id");
  filter.owner = ferry_sandbox_request_query (req, "owner");
  filter.whole_image = ferry_sandbox_request_query (req, "__whole_image");
  filter.virtual_env_type = ferry_sandbox_request_query (req, "virtual_env_type");

  if (filter.whole_image != NULL &&
      g_ascii_strcasecmp (filter.whole_image, "true") != 0 &&
      g_ascii_strcasecmp (filter.whole_image, "false") != 0)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0017",
                               "The URL format is incorrect: __whole_image must be true or false.");
      return;
    }

  if (!ferry_sandbox_world_list_images (self->world, req->region, &filter, marker, limit,
                                        g_strcmp0 (sort_dir, "asc") == 0, images))
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0017",
                               "The URL format is incorrect: the marker %s is not an image of "
                               "this region.", marker);
      return;
    }

  array = json_array_sized_new (images->len);
  for (guint i = 0; i < images->len; i++)
    {
      FerrySandboxImage *image = g_ptr_array_index (images, i);

      json_array_add_object_element (array, ferry_sandbox_world_image_to_json (self->world, image));
    }

  ferry_sandbox_respond (req, SOUP_STATUS_OK, ferry_sandbox_object_with_array ("images", array));
}

/* GlanceShowImage (documented, ims_03_0703): the image object itself, the
 * "self" link of every record. An image the project cannot see is 404;
 * the code is the IMS table's "No image was found." (assumed). */
static void
handle_show_image (FerrySandbox *self,
                   Request      *req)
{
  FerrySandboxImageFilter filter = { 0, };
  g_autoptr(GPtrArray) images = g_ptr_array_new ();

  filter.project_id = req->project_id;
  filter.id = ferry_sandbox_request_param (req, "image_id");
  if (!ferry_sandbox_world_list_images (self->world, req->region, &filter, NULL, 1, FALSE,
                                        images) ||
      images->len == 0)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_NOT_FOUND, "IMG.0086", "No image was found.");
      return;
    }

  ferry_sandbox_respond (req, SOUP_STATUS_OK,
                         ferry_sandbox_world_image_to_json (self->world,
                                                            g_ptr_array_index (images, 0)));
}

/* ShowImageQuota (documented, ims_03_0630): the private images only.
 * The page's example also shows min 1 and max 1000 (the range a quota
 * may be set in); the sandbox keeps them, max rising to a larger quota. */
static void
handle_image_quota (FerrySandbox *self,
                    Request      *req)
{
  guint quota = ferry_sandbox_world_get_image_quota (self->world, req->project_id);
  JsonObject *answer, *quotas, *resource;
  JsonArray *resources;

  if (ferry_sandbox_quota_refused (self, req->project_id))
    {
      ferry_sandbox_gateway_error (req, SOUP_STATUS_FORBIDDEN, "APIGW.0302",
                                   "The IAM user is not authorized to access the API: "
                                   "ims:quotas:get is not allowed.");
      return;
    }

  resource = json_object_new ();
  json_object_set_string_member (resource, "type", "image");
  json_object_set_int_member (resource, "used",
                              ferry_sandbox_world_count_project_images (self->world, req->project_id));
  json_object_set_int_member (resource, "quota", quota);
  json_object_set_int_member (resource, "min", 1);
  json_object_set_int_member (resource, "max", MAX (1000, quota));
  resources = json_array_new ();
  json_array_add_object_element (resources, resource);
  quotas = json_object_new ();
  json_object_set_array_member (quotas, "resources", resources);
  answer = json_object_new ();
  json_object_set_object_member (answer, "quotas", quotas);
  ferry_sandbox_respond (req, SOUP_STATUS_OK, answer);
}

typedef struct
{
  FerrySandboxJobKind  kind;
  FerrySandboxImage   *image;
  const char          *source_project_id;
  const char          *region;       /* destination */
  FerrySandboxProject *project;      /* destination */
  FerrySandboxAgency  *agency;       /* cross-region only */
  const char          *vault_id;
  const char          *name;
  const char          *description;
  const char          *cmk_id;
} CopyRequest;

/* Whether @agency holds IMS Administrator (or Tenant Administrator, which
 * includes it) on @project_id. */
static FerryGrant
grant_of (FerrySandbox       *self,
          FerrySandboxAgency *agency,
          const char         *project_id)
{
  GPtrArray *roles = ferry_sandbox_world_get_roles (self->world);

  for (guint i = 0; i < roles->len; i++)
    {
      FerrySandboxRole *role = g_ptr_array_index (roles, i);

      if ((g_strcmp0 (role->display_name, "IMS Administrator") == 0 ||
           g_strcmp0 (role->display_name, "Tenant Administrator") == 0) &&
          ferry_sandbox_world_has_grant (self->world, project_id, agency->id, role->id))
        return FERRY_GRANT_GRANTED;
    }
  return FERRY_GRANT_MISSING;
}

static FerryVault *
vault_of (FerrySandbox *self,
          const char   *vault_id)
{
  GPtrArray *vaults = ferry_sandbox_world_get_vaults (self->world);

  for (guint i = 0; vault_id != NULL && i < vaults->len; i++)
    {
      FerrySandboxVault *vault = g_ptr_array_index (vaults, i);

      if (g_strcmp0 (vault->id, vault_id) == 0)
        {
          g_autoptr(JsonObject) json = ferry_sandbox_vault_to_json (vault);

          return ferry_vault_new_from_json (json, NULL);
        }
    }
  return NULL;  /* the rules call that no vault: IMG.0184 */
}

/* The cross-region rules of @copy, with its agency's grants and vault. */
static GPtrArray *
check_cross_region (FerrySandbox      *self,
                    const CopyRequest *copy,
                    FerryCopyFacts    *facts)
{
  g_autoptr(JsonObject) agency_json = NULL;
  g_autoptr(FerryAgency) agency = NULL;
  g_autoptr(FerryVault) vault = NULL;

  agency_json = ferry_sandbox_agency_to_json (self->world, copy->agency);
  agency = ferry_agency_new_from_json (agency_json, NULL);
  vault = vault_of (self, copy->vault_id);

  facts->destination = ferry_region_catalogue_lookup (self->catalogue, copy->region);
  facts->destination_project_id = copy->project->id;
  facts->agency = agency;
  facts->source_grant = grant_of (self, copy->agency, copy->source_project_id);
  facts->destination_grant = grant_of (self, copy->agency, copy->project->id);
  facts->vault = vault;
  facts->copies_in_flight = ferry_sandbox_world_count_running_copies (self->world);

  /* The facts borrow the agency and the vault only for this call. */
  return ferry_rules_check_request (facts);
}

/* The service's own refusals, from the same rules engine that greys out
 * the dialog and that ferryctl check asks, so the three never disagree.
 * The first violation decides the answer, as a service answers with one
 * code. */
static gboolean
validate_copy (FerrySandbox       *self,
               const CopyRequest  *copy,
               guint              *status,
               const char        **code,
               char              **message)
{
  g_autoptr(JsonObject) image_json = NULL;
  g_autoptr(FerryImage) image = NULL;
  g_autoptr(GPtrArray) violations = NULL;
  FerryViolation *first;
  FerryCopyFacts facts = { 0 };

  image_json = ferry_sandbox_world_image_to_json (self->world, copy->image);
  image = ferry_image_new_from_json (image_json, NULL);
  g_return_val_if_fail (image != NULL, TRUE);

  facts.image = image;
  facts.source = ferry_region_catalogue_lookup (self->catalogue, copy->image->region);
  facts.project_id = copy->source_project_id;
  /* The project the image lands in: every image it holds and every copy
   * into it accepted (each holds its place from then on). */
  facts.quota_known = TRUE;
  facts.image_quota = ferry_sandbox_world_get_image_quota (self->world, copy->project->id);
  facts.images_used = ferry_sandbox_world_count_project_images (self->world, copy->project->id);
  facts.images_underway = ferry_sandbox_world_count_reserved_images (self->world, copy->project->id);
  facts.images_needed = 1;

  if (copy->kind == FERRY_SANDBOX_JOB_IN_REGION)
    violations = ferry_rules_check_in_region (&facts);
  else
    violations = check_cross_region (self, copy, &facts);
  if (violations->len == 0)
    return TRUE;

  first = g_ptr_array_index (violations, 0);
  *status = SOUP_STATUS_BAD_REQUEST;
  *code = g_intern_string (ferry_violation_get_server_code (first));
  *message = g_strdup (ferry_violation_get_message (first));
  return FALSE;
}


static void
submit_copy (FerrySandbox      *self,
             Request           *req,
             const CopyRequest *copy)
{
  g_autofree char *message = NULL;
  FerrySandboxJob *job;
  JsonObject *answer;
  const char *code = NULL;
  guint status = SOUP_STATUS_BAD_REQUEST;

  if (!validate_copy (self, copy, &status, &code, &message))
    {
      ferry_sandbox_ims_error (req, status, code, "%s", message);
      return;
    }

  job = ferry_sandbox_world_submit_copy (self->world, copy->kind, copy->image,
                                         copy->source_project_id, copy->region,
                                         copy->project->id, copy->name, copy->description,
                                         copy->agency != NULL ? copy->agency->name : NULL,
                                         copy->vault_id, copy->cmk_id, self->copy_seconds);

  answer = json_object_new ();
  json_object_set_string_member (answer, "job_id", job->id);
  ferry_sandbox_respond (req, SOUP_STATUS_OK, answer);
}

/* Checks name and description, common to both copies, with the codes of
 * the IMS error table for each mistake (documented codes; which one the
 * service picks for which mistake is assumed from their wording). */
static gboolean
check_copy_texts (Request    *req,
                  const char *name,
                  const char *description)
{
  if (name == NULL || name[0] == '\0')
    ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0013",
                             "The image name is not specified.");
  else if (g_utf8_validate (name, -1, NULL) && g_utf8_strlen (name, -1) > 128)
    ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0002",
                             "The image name contains more than 128 characters.");
  else if (!is_valid_image_name (name))
    ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0003",
                             "The image name format is invalid.");
  else if (description != NULL && g_utf8_validate (description, -1, NULL) &&
           g_utf8_strlen (description, -1) > 1024)
    ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0004",
                             "The description contains more than 1024 characters.");
  else if (description != NULL && !ferry_sandbox_is_valid_text (description, 1024, "<>\r\n"))
    ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0054",
                             "The image description format is invalid.");
  else
    return TRUE;

  return FALSE;
}

static void
handle_cross_region_copy (FerrySandbox *self,
                          Request      *req)
{
  g_autoptr(JsonObject) body = ferry_sandbox_parse_body (req);
  const char *image_id = ferry_sandbox_request_param (req, "image_id");
  CopyRequest copy = { FERRY_SANDBOX_JOB_CROSS_REGION, };
  const char *project_name, *agency_name, *wrong;

  if (body == NULL)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0001",
                               "The request message format is invalid.");
      return;
    }

  wrong = ferry_sandbox_get_strings (body,
                                     "name", &copy.name,
                                     "description", &copy.description,
                                     "region", &copy.region,
                                     "project_name", &project_name,
                                     "agency_name", &agency_name,
                                     "vault_id", &copy.vault_id,
                                     NULL);
  if (wrong != NULL)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0001",
                               "The request message format is invalid: %s must be a string.",
                               wrong);
      return;
    }
  if (!check_copy_texts (req, copy.name, copy.description))
    return;

  copy.image = ferry_sandbox_world_lookup_image (self->world, image_id);
  if (copy.image == NULL || copy.image->region != req->region)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0144",
                               "The image %s does not exist.", image_id);
      return;
    }
  copy.source_project_id = req->project_id;

  if (copy.region == NULL)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0001",
                               "The request message format is invalid: region is required.");
      return;
    }
  if (ferry_region_catalogue_lookup (self->catalogue, copy.region) == NULL)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0147",
                               "The region %s is wrong.", copy.region);
      return;
    }

  if (project_name == NULL)
    {
      /* Without a name the region's only project is meant; with several,
       * the service cannot guess. */
      if (ferry_sandbox_world_count_region_projects (self->world, copy.region) > 1)
        {
          ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0104",
                                   "The region %s has several projects: project_name is "
                                   "required.", copy.region);
          return;
        }
      copy.project = ferry_sandbox_world_lookup_project_by_name (self->world, copy.region);
    }
  else
    {
      copy.project = ferry_sandbox_world_lookup_project_by_name (self->world, project_name);
    }
  if (copy.project == NULL || g_strcmp0 (copy.project->region, copy.region) != 0)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0145",
                               "The project %s is not a project of region %s.",
                               project_name != NULL ? project_name : copy.region, copy.region);
      return;
    }

  if (agency_name == NULL)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0001",
                               "The request message format is invalid: agency_name is required.");
      return;
    }
  copy.agency = ferry_sandbox_world_lookup_agency_by_name (self->world, agency_name);
  if (copy.agency == NULL)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0179",
                               "The agency %s does not exist: no token can be obtained.",
                               agency_name);
      return;
    }

  submit_copy (self, req, &copy);
}

static void
handle_copy (FerrySandbox *self,
             Request      *req)
{
  g_autoptr(JsonObject) body = ferry_sandbox_parse_body (req);
  const char *image_id = ferry_sandbox_request_param (req, "image_id");
  CopyRequest copy = { FERRY_SANDBOX_JOB_IN_REGION, };
  const char *enterprise_project_id, *wrong;

  if (body == NULL)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0001",
                               "The request message format is invalid.");
      return;
    }

  wrong = ferry_sandbox_get_strings (body,
                                     "name", &copy.name,
                                     "description", &copy.description,
                                     "cmk_id", &copy.cmk_id,
                                     "enterprise_project_id", &enterprise_project_id,
                                     NULL);
  if (wrong != NULL)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0001",
                               "The request message format is invalid: %s must be a string.",
                               wrong);
      return;
    }
  if (!check_copy_texts (req, copy.name, copy.description))
    return;

  copy.image = ferry_sandbox_world_lookup_image (self->world, image_id);
  if (copy.image == NULL || copy.image->region != req->region)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0027",
                               "The image %s does not exist.", image_id);
      return;
    }

  copy.source_project_id = req->project_id;
  copy.region = req->region;
  copy.project = ferry_sandbox_world_lookup_project (self->world, req->project_id);

  submit_copy (self, req, &copy);
}

static void
handle_job (FerrySandbox *self,
            Request      *req)
{
  const char *job_id = ferry_sandbox_request_param (req, "job_id");
  FerrySandboxJob *job = ferry_sandbox_world_lookup_job (self->world, job_id);

  /* Jobs live in the source region, under the project that asked. */
  if (job == NULL || job->source_region != req->region ||
      g_strcmp0 (job->source_project_id, req->project_id) != 0)
    {
      /* No page documents this answer: 404 and the table's only code of
       * the job query are assumed (docs/huawei-api.md, "Errors"). */
      ferry_sandbox_ims_error (req, SOUP_STATUS_NOT_FOUND, "IMG.0023",
                               "An exception occurred during task query: job %s does not "
                               "exist.", job_id);
      return;
    }

  ferry_sandbox_respond (req, SOUP_STATUS_OK, ferry_sandbox_world_job_to_json (self->world, job));
}

/* Image tags: ListImageTags (ims_03_0620), BatchAddOrDeleteTags
 * (ims_03_0617) and AddImageTag (ims_03_0618) of
 * https://support.huaweicloud.com/api-ims/. Documented there: the paths,
 * the bodies, 204 for the two writes, keys of at most 36 characters, not
 * empty or blank, values of at most 43 (empty allowed, but present), at
 * most 10 tags per image, keys unique within one request, create is
 * idempotent (same key: the value is replaced), deleting a tag that is
 * not there succeeds, deletion checks lengths only (key 127, value 255).
 * The characters are those of the tag format page (ims_03_0902, its
 * version in huaweicloudDocs/ims): keys letters, digits, _ - and Chinese;
 * values also ".". The codes are the IMS table's IMG.0115 ("The image tag
 * is invalid.") and IMG.0116 ("The number of image tags exceeds the
 * quota."); which mistake gets which is assumed, and so are: a request
 * with one bad tag changes nothing, keys starting with _sys_ are refused
 * (Huawei's other services document them as system tags that tenants
 * cannot set; the IMS pages say nothing), and an image of another project
 * or region is 404 with IMG.0027. See docs/huawei-api.md. */

#define TAG_KEY_MAX          36
#define TAG_VALUE_MAX        43
#define TAG_DELETE_KEY_MAX   127
#define TAG_DELETE_VALUE_MAX 255
#define TAGS_PER_IMAGE       10
#define TAG_SYSTEM_PREFIX    "_sys_"

static FerrySandboxImage *
tag_image (FerrySandbox *self,
           Request      *req)
{
  const char *image_id = ferry_sandbox_request_param (req, "image_id");
  FerrySandboxImage *image = ferry_sandbox_world_lookup_image (self->world, image_id);

  if (image == NULL || image->region != req->region ||
      g_strcmp0 (image->owner, req->project_id) != 0)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_NOT_FOUND, "IMG.0027",
                               "The image ID in the request does not exist: %s.", image_id);
      return NULL;
    }
  return image;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static gboolean
has_only (const char *text,
          const char *punctuation)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 ? !(g_ascii_isalnum (c) || strchr (punctuation, c) != NULL)
                   : !ferry_sandbox_is_chinese (c))
        return FALSE;
    }
  return TRUE;
}

/* Why a tag cannot be created, or NULL. */
static const char *
tag_create_problem (const char *key,
                    const char *value)
{
  if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
    return "not UTF-8";
  if (is_blank (key))
    return "the key is empty";
  if (g_utf8_strlen (key, -1) > TAG_KEY_MAX)
    return "the key is longer than 36 characters";
  if (g_utf8_strlen (value, -1) > TAG_VALUE_MAX)
    return "the value is longer than 43 characters";
  if (g_str_has_prefix (key, TAG_SYSTEM_PREFIX))
    return "keys starting with _sys_ are system tags";
  if (!has_only (key, "_-"))
    return "the key may hold letters, digits, _, - and Chinese characters only";
  if (!has_only (value, "_-."))
    return "the value may hold letters, digits, _, ., - and Chinese characters only";
  return NULL;
}

static const char *
tag_delete_problem (const char *key,
                    const char *value)
{
  if (!g_utf8_validate (key, -1, NULL) || (value != NULL && !g_utf8_validate (value, -1, NULL)))
    return "not UTF-8";
  if (is_blank (key))
    return "the key is empty";
  if (g_utf8_strlen (key, -1) > TAG_DELETE_KEY_MAX)
    return "the key is longer than 127 characters";
  if (value != NULL && g_utf8_strlen (value, -1) > TAG_DELETE_VALUE_MAX)
    return "the value is longer than 255 characters";
  return NULL;
}

/* Reads {"key", "value"}; FALSE (answered) when a member is missing or of
 * the wrong type. */
static gboolean
read_tag (Request     *req,
          JsonNode    *node,
          gboolean     value_required,
          const char **key,
          const char **value)
{
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                                      : NULL;

  *key = *value = NULL;
  if (object == NULL ||
      !ferry_sandbox_get_string (object, "key", key) ||
      !ferry_sandbox_get_string (object, "value", value) ||
      *key == NULL || (value_required && *value == NULL))
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0001",
                               "The request message format is invalid: a tag needs a string "
                               "key and value.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_tag_key (GPtrArray  *tags,
             const char *key)
{
  for (guint i = 0; tags != NULL && i < tags->len; i++)
    if (strcmp (((FerrySandboxTag *) g_ptr_array_index (tags, i))->key, key) == 0)
      return TRUE;
  return FALSE;
}

/* Creates @keys/@values on @image, all or nothing. */
static void
create_tags (FerrySandbox      *self,
             Request           *req,
             FerrySandboxImage *image,
             GPtrArray         *keys,
             GPtrArray         *values)
{
  GPtrArray *tags = ferry_sandbox_world_get_image_tags (self->world, image->id);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint count = tags != NULL ? tags->len : 0;

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const char *value = g_ptr_array_index (values, i);
      const char *problem = tag_create_problem (key, value);

      if (problem == NULL && !g_hash_table_add (seen, (gpointer) key))
        problem = "the key appears twice in the request";
      if (problem != NULL)
        {
          ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0115",
                                   "The image tag is invalid: %s (key “%s”).", problem, key);
          return;
        }
      if (!has_tag_key (tags, key))
        count++;
    }

  if (count > TAGS_PER_IMAGE)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0116",
                               "The number of image tags exceeds the quota: an image has at "
                               "most %d tags.", TAGS_PER_IMAGE);
      return;
    }

  for (guint i = 0; i < keys->len; i++)
    ferry_sandbox_world_set_image_tag (self->world, image->id, g_ptr_array_index (keys, i),
                                       g_ptr_array_index (values, i));
  ferry_sandbox_respond (req, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
handle_list_image_tags (FerrySandbox *self,
                        Request      *req)
{
  FerrySandboxImage *image = tag_image (self, req);
  GPtrArray *tags;
  JsonArray *array;

  if (image == NULL)
    return;

  tags = ferry_sandbox_world_get_image_tags (self->world, image->id);
  array = json_array_new ();
  for (guint i = 0; tags != NULL && i < tags->len; i++)
    {
      FerrySandboxTag *tag = g_ptr_array_index (tags, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "key", tag->key);
      json_object_set_string_member (object, "value", tag->value);
      json_array_add_object_element (array, object);
    }
  ferry_sandbox_respond (req, SOUP_STATUS_OK, ferry_sandbox_object_with_array ("tags", array));
}

static void
handle_batch_tags (FerrySandbox *self,
                   Request      *req)
{
  g_autoptr(JsonObject) body = ferry_sandbox_parse_body (req);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  FerrySandboxImage *image;
  const char *action = NULL;
  JsonNode *tags_node;
  JsonArray *tags;
  gboolean create;

  if (body == NULL || !ferry_sandbox_get_string (body, "action", &action) ||
      (tags_node = json_object_get_member (body, "tags")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (tags_node))
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0001",
                               "The request message format is invalid: action and tags are "
                               "required.");
      return;
    }
  /* Case-sensitive (documented). */
  if (g_strcmp0 (action, "create") != 0 && g_strcmp0 (action, "delete") != 0)
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0001",
                               "The request message format is invalid: action must be create "
                               "or delete.");
      return;
    }
  create = strcmp (action, "create") == 0;
  tags = json_node_get_array (tags_node);

  if ((image = tag_image (self, req)) == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (tags); i++)
    {
      const char *key, *value;

      if (!read_tag (req, json_array_get_element (tags, i), create, &key, &value))
        return;
      g_ptr_array_add (keys, (gpointer) key);
      g_ptr_array_add (values, (gpointer) value);
    }

  if (create)
    {
      create_tags (self, req, image, keys, values);
      return;
    }

  for (guint i = 0; i < keys->len; i++)
    {
      const char *problem = tag_delete_problem (g_ptr_array_index (keys, i),
                                                g_ptr_array_index (values, i));

      if (problem != NULL)
        {
          ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0115",
                                   "The image tag is invalid: %s (key “%s”).", problem,
                                   (const char *) g_ptr_array_index (keys, i));
          return;
        }
    }
  for (guint i = 0; i < keys->len; i++)
    ferry_sandbox_world_delete_image_tag (self->world, image->id, g_ptr_array_index (keys, i));
  ferry_sandbox_respond (req, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
handle_add_image_tag (FerrySandbox *self,
                      Request      *req)
{
  g_autoptr(JsonObject) body = ferry_sandbox_parse_body (req);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  FerrySandboxImage *image;
  const char *key, *value;

  if (body == NULL || !json_object_has_member (body, "tag"))
    {
      ferry_sandbox_ims_error (req, SOUP_STATUS_BAD_REQUEST, "IMG.0001",
                               "The request message format is invalid: tag is required.");
      return;
    }
  if ((image = tag_image (self, req)) == NULL)
    return;
  if (!read_tag (req, json_object_get_member (body, "tag"), TRUE, &key, &value))
    return;

  g_ptr_array_add (keys, (gpointer) key);
  g_ptr_array_add (values, (gpointer) value);
  create_tags (self, req, image, keys, values);
}

/* The IMS routes: first match wins. */

const Route ferry_sandbox_ims_routes[] = {
  { SERVICE_IMS, "GET", "/v2/cloudimages", handle_list_images },
  { SERVICE_IMS, "GET", "/v2/images/{image_id}", handle_show_image },
  { SERVICE_IMS, "POST", "/v1/cloudimages/{image_id}/cross_region_copy",
    handle_cross_region_copy },
  { SERVICE_IMS, "POST", "/v1/cloudimages/{image_id}/copy", handle_copy },
  { SERVICE_IMS, "GET", "/v1/cloudimages/job/{job_id}", handle_job },
  { SERVICE_IMS, "GET", "/v1/cloudimages/quota", handle_image_quota },
  { SERVICE_IMS, "GET", "/v1/{project_id}/jobs/{job_id}", handle_job },
  { SERVICE_IMS, "GET", "/v2/{project_id}/images/{image_id}/tags", handle_list_image_tags },
  { SERVICE_IMS, "POST", "/v2/{project_id}/images/{image_id}/tags", handle_add_image_tag },
  { SERVICE_IMS, "POST", "/v2/{project_id}/images/{image_id}/tags/action", handle_batch_tags },
};

const guint ferry_sandbox_n_ims_routes = G_N_ELEMENTS (ferry_sandbox_ims_routes);
