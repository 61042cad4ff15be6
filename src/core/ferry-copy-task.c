/* ferry-copy-task.c: one copy of an image, as the queue drives it and the list shows it
 *
 * The object and its properties, the setters that notify only on a real
 * change, the order of the list and of the turns, and the words for its
 * state and its tags. Its form in the task file is in
 * ferry-copy-task-json.c; the members both share are in
 * ferry-copy-task-fields.h.
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ferry-copy-task-fields.h"
#include "ferry-error.h"

G_DEFINE_ENUM_TYPE (FerryCopyKind, ferry_copy_kind,
  G_DEFINE_ENUM_VALUE (FERRY_COPY_KIND_CROSS_REGION, "cross-region"),
  G_DEFINE_ENUM_VALUE (FERRY_COPY_KIND_IN_REGION, "in-region"))

G_DEFINE_ENUM_TYPE (FerryTaskState, ferry_task_state,
  G_DEFINE_ENUM_VALUE (FERRY_TASK_STATE_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (FERRY_TASK_STATE_SUBMITTING, "submitting"),
  G_DEFINE_ENUM_VALUE (FERRY_TASK_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (FERRY_TASK_STATE_FINISHING, "finishing"),
  G_DEFINE_ENUM_VALUE (FERRY_TASK_STATE_DONE, "done"),
  G_DEFINE_ENUM_VALUE (FERRY_TASK_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (FERRY_TASK_STATE_REMOVED, "removed"),
  G_DEFINE_ENUM_VALUE (FERRY_TASK_STATE_OUTCOME_UNKNOWN, "outcome-unknown"))

const FieldName ferry_task_string_names[N_STRINGS] = {
  [S_ID] = { "id", "id" },
  [S_DOMAIN_ID] = { "domain-id", "domain_id" },
  [S_IMAGE_ID] = { "image-id", "image_id" },
  [S_IMAGE_NAME] = { "image-name", "image_name" },
  [S_SOURCE_REGION] = { "source-region", "source_region" },
  [S_SOURCE_PROJECT_ID] = { "source-project-id", "source_project_id" },
  [S_DESTINATION_REGION] = { "destination-region", "destination_region" },
  [S_DESTINATION_PROJECT_NAME] = { "destination-project-name", "destination_project_name" },
  [S_DESTINATION_PROJECT_ID] = { "destination-project-id", "destination_project_id" },
  [S_NAME] = { "name", "name" },
  [S_DESCRIPTION] = { "description", "description" },
  [S_AGENCY_NAME] = { "agency-name", "agency_name" },
  [S_VAULT_ID] = { "vault-id", "vault_id" },
  [S_CMK_ID] = { "cmk-id", "cmk_id" },
  [S_JOB_ID] = { "job-id", "job_id" },
  [S_NEW_IMAGE_ID] = { "new-image-id", "new_image_id" },
  [S_CURRENT_STEP] = { "current-step", "current_step" },
  [S_ERROR_CODE] = { "error-code", "error_code" },
  [S_ERROR_MESSAGE] = { "error-message", "error_message" },
  [S_ERROR_SENTENCE] = { "error-sentence", "error_sentence" },
  [S_HINT] = { "hint", "hint" },
};

const FieldName ferry_task_time_names[N_TIMES] = {
  [T_CREATED_AT] = { "created-at", "created_at" },
  [T_QUEUED_AT] = { "queued-at", "queued_at" },
  [T_SUBMITTED_AT] = { "submitted-at", "submitted_at" },
  [T_FINISHED_AT] = { "finished-at", "finished_at" },
  [T_LAST_PROGRESS_AT] = { "last-progress-at", "last_progress_at" },
  [T_NEXT_ATTEMPT_AT] = { "next-attempt-at", "next_attempt_at" },
  [T_LEASE_UNTIL] = { "lease-until", "lease_until" },
};

G_DEFINE_FINAL_TYPE (FerryCopyTask, ferry_copy_task, G_TYPE_OBJECT)

enum {
  PROP_0,
  /* The strings, in StringField order. */
  PROP_ID,
  PROP_DOMAIN_ID,
  PROP_IMAGE_ID,
  PROP_IMAGE_NAME,
  PROP_SOURCE_REGION,
  PROP_SOURCE_PROJECT_ID,
  PROP_DESTINATION_REGION,
  PROP_DESTINATION_PROJECT_NAME,
  PROP_DESTINATION_PROJECT_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_AGENCY_NAME,
  PROP_VAULT_ID,
  PROP_CMK_ID,
  PROP_JOB_ID,
  PROP_NEW_IMAGE_ID,
  PROP_CURRENT_STEP,
  PROP_ERROR_CODE,
  PROP_ERROR_MESSAGE,
  PROP_ERROR_SENTENCE,
  PROP_HINT,
  /* The times, in TimeField order. */
  PROP_CREATED_AT,
  PROP_QUEUED_AT,
  PROP_SUBMITTED_AT,
  PROP_FINISHED_AT,
  PROP_LAST_PROGRESS_AT,
  PROP_NEXT_ATTEMPT_AT,
  PROP_LEASE_UNTIL,
  /* The rest. */
  PROP_KIND,
  PROP_STATE,
  PROP_JOB_ENDPOINT,
  PROP_FRACTION,
  PROP_ATTEMPTS,
  PROP_STILL_RUNNING,
  PROP_OWNER,
  PROP_COPY_TAGS,
  PROP_TAGS_PENDING,
  PROP_TAGS_OUTCOME,
  N_PROPS
};

