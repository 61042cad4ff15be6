/* ferry-job.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-job.h"
#include "ferry-json.h"

struct _FerryJob
{
  GObject         parent_instance;

  char           *id;
  char           *job_type;
  char           *begin_time;
  char           *end_time;
  char           *error_code;
  char           *fail_reason;
  char           *image_id;
  char           *image_name;
  char           *current_task;
  double          process_percent;
  FerryJobStatus  status;
};

G_DEFINE_FINAL_TYPE (FerryJob, ferry_job, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (FerryJobStatus, ferry_job_status,
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STATUS_INIT, "init"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STATUS_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STATUS_SUCCESS, "success"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STATUS_FAIL, "fail"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STATUS_UNKNOWN, "unknown"))

enum {
  PROP_0,
  PROP_ID,
  PROP_STATUS,
  PROP_JOB_TYPE,
  PROP_BEGIN_TIME,
  PROP_END_TIME,
  PROP_ERROR_CODE,
  PROP_FAIL_REASON,
  PROP_IMAGE_ID,
  PROP_IMAGE_NAME,
  PROP_PROCESS_PERCENT,
  PROP_CURRENT_TASK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static FerryJobStatus
parse_status (const char *text)
{
  static const struct {
    const char     *name;
    FerryJobStatus  status;
  } statuses[] = {
    { "INIT", FERRY_JOB_STATUS_INIT },
    { "RUNNING", FERRY_JOB_STATUS_RUNNING },
    { "SUCCESS", FERRY_JOB_STATUS_SUCCESS },
    { "FAIL", FERRY_JOB_STATUS_FAIL },
  };

  if (text == NULL)
    return FERRY_JOB_STATUS_UNKNOWN;

  /* The reference shows upper case, some examples lower case. */
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_ascii_strcasecmp (text, statuses[i].name) == 0)
      return statuses[i].status;

  return FERRY_JOB_STATUS_UNKNOWN;
}

static gboolean
parse_entities (FerryJob    *self,
                JsonObject  *entities,
                GError     **error)
{
  double percent;

  if (!ferry_json_get_text (entities, "image_id", &self->image_id, error) ||
      !ferry_json_get_text (entities, "image_name", &self->image_name, error) ||
      !ferry_json_get_text (entities, "current_task", &self->current_task, error) ||
      !ferry_json_get_finite_double (entities, "process_percent", 0.0, &percent, error))
    return FALSE;

  /* A fraction by the reference; a progress bar must never leave 0..1. */
  self->process_percent = CLAMP (percent, 0.0, 1.0);

  return TRUE;
}

FerryJob *
ferry_job_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(FerryJob) self = NULL;
  g_autofree char *status = NULL;
  JsonObject *entities;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FERRY_TYPE_JOB, NULL);

  /* A job without its id or status says nothing Ferry can act on; both
   * pages' examples carry them (ShowJob, ShowJobProgress). error_code and
   * fail_reason are strings or null. */
  if (!ferry_json_require_text (object, "job_id", &self->id, error) ||
      !ferry_json_require_text (object, "status", &status, error))
    return NULL;

  if (!ferry_json_get_text (object, "job_type", &self->job_type, error) ||
      !ferry_json_get_text (object, "begin_time", &self->begin_time, error) ||
      !ferry_json_get_text (object, "end_time", &self->end_time, error) ||
      !ferry_json_get_text (object, "error_code", &self->error_code, error) ||
      !ferry_json_get_text (object, "fail_reason", &self->fail_reason, error) ||
      !ferry_json_get_object (object, "entities", &entities, error))
    return NULL;
  self->status = parse_status (status);

  if (entities != NULL && !parse_entities (self, entities, error))
    return NULL;

  return g_steal_pointer (&self);
}

JsonNode *
ferry_job_serialize (FerryJob *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GEnumClass) status_class = NULL;
  GEnumValue *status;

  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);

  status_class = g_type_class_ref (FERRY_TYPE_JOB_STATUS);
  status = g_enum_get_value (status_class, self->status);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  ferry_json_add_string (builder, "id", self->id);
  ferry_json_add_string (builder, "status", status != NULL ? status->value_nick : NULL);
  ferry_json_add_boolean (builder, "final", ferry_job_status_is_final (self->status));
  ferry_json_add_string (builder, "job_type", self->job_type);
  ferry_json_add_string (builder, "begin_time", self->begin_time);
  ferry_json_add_string (builder, "end_time", self->end_time);
  ferry_json_add_string (builder, "error_code", self->error_code);
  ferry_json_add_string (builder, "fail_reason", self->fail_reason);
  ferry_json_add_string (builder, "image_id", self->image_id);
  ferry_json_add_string (builder, "image_name", self->image_name);
  json_builder_set_member_name (builder, "progress");
  json_builder_add_double_value (builder, self->process_percent);
  ferry_json_add_string (builder, "current_task", self->current_task);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
ferry_job_get_id (FerryJob *self)
{
  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return self->id;
}

FerryJobStatus
ferry_job_get_status (FerryJob *self)
{
  g_return_val_if_fail (FERRY_IS_JOB (self), FERRY_JOB_STATUS_UNKNOWN);
  return self->status;
}

const char *
ferry_job_get_job_type (FerryJob *self)
{
  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return self->job_type;
}

const char *
ferry_job_get_begin_time (FerryJob *self)
{
  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return self->begin_time;
}