G_STATIC_ASSERT (PROP_HINT - PROP_ID + 1 == N_STRINGS);
G_STATIC_ASSERT (PROP_LEASE_UNTIL - PROP_CREATED_AT + 1 == N_TIMES);

#define STRING_PROP(field) (PROP_ID + (field))
#define TIME_PROP(field)   (PROP_CREATED_AT + (field))

static GParamSpec *properties[N_PROPS];

const char * const ferry_task_job_endpoint_names[N_JOB_ENDPOINTS] = {
  "project", "cloudimages",
};

const char *
ferry_task_state_to_label (FerryTaskState state)
{
  switch (state)
    {
    case FERRY_TASK_STATE_QUEUED:
      return C_("task state", "Queued");
    case FERRY_TASK_STATE_SUBMITTING:
      return C_("task state", "Submitting");
    case FERRY_TASK_STATE_RUNNING:
      return C_("task state", "Copying");
    case FERRY_TASK_STATE_FINISHING:
      return C_("task state", "Finishing");
    case FERRY_TASK_STATE_DONE:
      return C_("task state", "Done");
    case FERRY_TASK_STATE_FAILED:
      return C_("task state", "Failed");
    case FERRY_TASK_STATE_REMOVED:
      return C_("task state", "Removed");
    case FERRY_TASK_STATE_OUTCOME_UNKNOWN:
      return C_("task state", "Outcome Unknown");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
ferry_task_state_is_final (FerryTaskState state)
{
  return state == FERRY_TASK_STATE_DONE ||
         state == FERRY_TASK_STATE_FAILED ||
         state == FERRY_TASK_STATE_REMOVED;
}

char *
ferry_task_format_place (guint place)
{
  guint tens = place % 100;

  /* English ordinals need four forms; most languages need one, and then
   * translate all four alike. */
  if (tens >= 11 && tens <= 13)
    /* Translators: a queued copy's place, "4th in line". Translate the four
     * "in line" strings alike when your language has one ordinal form. */
    return g_strdup_printf (C_("place in line", "%uth in line"), place);
  switch (place % 10)
    {
    case 1:
      /* Translators: a queued copy's place, "1st in line", "21st in line". */
      return g_strdup_printf (C_("place in line", "%ust in line"), place);
    case 2:
      /* Translators: a queued copy's place, "2nd in line", "22nd in line". */
      return g_strdup_printf (C_("place in line", "%und in line"), place);
    case 3:
      /* Translators: a queued copy's place, "3rd in line", "23rd in line". */
      return g_strdup_printf (C_("place in line", "%urd in line"), place);
    default:
      return g_strdup_printf (C_("place in line", "%uth in line"), place);
    }
}

/* The order of turn of queued tasks: first queued, first sent (a task
 * turned away keeps its queued_at, so it stays at the head); then by
 * creation, then by id, so that the order is total. */
gint
ferry_copy_task_compare_turn (FerryCopyTask *a,
                              FerryCopyTask *b)
{
  gint64 qa = ferry_copy_task_get_queued_at (a);
  gint64 qb = ferry_copy_task_get_queued_at (b);

  if (qa != qb)
    return qa < qb ? -1 : 1;
  if (ferry_copy_task_get_created_at (a) != ferry_copy_task_get_created_at (b))
    return ferry_copy_task_get_created_at (a) < ferry_copy_task_get_created_at (b) ? -1 : 1;
  return g_strcmp0 (ferry_copy_task_get_id (a), ferry_copy_task_get_id (b));
}

/* 0: what moves or waits for the user; 1: the line; 2: what is over. */
static int
list_group (FerryTaskState state)
{
  switch (state)
    {
    case FERRY_TASK_STATE_SUBMITTING:
    case FERRY_TASK_STATE_RUNNING:
    case FERRY_TASK_STATE_FINISHING:
    case FERRY_TASK_STATE_OUTCOME_UNKNOWN:
      return 0;
    case FERRY_TASK_STATE_QUEUED:
      return 1;
    case FERRY_TASK_STATE_DONE:
    case FERRY_TASK_STATE_FAILED:
    case FERRY_TASK_STATE_REMOVED:
    default:
      return 2;
    }
}

static int
compare_times (gint64 a,
               gint64 b)
{
  return (a > b) - (a < b);
}

gint
ferry_copy_task_compare_for_list (FerryCopyTask *a,
                                  FerryCopyTask *b)
{
  int ga = list_group (ferry_copy_task_get_state (a));
  int gb = list_group (ferry_copy_task_get_state (b));
  int order;

  if (ga != gb)
    return ga < gb ? -1 : 1;
  switch (ga)
    {
    case 0:
      /* As they were sent: the oldest copy on top. */
      order = compare_times (ferry_copy_task_get_submitted_at (a), ferry_copy_task_get_submitted_at (b));
      if (order != 0)
        return order;
      return ferry_copy_task_compare_turn (a, b);
    case 1:
      return ferry_copy_task_compare_turn (a, b);
    default:
      /* The newest first: what just ended is what the user looks for. */
      order = compare_times (ferry_copy_task_get_finished_at (b), ferry_copy_task_get_finished_at (a));
      if (order != 0)
        return order;
      return -ferry_copy_task_compare_turn (a, b);
    }
}

/* Revisions: one counter for every task of the process, so that a
 * revision names one content of one task (the store keeps each task's text
 * by it). */

static guint64
next_revision (void)
{
  static gsize last = 0;

  return (guint64) g_atomic_pointer_add (&last, 1) + 1;
}

guint64
ferry_copy_task_get_revision (FerryCopyTask *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), 0);
  return self->revision;
}

/* Every change of a member: a new revision, and the property notified. */
static void
changed (FerryCopyTask *self,
         GParamSpec    *pspec)
{
  self->revision = next_revision ();
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

/* Setters: each notifies only on a real change. */

static void
set_string (FerryCopyTask *self,
            StringField    field,
            const char    *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (self->strings[field], value) == 0)
    return;

  g_free (self->strings[field]);
  self->strings[field] = g_strdup (value);
  changed (self, properties[STRING_PROP (field)]);
}

static void
set_time (FerryCopyTask *self,
          TimeField      field,
          gint64         value)
{
  if (self->times[field] == value)
    return;

  self->times[field] = value;
  changed (self, properties[TIME_PROP (field)]);
}

void
ferry_copy_task_set_state (FerryCopyTask  *self,
                           FerryTaskState  state)
{
  g_return_if_fail (FERRY_IS_COPY_TASK (self));

  if (self->state == state)
    return;
  self->state = state;
  changed (self, properties[PROP_STATE]);
}

void
ferry_copy_task_set_job_endpoint (FerryCopyTask    *self,
                                  gboolean          known,
                                  FerryJobEndpoint  endpoint)
{
  g_return_if_fail (FERRY_IS_COPY_TASK (self));
  g_return_if_fail (endpoint <= FERRY_JOB_ENDPOINT_CLOUDIMAGES);

  if (!known)
    endpoint = FERRY_JOB_ENDPOINT_PROJECT;
  if (!!self->has_job_endpoint == !!known && self->job_endpoint == endpoint)
    return;

  self->has_job_endpoint = !!known;
  self->job_endpoint = endpoint;
  changed (self, properties[PROP_JOB_ENDPOINT]);
}

void
ferry_copy_task_set_fraction (FerryCopyTask *self,
                              double         fraction)
{
  g_return_if_fail (FERRY_IS_COPY_TASK (self));

  if (isnan (fraction))
    fraction = 0.0;
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (self->fraction == fraction)
    return;

  self->fraction = fraction;
  changed (self, properties[PROP_FRACTION]);
}

/* The plain setters are each the guard and set_string() or set_time(): one definition. */
#define FIELD_SETTER(func, type, setter, field) \
  void \
  ferry_copy_task_set_##func (FerryCopyTask *self, \
                              type           value) \
  { \
    g_return_if_fail (FERRY_IS_COPY_TASK (self)); \
    setter (self, field, value); \
  }