const char *
ferry_job_get_end_time (FerryJob *self)
{
  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return self->end_time;
}

const char *
ferry_job_get_error_code (FerryJob *self)
{
  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return self->error_code;
}

const char *
ferry_job_get_fail_reason (FerryJob *self)
{
  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return self->fail_reason;
}

const char *
ferry_job_get_image_id (FerryJob *self)
{
  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return self->image_id;
}

const char *
ferry_job_get_image_name (FerryJob *self)
{
  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return self->image_name;
}

double
ferry_job_get_process_percent (FerryJob *self)
{
  g_return_val_if_fail (FERRY_IS_JOB (self), 0.0);
  return self->process_percent;
}

const char *
ferry_job_get_current_task (FerryJob *self)
{
  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return self->current_task;
}

gboolean
ferry_job_status_is_final (FerryJobStatus status)
{
  return status == FERRY_JOB_STATUS_SUCCESS || status == FERRY_JOB_STATUS_FAIL;
}

static void
ferry_job_finalize (GObject *object)
{
  FerryJob *self = FERRY_JOB (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->job_type, g_free);
  g_clear_pointer (&self->begin_time, g_free);
  g_clear_pointer (&self->end_time, g_free);
  g_clear_pointer (&self->error_code, g_free);
  g_clear_pointer (&self->fail_reason, g_free);
  g_clear_pointer (&self->image_id, g_free);
  g_clear_pointer (&self->image_name, g_free);
  g_clear_pointer (&self->current_task, g_free);

  G_OBJECT_CLASS (ferry_job_parent_class)->finalize (object);
}

static void
ferry_job_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FerryJob *self = FERRY_JOB (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_JOB_TYPE:
      g_value_set_string (value, self->job_type);
      break;
    case PROP_BEGIN_TIME:
      g_value_set_string (value, self->begin_time);
      break;
    case PROP_END_TIME:
      g_value_set_string (value, self->end_time);
      break;
    case PROP_ERROR_CODE:
      g_value_set_string (value, self->error_code);
      break;
    case PROP_FAIL_REASON:
      g_value_set_string (value, self->fail_reason);
      break;
    case PROP_IMAGE_ID:
      g_value_set_string (value, self->image_id);
      break;
    case PROP_IMAGE_NAME:
      g_value_set_string (value, self->image_name);
      break;
    case PROP_PROCESS_PERCENT:
      g_value_set_double (value, self->process_percent);
      break;
    case PROP_CURRENT_TASK:
      g_value_set_string (value, self->current_task);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_job_class_init (FerryJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_job_finalize;
  object_class->get_property = ferry_job_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       FERRY_TYPE_JOB_STATUS, FERRY_JOB_STATUS_UNKNOWN, flags);
  properties[PROP_JOB_TYPE] =
    g_param_spec_string ("job-type", NULL, NULL, NULL, flags);
  properties[PROP_BEGIN_TIME] =
    g_param_spec_string ("begin-time", NULL, NULL, NULL, flags);
  properties[PROP_END_TIME] =
    g_param_spec_string ("end-time", NULL, NULL, NULL, flags);
  properties[PROP_ERROR_CODE] =
    g_param_spec_string ("error-code", NULL, NULL, NULL, flags);
  properties[PROP_FAIL_REASON] =
    g_param_spec_string ("fail-reason", NULL, NULL, NULL, flags);
  properties[PROP_IMAGE_ID] =
    g_param_spec_string ("image-id", NULL, NULL, NULL, flags);
  properties[PROP_IMAGE_NAME] =
    g_param_spec_string ("image-name", NULL, NULL, NULL, flags);
  properties[PROP_PROCESS_PERCENT] =
    g_param_spec_double ("process-percent", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_CURRENT_TASK] =
    g_param_spec_string ("current-task", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_job_init (FerryJob *self)
{
  self->status = FERRY_JOB_STATUS_UNKNOWN;
}

/* The steps Ferry shows, as the service words them (current_task), and
 * their translations. IMS documents current_task only as "the task being
 * run" (a string), not its values: these are the ones Ferry has been seen
 * to show (those of ferry-sandbox, modelled on the console's wording).
 * Anything else is shown as it came, said to be the service's own words. */
static const struct
{
  const char *service;
  const char *translatable;
} job_steps[] = {
  { "Initializing", NC_("job step", "Initializing") },
  { "Exporting the source image", NC_("job step", "Exporting the source image") },
  { "Copying the image", NC_("job step", "Copying the image") },
  { "Transferring the image to the destination region",
    NC_("job step", "Transferring the image to the destination region") },
  { "Registering the new image", NC_("job step", "Registering the new image") },
};

const char *
ferry_job_step_lookup (const char *step)
{
  if (step == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (job_steps); i++)
    if (g_ascii_strcasecmp (step, job_steps[i].service) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE, "job step", job_steps[i].translatable);
  return NULL;
}

char *
ferry_job_dup_step_text (const char *step)
{
  const char *known;

  if (step == NULL || *step == '\0')
    return NULL;
  known = ferry_job_step_lookup (step);
  if (known != NULL)
    /* Translators: a copy's current step, translated, "Step: Copying the
     * image". */
    return g_strdup_printf (_("Step: %s"), known);
  /* Translators: a step Ferry does not know, in the service's own
   * (untranslated) words. */
  return g_strdup_printf (_("Step reported by the service: %s"), step);
}