FIELD_SETTER (job_id, const char *, set_string, S_JOB_ID)
FIELD_SETTER (new_image_id, const char *, set_string, S_NEW_IMAGE_ID)
FIELD_SETTER (current_step, const char *, set_string, S_CURRENT_STEP)
FIELD_SETTER (queued_at, gint64, set_time, T_QUEUED_AT)
FIELD_SETTER (submitted_at, gint64, set_time, T_SUBMITTED_AT)
FIELD_SETTER (finished_at, gint64, set_time, T_FINISHED_AT)
FIELD_SETTER (last_progress_at, gint64, set_time, T_LAST_PROGRESS_AT)
FIELD_SETTER (next_attempt_at, gint64, set_time, T_NEXT_ATTEMPT_AT)
FIELD_SETTER (lease_until, gint64, set_time, T_LEASE_UNTIL)

#undef FIELD_SETTER

void
ferry_copy_task_set_attempts (FerryCopyTask *self,
                              guint          attempts)
{
  g_return_if_fail (FERRY_IS_COPY_TASK (self));

  if (self->attempts == attempts)
    return;
  self->attempts = attempts;
  changed (self, properties[PROP_ATTEMPTS]);
}

void
ferry_copy_task_set_lookups (FerryCopyTask *self,
                             guint          lookups)
{
  g_return_if_fail (FERRY_IS_COPY_TASK (self));

  if (self->lookups == lookups)
    return;
  self->lookups = lookups;
  self->revision = next_revision ();
}

void
ferry_copy_task_set_still_running (FerryCopyTask *self,
                                   gboolean       still_running)
{
  g_return_if_fail (FERRY_IS_COPY_TASK (self));

  if (!!self->still_running == !!still_running)
    return;
  self->still_running = !!still_running;
  changed (self, properties[PROP_STILL_RUNNING]);
}

void
ferry_copy_task_set_error (FerryCopyTask *self,
                           const char    *code,
                           const char    *message,
                           const char    *sentence,
                           const char    *hint)
{
  g_return_if_fail (FERRY_IS_COPY_TASK (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, S_ERROR_CODE, code);
  set_string (self, S_ERROR_MESSAGE, message);
  set_string (self, S_ERROR_SENTENCE, sentence);
  set_string (self, S_HINT, hint);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ferry_copy_task_set_owner (FerryCopyTask        *self,
                           const FerryTaskOwner *owner)
{
  g_autofree char *display = NULL;

  g_return_if_fail (FERRY_IS_COPY_TASK (self));

  if (owner != NULL && owner->pid > 0)
    {
      if (self->owner_pid == owner->pid &&
          g_strcmp0 (self->owner_host, owner->host) == 0 &&
          g_strcmp0 (self->owner_boot_id, owner->boot_id) == 0 &&
          g_strcmp0 (self->owner_instance, owner->instance) == 0)
        return;

      self->owner_pid = owner->pid;
      g_free (self->owner_host);
      self->owner_host = g_strdup (owner->host);
      g_free (self->owner_boot_id);
      self->owner_boot_id = g_strdup (owner->boot_id);
      g_free (self->owner_instance);
      self->owner_instance = g_strdup (owner->instance);
      display = g_strdup_printf ("%" G_GINT64_FORMAT "@%s", owner->pid,
                                 owner->host != NULL ? owner->host : "?");
    }
  else
    {
      if (self->owner_pid == 0)
        return;

      self->owner_pid = 0;
      g_clear_pointer (&self->owner_host, g_free);
      g_clear_pointer (&self->owner_boot_id, g_free);
      g_clear_pointer (&self->owner_instance, g_free);
    }

  g_free (self->owner_display);
  self->owner_display = g_steal_pointer (&display);
  changed (self, properties[PROP_OWNER]);
}

gint64
ferry_copy_task_get_queued_at (FerryCopyTask *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), 0);
  return self->times[T_QUEUED_AT];
}

guint
ferry_copy_task_get_lookups (FerryCopyTask *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), 0);
  return self->lookups;
}

gboolean
ferry_copy_task_peek_owner (FerryCopyTask  *self,
                            FerryTaskOwner *owner)
{
  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), FALSE);
  g_return_val_if_fail (owner != NULL, FALSE);

  owner->pid = self->owner_pid;
  owner->host = self->owner_host;
  owner->boot_id = self->owner_boot_id;
  owner->instance = self->owner_instance;
  return self->owner_pid > 0;
}

void
ferry_copy_task_update_from (FerryCopyTask *self,
                             FerryCopyTask *other)
{
  FerryTaskOwner owner;

  g_return_if_fail (FERRY_IS_COPY_TASK (self));
  g_return_if_fail (FERRY_IS_COPY_TASK (other));
  g_return_if_fail (g_strcmp0 (self->strings[S_ID], other->strings[S_ID]) == 0);

  g_object_freeze_notify (G_OBJECT (self));

  for (guint i = 0; i < N_STRINGS; i++)
    set_string (self, i, other->strings[i]);
  for (guint i = 0; i < N_TIMES; i++)
    set_time (self, i, other->times[i]);

  if (self->kind != other->kind)
    {
      self->kind = other->kind;
      changed (self, properties[PROP_KIND]);
    }
  ferry_copy_task_set_state (self, other->state);
  ferry_copy_task_set_job_endpoint (self, other->has_job_endpoint, other->job_endpoint);
  ferry_copy_task_set_fraction (self, other->fraction);
  ferry_copy_task_set_attempts (self, other->attempts);
  ferry_copy_task_set_lookups (self, other->lookups);
  ferry_copy_task_set_still_running (self, other->still_running);
  ferry_copy_task_set_copy_tags (self, other->copy_tags);
  ferry_copy_task_set_tags_pending (self, other->tags_pending);
  ferry_copy_task_set_tags_outcome (self, other->tag_failures != NULL, other->tags_copied,
                                    other->tag_failures);
  if (ferry_copy_task_peek_owner (other, &owner))
    ferry_copy_task_set_owner (self, &owner);
  else
    ferry_copy_task_set_owner (self, NULL);

  g_object_thaw_notify (G_OBJECT (self));
}

/* Construction */

static FerryCopyTask *
new_task (FerryCopyKind  kind,
          const char    *domain_id,
          const char    *image_id,
          const char    *image_name,
          const char    *source_region,
          const char    *source_project_id,
          const char    *destination_region,
          const char    *destination_project_name,
          const char    *destination_project_id,
          const char    *name,
          const char    *description)
{
  FerryCopyTask *self = g_object_new (FERRY_TYPE_COPY_TASK, NULL);
  gint64 now = g_get_real_time ();

  self->kind = kind;
  self->state = FERRY_TASK_STATE_QUEUED;
  self->strings[S_ID] = g_uuid_string_random ();
  self->strings[S_DOMAIN_ID] = g_strdup (domain_id);
  self->strings[S_IMAGE_ID] = g_strdup (image_id);
  self->strings[S_IMAGE_NAME] = g_strdup (image_name);
  self->strings[S_SOURCE_REGION] = g_strdup (source_region);
  self->strings[S_SOURCE_PROJECT_ID] = g_strdup (source_project_id);
  self->strings[S_DESTINATION_REGION] = g_strdup (destination_region);
  self->strings[S_DESTINATION_PROJECT_NAME] = g_strdup (destination_project_name);
  self->strings[S_DESTINATION_PROJECT_ID] = g_strdup (destination_project_id);
  self->strings[S_NAME] = g_strdup (name);
  if (description != NULL && *description != '\0')
    self->strings[S_DESCRIPTION] = g_strdup (description);
  self->times[T_CREATED_AT] = now;
  self->times[T_QUEUED_AT] = now;

  return self;
}

FerryCopyTask *
ferry_copy_task_new_cross_region (const char *domain_id,
                                  const char *image_id,
                                  const char *image_name,
                                  const char *source_region,
                                  const char *source_project_id,
                                  const char *destination_region,
                                  const char *destination_project_name,
                                  const char *destination_project_id,
                                  const char *name,
                                  const char *description,
                                  const char *agency_name,
                                  const char *vault_id)
{
  FerryCopyTask *self;

  g_return_val_if_fail (domain_id != NULL, NULL);
  g_return_val_if_fail (image_id != NULL, NULL);
  g_return_val_if_fail (source_region != NULL, NULL);
  g_return_val_if_fail (source_project_id != NULL, NULL);
  g_return_val_if_fail (destination_region != NULL, NULL);
  g_return_val_if_fail (destination_project_id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = new_task (FERRY_COPY_KIND_CROSS_REGION, domain_id, image_id, image_name,
                   source_region, source_project_id, destination_region,
                   destination_project_name != NULL ? destination_project_name : destination_region,
                   destination_project_id, name, description);
  if (agency_name != NULL && *agency_name != '\0')
    self->strings[S_AGENCY_NAME] = g_strdup (agency_name);
  if (vault_id != NULL && *vault_id != '\0')
    self->strings[S_VAULT_ID] = g_strdup (vault_id);

  return self;
}

FerryCopyTask *
ferry_copy_task_new_in_region (const char *domain_id,
                               const char *image_id,
                               const char *image_name,
                               const char *region,
                               const char *project_id,
                               const char *name,
                               const char *description,
                               const char *cmk_id)
{
  FerryCopyTask *self;

  g_return_val_if_fail (domain_id != NULL, NULL);
  g_return_val_if_fail (image_id != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (project_id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = new_task (FERRY_COPY_KIND_IN_REGION, domain_id, image_id, image_name,
                   region, project_id, region, NULL, project_id, name, description);
  if (cmk_id != NULL && *cmk_id != '\0')
    self->strings[S_CMK_ID] = g_strdup (cmk_id);

  return self;
}

/* Getters */

#define STRING_GETTER(func, field) \
  const char * \
  ferry_copy_task_get_##func (FerryCopyTask *self) \
  { \
    g_return_val_if_fail (FERRY_IS_COPY_TASK (self), NULL); \
    return self->strings[field]; \
  }

#define TIME_GETTER(func, field) \
  gint64 \
  ferry_copy_task_get_##func (FerryCopyTask *self) \
  { \
    g_return_val_if_fail (FERRY_IS_COPY_TASK (self), 0); \
    return self->times[field]; \
  }

STRING_GETTER (id, S_ID)
STRING_GETTER (domain_id, S_DOMAIN_ID)
STRING_GETTER (image_id, S_IMAGE_ID)
STRING_GETTER (image_name, S_IMAGE_NAME)
STRING_GETTER (source_region, S_SOURCE_REGION)
STRING_GETTER (source_project_id, S_SOURCE_PROJECT_ID)
STRING_GETTER (destination_region, S_DESTINATION_REGION)
STRING_GETTER (destination_project_name, S_DESTINATION_PROJECT_NAME)
STRING_GETTER (destination_project_id, S_DESTINATION_PROJECT_ID)
STRING_GETTER (name, S_NAME)
STRING_GETTER (description, S_DESCRIPTION)
STRING_GETTER (agency_name, S_AGENCY_NAME)
STRING_GETTER (vault_id, S_VAULT_ID)
STRING_GETTER (cmk_id, S_CMK_ID)
STRING_GETTER (job_id, S_JOB_ID)
STRING_GETTER (new_image_id, S_NEW_IMAGE_ID)
STRING_GETTER (current_step, S_CURRENT_STEP)
STRING_GETTER (error_code, S_ERROR_CODE)
STRING_GETTER (error_message, S_ERROR_MESSAGE)
STRING_GETTER (error_sentence, S_ERROR_SENTENCE)
STRING_GETTER (hint, S_HINT)

TIME_GETTER (created_at, T_CREATED_AT)
TIME_GETTER (submitted_at, T_SUBMITTED_AT)
TIME_GETTER (finished_at, T_FINISHED_AT)
TIME_GETTER (last_progress_at, T_LAST_PROGRESS_AT)
TIME_GETTER (next_attempt_at, T_NEXT_ATTEMPT_AT)
TIME_GETTER (lease_until, T_LEASE_UNTIL)

#undef STRING_GETTER
#undef TIME_GETTER

FerryCopyKind
ferry_copy_task_get_kind (FerryCopyTask *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), FERRY_COPY_KIND_CROSS_REGION);
  return self->kind;
}

FerryTaskState
ferry_copy_task_get_state (FerryCopyTask *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), FERRY_TASK_STATE_QUEUED);
  return self->state;
}

gboolean
ferry_copy_task_get_job_endpoint (FerryCopyTask    *self,
                                  FerryJobEndpoint *endpoint)
{
  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), FALSE);

  if (endpoint != NULL)
    *endpoint = self->job_endpoint;
  return self->has_job_endpoint;
}

double
ferry_copy_task_get_fraction (FerryCopyTask *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), 0.0);
  return self->fraction;
}

guint
ferry_copy_task_get_attempts (FerryCopyTask *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), 0);
  return self->attempts;
}

gboolean
ferry_copy_task_get_still_running (FerryCopyTask *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), FALSE);
  return self->still_running;
}

const char *
ferry_copy_task_get_owner (FerryCopyTask *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), NULL);
  return self->owner_display;
}

gint64
ferry_copy_task_get_elapsed (FerryCopyTask *self)
{
  gint64 start, end;

  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), 0);

  start = self->times[T_SUBMITTED_AT];
  if (start == 0 || self->state == FERRY_TASK_STATE_QUEUED)
    start = self->times[T_CREATED_AT];

  end = self->times[T_FINISHED_AT];
  if (end == 0 || !(ferry_task_state_is_final (self->state) ||
                    self->state == FERRY_TASK_STATE_OUTCOME_UNKNOWN))
    end = g_get_real_time ();

  return MAX (0, end - start) / G_USEC_PER_SEC;
}

/* Tags */

FerryTagFailure *
ferry_tag_failure_new (const char *key,
                       const char *code,
                       const char *reason)
{
  FerryTagFailure *failure = g_new0 (FerryTagFailure, 1);

  failure->key = g_strdup (key);
  failure->code = g_strdup (code);
  failure->reason = g_strdup (reason);
  return failure;
}

void
ferry_tag_failure_free (FerryTagFailure *failure)
{
  if (failure == NULL)
    return;
  g_free (failure->key);
  g_free (failure->code);
  g_free (failure->reason);
  g_free (failure);
}

static GPtrArray *
copy_failures (GPtrArray *failures)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_tag_failure_free);

  for (guint i = 0; failures != NULL && i < failures->len; i++)
    {
      FerryTagFailure *f = g_ptr_array_index (failures, i);

      g_ptr_array_add (copy, ferry_tag_failure_new (f->key, f->code, f->reason));
    }
  return copy;
}

static gboolean
same_failures (GPtrArray *a,
               GPtrArray *b)
{
  if ((a == NULL) != (b == NULL))
    return FALSE;
  if (a == NULL)
    return TRUE;
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      FerryTagFailure *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

      if (g_strcmp0 (x->key, y->key) != 0 || g_strcmp0 (x->code, y->code) != 0 ||
          g_strcmp0 (x->reason, y->reason) != 0)
        return FALSE;
    }
  return TRUE;
}

gboolean
ferry_copy_task_get_copy_tags (FerryCopyTask *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), FALSE);
  return self->copy_tags;
}

void
ferry_copy_task_set_copy_tags (FerryCopyTask *self,
                               gboolean       copy_tags)
{
  g_return_if_fail (FERRY_IS_COPY_TASK (self));

  if (!!self->copy_tags == !!copy_tags)
    return;
  self->copy_tags = !!copy_tags;
  changed (self, properties[PROP_COPY_TAGS]);
}

gboolean
ferry_copy_task_get_tags_pending (FerryCopyTask *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), FALSE);
  return self->tags_pending;
}

void
ferry_copy_task_set_tags_pending (FerryCopyTask *self,
                                  gboolean       pending)
{
  g_return_if_fail (FERRY_IS_COPY_TASK (self));

  if (!!self->tags_pending == !!pending)
    return;
  self->tags_pending = !!pending;
  changed (self, properties[PROP_TAGS_PENDING]);
}

gboolean
ferry_copy_task_get_tags_outcome (FerryCopyTask  *self,
                                  guint          *copied,
                                  GPtrArray     **failures)
{
  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), FALSE);

  if (copied != NULL)
    *copied = self->tags_copied;
  if (failures != NULL)
    *failures = self->tag_failures;
  return self->tag_failures != NULL;
}

void
ferry_copy_task_set_tags_outcome (FerryCopyTask *self,
                                  gboolean       has_outcome,
                                  guint          copied,
                                  GPtrArray     *failures)
{
  GPtrArray *new_failures;

  g_return_if_fail (FERRY_IS_COPY_TASK (self));

  new_failures = has_outcome ? copy_failures (failures) : NULL;
  if (self->tags_copied == (has_outcome ? copied : 0) &&
      same_failures (self->tag_failures, new_failures))
    {
      g_clear_pointer (&new_failures, g_ptr_array_unref);
      return;
    }
  g_clear_pointer (&self->tag_failures, g_ptr_array_unref);
  self->tag_failures = new_failures;
  self->tags_copied = has_outcome ? copied : 0;
  changed (self, properties[PROP_TAGS_OUTCOME]);
}

const char *
ferry_copy_task_get_step_label (FerryCopyTask *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), NULL);

  if (self->state == FERRY_TASK_STATE_FINISHING && self->tags_pending)
    return C_("task state", "Copying tags");
  return ferry_task_state_to_label (self->state);
}

char *
ferry_copy_task_describe_tags (FerryCopyTask *self)
{
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), NULL);

  if (self->tag_failures == NULL)
    return NULL;

  text = g_string_new (NULL);
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u tag copied.",
                                             "%u tags copied.", self->tags_copied),
                          self->tags_copied);
  for (guint i = 0; i < self->tag_failures->len; i++)
    {
      FerryTagFailure *f = g_ptr_array_index (self->tag_failures, i);
      const char *reason = f->reason != NULL ? f->reason : "";

      g_string_append_c (text, ' ');
      if (f->key != NULL)
        /* Translators: a tag key, then why it could not be set on the copy. */
        g_string_append_printf (text, _("Tag “%s” not copied: %s"), f->key, reason);
      else
        /* Translators: why no tag could be copied. */
        g_string_append_printf (text, _("The tags could not be copied: %s"), reason);
      if (f->code != NULL)
        g_string_append_printf (text, " (%s)", f->code);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* GObject */

static void
ferry_copy_task_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FerryCopyTask *self = FERRY_COPY_TASK (object);

  if (prop_id >= PROP_ID && prop_id <= PROP_HINT)
    {
      g_value_set_string (value, self->strings[prop_id - PROP_ID]);
      return;
    }
  if (prop_id >= PROP_CREATED_AT && prop_id <= PROP_LEASE_UNTIL)
    {
      g_value_set_int64 (value, self->times[prop_id - PROP_CREATED_AT]);
      return;
    }

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_JOB_ENDPOINT:
      g_value_set_string (value, self->has_job_endpoint ?
                                 ferry_task_job_endpoint_names[self->job_endpoint] : NULL);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;

    case PROP_STILL_RUNNING:
      g_value_set_boolean (value, self->still_running);
      break;

    case PROP_OWNER:
      g_value_set_string (value, self->owner_display);
      break;

    case PROP_COPY_TAGS:
      g_value_set_boolean (value, self->copy_tags);
      break;

    case PROP_TAGS_PENDING:
      g_value_set_boolean (value, self->tags_pending);
      break;

    case PROP_TAGS_OUTCOME:
      g_value_set_boolean (value, self->tag_failures != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_copy_task_finalize (GObject *object)
{
  FerryCopyTask *self = FERRY_COPY_TASK (object);

  for (guint i = 0; i < N_STRINGS; i++)
    g_clear_pointer (&self->strings[i], g_free);
  g_clear_pointer (&self->owner_host, g_free);
  g_clear_pointer (&self->owner_boot_id, g_free);
  g_clear_pointer (&self->owner_instance, g_free);
  g_clear_pointer (&self->owner_display, g_free);
  g_clear_pointer (&self->tag_failures, g_ptr_array_unref);

  G_OBJECT_CLASS (ferry_copy_task_parent_class)->finalize (object);
}

static void
ferry_copy_task_class_init (FerryCopyTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = ferry_copy_task_get_property;
  object_class->finalize = ferry_copy_task_finalize;

  for (guint i = 0; i < N_STRINGS; i++)
    properties[STRING_PROP (i)] = g_param_spec_string (ferry_task_string_names[i].property,
                                                       NULL, NULL, NULL, flags);
  for (guint i = 0; i < N_TIMES; i++)
    properties[TIME_PROP (i)] = g_param_spec_int64 (ferry_task_time_names[i].property,
                                                    NULL, NULL, 0, G_MAXINT64, 0, flags);

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       FERRY_TYPE_COPY_KIND, FERRY_COPY_KIND_CROSS_REGION, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       FERRY_TYPE_TASK_STATE, FERRY_TASK_STATE_QUEUED, flags);
  /* "project" or "cloudimages", NULL until a job endpoint answered. */
  properties[PROP_JOB_ENDPOINT] =
    g_param_spec_string ("job-endpoint", NULL, NULL, NULL, flags);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_STILL_RUNNING] =
    g_param_spec_boolean ("still-running", NULL, NULL, FALSE, flags);
  properties[PROP_OWNER] =
    g_param_spec_string ("owner", NULL, NULL, NULL, flags);
  properties[PROP_COPY_TAGS] =
    g_param_spec_boolean ("copy-tags", NULL, NULL, TRUE, flags);
  properties[PROP_TAGS_PENDING] =
    g_param_spec_boolean ("tags-pending", NULL, NULL, FALSE, flags);
  /* Whether the tag step ended; see ferry_copy_task_get_tags_outcome(). */
  properties[PROP_TAGS_OUTCOME] =
    g_param_spec_boolean ("tags-outcome", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_copy_task_init (FerryCopyTask *self)
{
  self->revision = next_revision ();
  self->copy_tags = TRUE;
}

gboolean
ferry_copy_task_can_retry (FerryCopyTask *self)
{
  const char *code;

  g_return_val_if_fail (FERRY_IS_COPY_TASK (self), FALSE);

  if (self->state != FERRY_TASK_STATE_FAILED)
    return FALSE;
  code = ferry_copy_task_get_error_code (self);
  return g_strcmp0 (code, "IMG.0144") != 0 && g_strcmp0 (code, "IMG.0027") != 0;
}

